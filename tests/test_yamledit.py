"""Times written into content files: only the lines of `at` and `end` change."""

from __future__ import annotations

import difflib
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from support import MULTI, SEED

from quiz.errors import QuizError
from quiz.times import format_seconds
from quiz.yamledit import EditError, set_times, write_times


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """Return the lines a diff removes and adds."""
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [d[1:] for d in diff if d.startswith("-") and not d.startswith("---")]
    added = [d[1:] for d in diff if d.startswith("+") and not d.startswith("+++")]
    return removed, added


@pytest.mark.parametrize("seconds, text", [
    (0, "00:00"), (4.2, "00:04.20"), (301, "05:01"), (301.256, "05:01.26"),
    (907.999, "15:08"), (3599.994, "59:59.99"), (3599.995, "1:00:00"),
    (3723.5, "1:02:03.50"), (36000, "10:00:00"),
])
def test_format_seconds(seconds: float, text: str) -> None:
    assert format_seconds(seconds) == text


def test_the_seed_keeps_every_line_but_those_of_the_times(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    before = SEED.read_text(encoding="utf-8")
    path.write_text(before, encoding="utf-8")
    # plumber has `at`; super-brain has none (it takes its idea's time)
    write_times(path, {"plumber": (301.25, 309.5), "super-brain": (700.0, 704.75)})
    after = path.read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert removed == ['    at: "05:01"']
    assert added == ['    at: "05:01.25"', '    end: "05:09.50"',
                     '    at: "11:40"', '    end: "11:44.75"']
    quotes = {q["id"]: q for q in yaml.safe_load(after)["quotes"]}
    assert (quotes["plumber"]["at"], quotes["plumber"]["end"]) == ("05:01.25", "05:09.50")
    assert list(quotes["super-brain"])[:4] == ["id", "by", "at", "end"]
    # the comments, the order and everything else are as they were
    old = yaml.safe_load(before)
    for q in old["quotes"]:
        if q["id"] == "plumber":
            q["end"] = "05:09.50"
            q["at"] = "05:01.25"
        if q["id"] == "super-brain":
            q["at"], q["end"] = "11:40", "11:44.75"
    assert yaml.safe_load(after) == old


def test_a_second_write_of_the_same_times_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "multi.yaml"
    path.write_text(MULTI.read_text(encoding="utf-8"), encoding="utf-8")
    ids = [q["id"] for q in yaml.safe_load(path.read_text(encoding="utf-8"))["quotes"]]
    times = {qid: (60.0 * n + 0.5, 60.0 * n + 5.25) for n, qid in enumerate(ids)}
    write_times(path, times)
    once = path.read_text(encoding="utf-8")
    write_times(path, times)
    assert path.read_text(encoding="utf-8") == once


LAYOUTS = {
    "unindented lists, four-space mappings, a document start": ("""\
        ---
        # header
        episode:
            id: ep    # trailing
            title:   "A title"
        quotes:
        - id: q1
          by: ann
          at: 1:02     # written before there were fractions
          text: >-
            folded text
            goes on

        - id: q2
          by: ann
          text: "long"
          cloze: [long,text]
        """, {"q1": (62.5, 70.0), "q2": (80.0, 90.25)},
        ["  at: 1:02     # written before there were fractions"],
        ['  at: "01:02.50"     # written before there were fractions', '  end: "01:10"',
         '  at: "01:20"', '  end: "01:30.25"']),
    "a flow mapping": ("""\
        quotes:
          - {id: q1, by: ann, text: 'a flow quote'}
          - {id: q2, by: ann, at: '0:05', text: x}
        """, {"q1": (3601.5, 3605.0), "q2": (5.5, 7.0)},
        ["  - {id: q1, by: ann, text: 'a flow quote'}", "  - {id: q2, by: ann, at: '0:05', text: x}"],
        ["  - {id: q1, by: ann, at: \"1:00:01.50\", end: \"1:00:05\", text: 'a flow quote'}",
         "  - {id: q2, by: ann, at: '00:05.50', end: \"00:07\", text: x}"]),
    "empty times, a time on its own line, single quotes": ("""\
        quotes:
          - id: q1
            at:
            end: ~  # to be found
            text: hi
          - id: q2
            at:
              '3:00'
            text: y
        """, {"q1": (1.0, 2.0), "q2": (180.0, 181.0)},
        ["    at:", "    end: ~  # to be found", "      '3:00'"],
        ['    at: "00:01"', '    end: "00:02"  # to be found', "      '03:00'",
         '    end: "03:01"']),
    "no line break at the end": (
        "quotes:\n  - id: q1\n    by: ann", {"q1": (1.0, 2.0)}, [],
        ['    at: "00:01"', '    end: "00:02"']),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_layouts_are_kept(layout: str) -> None:
    text, times, removed, added = LAYOUTS[layout]
    text = textwrap.dedent(text)
    after = set_times(text, times)
    assert changed_lines(text, after) == (removed, added)


def test_crlf_line_ends_and_a_bom_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes("\ufeffquotes:\r\n  - id: q1\r\n    by: ann\r\n    text: x\r\n"
                     .encode("utf-8"))
    write_times(path, {"q1": (1.0, 2.0)})
    assert path.read_bytes() == ("\ufeffquotes:\r\n  - id: q1\r\n    by: ann\r\n"
                                 "    at: \"00:01\"\r\n    end: \"00:02\"\r\n    text: x\r\n"
                                 ).encode("utf-8")


def test_only_the_quotes_given_are_touched_and_unknown_ids_are_refused() -> None:
    text = "quotes:\n  - id: a\n    at: '0:01'\n  - id: b\n    at: '0:02'\n"
    assert set_times(text, {"b": (3.0, 4.0)}) == \
        "quotes:\n  - id: a\n    at: '0:01'\n  - id: b\n    at: '00:03'\n    end: \"00:04\"\n"
    with pytest.raises(ValueError, match="no quotes with the ids nope, zz"):
        set_times(text, {"zz": (1.0, 2.0), "nope": (1.0, 2.0)})


@pytest.mark.parametrize("text, message", [
    ("quotes:\n  - id: a\n    at: '0:01\n      more'\n", "quotes[0].at: its value spans lines"),
    ("quotes:\n  - id: a\n    at: 0:01\n      more\n", "quotes[0].at: its value spans lines"),
    ("quotes:\n  - id: a\n    at: [1, 2]\n", "quotes[0].at: a time cannot replace a list"),
    ("quotes: [\n", "cannot read the YAML to write times into it"),
])
def test_what_cannot_be_edited_in_place_is_refused_and_the_file_left_whole(
        tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditError, match=re.escape(message)) as caught:
        write_times(path, {"a": (1.0, 2.0)})
    assert str(caught.value).startswith(str(path))
    assert isinstance(caught.value, QuizError)
    assert path.read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["c.yaml"]


SEED_IDS = [q["id"] for q in yaml.safe_load(SEED.read_text(encoding="utf-8"))["quotes"]]


@settings(max_examples=15, deadline=None)
@given(st.dictionaries(st.sampled_from(SEED_IDS),
                       st.tuples(st.floats(0, 40_000), st.floats(0, 40_000)), min_size=1))
def test_any_times_change_only_time_lines(times: dict[str, tuple[float, float]]) -> None:
    before = SEED.read_text(encoding="utf-8")
    after = set_times(before, times)
    removed, added = changed_lines(before, after)
    assert all(line.startswith(("    at: ", "    end: ")) for line in removed + added)
    quotes = {q["id"]: q for q in yaml.safe_load(after)["quotes"]}
    for qid, (at, end) in times.items():
        assert (quotes[qid]["at"], quotes[qid]["end"]) == (format_seconds(at),
                                                           format_seconds(end))
