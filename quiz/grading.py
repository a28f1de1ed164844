"""Grading of typed answers: right is Good, a near miss is Hard, wrong or empty is Again.

The rules are a careful teacher's, as the README lists them ("Study in the terminal"). A
typed answer and the answer it is graded against are read by one pipeline of named steps:

1. fold       NFKC (full width to half width) and case folding (`text.fold_case`),
              punctuation and spaces kept for the later steps (2-3, "twenty one", 、);
2. script     the typed answer only: OpenCC into the expected answer's script, Taiwan's
              words into the mainland's too (`hanzi.to_script`; the expected answer is
              never converted);
3. particles  的 as a particle and the English articles dropped (`_drop_particles`), for
              the key; the literal keeps them, to find a slip such as 得 for 的;
4. numbers    digits, number words, Chinese numerals, ranges and approximate numbers to
              one value each (`numbers.read_numbers`);
5. items      a list cut into its items at 和 与 及 以及 跟 、 ， , ; and & + / (`_cuttings`),
              each way it reads: the words of `hanzi.WORDS_WITH_AND` (和平, 参与, 及时)
              whole, and also cut where they may be an "and" (系统和服务 is no 和服);
6. noise      punctuation and spaces dropped (`text.fold`, as the card lint folds text).

Two answers are the same (Good) when their keys are, as a whole or as lists of items in
any order, in any of the ways each reads as a list (`_list_pairs`); so is an answer that
only adds words of the question the learner saw, or words that frame any answer, around
the expected one (`_adds_nothing`: 一批追赶者 for "…一批什么?" → 追赶者). Otherwise they
are compared character by character for the slips of `_slips`: a homophone (the same
pinyin, with or without the same tones) or one Latin letter off.
`_allowed` says which slips make a near miss (Hard): a different number never does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, combinations, permutations
from typing import TYPE_CHECKING, Literal

from fsrs import Rating

from .hanzi import (
    HAN,
    WORDS_WITH_AND,
    WORDS_WITH_DE,
    name_pinyin,
    readings,
    split_name,
    strip_tones,
    to_script,
)
from .numbers import Number, Segment, numbers_in, read_numbers
from .text import fold, fold_case
from .times import Seconds, format_time, read_time
from .wording import Words

if TYPE_CHECKING:
    from .model import Speaker

# Latin slips count from answers of this many letters, toneless homophones from answers of
# this many characters; homophones with the same tones at any length.
_LETTERS_FOR_A_SLIP = 5
_CHARACTERS_FOR_A_TONELESS_SLIP = 5
_MOST_ITEMS_TO_PERMUTE = 6  # 720 orders; a longer list is compared in the order typed
# A word the answer takes from the front has this many characters or more: one alone (不 of
# 不完善 before 踩坑) may turn the answer round.
_SHORTEST_FRONT_WORD = 2
# Words that frame an answer without changing it: 这样才有核心竞争力 says 才有核心竞争力,
# 就很难被卡脖子了 says 很难被卡脖子, 因为… answers a why card with its reason. None of them
# can turn an answer round (不 and 没 cannot). Matched in keys, where spaces are gone.
_FRAME_WORDS = ("这样", "那样", "就", "了", "吧", "啊", "呀", "呢", "嘛", "因为", "由于",
                "because")

# 的 that is no part of a listed word (目的 stays, 卡脖子的地方 loses its 的), and an
# English article before another word ("the checkpoint interval", but "plan a" keeps its a).
_PARTICLES = re.compile("|".join(WORDS_WITH_DE) + r"|的|\b(?:a|an|the)\s+(?=\w)")
# Where a list may be cut into items: 以及 before 及, then the single separators (the source
# itself writes 芯片受限+配套不全 and 数据/算力服务); "and" as a word only (not in "android"),
# "+" alone (not in "C++"). A "/" or "+" between two numbers is no "and" (24/7, 1/2).
_SEPARATORS = re.compile(r"以及|[和与及跟、,;&/]|(?<!\+)\+(?!\+)|\band\b")
_BETWEEN_NUMBERS = frozenset("/+")
# The listed words such as 和平 and 参与, found overlapping: in 和平和服务 both 和平 and 和服.
_WORDS_WITH_AND = re.compile("(?=(" + "|".join(WORDS_WITH_AND) + "))")
# A listed word is read as an "and" only where each side keeps this many characters: 系统|服务
# for 系统和服务, but 参与者 is never 参|者. Past this many such words, all or none are cut.
_SHORTEST_ITEM_AT_A_WORD = 2
_MOST_WORDS_TO_CUT = 4
# The longest head that the items of a list may share, written once (服务 of 算力/数据服务).
_LONGEST_HEAD = 8


class Unreadable(ValueError):
    """An answer that cannot be graded, such as a time that is no time: ask again.

    `what` says what was expected: "time", or "choice" (a number from 1 to `choices`).
    """

    def __init__(self, what: str, choices: int = 0) -> None:
        super().__init__(f"not a {what}")
        self.what = what
        self.choices = choices


@dataclass(frozen=True, slots=True)
class Verdict:
    """The grade of one answer, the answer to show, and what differed."""

    rating: Rating
    expected: str
    note: str | None = None

    @property
    def correct(self) -> bool:
        """Whether the answer counts as remembered (Hard counts, as in FSRS)."""
        return self.rating != Rating.Again


# -- reading an answer -------------------------------------------------------------------

_Items = tuple[str, ...]  # the items of a list, as compared


@dataclass(frozen=True, slots=True)
class _Form:
    """An answer as compared: the whole of it, and each way to read it as a list of items
    (one item or none when it is no list), the first with every listed word whole."""

    whole: str
    lists: tuple[_Items, ...]


@dataclass(frozen=True, slots=True)
class _Reading:
    """An answer read by the pipeline of this module's docstring."""

    key: _Form  # without particles: what must be equal for Good
    literal: _Form  # with them: 得 typed for the particle 的 is a slip of one character
    numbers: tuple[str, ...]  # the numbers of the key, sorted (a list's are in any order)
    length: int  # characters of the key as written (numbers as typed, not as read)
    letters: int  # Latin letters of the key


