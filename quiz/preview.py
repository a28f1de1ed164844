"""One static HTML page of the timeline and every card, as Anki would show them.

The page stands alone: no network, no fonts or scripts from elsewhere, no JavaScript at
all (a Content-Security-Policy forbids it, so even a slip in escaping could run nothing).
Each card is a `<details>` element: the front is always shown, a click reveals the back.
Light and dark follow the reader's system (`prefers-color-scheme`); the layout fits a phone.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from .cards import BLANK, Card, make_cards
from .files import write_text
from .model import Content, find_all
from .timeline import Section, TimedQuote, make_timeline
from .wording import Words

CSS = """\
:root {
  color-scheme: light dark;
  --bg: #fbfaf7; --fg: #1f2328; --muted: #656d76; --line: #e3e1da; --card: #ffffff;
  --accent: #b7791f; --link: #0b62c4; --cloze: #0b62c4; --cloze-bg: #e6f0fb;
  --badge: #f1eee6; --shadow: 0 1px 2px rgb(0 0 0 / 6%);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #17181b; --fg: #e6e6e6; --muted: #9da7b3; --line: #2f3237; --card: #1f2125;
    --accent: #e0b04a; --link: #7cb7ff; --cloze: #9cc8ff; --cloze-bg: #1d3350;
    --badge: #2a2d32; --shadow: none;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 17px/1.65 -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
    "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "Noto Sans", sans-serif;
}
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
a { color: var(--link); }
.episode + .episode { margin-top: 4rem; border-top: 3px double var(--line); padding-top: 2rem; }
header .show { margin: 0; color: var(--muted); font-size: 0.9rem; letter-spacing: 0.02em; }
h1 { margin: 0.2rem 0 0.4rem; font-size: 1.9rem; line-height: 1.3; }
header p { margin: 0.2rem 0; }
.people, .counts { color: var(--muted); font-size: 0.9rem; }
.listen { display: inline-block; margin-top: 0.4rem; font-weight: 600; }
nav { margin: 1.5rem 0 0.5rem; padding: 0.8rem 1rem; background: var(--card);
  border: 1px solid var(--line); border-radius: 10px; box-shadow: var(--shadow); }
nav h2 { margin: 0 0 0.3rem; font-size: 0.85rem; color: var(--muted); text-transform: uppercase;
  letter-spacing: 0.06em; }
nav ol { margin: 0; padding: 0; list-style: none; }
nav li { display: flex; gap: 0.75rem; padding: 0.1rem 0; align-items: baseline; }
nav a { text-decoration: none; }
nav a:hover { text-decoration: underline; }
.t { font-variant-numeric: tabular-nums; white-space: nowrap; color: var(--muted);
  font-size: 0.9em; }
nav .t { min-width: 4.2em; }
a.t { color: var(--accent); text-decoration: none; }
a.t:hover { text-decoration: underline; }
section.idea { margin-top: 2.5rem; }
section.idea > h2 { font-size: 1.3rem; line-height: 1.4; margin: 0 0 0.4rem;
  display: flex; gap: 0.75rem; align-items: baseline; }
section.idea > h2 .t { font-size: 0.95rem; font-weight: 600; }
.summary { margin: 0.3rem 0 0.6rem; }
.points { margin: 0.3rem 0 0.8rem; padding-left: 1.2rem; color: var(--muted); font-size: 0.95rem; }
ol.quotes { list-style: none; margin: 1rem 0; padding: 0; }
li.quote { display: grid; grid-template-columns: 5.2em 1fr;
  grid-template-areas: "t s" ". q" ". a";
  column-gap: 0.75rem; align-items: baseline; padding: 0.45rem 0;
  border-top: 1px solid var(--line); }
li.quote:last-child { border-bottom: 1px solid var(--line); }
li.quote > .t { grid-area: t; }
li.quote > .speaker { grid-area: s; font-size: 0.85rem; color: var(--muted); font-weight: 600; }
li.quote > blockquote { grid-area: q; margin: 0; }
li.quote > audio { grid-area: a; width: 100%; max-width: 22rem; height: 2rem; margin-top: 0.3rem; }
.approx { cursor: help; }
.cards h3 { font-size: 0.85rem; color: var(--muted); text-transform: uppercase;
  letter-spacing: 0.06em; margin: 1.2rem 0 0.5rem; }
