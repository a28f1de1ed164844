"""The cards made from content."""

from __future__ import annotations

from collections import Counter

import pytest
from support import SEED, SMALL

from quiz.cards import BLANK, make_cards, new_card_order, not_made
from quiz.content import load_content, parse_content
from quiz.kinds import Kind


@pytest.fixture(scope="module")
def small():  # type: ignore[no-untyped-def]
    return parse_content(SMALL.encode(), "c.yaml")


def test_seed_cards_by_kind() -> None:
    content = load_content(SEED)
    counts = Counter(card.kind for card in make_cards(content))
    # two speakers, the guest with 14 of 16 quotes: who cards would teach nothing
    assert set(counts) == {Kind.QA, Kind.CLOZE}
    assert counts[Kind.QA] == sum(len(i.cards) for i in content.ideas) >= 24
    assert counts[Kind.CLOZE] == sum(len(q.cloze) for q in content.quotes) >= 4
    assert 30 <= sum(counts.values()) <= 70


def test_new_cards_put_a_fact_s_siblings_as_far_apart_as_the_deck_allows() -> None:
    cards = make_cards(load_content(SEED))
    order = new_card_order(cards)
    assert sorted(order.values()) == list(range(len(cards)))
    notes: dict[str, dict[tuple[str, str], int]] = {}  # fact: its notes' first places
    for card in cards:
        notes.setdefault(card.siblings, {}).setdefault((card.kind, card.note), order[card.id])
    shared = [sorted(places.values()) for places in notes.values() if len(places) > 1]
    singles = sum(len(places) == 1 for places in notes.values())
    assert shared
    for places in shared:  # every note of its own fact stands between a fact's first and second
        assert places[1] - places[0] > singles
    # a quote whose only note is its cloze is a fact of its own, in its place
    own = [places for places in notes.values() if len(places) == 1 and
           next(iter(places))[0] == "cloze"]
    assert own
    # otherwise the cards keep their order
    alone = [order[c.id] for c in cards if len(notes[c.siblings]) == 1]
    assert alone == sorted(alone)


def test_card_ids_are_unique_and_stable() -> None:
    first = [c.id for c in make_cards(load_content(SEED))]
    assert len(set(first)) == len(first)
    assert first == [c.id for c in make_cards(load_content(SEED))]
    assert all(c.startswith("ai-infra-42:") for c in first)


def test_ids_survive_edits_that_keep_identity(small) -> None:  # type: ignore[no-untyped-def]
    edited = SMALL.replace("It is like the plumber", "It was like the plumber").replace(
        "a: plumbing", "a: plumbing work")
    before = {c.id: c for c in make_cards(small)}
    after = {c.id: c for c in make_cards(parse_content(edited.encode(), "c.yaml"))}
    assert before.keys() == after.keys()
    assert after["small-ep:qa:plumber"].answer == "plumbing work"
    # a qa card without an id is identified by its question
    q_ids = [i for i in before if i.startswith("small-ep:qa:q-")]
    assert len(q_ids) == 1


def test_qa_card(small) -> None:  # type: ignore[no-untyped-def]
    card = next(c for c in make_cards(small, ["qa"]) if c.id == "small-ep:qa:plumber")
    assert card.front == "What trade does Bob compare infrastructure to?"
    assert card.back == "plumbing\n04:12 · Pipes and plumbers"
    assert card.accept == ("pipework",)
    assert card.tags == ("ep::small-ep", "kind::qa", "idea::pipes")
    assert card.link == "https://www.youtube.com/watch?v=abc&t=252"


def test_who_card(small) -> None:  # type: ignore[no-untyped-def]
    card = make_cards(small, ["who"])[0]
    assert card.front == "Who said this?\nIt is like the plumber of the early internet."
    assert card.back == "Bob (guest)\n05:01 · Pipes and plumbers"
    assert set(card.accept) == {"Bob"}
    assert card.tags == ("ep::small-ep", "kind::who", "idea::pipes", "speaker::bob")
    # Ann's only quote is a question: its question mark would give her away
    assert [c.note for c in make_cards(small, ["who"])] == ["plumber-quote", "rocket-quote"]


