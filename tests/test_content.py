"""The content loader, rule by rule."""

from __future__ import annotations

import re
import textwrap
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import SEED, SMALL

from quiz.checks import suggest
from quiz.content import SYNONYMS, load_content, parse_content
from quiz.errors import ContentError

HEAD = """\
episode: {id: ep, title: T, language: zh}
speakers: [{id: zhu, name: 朱亦博}]
"""


def load(text: str, head: str = HEAD):  # type: ignore[no-untyped-def]
    return parse_content((head + textwrap.dedent(text)).encode("utf-8"), "c.yaml")


def problems(text: str, head: str = HEAD) -> list[str]:
    with pytest.raises(ContentError) as info:
        load(text, head)
    return [str(p) for p in info.value.problems]


def test_the_seed_is_valid() -> None:
    content = load_content(SEED)
    assert content.episode.id == "ai-infra-42"
    assert content.episode.date == "2025-08-02"
    assert content.episode.language == "zh"
    assert [s.id for s in content.speakers] == ["qukai", "zhuyibo"]
    assert [i.at for i in content.ideas] == [252, 507, 676, 890, 1142, 1416, 1625, 1872]
    # every section is asked by three cards or more, its quotes' clozes included
    assert all(len(i.cards) + sum(len(q.cloze) for q in content.quotes
                                  if content.quote_idea(q) == i) >= 3
               for i in content.ideas)
    assert len(content.quotes) == 16
    by = [q.by for q in content.quotes]
    assert by.count("zhuyibo") == 14 and by.count("qukai") == 2
    untimed = [q for q in content.quotes if q.at is None]
    assert len(untimed) == 3 and all(q.idea for q in untimed)


@pytest.mark.parametrize(("written", "seconds"), [
    ("15:07", 907), ("4:12", 252), ("04:12", 252), ('"15:07"', 907), ("1:02:03", 3723),
    ("'75:00'", 4500),
])
def test_times_mean_what_the_author_wrote(written: str, seconds: int) -> None:
    content = load(f"ideas: [{{id: a, title: A, at: {written}}}]")
    assert content.ideas[0].at == seconds


@pytest.mark.parametrize(("written", "text"), [
    ("yes", "yes"), ("no", "no"), ("3.10", "3.10"), ("2025-08-02", "2025-08-02"),
    ("0x1F", "0x1F"), ("1e3", "1e3"), ("on", "on"), ("'007'", "007"), ("15:07", "15:07"),
])
def test_text_stays_as_written(written: str, text: str) -> None:
    content = load(f"""
        ideas:
          - id: a
            title: {written}
            cards: [{{q: Q, a: {written}}}]
        """, head=HEAD.replace("name: 朱亦博", f"name: {written}"))
    assert content.ideas[0].title == text
    assert content.ideas[0].cards[0].a == text
    assert content.speakers[0].name == text


def test_text_is_nfc_and_a_bom_is_accepted() -> None:
    decomposed = "Cafe\u0301"
    data = "\ufeff".encode() + (HEAD + f"ideas: [{{id: a, title: {decomposed}}}]\n").encode()
    content = parse_content(data, "c.yaml")
    assert content.ideas[0].title == "Café"
    assert unicodedata.is_normalized("NFC", content.ideas[0].title)


def test_block_text_keeps_its_lines() -> None:
    content = load("""
        quotes:
          - id: q
            by: zhu
            text: |
              line one
              line two
        """)
    assert content.quotes[0].text == "line one\nline two\n"


def test_optional_parts_may_be_absent() -> None:
    content = load("")
    assert content.ideas == () and content.quotes == ()
    assert content.episode.show is None and content.episode.url is None
    assert load("", head=HEAD.replace(", language: zh", "")).episode.language == "en"


def test_quote_time_and_idea() -> None:
    content = parse_content(SMALL.encode(), "c.yaml")
    plumber, rocket, question = content.quotes
    assert content.quote_time(plumber) == (301, False)
    assert content.quote_idea(plumber).id == "pipes"  # under way at 05:01
    assert content.quote_time(rocket) == (3723, True)  # its idea's time: approximate
    assert content.quote_idea(question).id == "rockets"  # under way at 1:10:00
    untimed = load("quotes: [{id: q, by: zhu, text: hello}]").quotes[0]
    assert load("quotes: [{id: q, by: zhu, text: hello}]").quote_time(untimed) == (None, False)


