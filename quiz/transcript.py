"""Read an episode's transcript: WebVTT, SRT, Podcasting 2.0 JSON or Whisper JSON.

The format is recognised from the text, not from the file's name: podcast feeds label
transcripts loosely (an SRT served as `.vtt`, JSON as `.txt`). Times are seconds as floats.
A transcript is read as it comes, from anywhere: the control characters of its text are
dropped and those of a message quoting it escaped, so none reaches a terminal.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .errors import QuizError
from .files import NotUtf8, TooBig, decode_utf8, read_limited
from .text import CONTROL, printable
from .times import parse_stamp


class TranscriptError(QuizError):
    """A transcript cannot be read; the message names the file and the line."""

    def __init__(self, file: str, line: int, col: int | None, message: str) -> None:
        self.file, self.line, self.col = file, line, col
        place = f"{file}:{line}:{col}" if col else f"{file}:{line}"
        super().__init__(printable(f"{place}: {message}"))  # it may quote the file


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a cue with its own times (Whisper gives them)."""

    start: float
    end: float
    text: str


@dataclass(frozen=True, slots=True)
class Cue:
    """A stretch of speech: its times, its plain text and, where known, its speaker."""

    start: float
    end: float
    text: str
    speaker: str | None = None
    words: tuple[Word, ...] = ()


@dataclass(frozen=True, slots=True)
class Transcript:
    """The cues of one transcript file, in the file's order."""

    path: str
    format: str  # "vtt", "srt", "podcasting-json" or "whisper-json"
    cues: tuple[Cue, ...]

    def cue_end(self, at: float, longest: float = 30.0) -> float | None:
        """Return where the speech that starts at `at` ends: its cue's end, at most `longest`
        on.

        For a quote with a start but no end. The cue is the one under way at `at`, or else
        the first to start within a second after it; None when no cue is there.
        """
        for cue in self.cues:
            if cue.start <= at < cue.end or at <= cue.start < at + 1.0:
                return min(cue.end, at + longest)
        return None


def read_transcript(path: str | Path) -> Transcript:
    """Read the transcript at `path`, whatever its name says its format is.

    Raise TranscriptError, naming the file and the line (and column where known), when it
    cannot be read or does not parse.
    """
    name = str(path)
    try:
        data = read_limited(path)
    except TooBig as e:
        raise TranscriptError(name, 1, 1, str(e)) from None
    except OSError as e:
        raise TranscriptError(name, 1, None, f"cannot read the transcript: {e.strerror}") from e
    text = _decode(name, data)
    return parse_transcript(text, name)


def parse_transcript(text: str, name: str = "<transcript>") -> Transcript:
    """Parse the text of a transcript; `name` is the file the messages name."""
    start = text.lstrip()
    if start.startswith("WEBVTT"):
        return Transcript(name, "vtt", _read_vtt(text, name))
    if start[:1] in ("{", "["):
        return _read_json(text, name)
    if "-->" in text:
        return Transcript(name, "srt", _read_srt(text, name))
    raise TranscriptError(name, 1, 1, "not a transcript: expected WebVTT (a first line "
                                      "WEBVTT), SRT (cues timed 00:00:01,000 --> "
                                      "00:00:02,000) or JSON segments")


def _decode(name: str, data: bytes) -> str:
    try:
        text = decode_utf8(data)
    except NotUtf8 as e:  # worded as for a content file or a summary
        raise TranscriptError(name, e.line, e.col, str(e)) from None
    # \r\n and lone \r end lines too (WebVTT and SRT allow both); one convention below
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---- timestamps of WebVTT and SRT ------------------------------------------------------

_TIMING = re.compile(r"(\s*)(\S+)(\s*-->\s*)(\S+)")


def _check_timings(text: str, name: str) -> None:
    """Raise at the first cue timing line whose times do not read as times.

    Both libraries skip or misread such a cue rather than say so (srt reads `00:00:0x,000`
    as 0 s followed by settings), and a cue lost in silence is a quote never found.
    """
    for number, line in enumerate(text.split("\n"), 1):
        if "-->" not in line:
            continue
        m = _TIMING.match(line)
        if not m:
            raise TranscriptError(name, number, line.index("-->") + 1,
                                  "a cue timing line needs a start and an end time around -->")
        times = []
        for group in (2, 4):
            stamp = m.group(group)
            try:
                times.append(parse_stamp(stamp))
            except ValueError:
                raise TranscriptError(name, number, m.start(group) + 1,
                                      f"'{stamp}' is not a time; write hh:mm:ss.ttt") from None
        if times[1] < times[0]:
            raise TranscriptError(name, number, m.start(4) + 1,
                                  f"the cue ends ({m.group(4)}) before it starts ({m.group(2)})")