details.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  margin: 0.6rem 0; box-shadow: var(--shadow); overflow-wrap: anywhere; }
details.card > summary { list-style: none; cursor: pointer; padding: 0.6rem 1rem 0.7rem; }
details.card > summary::-webkit-details-marker { display: none; }
details.card > summary:focus-visible { outline: 2px solid var(--link); border-radius: 10px; }
.kind { display: inline-block; font-size: 0.72rem; font-weight: 700; letter-spacing: 0.04em;
  padding: 0.05rem 0.5rem; border-radius: 99px; background: var(--badge); color: var(--muted); }
.top { display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
.hint { font-size: 0.78rem; color: var(--muted); }
.hint::after { content: " ▾"; }
details[open] .hint { visibility: hidden; }
.front { margin-top: 0.25rem; }
.ask { font-weight: 600; }
.card blockquote { margin: 0.4rem 0 0.2rem; padding: 0.1rem 0 0.1rem 0.8rem;
  border-left: 4px solid var(--accent); }
.cloze { font-weight: 700; color: var(--cloze); background: var(--cloze-bg);
  border-radius: 4px; padding: 0 0.2em; }
.back { border-top: 1px dashed var(--line); margin: 0 1rem; padding: 0.55rem 0 0.8rem; }
.answer { font-size: 1.1em; font-weight: 700; }
.details { margin-top: 0.3rem; }
.meta { margin-top: 0.4rem; font-size: 0.8rem; color: var(--muted); }
.meta span + span::before { content: " · "; }
.id { margin: 0.3rem 0 0; font: 0.72rem ui-monospace, "SFMono-Regular", Menlo, monospace;
  color: var(--muted); opacity: 0.8; }
@media (max-width: 520px) {
  body { font-size: 16px; }
  main { padding: 1rem 0.85rem 3rem; }
  h1 { font-size: 1.5rem; }
  section.idea > h2 { font-size: 1.15rem; flex-direction: column; gap: 0; }
  li.quote { grid-template-columns: auto 1fr; grid-template-areas: "t s" "q q" "a a"; }
}
@media print {
  details.card { break-inside: avoid; box-shadow: none; }
  .hint { display: none; }
}
"""


def _text(text: str | None) -> str:
    """Return `text` as inert HTML: markup shown as text, line breaks kept."""
    return html.escape(text or "", quote=True).replace("\n", "<br>")


def _href(url: str | None) -> str | None:
    """Return `url` escaped for an attribute when it is a web or file link, else None."""
    if not url or urlsplit(url).scheme.lower() not in ("http", "https", "file"):
        return None
    return html.escape(url, quote=True)


def _time(label: str, url: str | None, words: Words, approximate: bool = False) -> str:
    shown = ("~" if approximate else "") + label
    title = f' title="{_text(words["page_approximate"])}"' if approximate else ""
    cls = "t approx" if approximate else "t"
    href = _href(url)
    if href:
        return f'<a class="{cls}" href="{href}"{title}>{_text(shown)}</a>'
    return f'<span class="{cls}"{title}>{_text(shown)}</span>'


def cloze_html(text: str, phrase: str, reveal: bool) -> str:
    """Return `text` with every occurrence of `phrase` blanked (or revealed), as Anki does."""
    out, pos = [], 0
    for start, end in find_all(text, phrase):
        out.append(_text(text[pos:start]))
        shown = _text(phrase) if reveal else BLANK
        out.append(f'<span class="cloze">{shown}</span>')
        pos = end
    out.append(_text(text[pos:]))
    return "".join(out)


def card_html(card: Card, words: Words) -> str:
    """Return one card as a `<details>` element: the front as summary, the back inside."""
    if card.spec.note_type == "cloze" and card.text is not None:
        front = f"<blockquote>{cloze_html(card.text, card.blank, reveal=False)}</blockquote>"
        answer = f"<blockquote>{cloze_html(card.text, card.blank, reveal=True)}</blockquote>"
    else:
        front = f'<div class="ask">{_text(card.ask)}</div>'
        if card.quote:
            front += f"<blockquote>{_text(card.quote)}</blockquote>"
        answer = f'<div class="answer">{_text(card.answer)}</div>'
        if card.details:
            answer += f'<div class="details">{_text(card.details)}</div>'
    meta = []
    context = card.context()
    if "speaker" in context:
        meta.append(f'<span class="speaker">{_text(context["speaker"])}</span>')
    if card.time and "time" in context:
        meta.append(f"<span>{_time(card.time, card.link, words, card.approximate)}</span>")
    if "idea" in context:
        meta.append(f'<span class="idea">{_text(context["idea"])}</span>')
    meta_html = f'<div class="meta">{"".join(meta)}</div>' if meta else ""
    return (
        f'<details class="card kind-{card.kind.value}" data-card-id="{_text(card.id)}">'
        f'<summary><div class="top"><span class="kind">{_text(card.spec.label(words.language))}'
        f'</span><span class="hint">{_text(words["page_show"])}</span></div>'
        f'<div class="front">{front}</div></summary>'
        f'<div class="back">{answer}{meta_html}<p class="id">{_text(card.id)}</p></div>'
        f"</details>"
    )


def _quote_html(quote: TimedQuote, words: Words, clip: Path | None = None) -> str:
    time = (_time(quote.time, quote.url, words, quote.approximate) if quote.time
            else '<span class="t"></span>')
    # the clip goes into the page itself: the page stands alone, and its clips are short
    sound = (f'<audio controls preload="none" src="data:audio/mpeg;base64,'
             f'{base64.b64encode(clip.read_bytes()).decode("ascii")}"></audio>' if clip else "")
    return (f'<li class="quote" id="q-{_text(quote.episode)}--{_text(quote.id)}">{time}'
            f'<span class="speaker">{_text(quote.speaker)}</span>'
            f"<blockquote>{_text(quote.text)}</blockquote>{sound}</li>")


def _anchor(section: Section, n: int) -> str:
    return f"{section.episode}--{section.id}" if section.id else f"{section.episode}--group-{n}"


def _cards_html(cards: Sequence[Card], words: Words) -> str:
    if not cards:
        return ""
    items = "".join(card_html(c, words) for c in cards)
    return f'<div class="cards"><h3>{_text(words["page_cards"])} ({len(cards)})</h3>{items}</div>'


def place_cards(sections: Sequence[Section], cards: Sequence[Card]) -> tuple[list[list[Card]], list[Card]]:
    """Return the cards under each section, and those that fit none (so every card shows).

    An idea's cards are those tied to it; a group of idea-less quotes has those quotes' cards.
    """
    index: dict[tuple[str, str], int] = {}
    for n, section in enumerate(sections):
        if section.id is not None:
            index[("idea", section.id)] = n
        for quote in section.quotes:
            index.setdefault(("quote", quote.id), n)
    placed: list[list[Card]] = [[] for _ in sections]
    rest: list[Card] = []
    for card in cards:
        if card.idea_id is not None:
            key = ("idea", card.idea_id)
        elif card.quote_id is not None:
            key = ("quote", card.quote_id)
        else:
            key = ("none", "")
        if key in index:
            placed[index[key]].append(card)
        else:
            rest.append(card)
    return placed, rest


def _episode_parts(content: Content, clips: Mapping[str, Path] | None,
                   cards: Sequence[Card]) -> Iterator[str]:
    """Yield one episode's part of the page, a section at a time (a newline joins them):
    header, contents, ideas with quotes and cards."""
    ep, words = content.episode, Words(content.episode.wording_language)
    sections = make_timeline(content)
    placed, rest = place_cards(sections, cards)
    about = " · ".join(p for p in (ep.show, ep.date) if p)
    people = " · ".join(s.labelled(content.episode.wording_language) for s in content.speakers)
    counts = " · ".join((words.count("ideas", len(content.ideas)),
                         words.count("quotes", len(content.quotes)),
                         words.count("cards", len(cards))))
    listen = _href(ep.url)
    head = [f'<article class="episode" id="{_text(ep.id)}" lang="{_text(ep.language)}"><header>',
            f'<p class="show">{_text(about)}</p>' if about else "",
            f"<h1>{_text(ep.title)}</h1>",
            f'<p class="people">{_text(people)}</p><p class="counts">{_text(counts)}</p>',
            f'<a class="listen" href="{listen}">▶ {_text(words["page_listen"])}</a>'
            if listen else "", "</header>"]
    yield from (part for part in head if part)
    toc = "".join(f'<li><span class="t">{_text(s.time or "")}</span>'
                  f'<a href="#{_text(_anchor(s, n))}">{_text(s.title)}</a></li>'
                  for n, s in enumerate(sections))
    if toc:
        yield f'<nav><h2>{_text(words["page_contents"])}</h2><ol>{toc}</ol></nav>'
    for n, section in enumerate(sections):
        idea = content.idea(section.id)
        time = _time(section.time, section.url, words) if section.time else ""
        yield (f'<section class="idea" id="{_text(_anchor(section, n))}">'
               f"<h2>{time}<span>{_text(section.title)}</span></h2>")
        if section.summary:
            yield f'<p class="summary">{_text(section.summary)}</p>'
        if idea is not None and idea.points:
            items = "".join(f"<li>{_text(p)}</li>" for p in idea.points)
            yield f'<ul class="points">{items}</ul>'
        if section.quotes:
            items = "".join(_quote_html(q, words, (clips or {}).get(q.id))
                            for q in section.quotes)
            yield f'<ol class="quotes">{items}</ol>'
        if placed[n]:
            yield _cards_html(placed[n], words)
        yield "</section>"
    if rest:
        yield (f'<section class="idea other" id="{_text(ep.id)}--other">'
               f'<h2><span>{_text(words["page_other"])}</span></h2>'
               f'{_cards_html(rest, words)}</section>')
    yield "</article>"


def render_preview(contents: Sequence[Content],
                   clips: Mapping[str, Mapping[str, Path]] | None = None) -> str:
    """Return the whole page for `contents`: one article per episode; `clips` are the
    sounds of their quotes, {episode id: {quote id: clip}}."""
    return "".join(_page_parts(contents, clips))


def _page_parts(contents: Sequence[Content], clips: Mapping[str, Mapping[str, Path]] | None,
                cards: Sequence[Sequence[Card]] | None = None) -> Iterator[str]:
    """Yield the page of `render_preview` in parts: a page of 100,000 cards is written out
    as it is made, never held whole. `cards` are those of each content, else made here."""
    title = " · ".join(c.episode.title for c in contents) or "quiz"
    lang = contents[0].episode.language if contents else "en"
    yield ("<!DOCTYPE html>\n"
           f'<html lang="{_text(lang)}">\n<head>\n<meta charset="utf-8">\n'
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           '<meta name="color-scheme" content="light dark">\n'
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
           "style-src 'unsafe-inline'; img-src data:; media-src data:\">\n"
           f"<title>{_text(title)}</title>\n<style>\n{CSS}</style>\n</head>\n"
           "<body>\n<main>\n")
    for n, content in enumerate(contents):
        made = make_cards(content) if cards is None else cards[n]
        for k, part in enumerate(_episode_parts(content, (clips or {}).get(content.episode.id),
                                                made)):
            yield ("\n" if n and not k else "") + ("\n" if k else "") + part
    yield "\n</main>\n</body>\n</html>\n"


def default_path(contents: Sequence[Content]) -> Path:
    """Return where the page goes by default: `decks/<episode-id>.html`, or
    `decks/preview.html` for several episodes."""
    if len(contents) == 1:
        return Path("decks") / f"{contents[0].episode.id}.html"
    return Path("decks") / "preview.html"


def write_preview(contents: Sequence[Content], path: str | Path,
                  cards: Sequence[Sequence[Card]] | None = None) -> Path:
    """Write the page for `contents` to `path`, replacing an old one only once complete;
    the quotes of an episode with audio play their clips. `cards` are those of each
    content, for a caller that has made them already (default: made here)."""
    from .audio import episode_clips

    path = Path(path)
    parts = _page_parts(contents, {c.episode.id: episode_clips(c) for c in contents}, cards)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_text(path, parts)
