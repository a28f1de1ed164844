"""Properties that hold for any input (Hypothesis): the loader fails only with ContentError,
and times format and parse back. (Grading's normalisation is in test_grading.py.)"""

from __future__ import annotations

import contextlib
import json
import warnings

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import SMALL

from quiz.cards import make_cards
from quiz.content import (
    CARD_KEYS,
    EPISODE_KEYS,
    IDEA_KEYS,
    QUOTE_KEYS,
    SPEAKER_KEYS,
    TOP_KEYS,
    parse_content,
)
from quiz.errors import ContentError
from quiz.times import format_time, parse_time

with warnings.catch_warnings():
    # Hypothesis writes a failing example as a patch with libcst, whose import warns (a
    # deprecated mypy_extensions API) and so, under filterwarnings=error, hid the failure.
    warnings.simplefilter("ignore", DeprecationWarning)
    with contextlib.suppress(ImportError):
        import libcst.metadata  # noqa: F401

PATH = "fuzz.yaml"
MODEST = settings(max_examples=200, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Scalars that YAML or the loader read specially, and short words that make ids, references
# and cloze phrases meet now and then.
TRICKY = ["15:07", "4:12", "1:75:00", "75:99", "-1:00", "907", "soon", "yes", "no", "~", "null",
          "3.10", "2025-08-02", "2025-13-01", "0x1F", "a", "b", "ann", "a b", "A", "", " ",
          "<script>alert(1)</script>", "{{c1::x}}", "水管工", "e\u0301", "https://x.org/a"]
scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
           | st.sampled_from(TRICKY))
ALL_KEYS = sorted({*TOP_KEYS, *EPISODE_KEYS, *SPEAKER_KEYS, *IDEA_KEYS, *CARD_KEYS,
                   *QUOTE_KEYS, "speaker", "titel"})
keys = st.sampled_from(ALL_KEYS) | st.text(max_size=6)
trees = st.recursive(
    scalars,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(keys, kids, max_size=5),
    max_leaves=25,
)


def entries(allowed: tuple[str, ...], values: st.SearchStrategy[object] = scalars
            ) -> st.SearchStrategy[list[dict[str, object]]]:
    """Return lists of mappings with (mostly) the keys a part of the content has."""
    key = st.sampled_from(allowed) | st.sampled_from(["speaker", "nmae", "", "1"])
    return st.lists(st.dictionaries(key, values, max_size=len(allowed) + 1), max_size=3)


# Documents shaped like content, so that validation goes deep and sometimes succeeds.
contentish = st.fixed_dictionaries(
    {
        "episode": st.dictionaries(st.sampled_from(EPISODE_KEYS), scalars, min_size=2)
        | trees,
        "speakers": entries(SPEAKER_KEYS, scalars | st.lists(scalars, max_size=2)),
    },
    optional={
        "format": scalars,
        "ideas": entries(IDEA_KEYS, scalars | st.lists(scalars, max_size=2)
                         | entries(CARD_KEYS, scalars | st.lists(scalars, max_size=2))),
        "quotes": entries(QUOTE_KEYS, scalars | st.lists(scalars, max_size=3)),
        "extra": trees,
    },
)


def dump(value: object, flow: bool | None) -> bytes:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow).encode()


def load_or_refuse(data: bytes) -> None:
    """Load `data`: it must give content that makes cards, or ContentError with places."""
    try:
        content = parse_content(data, PATH)
    except ContentError as e:
        assert e.problems
        for problem in e.problems:
            assert problem.file == PATH and problem.line >= 1 and problem.col >= 1
            assert str(problem).startswith(f"{PATH}:{problem.line}:{problem.col}: ")
            assert problem.message and len(str(problem).splitlines()) == 1  # one line each
        return
    cards = make_cards(content)
    json.dumps([card.to_dict() for card in cards])
    assert len({card.id for card in cards}) == len(cards)


@MODEST
@given(trees, st.sampled_from([None, True, False]))
def test_any_yaml_document_loads_or_is_refused(value: object, flow: bool | None) -> None:
    load_or_refuse(dump(value, flow))


@MODEST
@given(contentish, st.sampled_from([None, True, False]))
@example({"episode": {"id": "a", "title": "a"}, "speakers": [{"id": "a", "name": "a"}],
          "quotes": [{"id": "a", "by": "a", "text": "a b", "cloze": ["a", "b"]}]}, None)
def test_content_shaped_documents_load_or_are_refused(value: object, flow: bool | None) -> None:
    load_or_refuse(dump(value, flow))


@MODEST
@given(st.text(max_size=300))
def test_any_text_loads_or_is_refused(text: str) -> None:
    load_or_refuse(text.encode("utf-8", "surrogatepass"))


@MODEST
@given(st.binary(max_size=300))
def test_any_bytes_load_or_are_refused(data: bytes) -> None:
    load_or_refuse(data)


@MODEST
@given(st.data())
def test_a_valid_file_with_a_slip_loads_or_is_refused(data: st.DataObject) -> None:
    """Cut a piece out of a valid file and put some text in its place: the slips people make."""
    text = SMALL
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 20)))
    slip = data.draw(st.text(alphabet=" \t\n:-[]{}'\"&*!#|>,?%@`\\ab1", max_size=6))
    load_or_refuse((text[:start] + slip + text[end:]).encode())


@MODEST
@given(st.integers(min_value=0, max_value=100 * 3600))
def test_times_format_and_parse_back(seconds: int) -> None:
    text = format_time(seconds)
    assert parse_time(text) == seconds
    assert parse_time(text.removeprefix("0")) == seconds  # m:ss as well as mm:ss


@MODEST
@given(st.text(max_size=12) | st.from_regex(r"-?\d{1,3}(:\d{1,3}){0,3}", fullmatch=True))
def test_parse_time_returns_seconds_or_says_why_not(text: str) -> None:
    try:
        seconds = parse_time(text)
    except ValueError as e:
        assert "is not a time" in str(e)
    else:
        assert seconds >= 0
        assert parse_time(format_time(seconds)) == seconds
