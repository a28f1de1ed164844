"""Write the notes `quiz build` writes, straight with genanki: the yardstick for the build.

It reads nothing: the texts come from the benchmark's generator in memory (as the content
file `quiz build` reads), and each note gets the fields, tags and GUID that quiz gives it,
built the plain way (html.escape, f-strings) and written with genanki.Package.write_to_file.

Making the texts is not genanki's work: the script times it itself and prints it last
(`prepared in W s wall, C s cpu`), and bench/run.py takes it off the script's time.

    python bench/baseline_genanki.py 10000 -o /tmp/baseline.apkg
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from pathlib import Path
from typing import Any

import genanki

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import SPEAKERS, generate

CARD_FIELDS = ("Front", "Ask", "Back", "Details", "Speaker", "Time", "Link", "Idea", "Episode",
               "Kind", "Id")
CLOZE_FIELDS = ("Text", "Details", "Speaker", "Time", "Link", "Idea", "Episode", "Id")
META = (
    '<div class="meta">{{#Speaker}}<span class="speaker">{{Speaker}}</span>{{/Speaker}}'
    '{{#Time}}<span class="time">{{#Link}}<a href="{{Link}}">{{Time}}</a>{{/Link}}'
    "{{^Link}}{{Time}}{{/Link}}</span>{{/Time}}"
    '{{#Idea}}<span class="idea">{{Idea}}</span>{{/Idea}}</div>\n'
    '<div class="episode">{{Episode}}</div>'
)
CSS = ".card { font-family: sans-serif; font-size: 22px; line-height: 1.6; }\n" * 25

CARD_MODEL = genanki.Model(
    1707950795, "quiz card", fields=[{"name": f} for f in CARD_FIELDS],
    templates=[{
        "name": "Card",
        "qfmt": '{{#Ask}}<div class="ask">{{Ask}}</div>{{/Ask}}'
                '<div class="front {{Kind}}">{{Front}}</div>',
        "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Back}}</div>\n'
                '{{#Details}}<div class="details">{{Details}}</div>{{/Details}}\n' + META,
    }],
    css=CSS,
)
CLOZE_MODEL = genanki.Model(
    1768640195, "quiz cloze", fields=[{"name": f} for f in CLOZE_FIELDS],
    templates=[{
        "name": "Cloze",
        "qfmt": "<blockquote>{{cloze:Text}}</blockquote>",
        "afmt": '<blockquote>{{cloze:Text}}</blockquote>\n<hr id="answer">\n'
                '{{#Details}}<div class="details">{{Details}}</div>{{/Details}}\n' + META,
    }],
    css=CSS, model_type=genanki.Model.CLOZE,
)

ESC = html.escape
LINK = "https://www.youtube.com/watch?v=bench&amp;t="


# A note to write: its note type, fields, tags, and what its GUID is made of.
Spec = tuple[genanki.Model, list[str], list[str], tuple[str, ...]]


def card_note(ep: str, kind: str, item: str, front: str, back: str, details: str,
              speaker: str, time: str, idea: str, episode: str, tags: list[str],
              ask: str = "") -> Spec:
    fields = [front, ask, back, details, speaker, time, LINK + "0" if time else "", idea,
              episode, kind, f"{ep}:{kind}:{item}"]
    return CARD_MODEL, fields, tags, (ep, kind, item)


def cloze_note(ep: str, quote: dict[str, Any], speaker: str, time: str, idea: str,
               episode: str, tags: list[str]) -> Spec:
    text = ESC(quote["text"])
    for n, phrase in enumerate(quote["cloze"], start=1):
        text = text.replace(ESC(phrase), f"{{{{c{n}::{ESC(phrase)}}}}}")
    fields = [text, "", speaker, time, LINK + "0" if time else "", idea, episode,
              f"{ep}:cloze:{quote['id']}"]
    return CLOZE_MODEL, fields, tags, (ep, "cloze", quote["id"])


def note_specs(content: dict[str, Any]) -> list[Spec]:
    """Return every note quiz makes of `content`, in quiz's order."""
    ep = content["episode"]["id"]
    episode = ESC(f"Bench · {content['episode']['title']} · 2025-08-02")
    speakers = {s["id"]: f"{s['name']} ({s['role']})" for s in SPEAKERS}
    ideas = {i["id"]: i for i in content["ideas"]}
    base = [f"ep::{ep}"]
    qa, when, topic = [], [], []
    for idea in content["ideas"]:
        title, at = ESC(idea["title"]), idea.get("at", "")
        tags = [*base, "kind::qa", f"idea::{idea['id']}"]
        for card in idea.get("cards", []):
            qa.append(card_note(ep, "qa", card.get("id") or card["q"],
                                ESC(card["q"]), ESC(card["a"]), "",
                                "", at, title, episode, tags))
        if at:
            when.append(card_note(ep, "when", idea["id"],
                                  f"节目什么时候讲到「{title}」?", at, "",
                                  "", at, title, episode, [*base, "kind::when",
                                                           f"idea::{idea['id']}"]))
            topic.append(card_note(ep, "topic", idea["id"], f"{at} 在讨论什么?",
                                   title, ESC(idea.get("summary", "")), "", at, title,
                                   episode, [*base, "kind::topic", f"idea::{idea['id']}"]))
    who, cloze = [], []
    for quote in content["quotes"]:
        idea = ideas.get(quote.get("idea", ""), content["ideas"][0])
        title, at = ESC(idea["title"]), quote.get("at") or "~" + idea.get("at", "")
        speaker, text = speakers[quote["by"]], ESC(quote["text"])
        ids = [f"idea::{idea['id']}", f"speaker::{quote['by']}"]
        who.append(card_note(ep, "who", quote["id"], text, ESC(speaker), "", "", at, title,
                             episode, [*base, "kind::who", *ids], ask="这句话是谁说的?"))
        cloze.append(cloze_note(ep, quote, ESC(speaker), at, title, episode,
                                [*base, "kind::cloze", *ids]))
    return [*qa, *who, *cloze, *when, *topic]


def make_deck(title: str, specs: list[Spec]) -> genanki.Deck:
    """Return the deck of the notes in `specs`: genanki's work starts here."""
    deck = genanki.Deck(1234567890, f"Bench::{title}", description=ESC(f"Bench · {title}"))
    for model, fields, tags, guid in specs:
        deck.add_note(genanki.Note(model=model, fields=fields, tags=tags,
                                   guid=genanki.guid_for(*guid)))
    return deck


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cards", type=int, help="number of cards")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the .apkg to write")
    args = parser.parse_args(argv)
    wall, cpu = time.perf_counter(), time.process_time()
    content = generate(args.cards)
    specs = note_specs(content)
    title = content["episode"]["title"]
    del content
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    deck = make_deck(title, specs)
    genanki.Package(deck).write_to_file(args.output)
    print(f"{args.output}: {len(deck.notes)} notes")
    print(f"prepared in {wall:.6f} s wall, {cpu:.6f} s cpu")
    return 0


if __name__ == "__main__":
    sys.exit(main())