# Each failure mode: the YAML after HEAD, and the exact problems reported.
FAILURES = [
    ("bare-number-time", "ideas: [{id: a, title: A, at: 907}]",
     ["c.yaml:3:31: ideas[0].at: '907' is a bare number: write times with a colon, as m:ss, "
      "mm:ss or h:mm:ss (15:07)"]),
    ("seconds-past-59", "ideas: [{id: a, title: A, at: '75:99'}]",
     ["c.yaml:3:31: ideas[0].at: '75:99' is not a time: seconds must be two digits below 60"]),
    ("minutes-past-59", "ideas: [{id: a, title: A, at: '1:75:00'}]",
     ["c.yaml:3:31: ideas[0].at: '1:75:00' is not a time: minutes must be below 60 after an "
      "hour part"]),
    ("words-for-time", "ideas: [{id: a, title: A, at: soon}]",
     ["c.yaml:3:31: ideas[0].at: 'soon' is not a time; write m:ss, mm:ss or h:mm:ss"]),
    ("unknown-key-synonym", "quotes: [{id: q, speaker: zhu, text: hi}]",
     ["c.yaml:3:18: quotes[0]: unknown key 'speaker'; did you mean 'by'?"]),
    ("unknown-key-typo", "ideas: [{id: a, titel: A}]",
     ["c.yaml:3:17: ideas[0]: unknown key 'titel'; did you mean 'title'?"]),
    ("bad-slug", "ideas: [{id: Big Idea, title: A}]",
     ["c.yaml:3:14: ideas[0].id: 'Big Idea' is not a valid id: use lowercase letters, digits "
      "and '-', starting with a letter or digit"]),
    ("duplicate-idea", "ideas: [{id: a, title: A}, {id: a, title: B}]",
     ["c.yaml:3:33: ideas[1].id: duplicate idea id 'a' (first at line 3)"]),
    ("duplicate-question", "ideas: [{id: a, title: A, cards: [{q: Q, a: 1}, {q: Q, a: 2}]}]",
     ["c.yaml:3:53: ideas[0].cards[1].q: duplicate question 'Q' (first at line 3)"]),
    ("duplicate-key", "ideas: [{id: a, title: A, title: B}]",
     ["c.yaml:3:27: ideas[0].title: duplicate key 'title' (first at line 3)"]),
    ("dangling-by", "quotes: [{id: q, by: zhuyibo, text: hi}]",
     ["c.yaml:3:22: quotes[0].by: unknown speaker 'zhuyibo'; did you mean 'zhu'?"]),
    ("dangling-idea", "quotes: [{id: q, by: zhu, idea: nope, text: hi}]",
     ["c.yaml:3:33: quotes[0].idea: unknown idea 'nope'; the ideas are: none"]),
    ("cloze-missing", "quotes: [{id: q, by: zhu, text: 水管工, cloze: [卡脖子]}]",
     ["c.yaml:3:46: quotes[0].cloze[0]: cloze phrase '卡脖子' does not occur in the text"]),
    ("cloze-overlap", "quotes: [{id: q, by: zhu, text: 水管工人, cloze: [水管工, 工人]}]",
     ["c.yaml:3:52: quotes[0].cloze[1]: cloze phrase '工人' overlaps '水管工'"]),
    ("empty-text", "quotes: [{id: q, by: zhu, text: ''}]",
     ["c.yaml:3:33: quotes[0].text: empty text"]),
    ("null-text", "quotes: [{id: q, by: zhu, text: }]",
     ["c.yaml:3:33: quotes[0].text: 'text' needs a value"]),
    ("list-for-text", "ideas: [{id: a, title: [A]}]",
     ["c.yaml:3:24: ideas[0].title: expected text, found a list"]),
    ("text-for-list", "ideas: [{id: a, title: A, points: one}]",
     ["c.yaml:3:35: ideas[0].points: expected a list, found text"]),
    ("quote-past-ten-minutes", "quotes: [{id: q, by: zhu, text: hi, at: '20:46.88', "
     "end: '30:50.52'}]",
     ["c.yaml:3:58: quotes[0].end: a quote lasts at most 10 minutes, and this one would last "
      "10:03.64 (from 20:46.88 to 30:50.52): is its end right?"]),
    ("end-before-at", "quotes: [{id: q, by: zhu, text: hi, at: '1:00', end: '0:59'}]",
     ["c.yaml:3:54: quotes[0].end: 'end' must come after 'at'"]),
    ("control-in-a-list", "ideas: [{id: a, title: A, points: [ok, \"a\\e]0;x\\a\"], "
     "cards: [{q: Q, a: B, accept: [\"\\u202e\"]}]}]",
     ["c.yaml:3:40: ideas[0].points[1]: the control character U+001B is not allowed in a "
      "text: a terminal would obey it; remove it",
      "c.yaml:3:84: ideas[0].cards[0].accept[0]: the control character U+202E is not allowed "
      "in a text: a terminal would obey it; remove it"]),
    ("format-superscript", "format: ²",
     ["c.yaml:3:9: format: the format version is a whole number, such as 1"]),
    ("format-2", "format: 2",
     ["c.yaml:3:9: format: unknown format version 2; this quiz reads format 1"]),
]


@pytest.mark.parametrize(("text", "expected"), [f[1:] for f in FAILURES],
                         ids=[f[0] for f in FAILURES])