@lru_cache(maxsize=2048)
def _read(folded: str) -> _Reading:
    """Read a folded answer (steps 3 to 6 of the pipeline)."""
    bare = _drop_particles(folded)
    literal, key = _form(folded), _form(bare)
    if not key.whole:  # an answer that is only a particle is that word
        key, bare = literal, folded
    return _Reading(key, literal, tuple(sorted(numbers_in(key.whole))),
                    len(fold(bare)),
                    sum(1 for c in key.whole if c.isalpha() and not HAN.match(c)))


def _drop_particles(text: str) -> str:
    """Drop 的 as a particle and the English articles (step 3)."""
    return _PARTICLES.sub(lambda m: m[0] if len(m[0]) > 1 and m[0] in WORDS_WITH_DE else "",
                          text)


def _form(text: str) -> _Form:
    """Read numbers, cut the items and drop the noise (steps 4 to 6)."""
    segments = read_numbers(text)
    return _Form(_render(segments), _cuttings(segments))


def _cuttings(segments: list[Segment]) -> tuple[_Items, ...]:
    """Return each way to cut a list into its items where the text between them says "and"
    (step 5), each once: first with the words of WORDS_WITH_AND whole, then with some of
    them cut as an "and" (系统和服务 as 系统 and 服务; 和平和服务 as 和平 and 服务)."""
    pieces: list[Segment] = []  # text, numbers and separators, in order
    cuts: list[int] = []  # the pieces that are separators
    words: list[int] = []  # the separators inside a listed word: cut in some readings only
    for n, segment in enumerate(segments):
        if isinstance(segment, Number) or _joins_numbers(segments, n):
            pieces.append(segment)
            continue
        spans = [(m.start(), m.start() + len(m[1])) for m in _WORDS_WITH_AND.finditer(segment)]
        start = 0
        for m in _SEPARATORS.finditer(segment):
            pieces.append(segment[start:m.start()])
            inside = any(a <= m.start() and m.end() <= b for a, b in spans)
            (words if inside else cuts).append(len(pieces))
            pieces.append(m[0])
            start = m.end()
        pieces.append(segment[start:])
    chosen = (chain.from_iterable(combinations(words, n) for n in range(len(words) + 1))
              if len(words) <= _MOST_WORDS_TO_CUT else iter([(), tuple(words)]))
    readings: list[_Items] = []
    for cut_words in chosen:
        reading = _cut(pieces, set(cuts) | set(cut_words), set(cut_words))
        if reading is not None and reading not in readings:
            readings.append(reading)
    return tuple(readings)


