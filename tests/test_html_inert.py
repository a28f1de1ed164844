"""Content is never live: markup in any text shows as text in real Anki."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from support import import_package

from quiz.apkg import write_deck
from quiz.cards import make_cards
from quiz.content import parse_content

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SOUND = "[sound:evil.mp3]"
# and Anki's own syntax: a template field, a sound tag, a type-in box
PAYLOAD = f"{SCRIPT} {IMG} {{{{Back}}}} {SOUND} [[type:Back]]"

# Every text a card shows, each holding the payload (single quotes: YAML keeps it as written).
HOSTILE = f"""\
episode:
  id: hostile
  title: 'Title {PAYLOAD}'
  show: 'Show {PAYLOAD}'
  kinds: [who, when, topic]
speakers:
  - id: eve
    name: 'Eve {PAYLOAD}'
    role: 'role {PAYLOAD}'
ideas:
  - id: xss
    at: "1:00"
    title: 'Idea {PAYLOAD}'
    summary: 'Summary {PAYLOAD}'
    cards:
      - q: 'Question {PAYLOAD}?'
        a: 'Answer {PAYLOAD}'
quotes:
  - id: q
    by: eve
    at: "1:30"
    text: 'Quote {SCRIPT} and then {IMG} and {{{{c1::x}}}}'
    cloze: ['{IMG}']
"""


class Tags(HTMLParser):
    """Collect the elements and attributes of rendered HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)


def text_of(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def test_markup_in_every_text_shows_as_text_in_anki(tmp_path: Path, collection) -> None:  # type: ignore[no-untyped-def]
    content = parse_content(HOSTILE.encode(), "hostile.yaml")
    cards = make_cards(content)
    assert {card.kind.value for card in cards} == {"qa", "who", "cloze", "when", "topic"}
    import_package(collection, write_deck(content, cards, tmp_path / "hostile.apkg"))
    ids = collection.find_cards("")
    assert len(ids) == len(cards)
    seen = ""
    for cid in ids:
        card = collection.get_card(cid)
        # a sound tag in a text plays nothing, and no text opens a type-in box
        assert not card.question_av_tags() and not card.answer_av_tags()
        for html in (card.question(), card.answer()):
            assert "typeans" not in html
            tags = Tags(html)
            assert "script" not in tags.tags and "img" not in tags.tags, html
            assert not [a for a in tags.attributes if a.startswith("on")], html
            assert "<script>alert" not in html and "<img src=x" not in html
            assert "{{" not in text_of(html).replace("{{Back}}", "").replace("{{c1::x}}", "")
        shown = text_of(card.question() + " " + card.answer())
        seen += shown + "\n"
    # each text reached its card as the characters written
    for text in (f"Question {PAYLOAD}?", f"Answer {PAYLOAD}", f"Eve {PAYLOAD}",
                 f"role {PAYLOAD}", f"Idea {PAYLOAD}", f"Summary {PAYLOAD}",
                 f"Quote {SCRIPT} and then {IMG} and {{{{c1::x}}}}"):
        assert text in seen, text
    cloze = [collection.get_card(cid) for cid in collection.find_cards("tag:kind::cloze")]
    assert len(cloze) == 1  # `{{c1::x}}` in the text made no card of its own
    assert f"Quote {SCRIPT} and then [...] and" in text_of(cloze[0].question())