# ---- cue text ------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_ASS_OVERRIDE = re.compile(r"\{\\[^}]*\}")  # {\an8}, {\i1}: SRT files converted from ASS
_SPACES = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Return cue text as plain words: no tags, no escapes, no control characters, one
    space between lines."""
    text = _ASS_OVERRIDE.sub("", _TAG.sub("", text))
    text = text.replace("\\N", " ").replace("\\n", " ").replace("\\h", " ")
    # controls are dropped once the entities are read: &#27; is an escape character too
    return _SPACES.sub(" ", CONTROL.sub("", html.unescape(text))).strip()


# ---- WebVTT --------------------------------------------------------------------------

def _read_vtt(text: str, name: str) -> tuple[Cue, ...]:
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    _check_timings(text, name)
    try:
        captions = webvtt.from_string(text).captions
    except (MalformedFileError, MalformedCaptionError) as e:
        raise TranscriptError(name, 1, None, f"not valid WebVTT: {e}") from e
    cues = []
    for caption in captions:
        cues.append(Cue(start=caption.start_time.in_milliseconds() / 1000,
                        end=caption.end_time.in_milliseconds() / 1000,
                        # webvtt-py strips the cue tags; the entities (&amp;, &lt;) stay
                        text=clean_text(caption.raw_text),
                        speaker=_voice(caption.voice)))
    return tuple(cues)


def _voice(voice: str | None) -> str | None:
    voice = clean_text(voice or "")
    return voice or None


# ---- SRT -----------------------------------------------------------------------------

def _read_srt(text: str, name: str) -> tuple[Cue, ...]:
    import srt

    _check_timings(text, name)
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as e:
        # expected_start is where a cue should have begun: the first line of the bad block
        at = e.expected_start + len(e.unmatched_content) - len(e.unmatched_content.lstrip())
        line = text.count("\n", 0, at) + 1
        raise TranscriptError(name, line, None,
                              "not a SRT cue: expected a number, a timing line "
                              "(00:00:01,000 --> 00:00:02,000) and text") from e
    return tuple(Cue(start=s.start.total_seconds(), end=s.end.total_seconds(),
                     text=clean_text(s.content)) for s in subtitles)


# ---- JSON: Podcasting 2.0 and Whisper --------------------------------------------------

def _read_json(text: str, name: str) -> Transcript:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise TranscriptError(name, e.lineno, e.colno, f"not valid JSON: {e.msg}") from e
    except RecursionError as e:
        raise TranscriptError(name, 1, 1, "the JSON is nested too deeply") from e
    segments = doc.get("segments") if isinstance(doc, dict) else None
    if not isinstance(segments, list):
        raise TranscriptError(name, 1, 1, "a JSON transcript needs a list of \"segments\" "
                                          "(Podcasting 2.0 or Whisper)")
    first = next((s for s in segments if isinstance(s, dict)), {})
    podcasting = "startTime" in first or "body" in first
    # the keys of a segment's start, end and words in each of the two
    keys = ("startTime", "endTime", "body") if podcasting else ("start", "end", "text")
    cues = tuple(_json_cues(segments, keys, not podcasting, _Locator(text, name)))
    return Transcript(name, "podcasting-json" if podcasting else "whisper-json", cues)


def _json_cues(segments: list[Any], keys: tuple[str, str, str], words: bool,
               problem: _Locator) -> Iterator[Cue]:
    """Yield the cues of JSON `segments`, their start, end and text under `keys`; with
    `words`, the times of their words too (Whisper's)."""
    start_key, end_key, text_key = keys
    for i, seg in enumerate(segments):
        where = ("segments", i)
        if not isinstance(seg, dict):
            raise problem(where, f"a segment must be an object with {', '.join(keys)}")
        start, end = _span(seg, start_key, end_key, where, problem)
        yield Cue(start, end, clean_text(_string(seg, text_key, where, problem)),
                  _speaker(seg, where, problem),
                  _whisper_words(seg, start, end, where, problem) if words else ())


def _whisper_words(seg: Mapping[str, Any], start: float, end: float,
                   where: tuple[str | int, ...], problem: _Locator) -> tuple[Word, ...]:
    raw = seg.get("words")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise problem((*where, "words"), "\"words\" must be a list")
    words: list[Word] = []
    untimed: list[str] = []  # WhisperX leaves numbers and symbols without times
    for j, item in enumerate(raw):
        here = (*where, "words", j)
        if not isinstance(item, dict):
            raise problem(here, "a word must be an object with word, start, end")
        # a word keeps its own spaces: Whisper writes " Hello", and Chinese has none
        word = CONTROL.sub("", html.unescape(_string(item, "word", here, problem)))
        if "start" not in item or "end" not in item:
            untimed.append(word)
            continue
        w_start, w_end = _span(item, "start", "end", here, problem)
        if untimed:  # the untimed words are spoken between the last timed word and this one
            gap_start = words[-1].end if words else start
            words.append(Word(gap_start, max(gap_start, w_start), "".join(untimed)))
            untimed = []
        words.append(Word(w_start, w_end, word))
    if untimed:
        gap_start = words[-1].end if words else start
        words.append(Word(gap_start, max(gap_start, end), "".join(untimed)))
    return tuple(words)


def _span(obj: Mapping[str, Any], start_key: str, end_key: str,
          where: tuple[str | int, ...], problem: _Locator) -> tuple[float, float]:
    start = _seconds(obj, start_key, where, problem)
    end = _seconds(obj, end_key, where, problem)
    if end < start:
        raise problem((*where, end_key), f"\"{end_key}\" ({end}) is before "
                                         f"\"{start_key}\" ({start})")
    return start, end


def _seconds(obj: Mapping[str, Any], key: str, where: tuple[str | int, ...],
             problem: _Locator) -> float:
    value = obj.get(key)
    if isinstance(value, str):  # some tools write "12.5"
        try:
            value = float(value)
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or value < 0:
        shown = "missing" if key not in obj else json.dumps(value, ensure_ascii=False)
        raise problem((*where, key), f"\"{key}\" must be seconds (a number), not {shown}")
    return float(value)


def _string(obj: Mapping[str, Any], key: str, where: tuple[str | int, ...],
            problem: _Locator) -> str:
    value = obj.get(key, "")
    if not isinstance(value, str):
        raise problem((*where, key), f"\"{key}\" must be text")
    return value


def _speaker(obj: Mapping[str, Any], where: tuple[str | int, ...],
             problem: _Locator) -> str | None:
    value = obj.get("speaker")
    if value is None:
        return None
    if not isinstance(value, str):
        raise problem((*where, "speaker"), "\"speaker\" must be text")
    return clean_text(value) or None


class _Locator:
    """Turn a path into the JSON document (segments, 3, "end") into a TranscriptError.

    Python's json module keeps no positions, so the place is found only when a problem is
    reported: the document is scanned again, taking each container's start offset.
    """

    def __init__(self, text: str, name: str) -> None:
        self.text, self.name = text, name

    def __call__(self, path: tuple[str | int, ...], message: str) -> TranscriptError:
        offset = _offset_of(self.text, path)
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
        return TranscriptError(self.name, line, col, f"{where.lstrip('.')}: {message}")


def _offset_of(text: str, path: tuple[str | int, ...]) -> int:
    """Return the offset in `text` of the JSON value at `path` (or of its nearest parent)."""
    offset = _skip_space(text, 0)
    decoder = json.JSONDecoder()
    for step in path:
        inner = _members(text, offset, decoder)
        if step not in inner:
            break
        offset = inner[step]
    return offset


def _members(text: str, offset: int, decoder: json.JSONDecoder) -> dict[str | int, int]:
    """Return where each member of the object or array starting at `offset` starts."""
    members: dict[str | int, int] = {}
    skip = partial(_skip_space, text)
    opener = text[offset:offset + 1]
    if opener not in ("{", "["):
        return members
    i = skip(offset + 1)
    index = 0
    while i < len(text) and text[i] not in "}]":
        if opener == "{":
            key, i = decoder.raw_decode(text, i)
            i = skip(skip(i) + 1)  # past the colon
        else:
            key, index = index, index + 1
        members[key] = i
        _, i = decoder.raw_decode(text, i)
        i = skip(i)
        if text[i:i + 1] == ",":
            i = skip(i + 1)
    return members


_SPACE = re.compile(r"[ \t\n\r]*")


def _skip_space(text: str, i: int) -> int:
    match = _SPACE.match(text, i)
    return match.end() if match else i
