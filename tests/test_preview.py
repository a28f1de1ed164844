"""The HTML preview: every card present, content inert, and the page proven in a real browser.

The browser tests run Debian's chromium headless. Without it they are skipped, except on
CI (CI=true), where a missing browser fails the run.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import MULTI, SEED

from quiz.cards import Card, make_cards
from quiz.cli import cli
from quiz.content import load_content
from quiz.model import Content
from quiz.preview import default_path, place_cards, render_preview, write_preview
from quiz.timeline import make_timeline

SCRIPT_TEXT = "Beware <script>alert(1)</script> & friends."


class Page(HTMLParser):
    """What a test needs of a page: its elements, the cards, and its text."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str, cls: str | None = None) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags
                if t == tag and (cls is None or cls in (a.get("class") or "").split())]

    @property
    def card_ids(self) -> list[str | None]:
        return [a.get("data-card-id") for a in self.all("details", "card")]


# --- the page as written ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["multi", "seed"])
def test_every_card_is_on_the_page_once(name: str, request: pytest.FixtureRequest) -> None:
    content: Content = request.getfixturevalue(name)
    page = Page(render_preview([content]))
    assert page.card_ids == [c.id for c in _in_page_order(content)]
    assert sorted(page.card_ids) == sorted(c.id for c in make_cards(content))  # type: ignore[type-var]


def _in_page_order(content: Content) -> list[Card]:
    placed, rest = place_cards(make_timeline(content), make_cards(content))
    return [c for cards in placed for c in cards] + list(rest)


def test_cards_sit_under_their_idea_and_idea_less_ones_under_their_group(multi: Content) -> None:
    sections = make_timeline(multi)
    placed, rest = place_cards(sections, make_cards(multi))
    by_section = {(s.id or s.title): [c.id for c in cards] for s, cards in zip(sections, placed)}
    assert by_section["Before the first idea"] == ["multi-ep:who:hello"]
    assert by_section["Quotes without a time"] == ["multi-ep:who:stray", "multi-ep:cloze:stray:1"]
    assert "multi-ep:qa:plumber" in by_section["pipes"]
    assert "multi-ep:cloze:rocket-quote:1" in by_section["rockets"]
    assert rest == []
    # a card that fits no section is still shown, in the last one
    _, rest = place_cards(sections[1:-1], make_cards(multi))
    assert [c.id for c in rest] == ["multi-ep:who:hello", "multi-ep:who:stray",
                                    "multi-ep:cloze:stray:1"]
    page = Page(render_preview([multi]))
    assert page.all("section", "other") == []  # nothing left over, so no "Other cards"