def _joins_numbers(segments: list[Segment], n: int) -> bool:
    """Return whether segments[n] is a "/" or "+" between two numbers (24/7, 1/2, 2+2)."""
    segment = segments[n]
    return (0 < n < len(segments) - 1 and isinstance(segment, str)
            and segment.strip() in _BETWEEN_NUMBERS
            and isinstance(segments[n - 1], Number) and isinstance(segments[n + 1], Number))


def _cut(pieces: list[Segment], cuts: set[int], words: set[int]) -> _Items | None:
    """Return the items of `pieces` cut at the separators `cuts`, or None where one of
    `words` (a listed word cut) leaves fewer than two characters on a side (参|者)."""
    items: list[list[Segment]] = [[]]
    at_words = []  # the items that end where a listed word is cut
    for n, piece in enumerate(pieces):
        if n in cuts:
            if n in words:
                at_words.append(len(items) - 1)
            items.append([])
        else:
            items[-1].append(piece)
    rendered = [_render(item) for item in items]
    if any(min(len(rendered[k]), len(rendered[k + 1])) < _SHORTEST_ITEM_AT_A_WORD
           for k in at_words):
        return None
    return tuple(item for item in rendered if item)


def _render(segments: list[Segment]) -> str:
    """Return segments as compared: numbers as their keys, text without noise (step 6)."""
    return "".join(s.key if isinstance(s, Number) else fold(s) for s in segments)


# -- comparing two readings --------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Slip:
    """One difference that may be a slip: a homophone ("tones": the same pinyin with the same
    tones, "toneless": without them) or a Latin letter off."""

    kind: Literal["tones", "toneless", "letter"]
    got: str
    want: str


def _compare(typed: _Reading, wanted: _Reading, front: str) -> tuple[Rating, tuple[_Slip, ...]]:
    """Rate a typed answer against one candidate, `front` the key of the question asked:
    Good, Hard with its slips, or Again."""
    if (_same(typed.key, wanted.key) or _adds_nothing(typed.key.whole, wanted.key.whole, front)
            or _list_in_words(typed.key, wanted.key, front)):
        return Rating.Good, ()
    if typed.numbers != wanted.numbers:
        return Rating.Again, ()  # a different number is never a slip
    best: tuple[_Slip, ...] | None = None
    for typed_form, wanted_form in ((typed.key, wanted.key), (typed.literal, wanted.literal)):
        for slips in _pairings(typed_form, wanted_form):
            if _allowed(slips, wanted) and (best is None or len(slips) < len(best)):
                best = slips
    return (Rating.Again, ()) if best is None else (Rating.Hard, best)


def _same(typed: _Form, wanted: _Form) -> bool:
    """Return whether two keys are equal: as a whole, as lists whose items are, or as the
    items of a list run together without their "and" (封装支持 for 封装与支持)."""
    if typed.whole == wanted.whole:
        return True
    for typed_items, wanted_items in _list_pairs(typed, wanted):
        if sorted(typed_items) == sorted(wanted_items):
            return True
        orders = (permutations(wanted_items) if len(wanted_items) <= _MOST_ITEMS_TO_PERMUTE
                  else iter([wanted_items]))
        if len(typed_items) == 1 and any(typed.whole == "".join(order) for order in orders):
            return True
    return False


