"""An episode's audio: which quotes are heard, from when to when, and playing them.

A quote with its own time (`at`) is heard from `at` to its `end`; without an end, to the
end of its cue in the episode's transcript, or, without one, for as long as its words take
to say (at most 30 s). A quote timed only by its idea (`~`) is not heard: its idea's time
is not its own (`quiz align` finds it). The clips themselves are quiz.clips'.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Self

from .errors import ContentError, Problem, QuizError
from .hanzi import HAN
from .model import Content
from .times import Seconds

if TYPE_CHECKING:
    from .align import Alignment
    from .transcript import Transcript

LONGEST = 30.0  # seconds: a clip is a quote, not a stretch of the episode
# The players looked for, in order, each with what makes it play one file and stop.
PLAYERS = (("mpv", "--no-video", "--really-quiet"), ("ffplay", "-nodisp", "-autoexit",
           "-loglevel", "quiet"), ("afplay",), ("mpg123", "-q"), ("paplay",),
           ("cvlc", "--play-and-exit", "--quiet"))


def audio_path(content: Content) -> Path | None:
    """Return the episode's audio file (relative to its content file), or None."""
    audio = content.episode.audio
    return Path(content.path).parent / audio if audio else None


def transcript_of(content: Content, path: str | Path | None = None) -> Transcript | None:
    """Return the transcript at `path`, else the episode's own, else None."""
    if path is None and content.episode.transcript:
        path = Path(content.path).parent / content.episode.transcript
    if path is None:
        return None
    from .transcript import read_transcript  # loaded only when there is one to read

    return read_transcript(path)


def spoken_time(text: str) -> float:
    """Return about how long `text` takes to say, in seconds (at least 2)."""
    # for a quote whose end no one gave: about four Chinese characters or two and a half
    # English words a second
    han = len(HAN.findall(text))
    words = len(HAN.sub(" ", text).split())
    return max(2.0, han / 4 + words / 2.5)


def clip_spans(content: Content, transcript: Transcript | None = None
               ) -> dict[str, tuple[float, float]]:
    """Return `{quote id: (start, end)}` for each quote with a time of its own."""
    spans = {}
    for quote in content.quotes:
        if quote.at is None:
            continue
        end: Seconds | None = quote.end
        if end is None and transcript is not None:
            end = transcript.cue_end(quote.at, LONGEST)
        if end is None:
            end = quote.at + min(LONGEST, spoken_time(quote.text))
        spans[quote.id] = (float(quote.at), float(end))
    return spans


def episode_clips(content: Content, cache: str | Path | None = None) -> dict[str, Path]:
    """Return `{quote id: clip}` for the quotes heard in the episode's audio ({} without
    audio), cutting those not cached yet.

    Raise AudioError, naming the file, for audio that cannot be read; ContentError at the
    quote's `at` for a quote whose clip cannot be cut (one past the end of the audio).
    """
    audio = audio_path(content)
    if audio is None:
        return {}
    from .clips import AudioError, make_clips

    spans = clip_spans(content, transcript_of(content))
    try:
        return make_clips(audio, spans, content.episode.id, cache=cache) if spans else {}
    except AudioError as e:
        if e.quote is None:
            raise
        raise ContentError([_quote_problem(content, e.quote, str(e))]) from None


def _quote_problem(content: Content, quote_id: str, message: str) -> Problem:
    """Return `message` about the quote `quote_id` as a problem at the quote's `at`."""
    from .content import quote_place

    n = next(n for n, quote in enumerate(content.quotes) if quote.id == quote_id)
    line, col = quote_place(content.path, n, "at")
    return Problem(content.path, line, col, f"quotes[{n}].at", message)


def find_player(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """Return the command that plays a clip (its path goes last): $QUIZ_PLAYER, else the
    first player found on the system, else None."""
    environ = os.environ if environ is None else environ
    chosen = environ.get("QUIZ_PLAYER", "").strip()
    if chosen:
        return shlex.split(chosen)
    for player in PLAYERS:
        if shutil.which(player[0]):
            return list(player)
    return None


class Player:
    """Plays one clip at a time in the background (a new clip stops the one playing), as
    a context manager that stops it at the end."""

    def __init__(self, command: Sequence[str]) -> None:
        self.command = list(command)
        self.playing: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def play(self, clip: Path) -> None:
        """Start playing `clip`, stopping what was playing."""
        self.stop()
        try:
            self.playing = subprocess.Popen([*self.command, str(clip)],
                                            stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL)
        except OSError:
            self.playing = None

    def stop(self) -> None:
        """Stop the clip playing, if one is."""
        if self.playing is not None:
            if self.playing.poll() is None:
                self.playing.terminate()
            try:
                self.playing.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.playing.kill()
                self.playing.wait()
        self.playing = None


def align_quotes(content: Content, transcript: Transcript) -> list[Alignment]:
    """Return where each quote of `content` is said in `transcript`, in the quotes' order."""
    from dataclasses import replace

    from .align import align

    quotes = []
    for quote in content.quotes:
        speaker = content.speaker(quote.by)
        quotes.append((quote.id, quote.text, (speaker.name, *speaker.aliases)))
    return [replace(a, episode=content.episode.id) for a in align(quotes, transcript)]


def align_episode(content: Content, transcript: str | Path | None = None,
                  write: bool = False) -> list[Alignment]:
    """Return where each quote of `content` is said in its transcript: the one at
    `transcript`, else the episode's own. With `write`, put the times of the quotes found
    (those `timed`) into the content file, its comments and layout kept.

    Raise QuizError when there is no transcript, TranscriptError when it cannot be read.
    """
    heard = transcript_of(content, transcript)
    if heard is None:
        raise QuizError(f"{content.path} names no transcript: give one")
    alignments = align_quotes(content, heard)
    if write:
        from .yamledit import write_times

        write_times(content.path, {a.id: (a.at, a.end) for a in alignments
                                   if a.timed and a.at is not None and a.end is not None})
    return alignments
