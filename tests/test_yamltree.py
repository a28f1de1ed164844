"""The YAML tree: plain nodes with their place, nothing constructed, hostile input refused."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import quiz.yamltree
from quiz.yamltree import Map, Node, Scalar, Seq, YamlFailure, read_tree


def tree(text: str) -> Node:
    return read_tree(text.encode("utf-8"), "t.yaml")


def failure(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(YamlFailure) as info:
        read_tree(data, "t.yaml")
    return str(info.value.problem)


def test_a_mapping_keeps_its_pairs_in_order_with_their_places() -> None:
    root = tree("b: 1\na:\n  - x\n  - {y: z}\n")
    assert isinstance(root, Map) and (root.line, root.col) == (1, 1)
    (b, one), (a, items) = root.pairs
    assert (b.text, one.text, a.text) == ("b", "1", "a")
    assert isinstance(one, Scalar) and (one.line, one.col) == (1, 4)
    assert isinstance(items, Seq) and (items.line, items.col) == (3, 3)
    x, inner = items.items
    assert isinstance(x, Scalar) and x.text == "x"
    assert isinstance(inner, Map) and [(k.text, v.text) for k, v in inner.pairs] == [("y", "z")]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("written", "text", "plain"), [
    ("15:07", "15:07", True), ("'15:07'", "15:07", False), ("yes", "yes", True),
    ("3.10", "3.10", True), ("2025-08-02", "2025-08-02", True), ('"~"', "~", False),
    ("!!str 12", "12", False), ("|\n  two\n  lines", "two\nlines\n", False),
])
def test_a_scalar_is_the_text_as_written(written: str, text: str, plain: bool) -> None:
    (_, value), = tree(f"k: {written}\n").pairs  # type: ignore[attr-defined]
    assert isinstance(value, Scalar) and (value.text, value.plain) == (text, plain)


@pytest.mark.parametrize(("written", "null"), [
    ("~", True), ("null", True), ("", True), ("'null'", False), ("'~'", False), ("0", False),
])
def test_null_is_only_a_plain_null(written: str, null: bool) -> None:
    (_, value), = tree(f"k: {written}\n").pairs  # type: ignore[attr-defined]
    assert value.is_null is null


def test_what_a_node_is_in_words() -> None:
    root = tree("a: [1]\nb: {c: d}\ne: f\ng:\n")
    assert [v.describe() for _, v in root.pairs] == [  # type: ignore[attr-defined]
        "a list", "a mapping", "text", "nothing"]


@pytest.mark.parametrize(("text", "message"), [
    ("a: &x 1\nb: *x\n", "t.yaml:2:4: aliases (*x) are not supported"),
    ("a: !!python/object/apply:os.system [ls]\n", "the YAML tag '!!python/object/apply:os.system'"),
    ("a: !custom 1\n", "the YAML tag '!custom' is not allowed"),
    ("a: 1\n---\nb: 2\n", "a second YAML document"),
    ("", "t.yaml:1:1: the file is empty"),
    ("# only a comment\n", "the file is empty"),
    ("a: [1, 2\n", "t.yaml:1:4: malformed YAML: the list opened here is never closed: a ']' "
     "is missing"),
    ("a: [1, 2\nb: 3\n", "t.yaml:2:2: malformed YAML: while parsing a flow sequence did not "
     "find expected ',' or ']' (the list opened at line 1, column 4 is not closed: is a ']' "
     "missing?)"),
    ("a: {b: 1\n", "t.yaml:1:4: malformed YAML: the mapping opened here is never closed: a '}' "
     "is missing"),
    ("a:\n  b: 1\n\tc: 2\n", "t.yaml:3:1: malformed YAML: a tab in the indentation: tabs "
     "cannot indent YAML; use spaces"),
    ("a:\n\t- 1\n", "t.yaml:2:1: malformed YAML: a tab in the indentation: tabs cannot indent "
     "YAML; use spaces"),
    ("a:\n  - 1\n  \t- 2\n", "t.yaml:3:3: malformed YAML: a tab in the indentation"),
    ('a: "open\nb: c\nd: "x"\n', "t.yaml:3:5: malformed YAML: while parsing a block mapping did "
     "not find expected key (the quoted text from line 1, column 4 runs to here: is its "
     "closing quote missing?)"),
    ("[" * 40 + "]" * 40, "nesting deeper than 32 levels"),
])
def test_what_cannot_be_content_is_refused(text: str, message: str) -> None:
    assert message in failure(text)


def test_the_encoding_is_checked() -> None:
    assert "is UTF-16; save it as UTF-8" in failure("a: 1\n".encode("utf-16"))
    assert "t.yaml:2:4: the file is not UTF-8 (byte 0xff)" in failure(b"a: 1\nb: \xff\n")
    assert isinstance(read_tree(b"\xef\xbb\xbfa: 1\n", "t.yaml"), Map)  # a BOM is fine


def test_the_number_of_values_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quiz.yamltree, "MAX_NODES", 5)
    assert "more than 5 values" in failure("[1, 2, 3, 4, 5]\n")
    assert isinstance(tree("[1, 2, 3, 4]\n"), Seq)


# Plain data as YAML's own safe loader reads it, with every scalar as text: the tree holds the
# same values, so nothing is lost or invented between the parser and the tree.
PLAIN = st.recursive(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(alphabet="abcxyz", min_size=1, max_size=4), children, max_size=4),
    max_leaves=20)


def as_data(node: Node) -> object:
    if isinstance(node, Map):
        return {as_data(k): as_data(v) for k, v in node.pairs}
    if isinstance(node, Seq):
        return [as_data(item) for item in node.items]
    assert isinstance(node, Scalar)
    return node.text


@given(PLAIN)
def test_the_tree_holds_what_was_dumped(value: object) -> None:
    text = yaml.safe_dump({"v": value}, allow_unicode=True, default_style='"')
    assert as_data(tree(text)) == {"v": value}