def _adds_nothing(typed: str, wanted: str, front: str) -> bool:
    """Return whether the key `typed` is `wanted` with words around it that add nothing: the
    front's own (一批 of "一批什么?", 不断 of "不断做什么?"), or words that frame any answer
    (这样, 就, 了). The answer itself must be there: the front pasted is no answer."""
    start = typed.find(wanted)
    while start >= 0:
        around = (typed[:start], typed[start + len(wanted):])
        if any(around) and all(_made_of(words, front) for words in around):
            return True
        start = typed.find(wanted, start + 1)
    return False


def _list_in_words(typed: _Form, wanted: _Form, front: str) -> bool:
    """Return whether `typed` is the expected list, its items in any order and joined in any
    way, with words that add nothing before its first item and after its last
    (应用层面的封装和支持 for 封装与支持, asked "…包括应用层面的什么？")."""
    for typed_items, wanted_items in _list_pairs(typed, wanted):
        if len(typed_items) != len(wanted_items):
            continue
        first, *middle, last = typed_items
        for head in wanted_items:
            if not (first.endswith(head) and _made_of(first[:-len(head)], front)):
                continue
            for tail in wanted_items:
                if (last.startswith(tail) and _made_of(last[len(tail):], front)
                        and sorted((head, *middle, tail)) == sorted(wanted_items)):
                    return True
    return False


def _made_of(text: str, front: str) -> bool:
    """Return whether `text` is a run of frame words and of words of `front` (each two
    characters or more, as it says them)."""
    ends = {0}  # where a run of such words that starts `text` can end
    for start in range(len(text)):
        if start not in ends:
            continue
        ends.update(start + len(word) for word in _FRAME_WORDS if text.startswith(word, start))
        end = start + _SHORTEST_FRONT_WORD
        while end <= len(text) and text[start:end] in front:
            ends.add(end)
            end += 1
    return len(text) in ends


def _list_pairs(typed: _Form, wanted: _Form) -> Iterator[tuple[_Items, _Items]]:
    """Yield the pairs of lists to compare item by item: each reading of the typed answer
    with each reading of the expected one that is a list (two items or more).

    A typed list may write a head its items share once, after the last (算力/数据服务 for
    算力服务、数据服务): with the head given to each item, it is compared with the expected
    list as written, and with the expected list's own head shared the same way (数据/算力
    服务). The expected list's head is never shared on its own: 数据、算法、训练平台 names
    数据, not 数据平台.
    """
    for wanted_items in wanted.lists:
        if len(wanted_items) < 2:
            continue
        for typed_items in typed.lists:
            yield typed_items, wanted_items
            for head in _heads(typed_items):
                shared = _share(typed_items, head)
                yield shared, wanted_items
                if head in _heads(wanted_items):
                    yield shared, _share(wanted_items, head)


def _heads(items: _Items) -> list[str]:
    """Return the heads that the items of a list may share: each end of its last item that
    leaves a character before it (服务 and 务 of 算力服务), up to `_LONGEST_HEAD` long."""
    if len(items) < 2:
        return []
    last = items[-1]
    return [last[-n:] for n in range(1, min(len(last), _LONGEST_HEAD + 1))]


def _share(items: _Items, head: str) -> _Items:
    """Return `items` with `head`, written once after the last, given to each item."""
    return (*(item + head for item in items[:-1]), items[-1])


def _pairings(typed: _Form, wanted: _Form) -> Iterator[tuple[_Slip, ...]]:
    """Yield the slips that turn `typed` into `wanted`: as a whole, then for a list of as
    many items each order of the typed items that pairs every one with a slip of its own."""
    whole = _slips(typed.whole, wanted.whole)
    if whole is not None:
        yield whole
    for typed_items, wanted_items in _list_pairs(typed, wanted):
        if len(typed_items) == len(wanted_items):
            yield from _item_slips(typed_items, wanted_items)


