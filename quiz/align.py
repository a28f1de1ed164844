"""Find each quote in a transcript: its start and end in seconds, and how sure the match is.

Matching is on characters, not words, so Chinese needs no word segmentation: quote and
transcript are normalised (NFKC, case folded, punctuation and spaces dropped) and the
quote is looked for with rapidfuzz's partial ratio, which also finds paraphrased quotes.
Every character of the normalised transcript remembers the cue (or the Whisper word) it
came from, so a match becomes times by snapping to those boundaries.
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from .model import MAX_QUOTE
from .transcript import Transcript

# A quote whose best match scores below this (0-100) is not in the transcript. Unrelated
# English sentences score about 55 against an hour of English, paraphrases 70 to 90.
THRESHOLD = 70.0
# Short quotes match by chance, so they need a closer match: from this length down to
# SHORT the threshold rises to STRICT, and below TINY nothing matches (a word or two is
# somewhere in any episode). Chinese characters count CJK_WEIGHT each, as one carries
# about what a short English word does.
LONG, SHORT, TINY, STRICT = 30.0, 10.0, 5.0, 95.0
CJK_WEIGHT = 2.5

# Speaker labels of diarisation (SPEAKER_00, spk1, S2) name nobody: no warning about them.
_ANONYMOUS = re.compile(r"(?:speaker|spk|s)[ _-]?\d+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Alignment:
    """Where a quote was found: times in seconds, or `matched` false and no times."""

    id: str
    at: float | None
    end: float | None
    score: float  # 0-100: how closely the transcript holds the quote (rapidfuzz's ratios)
    matched: bool
    text: str | None  # the transcript's words for the matched span
    speaker: str | None = None  # the transcript's speaker of that span, where it names one
    warning: str | None = None  # e.g. the transcript gives the words to another speaker
    episode: str | None = None  # the id of the quote's episode, where the caller knows it

    @property
    def timed(self) -> bool:
        """Whether the quote was found with a start and an end a quote may have (at most
        MAX_QUOTE apart): the times `quiz align --write` writes."""
        return (self.matched and self.at is not None and self.end is not None
                and self.end - self.at <= MAX_QUOTE)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form `quiz align --format json` prints."""
        return {"episode": self.episode, "id": self.id,
                "at": None if self.at is None else round(self.at, 3),
                "end": None if self.end is None else round(self.end, 3),
                "score": round(self.score, 1), "matched": self.matched, "text": self.text,
                "speaker": self.speaker, "warning": self.warning}


@dataclass(frozen=True, slots=True)
class _Unit:
    """The smallest timed piece of the transcript: a Whisper word, or else a cue."""

    start: float
    end: float
    text: str
    speaker: str | None
    first: int  # its characters in the normalised transcript: [first, last)
    last: int
    word: bool  # a Whisper word, which carries its own spaces (" Hello")


@dataclass(frozen=True, slots=True)
class _Index:
    text: str  # the normalised transcript
    owner: array[int]  # the unit of each of its characters
    units: tuple[_Unit, ...]
    joiner: str  # between cues' texts when the matched words are shown: a space, or none