def test_failures_are_reported_with_place(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


@pytest.mark.parametrize(("head", "expected"), [
    ("speakers: [{id: zhu, name: Z}]\n", ["c.yaml:1:1: missing required key 'episode'"]),
    ("episode: {id: ep, title: T}\nspeakers: []\n",
     ["c.yaml:2:11: speakers: at least one speaker is needed"]),
    ("episode: {id: ep, title: T, date: 2025-13-01}\nspeakers: [{id: z, name: Z}]\n",
     ["c.yaml:1:35: episode.date: '2025-13-01' is not a date; write YYYY-MM-DD"]),
    ("episode: {id: ep, title: T, url: example}\nspeakers: [{id: z, name: Z}]\n",
     ["c.yaml:1:34: episode.url: 'example' is not a URL: write http://…, https://… or file://…"]),
    ("- episode\n", ["c.yaml:1:1: expected a mapping at the top of the file, found a list"]),
])
def test_top_level_failures(head: str, expected: list[str]) -> None:
    assert problems("", head=head) == expected


def test_every_problem_of_a_file_is_reported_at_once_in_order() -> None:
    found = problems("""
        ideas:
          - {id: A, title: x}
        quotes:
          - {id: q, by: nobody, text: hi, at: 99}
          - {id: q, by: zhu, text: hi, cloze: [ho]}
        """)
    assert len(found) == 5
    lines = [int(p.split(":")[1]) for p in found]
    assert lines == sorted(lines)


def test_qa_identity_is_unique_in_the_episode() -> None:
    found = problems("""
        ideas:
          - {id: a, title: A, cards: [{id: same, q: Q1, a: x}]}
          - {id: b, title: B, cards: [{id: same, q: Q2, a: y}]}
        """)
    assert found == ["c.yaml:6:36: ideas[1].cards[0].id: duplicate card id 'same' "
                     "(first at line 5)"]


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "c.yaml:1:1: the file is empty: expected an episode"),
    (b"# only a comment\n", "c.yaml:1:1: the file is empty: expected an episode"),
    (b"episode: {id: x}\nspeakers: caf\xe9\n",
     "c.yaml:2:14: the file is not UTF-8 (byte 0xe9); save it as UTF-8"),
    (b"a: 'unclosed\n", "c.yaml:1:4: malformed YAML: the quoted text opened here is never "
                        "closed: its closing quote is missing"),
    (b"a: &x [1]\nb: *x\n", "c.yaml:2:4: aliases (*x) are not supported: write the value out"),
    (b"a: !!python/object/apply:os.system [echo]\n",
     "c.yaml:1:4: the YAML tag '!!python/object/apply:os.system' is not "
     "allowed: content is plain data"),
    (b"a: 1\n---\nb: 2\n", "c.yaml:2:1: a second YAML document: one file holds one episode"),
    (b"a: " + b"[" * 100 + b"]" * 100, "c.yaml:1:35: nesting deeper than 32 levels"),
])
def test_unreadable_files(data: bytes, expected: str) -> None:
    with pytest.raises(ContentError) as info:
        parse_content(data, "c.yaml")
    assert [str(p) for p in info.value.problems] == [expected]


def test_load_content_reports_an_unreadable_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ContentError, match="cannot read the file"):
        load_content(tmp_path)


@pytest.mark.parametrize(("word", "hint"), [
    ("speaker", "by"), ("time", "at"), ("question", "q"), ("titel", "title"), ("zzz", None),
])
def test_suggest(word: str, hint: str | None) -> None:
    assert suggest(word, ["id", "by", "at", "q", "a", "title", "text"], SYNONYMS) == hint


def _overlaps_the_plain_way(text: str, phrases: list[str]) -> dict[int, str]:
    """Return, for each phrase that overlaps one listed before it, the first such phrase:
    every occurrence of every phrase listed, then compared pair by pair."""
    taken: list[tuple[int, int, int]] = []
    found: dict[int, str] = {}
    for n, phrase in enumerate(phrases):
        if phrase in phrases[:n] or phrase not in text:
            continue
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]
        for start, end, other in taken:
            if any(a < end and start < b for a, b in spans):
                found[n] = phrases[other]
                break
        taken.extend((a, b, n) for a, b in spans)
    return found


@given(st.text(alphabet="abc", min_size=1, max_size=14),
       st.lists(st.text(alphabet="abc", min_size=1, max_size=3), min_size=1, max_size=5,
                unique=True))
def test_overlapping_cloze_phrases_are_found_as_listing_them_all_would(
        text: str, phrases: list[str]) -> None:
    body = f'quotes: [{{id: q, by: zhu, text: "{text}", cloze: [{", ".join(phrases)}]}}]\n'
    try:
        load(body)
        found: dict[int, str] = {}
    except ContentError as e:
        found = {int(p.where.split("[")[-1].rstrip("]")): p.message.split("overlaps '")[1][:-1]
                 for p in e.problems if "overlaps" in p.message}
    assert found == _overlaps_the_plain_way(text, phrases)