def _item_slips(typed: _Items, wanted: _Items) -> Iterator[tuple[_Slip, ...]]:
    """Yield the slips of each order of the typed items that pairs every one with a wanted
    item by slips of its own; the items that match exactly are paired first."""
    rest = list(typed)
    unmatched = []
    for item in wanted:
        if item in rest:
            rest.remove(item)
        else:
            unmatched.append(item)
    orders = permutations(rest) if len(rest) <= _MOST_ITEMS_TO_PERMUTE else iter([rest])
    for order in orders:
        slips: list[_Slip] = []
        for got, want in zip(order, unmatched):
            pair = _slips(got, want)
            if pair is None:
                break
            slips.extend(pair)
        else:
            yield tuple(slips)


def _slips(typed: str, wanted: str) -> tuple[_Slip, ...] | None:
    """Return the slips that turn `typed` into `wanted`, or None if they differ otherwise.

    Characters of the same place may be homophones or Latin letters; besides, one Latin
    letter may be missing, extra, or swapped with its neighbour.
    """
    prefix = 0
    while prefix < min(len(typed), len(wanted)) and typed[prefix] == wanted[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < min(len(typed), len(wanted)) - prefix
           and typed[-1 - suffix] == wanted[-1 - suffix]):
        suffix += 1
    got, want = typed[prefix:len(typed) - suffix], wanted[prefix:len(wanted) - suffix]
    if len(got) != len(want):
        extra = got or want  # one letter missing or one too many
        if len(extra) == 1 and not (got and want) and _is_letter(extra):
            return (_Slip("letter", got, want),)
        return None
    if len(got) == 2 and got == want[::-1] and all(map(_is_letter, got)):
        return (_Slip("letter", got, want),)  # two letters swapped: recieve
    slips = []
    for g, w in zip(got, want):
        if g == w:
            continue
        if HAN.match(g) and HAN.match(w):
            kind = _sound_alike(g, w)
            if kind is None:
                return None
            slips.append(_Slip(kind, g, w))
        elif _is_letter(g) and _is_letter(w):
            slips.append(_Slip("letter", g, w))
        else:
            return None
    return tuple(slips)


def _sound_alike(got: str, want: str) -> Literal["tones", "toneless"] | None:
    """Return how two characters sound alike, in any of their readings, or None."""
    (got_toned, got_plain), (want_toned, want_plain) = readings(got), readings(want)
    if got_toned & want_toned:
        return "tones"
    if got_plain & want_plain:
        return "toneless"
    return None


def _is_letter(char: str) -> bool:
    return char.isalpha() and not HAN.match(char)


def _allowed(slips: tuple[_Slip, ...], wanted: _Reading) -> bool:
    """Return whether `slips` make a near miss of the answer `wanted` (the thresholds above)."""
    letters = sum(1 for s in slips if s.kind == "letter")
    if letters > 1 or (letters and wanted.letters < _LETTERS_FOR_A_SLIP):
        return False
    toneless = any(s.kind == "toneless" for s in slips)
    return not (toneless and wanted.length < _CHARACTERS_FOR_A_TONELESS_SLIP)


def _explain(slips: tuple[_Slip, ...], typed: str, candidate: str, words: Words) -> str:
    """Return the note of a near miss: which characters sound the same, which letter is off."""
    parts = []
    for kind, note in (("tones", "grade_tones"), ("toneless", "grade_toneless")):
        pairs = [words.say("grade_slip", got=s.got, want=s.want) for s in slips if s.kind == kind]
        if pairs:
            parts.append(words.say(note, slips=words["grade_and"].join(pairs)))
    if any(s.kind == "letter" for s in slips):
        parts.append(words.say("grade_one_off", typed=typed, candidate=candidate))
    return words["grade_also"].join(parts)


# -- the grades --------------------------------------------------------------------------