def test_who_cards_accept_every_name(multi) -> None:  # type: ignore[no-untyped-def]
    ann = [c for c in make_cards(multi, ["who"]) if c.speaker_id == "ann"]
    assert ann and all(c.accept == ("Ann", "Annie") for c in ann)


def test_cloze_cards_blank_each_phrase(small) -> None:  # type: ignore[no-untyped-def]
    cards = make_cards(small, ["cloze"])
    assert [(c.note, c.ordinal, c.answer) for c in cards] == [
        ("plumber-quote", 1, "plumber"), ("plumber-quote", 2, "early internet"),
        ("rocket-quote", 1, "rocket")]
    assert cards[0].front == f"It is like the {BLANK} of the early internet."
    assert cards[1].front == f"It is like the plumber of the {BLANK}."
    # every occurrence of a phrase is the same blank
    assert cards[2].front == f"Build the {BLANK} and sell tickets, {BLANK} after {BLANK}."
    assert "Build the rocket and sell tickets" in cards[2].back


def test_time_cards_and_approximate_times(small) -> None:  # type: ignore[no-untyped-def]
    when = make_cards(small, ["when"])
    assert [c.front for c in when] == ["When does the episode reach “Pipes and plumbers”?",
                                       "When does the episode reach “Building rockets”?"]
    assert [c.back for c in when] == ["04:12", "1:02:03"]
    topic = make_cards(small, ["topic"])
    assert topic[1].front == "What is discussed at 1:02:03?"
    assert topic[0].back == "Pipes and plumbers\nInfrastructure is plumbing."
    rocket = make_cards(small, ["who"])[1]
    assert (rocket.at, rocket.approximate, rocket.time) == (3723, True, "1:02:03")
    assert "~1:02:03" in rocket.back


def test_wording_follows_the_language() -> None:
    cards = make_cards(parse_content(SMALL.replace("language: en", "language: zh").encode(),
                                     "c.yaml"))
    who = next(c for c in cards if c.kind is Kind.WHO)
    topic = next(c for c in cards if c.kind is Kind.TOPIC)
    assert who.ask == "这句话是谁说的？"
    assert topic.ask == "04:12 在讨论什么？"


def test_to_dict_has_the_json_keys(small) -> None:  # type: ignore[no-untyped-def]
    card = make_cards(small, ["cloze"])[0]
    assert card.to_dict() == {
        "id": "small-ep:cloze:plumber-quote:1", "kind": "cloze",
        "front": "It is like the [...] of the early internet.",
        "back": "plumber\nIt is like the plumber of the early internet.\n"
                "Bob (guest) · 05:01 · Pipes and plumbers",
        "answer": "plumber",
        "at": 301, "time": "05:01", "approximate": False,
        "tags": ["ep::small-ep", "kind::cloze", "idea::pipes", "speaker::bob"],
        "episode": "small-ep",
    }


def test_kinds_filter_keeps_order(small) -> None:  # type: ignore[no-untyped-def]
    kinds = [c.kind for c in make_cards(small, ["topic", "qa"])]
    assert kinds == [Kind.QA, Kind.QA, Kind.TOPIC, Kind.TOPIC]


@pytest.mark.parametrize("language", ["zh", "zh-Hans", "yue", "cmn-TW", "ZH"])
def test_every_chinese_tag_gets_chinese_wording(language: str) -> None:
    text = SMALL.replace("language: en", f"language: {language}")
    who = make_cards(parse_content(text.encode(), "c.yaml"), ["who"])[0]
    assert who.ask == "这句话是谁说的？"