def test_content_is_escaped_and_nothing_can_run(multi: Content) -> None:
    markup = render_preview([multi])
    page = Page(markup)
    assert "<script>alert" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "<b>bold" not in markup
    assert page.all("script") == [] and page.all("b") == []
    assert SCRIPT_TEXT in "".join(page.text)
    csp = [a for a in page.all("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")


def test_the_page_stands_alone(seed: Content, multi: Content) -> None:
    page = Page(render_preview([seed, multi]))
    assert page.all("link") == [] and page.all("img") == [] and page.all("iframe") == []
    assert all("src" not in attrs for _, attrs in page.tags)
    hrefs = {a["href"] for a in page.all("a")}
    assert all(h.startswith(("#", "https://www.youtube.com/watch?v=abc123")) for h in hrefs)  # type: ignore[union-attr]
    assert {"viewport", "color-scheme"} <= {a.get("name") for a in page.all("meta")}
    assert [a["id"] for a in page.all("article")] == ["ai-infra-42", "multi-ep"]


def test_a_cloze_front_blanks_its_phrase_and_the_back_reveals_it(multi: Content) -> None:
    markup = render_preview([multi])
    start = markup.index('data-card-id="multi-ep:cloze:plumber-quote:2"')
    card = markup[start:markup.index("</details>", start)]
    front, back = card.split('<div class="back">')
    assert 'the plumber of the <span class="cloze">[...]</span>.' in front
    assert '<span class="cloze">early internet</span>' in back and "early internet" not in front
    script = markup[markup.index('data-card-id="multi-ep:cloze:script:1"'):]
    assert '<span class="cloze">&lt;script&gt;alert(1)&lt;/script&gt;</span>' in script


def test_only_web_and_file_links_become_links(multi: Content) -> None:
    from dataclasses import replace

    hostile = replace(multi, episode=replace(multi.episode, url="javascript:alert(1)"))
    markup = render_preview([hostile])
    assert "javascript:" not in markup
    assert 'class="listen"' not in markup


def test_language_of_the_page_follows_the_episode(seed: Content) -> None:
    markup = render_preview([seed])
    cards = len(make_cards(seed))
    assert '<html lang="zh">' in markup and "显示答案" in markup and f"{cards} 张卡片" in markup
    # the roles too, written `host` and `guest`: in the header and on the cloze backs
    text = "".join(Page(markup).text)
    assert "曲凯（主持人） · 朱亦博（嘉宾）" in text and "朱亦博（嘉宾）" in text.split("显示答案", 1)[1]
    assert "(guest)" not in text and "(host)" not in text


def test_write_preview_replaces_the_old_page_only_when_complete(
        multi: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out" / "page.html"
    assert write_preview([multi], target) == target
    first = target.read_text(encoding="utf-8")
    assert first == render_preview([multi])

    def broken(contents: object, clips: object = None, cards: object = None) -> Iterator[str]:
        yield "<!DOCTYPE html>\n<p>half a page"  # written out, then the writer fails
        raise RuntimeError("killed halfway")

    monkeypatch.setattr("quiz.preview._page_parts", broken)
    with pytest.raises(RuntimeError):
        write_preview([multi], target)
    assert target.read_text(encoding="utf-8") == first
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.html"]


def test_default_path(multi: Content, seed: Content) -> None:
    assert default_path([multi]) == Path("decks/multi-ep.html")
    assert default_path([multi, seed]) == Path("decks/preview.html")


# --- the command -----------------------------------------------------------------------------


def test_preview_command_writes_the_page(runner: CliRunner, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["preview", str(MULTI)])
    assert result.exit_code == 0, result.output
    cards = len(make_cards(load_content(MULTI)))
    assert result.stdout == f"decks/multi-ep.html: 1 episode, {cards} cards\n"
    written = (tmp_path / "decks" / "multi-ep.html").read_text(encoding="utf-8")
    assert written == render_preview([load_content(MULTI)])
    result = runner.invoke(cli, ["preview", str(MULTI), str(SEED), "-o", "both.html"])
    cards = sum(len(make_cards(load_content(path))) for path in (MULTI, SEED))
    assert result.exit_code == 0 and result.stdout == f"both.html: 2 episodes, {cards} cards\n"
    assert len(Page((tmp_path / "both.html").read_text(encoding="utf-8")).card_ids) == cards


def test_preview_command_errors(runner: CliRunner, tmp_path: Path,
                                write_content: Callable[..., Path]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(cli, ["preview", str(MULTI), "-o", str(blocker / "page.html")])
    assert result.exit_code == 1 and "cannot write" in result.stderr
    result = runner.invoke(cli, ["preview", str(MULTI), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.stderr
    bad = write_content("episode: {id: x}\nspeakers: [{id: a, name: A}]\n")
    result = runner.invoke(cli, ["preview", str(bad), "-o", str(tmp_path / "p.html")])
    assert result.exit_code == 1 and "missing required key 'title'" in result.stderr
    assert not (tmp_path / "p.html").exists()


# --- in a real browser -------------------------------------------------------------------------

BROWSER_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
]


@pytest.fixture(scope="session")
def chromium() -> str:
    """Return the headless browser to run; skip without one, but fail on CI."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("chromium is not installed, and CI must run the browser tests")
    pytest.skip("chromium is not installed (apt-get install chromium); CI runs these tests")


def browse(chromium: str, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the browser on `page` with a fresh profile; return what it printed."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [chromium, *BROWSER_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def load_page(chromium: str, page: Path) -> tuple[str, list[str]]:
    """Return the DOM after loading `page`, and every message its console got."""
    result = browse(chromium, page, "--enable-logging=stderr", "--v=0", "--dump-dom")
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return result.stdout, console


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, multi: Content, seed: Content
            ) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("preview")
    return {"multi": write_preview([multi], folder / "multi.html"),
            "seed": write_preview([seed], folder / "seed.html")}


def test_the_console_check_sees_errors(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>console.error('boom'); nope();</script>")
    _, console = load_page(chromium, page)
    assert any("boom" in line for line in console)
    assert any("nope is not defined" in line for line in console)


@pytest.mark.parametrize("name", ["multi", "seed"])
def test_the_browser_loads_the_page_with_every_card_and_no_console_message(
        chromium: str, written: dict[str, Path], name: str, request: pytest.FixtureRequest
        ) -> None:
    content: Content = request.getfixturevalue(name)
    dom, console = load_page(chromium, written[name])
    assert console == []
    page = Page(dom)
    assert len(page.card_ids) == len(make_cards(content))
    assert set(page.card_ids) == {c.id for c in make_cards(content)}
    assert all("open" not in a for a in page.all("details", "card"))  # backs hidden until clicked
    assert len(page.all("div", "back")) == len(page.card_ids)
    assert len(page.all("section", "idea")) == len(make_timeline(content))


def test_in_the_browser_the_script_quote_is_text(chromium: str, written: dict[str, Path]) -> None:
    dom, _ = load_page(chromium, written["multi"])
    page = Page(dom)
    assert page.all("script") == []
    text = "".join(page.text)
    assert text.count(SCRIPT_TEXT) == 3  # the quote in the timeline and on its who card; the back
    assert "<script>alert(1)</script>" in text and "<b>bold</b>" in text


def png_facts(path: Path) -> tuple[int, int, tuple[int, ...], int]:
    """Return a PNG's width, height, first pixel and the number of distinct bytes in it."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, idat = 8, {}, b""
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + size]
        chunks.setdefault(kind, body)
        if kind == b"IDAT":
            idat += body
        pos += 12 + size
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert depth == 8 and colour in (2, 6)
    pixels = zlib.decompress(idat)
    channels = 4 if colour == 6 else 3
    # the first pixel of the first row is stored as is, whatever the row's filter
    first = tuple(pixels[1:1 + channels])
    return width, height, first, len(set(pixels[:200_000]))


@pytest.mark.parametrize(("size", "dark"), [
    ((412, 900), False), ((412, 900), True), ((1280, 900), False), ((1280, 900), True),
])
def test_screenshots_phone_and_desktop_light_and_dark(
        chromium: str, written: dict[str, Path], tmp_path: Path, size: tuple[int, int],
        dark: bool) -> None:
    shot = tmp_path / "shot.png"
    args = [f"--window-size={size[0]},{size[1]}", f"--screenshot={shot}"]
    browse(chromium, written["seed"], *args, *(["--force-dark-mode"] if dark else []))
    assert shot.stat().st_size > 20_000
    width, height, first, distinct = png_facts(shot)
    assert (width, height) == size
    assert distinct > 50  # text and colours, not a blank page
    brightness = sum(first[:3]) / 3
    assert (brightness < 60) if dark else (brightness > 200), first