def grade_text(answer: str, expected: str, accept: Sequence[str] = (),
               language: str = "en", *, front: str = "") -> Verdict:
    """Grade `answer` against `expected` and each `accept` alternative, keeping the best.

    `front` is the question the learner saw: the answer with its words around it is right.
    Notes say what differed in `language` (quiz.wording); so do the other grade functions.
    """
    words = Words(language)
    if not fold(answer):
        return Verdict(Rating.Again, expected)
    typed = fold_case(answer)
    front_key = _read(fold_case(front)).key.whole
    best: tuple[Rating, tuple[_Slip, ...], str] = (Rating.Again, (), expected)
    for candidate in (expected, *accept):
        wanted_text = fold_case(candidate)
        wanted = _read(wanted_text)
        if not wanted.key.whole:
            continue
        for form in to_script(typed, wanted_text):
            rating, slips = _compare(_read(form), wanted, front_key)
            if rating == Rating.Good:
                return Verdict(Rating.Good, expected)
            # the best near miss is the one with the fewest slips (護成河: 成 for 城 only)
            if rating > best[0] or (rating == best[0] and len(slips) < len(best[1])):
                best = (rating, slips, candidate)
    rating, slips, candidate = best
    if rating == Rating.Again:
        missing = _missing_items(_read(typed), _read(fold_case(expected)))
        if missing:
            # the expected answer is shown beside the note: the note says only what is missing
            return Verdict(rating, expected, words.say(
                "grade_missing", missing=words["grade_and"].join(missing)))
        return Verdict(rating, expected, words.say("grade_expected", expected=expected))
    return Verdict(rating, expected, _explain(slips, answer.strip(), candidate, words))


def _missing_items(typed: _Reading, wanted: _Reading) -> _Items:
    """Return the items of the expected list that a typed part of it leaves out (half a
    list is wrong, and the note says which half), or () when it is no such part."""
    for typed_items in typed.key.lists or ((typed.key.whole,),):
        for wanted_items in wanted.key.lists:
            if len(wanted_items) > len(typed_items) and set(typed_items) < set(wanted_items):
                return tuple(item for item in wanted_items if item not in typed_items)
    return ()


def grade_time(answer: str, expected_seconds: Seconds, tolerance: int = 30,
               language: str = "en") -> Verdict:
    """Grade a typed timestamp: Good within `tolerance` seconds of `expected_seconds`.

    The time is what `times.read_time` reads: `m:ss`, `mm:ss` or `h:mm:ss`, full width too,
    or as written in Chinese (`4分12秒`, `4分`, `1小时2分3秒`). Raise Unreadable for an
    answer that is not a time. The note of a wrong time says how far off it is.
    """
    expected = format_time(expected_seconds)
    if not answer.strip():
        return Verdict(Rating.Again, expected)
    try:
        seconds = read_time(answer)
    except ValueError:
        raise Unreadable("time") from None
    off = seconds - expected_seconds
    if abs(off) <= tolerance:
        return Verdict(Rating.Good, expected)
    side = Words(language)["grade_later" if off > 0 else "grade_earlier"]
    span = _chinese_span(int(abs(off))) if language == "zh" else format_time(abs(off))
    return Verdict(Rating.Again, expected, side.format(off=span, expected=expected))


