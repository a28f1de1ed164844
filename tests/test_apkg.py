"""Decks proven in real Anki: the `anki` package is Anki's own backend."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from html import unescape
from pathlib import Path

from support import SEED, SMALL, import_package

from quiz.apkg import (
    CARD_FIELDS,
    CARD_MODEL_ID,
    CLOZE_FIELDS,
    CLOZE_MODEL_ID,
    stable_id,
    write_deck,
)
from quiz.cards import make_cards
from quiz.content import load_content, parse_content

T0 = 1_700_000_000.0  # a fixed build time in the past, so tests control which build is newer


def text_of(html: str) -> str:
    """Return what a person reads in rendered card HTML."""
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def build(content_text: str, path: Path, timestamp: float | None = T0) -> Path:
    """Build the deck of `content_text` at `path`, its note versions locked beside it."""
    content = parse_content(content_text.encode(), "c.yaml")
    return write_deck(content, make_cards(content), path, lock=path.with_suffix(".lock"),
                      timestamp=timestamp)


def cards_by_tag(col, tag: str) -> list:  # type: ignore[no-untyped-def]
    return [col.get_card(cid) for cid in col.find_cards(f"tag:{tag}")]


def test_seed_deck_imports_into_anki(tmp_path: Path, collection) -> None:  # type: ignore[no-untyped-def]
    content = load_content(SEED)
    cards = make_cards(content)
    deck = write_deck(content, cards, tmp_path / "seed.apkg", timestamp=T0)
    log = import_package(collection, deck)
    col = collection
    notes = len({(c.kind, c.note) for c in cards})
    assert len(log.new) == notes == col.note_count()
    assert col.card_count() == len(cards)
    expected = Counter(c.kind.value for c in cards)
    for kind, count in expected.items():
        assert len(col.find_cards(f"tag:kind::{kind}")) == count, kind
    assert col.db.scalar("select count() from notes where id not in (select nid from cards)") == 0
    firsts = [f.split("\x1f")[0] for f in col.db.list("select flds from notes")]
    assert len(set(firsts)) == len(firsts)  # Anki's first field: unique, so no false duplicates
    assert not any("<div" in f or "<blockquote" in f for f in firsts)
    assert "42章经::关于 AI Infra 的一切" in [d.name for d in col.decks.all_names_and_ids()]
    for card in (col.get_card(cid) for cid in col.find_cards("")):
        assert text_of(card.question()), card.note().fields
        assert text_of(card.answer())
    for card in cards_by_tag(col, "kind::cloze"):
        assert "[...]" in text_of(card.question())
        assert "[...]" not in text_of(card.answer())
    assert set(expected) == {"qa", "cloze"}  # who cards would teach nothing here
    # the role, written `guest`, in the episode's language on the card
    assert any("朱亦博（嘉宾）" in text_of(c.answer()) for c in cards_by_tag(col, "kind::cloze"))
    assert not any("guest" in text_of(c.answer()) for c in cards_by_tag(col, "kind::cloze"))
    assert len(col.find_cards("tag:ep::ai-infra-42 tag:speaker::zhuyibo tag:idea::*")) > 0


def test_anki_shows_the_cards_of_one_fact_on_different_days(tmp_path: Path, collection) -> None:  # type: ignore[no-untyped-def]
    """Anki keeps apart the cards of one note only; the seed's qa cards whose answer a
    quote blanks (水管工, 造火箭) come a day before its cloze at Anki's 20 new cards a day."""
    content = load_content(SEED)
    cards = make_cards(content)
    import_package(collection, write_deck(content, cards, tmp_path / "seed.apkg", timestamp=T0))
    fact = {card.id: card.siblings for card in cards}
    note_of = {card.id: (card.kind, card.note) for card in cards}

    def card_id(fields: str, ord_: int, cloze: bool) -> str:  # the Id field names the card
        key = fields.rsplit("\x1f", 1)[-1]
        return f"{key}:{ord_ + 1}" if cloze else key

    def shown(col) -> list[str]:  # type: ignore[no-untyped-def]
        """The new cards Anki's scheduler shows today, each answered Easy as it comes."""
        ids = []
        while queued := col.sched.get_queued_cards(fetch_limit=1).cards:
            card = col.get_card(queued[0].card.id)
            ids.append(card_id(card.note().joined_fields(), card.ord,
                               card.note_type()["type"] == 1))
            answer(col, card, ease=4)  # Easy: learnt, due in days, not again today
        return ids

    collection.decks.select(collection.decks.id_for_name("42章经::关于 AI Infra 的一切"))
    today = shown(collection)
    assert len(today) == 20  # Anki's default
    pairs = [(a, b) for a in today for b in today
             if a < b and fact[a] == fact[b] and note_of[a] != note_of[b]]
    assert pairs == []
    # the qa cards that a cloze would give away (or that would give it away) come today,
    # the clozes another day
    clozed = {c.siblings for c in cards if c.kind.value == "cloze"}
    asked = {c.id for c in cards if c.kind.value == "qa" and c.siblings in clozed}
    assert asked and asked <= set(today)  # 水管工 and 造火箭
    assert not any(":cloze:" in card for card in today)