def normalise(text: str) -> str:
    """Return `text` as matching sees it: NFKC, case folded, letters and digits only."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold()
                   if unicodedata.category(c)[0] in "LNM")


def align(quotes: Iterable[tuple[str, str, str | Sequence[str] | None]],
          transcript: Transcript, threshold: float = THRESHOLD) -> list[Alignment]:
    """Return where each quote `(id, text, speaker)` is in `transcript`, in the same order.

    `speaker` is the quote's speaker, a name or several (name, aliases), or None; where the
    transcript gives the matched words to someone else, the alignment carries a warning.
    The end is that of the word or cue holding the quote's last character, so a clip from
    `at` to `end` never cuts the quote's last word. `threshold` is the least score of a
    quote of 30 characters or more; shorter ones need more.
    """
    index = _index(transcript)
    return [_align_one(qid, text, speaker, index, threshold) for qid, text, speaker in quotes]


def _index(transcript: Transcript) -> _Index:
    parts: list[str] = []
    owner = array("I")
    units: list[_Unit] = []
    size = 0
    for cue in transcript.cues:
        pieces = [(w.start, w.end, w.text, True) for w in cue.words] \
            or [(cue.start, cue.end, cue.text, False)]
        for start, end, text, word in pieces:
            norm = normalise(text)
            units.append(_Unit(start, end, text, cue.speaker, size, size + len(norm), word))
            owner.extend([len(units) - 1] * len(norm))
            parts.append(norm)
            size += len(norm)
    text = "".join(parts)
    return _Index(text, owner, tuple(units), "" if _mostly_cjk(text) else " ")


def _align_one(qid: str, quote: str, speaker: str | Sequence[str] | None, index: _Index,
               threshold: float) -> Alignment:
    q = normalise(quote)
    if not q or not index.text:
        return Alignment(qid, None, None, 0.0, False, None)
    found = fuzz.partial_ratio_alignment(q, index.text)
    assert found is not None  # without a score_cutoff there is always a best window
    first, last, ratio = _snap(q, index, found.dest_start, found.dest_end)
    # the window is as long as the quote, so a paraphrase that the transcript says in more
    # words scores low in it; the whole span it snapped to may hold the quote better
    score = max(found.score, ratio)
    if score < _threshold(q, threshold):
        return Alignment(qid, None, None, score, False, None)
    units = index.units[first:last + 1]
    spoken_by = _main_speaker(units)
    return Alignment(
        id=qid, at=units[0].start, end=max(u.end for u in units), score=score,
        matched=True, text=_words(units, index.joiner), speaker=spoken_by,
        warning=_speaker_warning(speaker, spoken_by))


def _threshold(q: str, threshold: float) -> float:
    length = sum(CJK_WEIGHT if _is_cjk(c) else 1.0 for c in q)
    if length < TINY:
        return math.inf
    if length >= LONG:
        return threshold
    share = (LONG - max(length, SHORT)) / (LONG - SHORT)
    return threshold + share * (max(STRICT, threshold) - threshold)


def _snap(q: str, index: _Index, start: int, end: int) -> tuple[int, int, float]:
    """Return the first and last unit of the span that best holds the quote, and its ratio.

    The fuzzy window is as long as the quote; the transcript may say it in more or fewer
    characters, so the units around the window's ends are tried as the span's first and
    last, and the span most like the quote wins (the longer one on a tie, so that a clip
    cuts nothing).
    """
    margin = max(len(q) // 2, 1)
    owner, units, size = index.owner, index.units, len(index.owner)
    firsts = range(owner[max(start - margin, 0)], owner[min(start + margin, size - 1)] + 1)
    lasts = range(owner[max(end - 1 - margin, 0)], owner[min(end - 1 + margin, size - 1)] + 1)
    best = (-1.0, 0, -owner[start], owner[max(end - 1, start)])
    for f in firsts:
        for la in lasts:
            if la < f or units[f].last == units[f].first or units[la].last == units[la].first:
                continue  # a span starts and ends on a unit that has letters
            span = index.text[units[f].first:units[la].last]
            best = max(best, (fuzz.ratio(q, span), len(span), -f, la))
    return -best[2], best[3], max(best[0], 0.0)


def _words(units: Sequence[_Unit], joiner: str) -> str:
    text = "".join(u.text if u.word else joiner + u.text for u in units)
    return " ".join(text.split()) if joiner else text.strip()


def _main_speaker(units: Sequence[_Unit]) -> str | None:
    """Return the speaker of most of the span's characters, if the transcript names one."""
    counts: Counter[str] = Counter()
    for u in units:
        if u.speaker:
            counts[u.speaker] += u.last - u.first
    return counts.most_common(1)[0][0] if counts else None


def _speaker_warning(expected: str | Sequence[str] | None, spoken_by: str | None) -> str | None:
    if not expected or not spoken_by or _ANONYMOUS.fullmatch(spoken_by.strip()):
        return None
    names = [expected] if isinstance(expected, str) else list(expected)
    if normalise(spoken_by) in {normalise(n) for n in names}:
        return None
    return f"the transcript gives these words to {spoken_by}, not {names[0]}"


def _is_cjk(c: str) -> bool:
    # Han, kana and hangul: scripts where one character is a syllable or a word
    return ("\u2e80" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" or "\uf900" <= c <= "\ufaff"
            or "\U00020000" <= c <= "\U0003134f")


def _mostly_cjk(text: str) -> bool:
    sample = text[:2000]
    return sum(map(_is_cjk, sample)) * 2 > len(sample)