def test_a_qa_card_is_a_sibling_of_the_quote_that_answers_it() -> None:
    text = SMALL.replace("a: plumbing\n", "a: early internet\n").replace(
        "        a: the plumber\n", "        a: the plumber\n"
        "      - q: What does the plumber stand for?\n"
        "        a: quiet work that all else needs\n")
    content = parse_content(text.encode(), "c.yaml")
    cards = {c.id: c for c in make_cards(content)}
    quote = cards["small-ep:cloze:plumber-quote:1"].siblings
    assert quote == cards["small-ep:who:plumber-quote"].siblings == "quote:plumber-quote"
    assert cards["small-ep:qa:plumber"].siblings == quote  # its answer is blanked there
    asked = [c for c in cards.values() if c.ask == "What does the plumber stand for?"]
    assert asked[0].siblings == quote  # its question shows that quote's blank



def test_every_card_names_its_fact(small) -> None:  # type: ignore[no-untyped-def]
    """A card's siblings are a quote's or an idea's cards, or the card alone (a qa card that
    no quote answers): never empty, so that the scheduler needs no fallback."""
    cards = make_cards(small)
    assert {c.kind for c in cards} == set(Kind)
    alone = [c.id for c in cards if c.siblings == c.id]
    assert alone == ["small-ep:qa:plumber"]  # no quote says or blanks "plumbing"
    assert all(c.siblings.startswith(("quote:", "idea:")) for c in cards if c.id not in alone)


def test_the_cards_of_a_quote_name_it(small) -> None:  # type: ignore[no-untyped-def]
    """Who and cloze cards are made of a quote and say which (the preview places them by it);
    the other kinds are made of an idea."""
    cards = make_cards(small)
    quoted = {c.kind: c.quote_id for c in cards if c.id.endswith(":plumber-quote")
              or c.id.endswith(":plumber-quote:1")}
    assert quoted == {Kind.WHO: "plumber-quote", Kind.CLOZE: "plumber-quote"}
    assert all(c.quote_id is None for c in cards if c.kind not in (Kind.WHO, Kind.CLOZE))


def test_a_cloze_card_holds_its_quote_once(small) -> None:  # type: ignore[no-untyped-def]
    cards = make_cards(small, ["cloze"])
    # the blanked front is worked out when shown: a long quote with many phrases is not
    # copied once per phrase
    assert cards[0].text is cards[1].text is cards[0].details
    assert cards[0].quote == f"It is like the {BLANK} of the early internet."


def test_not_made_says_why_a_kind_is_not_made(small) -> None:  # type: ignore[no-untyped-def]
    seed = load_content(SEED)
    assert not_made([seed], ["qa", "cloze"]) == {}
    assert list(not_made([seed], ["topic", "who", "topic"])) == [Kind.TOPIC, Kind.WHO]
    assert not_made([seed], ["who"])[Kind.WHO].startswith("本集不生成 who 卡片")
    assert not_made([seed, small], ["who"]) == {}  # the small episode makes them
    other = parse_content(SMALL.replace("id: small-ep", "id: other").replace(
        "[qa, cloze, who, when, topic]", "[qa]").encode(), "o.yaml")
    assert not_made([other, other], ["who"]) == {Kind.WHO: (
        "none of these episodes makes who cards: episode.kinds does not list it. List who in "
        "episode.kinds to make them.")}


def test_the_speakers_role_follows_the_episodes_language(small) -> None:  # type: ignore[no-untyped-def]
    # the fixed parts of a card (labels, roles) follow the episode's language (docs/format.md)
    chinese = parse_content(SMALL.replace("language: en", "language: zh").replace(
        "role: host", "role: 主持").encode(), "c.yaml")
    for content, who, cloze in ((small, "Bob (guest)", "Bob (guest)"),
                                (chinese, "Bob（嘉宾）", "Bob（嘉宾）")):
        cards = make_cards(content, ["who", "cloze"])
        assert {c.answer for c in cards if c.kind == Kind.WHO and c.speaker_id == "bob"} == {who}
        assert {c.speaker for c in cards if c.kind == Kind.CLOZE} == {cloze}
    assert [s.labelled("zh") for s in chinese.speakers] == ["Ann（主持）", "Bob（嘉宾）"]