def test_cloze_note_blanks_every_occurrence(tmp_path: Path, collection) -> None:  # type: ignore[no-untyped-def]
    import_package(collection, build(SMALL, tmp_path / "d.apkg"))
    rocket = [c for c in cards_by_tag(collection, "kind::cloze")
              if "tickets" in text_of(c.answer())]
    assert len(rocket) == 1
    assert text_of(rocket[0].question()).count("[...]") == 3
    plumber = sorted((c for c in cards_by_tag(collection, "kind::cloze")
                      if "internet" in text_of(c.answer())), key=lambda c: c.ord)
    assert [c.ord for c in plumber] == [0, 1]
    assert "the [...] of the early internet" in text_of(plumber[0].question())
    assert "the plumber of the [...]" in text_of(plumber[1].question())


def test_content_html_is_not_live(tmp_path: Path, collection) -> None:  # type: ignore[no-untyped-def]
    hostile = SMALL.replace("It is like the plumber of the early internet.",
                            "'<b>bold</b> & {{c9::x}} <script>alert(1)</script> plumber'"
                            ).replace("cloze: [plumber, early internet]", "cloze: [plumber]")
    import_package(collection, build(hostile, tmp_path / "d.apkg"))
    shown = [c for c in cards_by_tag(collection, "speaker::bob")
             if "alert" in c.question() + c.answer()]
    assert len(shown) == 2  # its who card and its cloze card
    for card in shown:
        html = card.question() + card.answer()
        assert "<script>alert" not in html and "<b>bold" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<b>bold</b> & {{c9::x}} <script>alert(1)</script>" in text_of(html)
    assert len(cards_by_tag(collection, "kind::cloze")) == 2  # no stray c9 card


def test_time_links_into_the_audio(tmp_path: Path, collection) -> None:  # type: ignore[no-untyped-def]
    import_package(collection, build(SMALL, tmp_path / "d.apkg"))
    qa = cards_by_tag(collection, "kind::qa")[0]
    assert 'href="https://www.youtube.com/watch?v=abc&amp;t=252"' in qa.answer()
    when = [c for c in cards_by_tag(collection, "kind::when") if "1:02:03" in c.answer()]
    assert when


def edit(text: str) -> str:
    """The edits of the re-import test: a quote's wording, an answer, a new card."""
    return (text.replace("It is like the plumber of the early internet.",
                         "It is just like the plumber of the early internet.")
                .replace("a: plumbing\n", "a: plumbing work\n")
                .replace("      - q: Who keeps the water running?",
                         "      - {id: new-card, q: What is new?, a: this}\n"
                         "      - q: Who keeps the water running?"))


def answer(col, card, ease: int = 3) -> None:  # type: ignore[no-untyped-def]
    from anki.scheduler.v3 import CardAnswer

    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    rating = {1: CardAnswer.AGAIN, 3: CardAnswer.GOOD, 4: CardAnswer.EASY}[ease]
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=rating))