def _chinese_span(seconds: int) -> str:
    """Return a length of time as said in Chinese: 31 秒, 8 分 34 秒, 2 分钟, 1 小时 2 分."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if not (hours or seconds):
        return f"{minutes} 分钟"
    parts = [(hours, "小时"), (minutes, "分"), (seconds, "秒")]
    return " ".join(f"{n} {unit}" for n, unit in parts if n)


def grade_choice(
    answer: str, choices: Sequence[str], correct: int, language: str = "en",
    speakers: Sequence[Speaker] = (),
) -> Verdict:
    """Grade a multiple-choice answer given as a 1-based number or as a name.

    `correct` is the 0-based index of the right choice. A name is graded like `grade_text`
    (so a homophone slip of a name is Hard); with `speakers`, a choice that is a speaker's
    name answers to all that `speaker_names` gives. A number that is no choice (nor a
    choice's text) raises Unreadable.
    """
    if not 0 <= correct < len(choices):
        raise ValueError(f"correct={correct} is not an index into {len(choices)} choices")
    expected = choices[correct]
    words = Words(language)
    text = fold_case(answer).strip()
    if text.isdecimal() and 1 <= int(text) <= len(choices):
        number = int(text)
        if number - 1 == correct:
            return Verdict(Rating.Good, expected)
        return Verdict(Rating.Again, expected,
                       words.say("grade_number_is", number=number, choice=choices[number - 1]))
    by_name = {s.name: s for s in speakers}

    def names_of(choice: str) -> tuple[str, ...]:
        speaker = by_name.get(choice)
        return speaker_names(speaker, speakers) if speaker else (choice,)

    verdict = _grade_name(answer, expected, names_of(expected)[1:], language)
    if verdict.rating == Rating.Good:
        return verdict
    # A near miss of the right name that is exactly another choice was a wrong pick.
    for number, choice in enumerate(choices, start=1):
        if number - 1 != correct and _names_match(answer, names_of(choice)):
            return Verdict(Rating.Again, expected,
                           words.say("grade_is_choice", choice=choice, number=number))
    if verdict.rating == Rating.Again and text.isdecimal():
        raise Unreadable("choice", len(choices))
    return verdict


# -- speakers ----------------------------------------------------------------------------

def speaker_names(speaker: Speaker, speakers: Sequence[Speaker]) -> tuple[str, ...]:
    """Return every name `speaker` answers to among `speakers`, the name first.

    That is the name, its label, each alias and the id (`zhuyibo`, as `quiz quotes --by`
    takes it); the pinyin of a Chinese name in either order (`Zhu Yibo`, `Yibo Zhu`; typed
    with tones, it is graded without them); and a given name or surname (`Lena`, 亦博,
    `Yibo`) that no other of `speakers` answers to.
    """
    names = [speaker.name, speaker.label, *speaker.aliases, speaker.id]
    for name in (speaker.name, *speaker.aliases):
        parts = split_name(name)
        if parts is None:
            continue
        for surname in name_pinyin(parts[0], surname=True):
            for given in name_pinyin(parts[1]):
                names += [f"{surname} {given}", f"{given} {surname}"]
    taken = {fold(n) for other in speakers if other.id != speaker.id
             for n in (other.name, *other.aliases, other.id, *_name_parts(other))}
    names += [part for part in _name_parts(speaker) if fold(part) not in taken]
    return tuple(dict.fromkeys(n for n in names if fold(n)))


def _name_parts(speaker: Speaker) -> list[str]:
    """Return the parts of a speaker's names: given names and surnames, with their pinyin."""
    parts: list[str] = []
    for name in (speaker.name, *speaker.aliases):
        chinese = split_name(name)
        if chinese is not None:
            parts += chinese
            parts += name_pinyin(chinese[0], surname=True) + name_pinyin(chinese[1])
        else:
            words = name.replace("·", " ").split()
            parts += words if len(words) > 1 else []
    return parts


def grade_speaker(answer: str, speaker: Speaker, speakers: Sequence[Speaker],
                  language: str = "en") -> Verdict:
    """Grade a typed answer to "who said this?" (see `speaker_names` for what it takes).

    A near miss of the right name that is another speaker's name is wrong, with a note.
    """
    words = Words(language)
    verdict = _grade_name(answer, speaker.name, speaker_names(speaker, speakers)[1:], language)
    if verdict.rating == Rating.Good:
        return verdict
    for other in speakers:
        if other.id != speaker.id and _names_match(answer, speaker_names(other, speakers)):
            said = "grade_other" if _names_match(answer, (other.name,)) else "grade_is_other"
            return Verdict(Rating.Again, speaker.name,
                           words.say(said, answer=answer.strip(), name=other.name))
    return verdict


def _grade_name(answer: str, expected: str, names: Sequence[str], language: str) -> Verdict:
    """Grade a typed name as `grade_text` does, and also without the tone marks of pinyin
    (Zhū Yìbó, zhū yibo)."""
    verdict = grade_text(answer, expected, names, language)
    bare = strip_tones(answer)
    if verdict.rating != Rating.Good and bare != answer:
        toneless = grade_text(bare, expected, names, language)
        if toneless.rating > verdict.rating:
            return toneless
    return verdict


def _names_match(answer: str, names: Sequence[str]) -> bool:
    """Return whether `answer` is one of `names`, written any way that grades Good."""
    return bool(names) and _grade_name(answer, names[0], names[1:], "en").rating == Rating.Good