def test_rebuild_updates_notes_and_keeps_history(tmp_path: Path, collection) -> None:  # type: ignore[no-untyped-def]
    col = collection
    import_package(col, build(SMALL, tmp_path / "v1.apkg", timestamp=T0))
    notes_before, cards_before = col.note_count(), col.card_count()
    answered = []
    for tag in ("kind::qa", "kind::cloze", "kind::who"):
        card = cards_by_tag(col, tag)[0]
        answer(col, card)
        answered.append(card.id)
    history = {cid: col.db.scalar("select count() from revlog where cid=?", cid)
               for cid in answered}
    intervals = {cid: col.get_card(cid).ivl for cid in answered}
    assert all(n == 1 for n in history.values())

    log = import_package(col, build(edit(SMALL), tmp_path / "v2.apkg", timestamp=T0 + 60))
    assert len(log.new) == 1
    assert col.note_count() == notes_before + 1
    assert col.card_count() == cards_before + 1
    guids = col.db.list("select guid from notes")
    assert len(guids) == len(set(guids))
    texts = " ".join(text_of(col.get_card(c).answer()) for c in col.find_cards(""))
    assert "It is just like the plumber" in texts and "plumbing work" in texts
    assert "It is like the plumber" not in texts
    assert col.find_cards('"What is new?"')
    for cid in answered:
        card = col.get_card(cid)
        assert card.type != 0, "an answered card must not be new again"
        assert card.ivl == intervals[cid]
        assert col.db.scalar("select count() from revlog where cid=?", cid) == history[cid]


def test_a_rebuild_without_a_timestamp_is_newer_than_the_deck_it_replaces(
        tmp_path: Path, collection) -> None:  # type: ignore[no-untyped-def]
    deck = tmp_path / "d.apkg"
    build(SMALL, deck, timestamp=None)
    import_package(collection, deck)
    build(edit(SMALL), deck, timestamp=None)  # at once: within the same second
    import_package(collection, deck)
    texts = " ".join(text_of(collection.get_card(c).answer())
                     for c in collection.find_cards(""))
    assert "plumbing work" in texts


def test_a_rebuild_updates_only_the_changed_notes(tmp_path: Path, collection) -> None:  # type: ignore[no-untyped-def]
    col = collection
    deck = tmp_path / "d.apkg"
    build(SMALL, deck, timestamp=T0)
    import_package(col, deck)
    # the user edits a note in Anki that the next build does not change
    bob = col.get_note(col.find_notes("tag:kind::who tag:speaker::bob")[0])
    bob["Details"] = "my own note"
    col.update_note(bob)
    build(SMALL.replace("a: plumbing\n", "a: plumbing work\n"), deck, timestamp=T0 + 60)
    log = import_package(col, deck)
    assert (len(log.new), len(log.updated)) == (0, 1)
    assert col.get_note(bob.id)["Details"] == "my own note"
    build(SMALL.replace("a: plumbing\n", "a: plumbing work\n"), deck, timestamp=T0 + 120)
    assert len(import_package(col, deck).updated) == 0  # nothing changed: nothing to apply


def test_note_types_and_deck_ids_are_fixed(tmp_path: Path) -> None:
    # Released: changing these makes Anki split the note types and stop updating notes.
    assert CARD_MODEL_ID == stable_id("quiz/note-type/card/v1") == 1707950795
    assert CLOZE_MODEL_ID == stable_id("quiz/note-type/cloze/v1") == 1768640195
    assert CARD_FIELDS == ("Front", "Ask", "Back", "Details", "Speaker", "Time", "Link", "Idea",
                           "Episode", "Kind", "Id")
    assert CLOZE_FIELDS == ("Text", "Details", "Speaker", "Time", "Link", "Idea", "Episode",
                            "Id")
    from quiz.apkg import make_deck

    a = parse_content(SMALL.encode(), "c.yaml")
    b = parse_content(SMALL.replace("title: A small episode", "title: Renamed").encode(), "c")
    deck_a, deck_b = make_deck(a, make_cards(a)), make_deck(b, make_cards(b))
    assert deck_a.deck_id == deck_b.deck_id == stable_id("quiz/deck/small-ep")
    assert (deck_a.name, deck_b.name) == ("Test Show::A small episode", "Test Show::Renamed")


def test_the_package_is_a_complete_zip(tmp_path: Path) -> None:
    deck = build(SMALL, tmp_path / "d.apkg")
    with zipfile.ZipFile(deck) as z:
        assert sorted(z.namelist()) == ["collection.anki2", "media"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.apkg", "d.lock"]
