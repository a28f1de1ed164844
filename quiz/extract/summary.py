"""Read an episode summary like the seed (000_a2aa04b47976ccc4.txt) into a draft content file.

The summary is plain text in a loose shape: a first line `Show | Title`; `Host:`, `Guest:`
and `Date:` lines (or `主持人：`, `嘉宾：`, `日期：`); headed parts for the overview, the
numbered sections (`1. Title` with bullets), a list of memorable quotes, a timeline table
and a closing summary. Nothing here invents content: every text in the draft is copied
from the summary, and whatever needs a human decision is marked with a `# TODO:` comment.

What counts as a quote. A “…” (or "…") phrase is a quote when an attribution follows it,
`(Speaker, mm:ss)`, `(Speaker)`, `(mm:ss)` or `— Speaker, mm:ss`, or when it reads as a
sentence: it ends in 。！？!?. or …, or it is long (12 characters or more, or 6 words or
more) and holds a clause break (，,；;). Anything else in quotation marks is a term
(“万卡”, “AI Infra(AI基础设施)”) and stays in the text of its point. In the list of
memorable quotes, a line's only quoted phrase is a quote whatever its length.

Who said it. The speaker named in the attribution; else the speaker who opens the bullet
(`朱亦博说：“…”`); else the speaker of the answer the bullet is under (`朱亦博的建议:`,
`Tom answers (1:02:03):`); else the guest, marked TODO. A quote in the list of memorable
quotes that names no speaker cannot be placed: it is left in the draft as a comment and
reported.

Aliases and affiliations. A parenthesis after a name is split at commas; a part is an
alias when it reads as a Latin-script name for that person: for a Chinese name, the
pinyin of the name or a single capitalised word (曲凯(KaiQu), 陈凯文(Kevin)); for a
Latin-script name, a single word starting with the initial of one of its words (Thomas
Reed (Tom)). Everything else (阶跃星辰联合创始人, staff engineer at Ledgerly) is the bio.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..checks import MAX_TEXT, check_draft, url_problem
from ..draft import Draft, DraftCard, DraftEpisode, DraftIdea, DraftQuote, DraftSpeaker
from ..errors import QuizError
from ..files import NotUtf8, TooBig, decode_utf8, read_limited
from ..hanzi import HAN
from ..model import asks, find_all
from ..text import CONTROL
from ..times import Seconds, format_time, parse_time
from .writing import Drafted, write_yaml


class ExtractError(QuizError):
    """The summary has nothing to draft from."""


# Patterns shared by the readers below.

_TIME = r"\d{1,2}(?:[:：]\d{1,2}){1,2}"
_TIME_RE = re.compile(_TIME)
_OPEN, _CLOSE = r"[\[【［(（]", r"[\]】］)）]"
_MARKER = re.compile(rf"^\s*{_OPEN}\s*({_TIME})\s*{_CLOSE}\s*")
_TRAILING_MARKER = re.compile(rf"\s*{_OPEN}\s*({_TIME})\s*{_CLOSE}\s*$")
_NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[.．、)）](?!\d)\s*(\S.*)$")
_BULLET = re.compile(r"^(\s*)(?:[-*•·▪●]|\d{1,2}[.．、)）](?!\d))\s*(.*)$")
_HEADER = re.compile(r"^\s*(hosts?|guests?|date|url|link|主持人|主持|主播|嘉宾|日期|链接)"
                     r"\s*[:：]\s*(.*?)\s*$", re.IGNORECASE)
_HEADINGS = (
    ("quotes", r"语录|金句|quotes?\b|quotable"),
    ("timeline", r"时间轴|时间线|时间戳|时间表|timeline|timestamps|chapters"),
    ("ideas", (r"核心内容|主要内容|内容要点|观点|key (?:ideas|points|moments|topics)"
               r"|highlights|main points|topics|sections")),
    ("overview", r"概览|概述|简介|overview|about|synopsis|in brief"),
    ("summary", r"总结|小结|结语|summary|wrap-?up|conclusion|takeaways?"),
)
_QUOTE_SPAN = re.compile(r"“([^“”]*)”|\"([^\"]*)\"")
_CLOZE_SPAN = re.compile(r"‘([^‘’]*)’|「([^「」]*)」|『([^『』]*)』|\"([^\"]*)\""
                         r"|(?<![\w'])'([^'\n]+?)'(?![\w'])")
_PAREN = re.compile(r"\s*[(（]([^()（）]{1,80})[)）]")
_DASH = re.compile(rf"\s*(?:——|—|–|--)\s*([^,，(（)）—–]{{1,40}}?)\s*"
                   rf"(?:[,，]\s*({_TIME})|[(（]\s*({_TIME})\s*[)）])?\s*(?=$|[。.;；,，])")
_TRAILING_ATTRIBUTION = re.compile(r"[(（]([^()（）]{1,80})[)）]\s*$")
_SENTENCE_END = tuple("。！？!?.…")
_CLAUSE_BREAK = re.compile(r"[，,；;]")
_QUESTION_VERBS = r"(?:提问|追问|问道|发问|问|asks?|asked|questions?)"
_SPEECH_GAP = 8  # at most this many characters between a name and the quote it opens


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'’.-]*", text)


def _length(text: str) -> int:
    """Return the length of `text` in characters for Chinese, or in words for other text."""
    han = len(HAN.findall(text))
    return han if han * 2 >= len(text.replace(" ", "")) else len(_words(text)) * 2


# Ids.

_PARTICLES = re.compile(r"[的了吗呢吧啊与及]")
_STOPWORDS = {"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "at", "by",
              "is", "are", "be", "it", "its"}


def _tokens(text: str) -> list[str]:
    """Return `text` as lowercase ASCII tokens: pinyin syllables for Chinese, words else."""
    from pypinyin import lazy_pinyin  # heavy: loaded only when drafting

    out: list[str] = []
    for run in re.findall(rf"{HAN.pattern}+|(?:(?!{HAN.pattern}).)+", text, re.DOTALL):
        if HAN.match(run):
            out.extend(s for s in lazy_pinyin(_PARTICLES.sub("", run) or run) if s.isascii())
        else:
            ascii_text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", run))
            ascii_text = re.sub(r"(?<=\w)['’](?=\w)", "", ascii_text)  # weren't: werent
            out.extend(re.findall(r"[a-z0-9]+", ascii_text.lower()))
    kept = [t for t in out if t not in _STOPWORDS]
    return kept or out


def slugify(text: str, max_len: int = 24, max_tokens: int = 5, joiner: str = "-") -> str:
    """Return a readable id for `text`: its first pinyin syllables or words, joined by '-'.

    The id is lowercase ASCII, at most `max_len` characters (whole tokens only, unless the
    first token alone is longer), and empty when `text` holds no letter, digit or Chinese.
    """
    slug = ""
    for n, token in enumerate(_tokens(text)):
        candidate = f"{slug}{joiner}{token}" if slug else token
        if n >= max_tokens or (slug and len(candidate) > max_len):
            break
        slug = candidate[:max_len]
    return slug.strip("-")


def _unique(base: str, taken: set[str], fallback: str) -> str:
    base = base or fallback
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


# What is read besides the draft.

@dataclass
class _Row:
    """A row of the timeline: a section's time and, where it has one, its summary."""

    line: int
    at: Seconds
    text: str | None


@dataclass
class _Span:
    """A quoted phrase in a bullet: where it is, its text, and what follows it."""

    start: int
    end: int  # after the attribution, if any
    text: str
    names: list[str]
    time: str | None  # as written
    attributed: bool


@dataclass
class _Lead:
    """A bullet that opens a speaker's answer (`朱亦博解答(04:35):`): the bullets under it
    are that speaker's."""

    speaker: str
    at: Seconds | None  # the answer's time
    indent: int
    deeper: bool = False  # whether a line indented under it has been seen


class _Extractor:
    """Reads a summary into the items of a draft (quiz.draft), each placed at its line; the
    ids of the quotes and cards, and the `where` of every item, are given by _to_draft."""

    def __init__(self, text: str) -> None:
        text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
        self.warnings: list[str] = []
        self.episode_todos: list[str] = []
        self.lines = self.readable(text.splitlines())
        self.show: str | None = None
        self.title = ""
        self.date: str | None = None
        self.url: str | None = None
        self.language = _language(text)
        self.speakers: list[DraftSpeaker] = []
        self.ideas: list[DraftIdea] = []
        self.sections: list[list[tuple[int, int, str]]] = []  # each idea's (line, indent, text)
        self.quotes: list[DraftQuote] = []
        self.unplaced: list[DraftQuote] = []  # quotes that name no speaker
        self.listed: set[int] = set()  # the quotes (by id()) of the list of memorable quotes
        self.rows: list[_Row] = []
        self.quotes_heading: str | None = None

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(f"line {line}: {message}")

    def readable(self, lines: list[str]) -> list[str]:
        """Return `lines` as a draft may copy them, each change a TODO of the episode: the
        control characters dropped (a terminal would obey them), and a line longer than a
        text may be left out, so that the draft passes `quiz check`."""
        dropped: list[int] = []
        for n, line in enumerate(lines):
            if len(line) > MAX_TEXT:
                lines[n] = ""
                self.episode_todos.append(f"line {n + 1} of the summary, of {len(line):,} "
                                          f"characters, is longer than a text may be "
                                          f"({MAX_TEXT:,}): left out")
            elif CONTROL.search(line):
                lines[n] = CONTROL.sub("", line)
                dropped.append(n + 1)
        if dropped:
            shown = ", ".join(map(str, dropped[:10])) + (", …" if len(dropped) > 10 else "")
            self.episode_todos.append(f"control characters (which a terminal would obey) were "
                                      f"dropped from line{'s' if len(dropped) > 1 else ''} "
                                      f"{shown} of the summary: check what they hid")
        return lines

    def time(self, raw: str, line: int, what: str) -> Seconds | None:
        """Return the seconds of the time `raw`, or None with a warning."""
        try:
            return parse_time(raw.replace("：", ":"))
        except ValueError as e:
            self.warn(line, f"the time of {what} does not parse: {e}; left out")
            return None

    # Reading the summary, top to bottom.

    def read(self) -> None:
        first = next((n for n, line in enumerate(self.lines) if line.strip()), None)
        if first is None:
            raise ExtractError("the summary is empty: expected a first line 'Show | Title'")
        self.read_title(self.lines[first])
        zone = "header"
        table: list[tuple[int, str]] = []
        listed: list[tuple[int, str]] = []
        for n in range(first + 1, len(self.lines)):
            raw, no = self.lines[n], n + 1
            line = raw.strip()
            if not line:
                continue
            heading = _heading(line)
            if heading:
                zone = heading
                if zone == "quotes":
                    self.quotes_heading = line.strip("#* :：")
                continue
            header = _HEADER.match(line) if zone in ("header", "overview") else None
            numbered = _NUMBERED.match(line)
            if header:
                self.read_header(header.group(1).lower(), header.group(2), no)
            elif numbered and zone in ("header", "overview", "ideas"):
                zone = "ideas"
                self.ideas.append(self.read_section_title(numbered.group(2), no))
                self.sections.append([])
            elif zone == "ideas" and self.ideas:
                spaced = raw.expandtabs(4).replace("\u3000", "  ")
                indent = len(spaced) - len(spaced.lstrip())
                self.sections[-1].append((no, indent, line))
            elif zone == "quotes":
                listed.append((no, line))
            elif zone == "timeline":
                table.append((no, line))
        for idea, lines in zip(self.ideas, self.sections):
            self.read_section(idea, lines)
        for no, line in listed:
            self.read_list_line(line, no)
        self.read_timeline(table)
        self.place_timeline()
        if not self.speakers:
            self.warn(1, "no host or guest line (Host: …, Guest: …) and no named speaker")

    def read_title(self, line: str) -> None:
        line = line.strip().lstrip("#").strip()
        parts = re.split(r"\s*[|｜]\s*", line, maxsplit=1)
        if len(parts) == 2 and parts[0] and parts[1]:
            self.show, self.title = parts
        else:
            self.title = line

    def read_header(self, key: str, value: str, line: int) -> None:
        if not value:
            return
        if key in ("date", "日期"):
            self.date = _iso_date(value)
            if self.date is None:
                self.warn(line, f"the date '{value}' does not parse; write YYYY-MM-DD")
        elif key in ("url", "link", "链接"):
            if url_problem(value) is None:
                self.url = value
            else:
                self.warn(line, f"'{value}' is not a URL; left out")
        else:
            role = "host" if key in ("host", "hosts", "主持人", "主持", "主播") else "guest"
            for name, paren in _people(value):
                self.add_speaker(name, paren, role)

    def add_speaker(self, name: str, paren: str | None, role: str | None) -> DraftSpeaker:
        aliases, bio = _split_paren(name, paren)
        han = bool(HAN.search(name)) and not _words(name)
        base = slugify(name, max_len=24, joiner="" if han else "-")
        taken = {s.id for s in self.speakers if s.id is not None}
        speaker = DraftSpeaker(id=_unique(base, taken, "speaker"), name=name, aliases=aliases,
                               role=role, bio=bio)
        self.speakers.append(speaker)
        return speaker

    def read_section_title(self, text: str, line: int) -> DraftIdea:
        at_raw = None
        for pattern in (_MARKER, _TRAILING_MARKER):
            m = pattern.search(text)
            if m:
                at_raw, text = m.group(1), (text[:m.start()] + text[m.end():]).strip()
                break
        taken = {i.id for i in self.ideas if i.id is not None}
        idea = DraftIdea(places={"": (line, 1)}, id=_unique(slugify(text), taken, "idea"),
                         title=text)
        if at_raw:
            idea.at = self.time(at_raw, line, f"section '{text}'")
        return idea

    def read_list_line(self, line: str, no: int) -> None:
        """Read one line of the memorable quotes: quotes by their attribution, no idea."""
        m = _BULLET.match(line)
        text = m.group(2) if m else line
        spans = self.spans(text)
        quoted = [s for s in spans if s.attributed or _is_sentence(s.text)]
        if not quoted and len(spans) == 1:
            quoted = spans
        if not spans:
            trailing = _TRAILING_ATTRIBUTION.search(text)
            attribution = trailing and _parse_attribution(trailing.group(1), self.resolve)
            if trailing and attribution:
                body = text[:trailing.start()].strip().strip("“”\"")
                names, time = attribution
                quoted = [_Span(0, len(text), body, names, time, True)]
        if not quoted:
            self.warn(no, f"not understood in the list of quotes, left out: {text}")
            return
        says = self.speaker_at_start(text, quoted[0].start)
        for span in quoted:
            by, todo = self.attribute(span, says, None, None)
            quote = self.add_quote(_quote(span.text, by, no, todo=todo), span)
            self.listed.add(id(quote))

    def read_timeline(self, lines: list[tuple[int, str]]) -> None:
        """Read the timeline: a table (on one line or many) or lines `mm:ss text`."""
        if any("|" in line or "｜" in line for _, line in lines):
            rows: list[tuple[int, str]] = []
            for no, line in lines:
                line = line.replace("｜", "|")
                rows.extend((no, r) for r in re.split(r"\|[ \t]*\|", line.strip()))
            time_col = text_col = None
            for no, row in rows:
                cells = [c.strip() for c in row.strip().strip("|").split("|")]
                if all(re.fullmatch(r":?-+:?", c) or not c for c in cells):
                    continue
                if time_col is None and not any(_TIME_RE.fullmatch(c) for c in cells):
                    time_col = next((i for i, c in enumerate(cells)
                                     if re.search(r"时间|time", c, re.IGNORECASE)), None)
                    text_col = next((i for i, c in enumerate(cells) if re.search(
                        r"概要|内容|摘要|要点|summary|topic|content", c, re.IGNORECASE)),
                        None)
                    continue
                self.add_row(no, cells, time_col, text_col)
        else:
            for no, line in lines:
                m = re.match(rf"^(?:[-*•·]\s*)?{_OPEN}?\s*({_TIME})\s*{_CLOSE}?\s*"
                             rf"[-–—:：|]?\s*(.*)$", line)
                if m:
                    self.add_row(no, [m.group(1), m.group(2)], 0, 1)
                else:
                    self.warn(no, f"not understood in the timeline, left out: {line}")

    def add_row(self, no: int, cells: list[str], time_col: int | None,
                text_col: int | None) -> None:
        if time_col is None or time_col >= len(cells):
            time_col = next((i for i, c in enumerate(cells) if _TIME_RE.fullmatch(c)), None)
        if time_col is None:
            self.warn(no, f"a timeline row without a time, left out: {' | '.join(cells)}")
            return
        if text_col is None or text_col >= len(cells) or text_col == time_col:
            others = [c for i, c in enumerate(cells) if i != time_col and c]
            text = others[-1] if others else None
        else:
            text = cells[text_col] or None
        at = self.time(cells[time_col], no, "a timeline row")
        if at is not None:
            self.rows.append(_Row(no, at, text))

    def place_timeline(self) -> None:
        """Give each section the summary, and the time where it has none, of its row."""
        rows = list(self.rows)
        for row in list(rows):
            idea = next((i for i in self.ideas if i.at == row.at and i.summary is None), None)
            if idea is not None:
                idea.summary = row.text
                rows.remove(row)
        left = [i for i in self.ideas if i.summary is None]
        if rows and len(rows) == len(left):
            for row, idea in zip(rows, left):
                if idea.at is None:
                    idea.at = row.at
                elif idea.at != row.at:
                    idea.todos.append(f"the section says {format_time(idea.at)}, the timeline "
                                  f"{format_time(row.at)}")
                idea.summary = row.text
            rows = []
        for row in rows:
            self.warn(row.line, f"the timeline row {format_time(row.at)} '{row.text}' matches "
                      "no section; left out")
        for idea in self.ideas:
            if idea.at is None:
                idea.todos.append("no time found for this section")

    # One numbered section: points, quotes, questions and the answers to them.

    def read_section(self, idea: DraftIdea, lines: list[tuple[int, int, str]]) -> None:
        lead: _Lead | None = None
        question: DraftQuote | None = None
        for no, indent, raw in lines:
            m = _BULLET.match(raw)
            text = m.group(2).strip() if m else raw
            marker = _MARKER.match(text)
            if marker:
                text = text[marker.end():].strip()
                at = self.time(marker.group(1), no, f"section '{idea.title}'")
                if idea.at is None:
                    idea.at = at
                question = None
                if _is_label(text):  # `[08:27] 产业链分布梳理`: a heading within the section
                    continue
            if lead is not None and lead.deeper and indent <= lead.indent:
                lead = None
            if not text:
                continue
            asked = self.question(text, no, idea, marker.group(1) if marker else None)
            if asked is not None:
                question, lead = asked, None
                continue
            leader = self.lead(text, no)
            if leader is not None:
                lead = _Lead(*leader, indent)
                continue
            if lead is not None and indent > lead.indent:
                lead.deeper = True
            spans = [s for s in self.spans(text) if s.attributed or _is_sentence(s.text)]
            says = self.speaker_at_start(text, spans[0].start) if spans else None
            found = []
            for span in spans:
                by, todo = self.attribute(span, says, lead.speaker if lead else None, idea)
                quote = _quote(span.text, by, no, idea, todo)
                if lead is not None and by == lead.speaker and not span.time:
                    quote.at = lead.at  # said in the answer, at the answer's time
                found.append(self.add_quote(quote, span))
            point = _point(text, spans, says is not None)
            if point:
                idea.points.append(point)
            if question is not None:
                answer = found[0].text if found and not point else point
                answered = (f"the answer at {format_time(lead.at)}, line {no}"
                            if lead and lead.at is not None else f"the bullet after it (line {no})")
                when = "?" if question.at is None else format_time(question.at)
                if answer:
                    idea.cards.append(DraftCard(q=question.text, a=answer, todos=[
                        f"a draft from the question at {when} and {answered}: check it, and "
                        "shorten the answer to what a learner can type"]))
                question = None

    def question(self, text: str, no: int, idea: DraftIdea,
                 at_raw: str | None) -> DraftQuote | None:
        """Return the question that `text` asks (`曲凯提问:“…”`), as a quote, or None."""
        who, rest = self.speaker_prefix(text)
        m = re.match(rf"\s*{_QUESTION_VERBS}\s*[:：,，]?\s*", rest, re.IGNORECASE)
        if m is None and who is None:
            m = re.match(r"\s*(?:Q|问|提问|问题|Question)\s*[:：]\s*", text, re.IGNORECASE)
            rest = text
        if m is None or (who is not None and not m.group(0).strip()):
            return None
        body = rest[m.end():].strip()
        span = _QUOTE_SPAN.match(body)
        asked = ((span.group(1) or span.group(2) or "") if span else body).strip()
        if not asked:
            return None
        todo = None
        if who is None:
            hosts = [s for s in self.speakers if s.role == "host"]
            who = hosts[0].id if hosts else None
            todo = f"who asks this? assumed {hosts[0].name}" if hosts else None
        quote = _quote(asked, who, no, idea, todo)
        if at_raw:
            quote.at = self.time(at_raw, no, "a question")
        return self.add_quote(quote, None)

    def add_quote(self, quote: DraftQuote, span: _Span | None) -> DraftQuote:
        """Keep `quote`, with the time of its attribution; report it if it has no speaker."""
        line = quote.place()[0]
        if span is not None and span.time:
            quote.at = self.time(span.time, line, f"the quote “{_short(span.text)}”")
        if quote.by is None:
            self.unplaced.append(quote)
            self.warn(line, f"the quote “{_short(quote.text or '')}” names no speaker; left in "
                      "the draft as a comment")
        else:
            self.quotes.append(quote)
        return quote

    def lead(self, text: str, line: int) -> tuple[str, Seconds | None] | None:
        """Return the speaker of a bullet that opens an answer (`朱亦博的建议:`) and the time
        it gives (`朱亦博解答(04:35):`), or None."""
        if not re.search(r"[:：]\s*$", text):
            return None
        who, rest = self.speaker_prefix(text)
        time = re.search(rf"{_OPEN}\s*({_TIME})\s*{_CLOSE}", rest)
        rest = re.sub(rf"{_OPEN}\s*{_TIME}\s*{_CLOSE}", "", rest).strip().rstrip(":：").strip()
        if who is None or "“" in rest or '"' in rest or _length(rest) > 10:
            return None
        return who, self.time(time.group(1), line, "an answer") if time else None

    def speaker_at_start(self, text: str, quote_start: int) -> str | None:
        """Return the speaker who opens `text` just before its first quote (`X说:“…”`)."""
        who, rest = self.speaker_prefix(text)
        gap = len(text) - len(rest)
        if who is not None and quote_start - gap <= _SPEECH_GAP:
            return who
        return None

    def speaker_prefix(self, text: str) -> tuple[str | None, str]:
        """Return the speaker whose name (or alias, or role) starts `text`, and the rest."""
        for ref, sid in self.references():
            if text[:len(ref)].casefold() == ref.casefold():
                rest = text[len(ref):]
                if ref.isascii() and rest[:1].isalnum():
                    continue
                return sid, rest
        return None, text

    def references(self) -> list[tuple[str, str]]:
        refs: list[tuple[str, str]] = []
        for s in self.speakers:
            refs.extend((n, _given(s.id)) for n in _names(s))
        firsts = [(_given(s.name).split()[0], _given(s.id)) for s in self.speakers
                  if len(_given(s.name).split()) > 1]
        for first, sid in firsts:  # "Tom asks:" for Tom Becker, when only one Tom speaks
            if sum(f == first for f, _ in firsts) == 1:
                refs.append((first, sid))
        for role, words in (("host", ("主持人", "host")), ("guest", ("嘉宾", "guest"))):
            having = [_given(s.id) for s in self.speakers if s.role == role]
            if len(having) == 1:
                refs.extend((w, having[0]) for w in words)
        return sorted(refs, key=lambda r: -len(r[0]))

    def resolve(self, name: str) -> str | None:
        """Return the id of the speaker called `name` (name, alias or a unique part of it)."""
        folded = name.casefold().strip()
        for s in self.speakers:
            if folded in (n.casefold() for n in _names(s)):
                return s.id
        partial = [s.id for s in self.speakers if len(folded) >= 2 and any(
            folded in (w.casefold() for w in _words(n)) or (HAN.search(folded) and folded in n)
            for n in _names(s))]
        return partial[0] if len(partial) == 1 else None

    def spans(self, text: str) -> list[_Span]:
        """Return the quoted phrases of `text`, each with the attribution after it, if any."""
        out = []
        for m in _QUOTE_SPAN.finditer(text):
            inner = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
            if not inner:
                continue
            names: list[str] = []
            end, time, attributed = m.end(), None, False
            for pattern in (_PAREN, _DASH):
                a = pattern.match(text, m.end())
                if not a:
                    continue
                if pattern is _PAREN:
                    parsed = _parse_attribution(a.group(1), self.resolve)
                else:
                    dash_time = a.group(2) or a.group(3)
                    parsed = ([a.group(1).strip()], dash_time) if (
                        dash_time or self.resolve(a.group(1))) else None
                if parsed:
                    (names, time), end, attributed = parsed, a.end(), True
                    break
            out.append(_Span(m.start(), end, inner, names, time, attributed))
        return out

    def attribute(self, span: _Span, says: str | None, lead: str | None,
                  idea: DraftIdea | None) -> tuple[str | None, str | None]:
        """Return who said the quote in `span`, and a TODO when that is a guess.

        Only a quote in a section (`idea`) is given a guessed speaker: the guest.
        """
        for name in span.names:
            sid = self.resolve(name)
            if sid is None:
                speaker = self.add_speaker(name, None, None)
                speaker.todos.append("named only in a quote's attribution: add role and bio")
                sid = speaker.id
            return sid, None
        if says or lead:
            return says or lead, None
        guests = [s for s in self.speakers if s.role == "guest"] or self.speakers
        if idea is None or not guests:
            return None, None
        names = ", ".join(_given(s.name) for s in guests)
        return guests[0].id, (f"who said this? assumed {guests[0].name}" if len(guests) == 1
                              else f"who said this? assumed {guests[0].name}, one of {names}")


# Small readers with no state.

def _heading(line: str) -> str | None:
    """Return which part of the summary the heading `line` opens, or None if no heading."""
    if _BULLET.match(line) or _NUMBERED.match(line) or line.lstrip().startswith("|"):
        return None
    text = line.strip().strip("#*").strip().rstrip(":：").strip()
    if not text or _length(text) > 24 or _QUOTE_SPAN.search(text) or _HEADER.match(line):
        return None
    for zone, pattern in _HEADINGS:
        if re.search(pattern, text, re.IGNORECASE):
            return zone
    return None


def _people(value: str) -> list[tuple[str, str | None]]:
    """Split a `Host:`/`Guest:` value into names, each with its parenthesis, if any."""
    parts, depth, current = [], 0, ""
    for c in re.sub(r"\s+(?:and|和)\s+", "、", value):
        depth = max(0, depth + (c in "(（") - (c in ")）"))
        if depth == 0 and c in "、,，;；&/":
            parts.append(current)
            current = ""
        else:
            current += c
    parts.append(current)
    people: list[tuple[str, str | None]] = []
    for part in (p.strip() for p in parts):
        m = re.fullmatch(r"(.+?)\s*(?:[(（](.*)[)）])?", part)
        if not m:
            continue
        name, paren = m.group(1).strip(), m.group(2)
        if people and paren is None and not _name_like(name):
            # "Tom Becker, staff engineer at Ledgerly": the part after the comma is a bio
            prev, prev_paren = people[-1]
            people[-1] = (prev, f"{prev_paren}, {name}" if prev_paren else name)
        else:
            people.append((name, paren.strip() if paren else None))
    return people


_ROLE_WORDS = {"ceo", "cto", "cfo", "coo", "cpo", "vp", "founder", "co-founder", "cofounder",
               "professor", "prof", "dr", "director", "engineer", "researcher", "scientist",
               "partner", "investor", "head", "lead", "president", "chair", "editor", "author",
               "inc", "ltd", "llc", "labs", "lab", "university", "institute", "college",
               "company", "corp", "group", "capital", "ventures", "studio", "team"}


def _name_like(text: str) -> bool:
    if HAN.search(text):
        return len(text) <= 8 and not re.search(r"[\s，,的]", text)
    words = text.split()
    return 1 <= len(words) <= 4 and all(
        re.fullmatch(r"[A-Z][A-Za-z'’.-]*", w) and w.lower() not in _ROLE_WORDS for w in words)


def _split_paren(name: str, paren: str | None) -> tuple[list[str], str | None]:
    """Return the aliases and the bio held in the parenthesis after `name`."""
    if not paren or not paren.strip():
        return [], None
    parts = [p.strip() for p in re.split(r"[,，;；/、]", paren) if p.strip()]
    aliases = [p for p in parts if _is_alias(name, p)]
    rest = [p for p in parts if p not in aliases]
    if not rest:
        return aliases, None
    if not aliases:
        return [], paren.strip()
    return aliases, ("，" if HAN.search("".join(rest)) else ", ").join(rest)


def _is_alias(name: str, part: str) -> bool:
    words = part.split()
    if not words or not all(re.fullmatch(r"[A-Za-z][A-Za-z'’.-]*", w) for w in words):
        return False
    if any(w.lower() in _ROLE_WORDS for w in words) or part.isupper():
        return False
    if HAN.search(name):
        syllables = _tokens(name)  # 曲凯(KaiQu), 朱亦博(Yibo Zhu): the pinyin of the name
        letters = part.replace(" ", "").lower()
        if syllables and syllables[0] in letters and (
                len(syllables) == 1 or any(s in letters for s in syllables[1:])):
            return True
        return len(words) == 1 and sum(c.isupper() for c in part) == 1 and part[0].isupper()
    initials = {w[0].lower() for w in name.split() if w}
    return len(words) == 1 and part[0].isupper() and part[0].lower() in initials


def _parse_attribution(inside: str, resolve: Callable[[str], str | None]
                       ) -> tuple[list[str], str | None] | None:
    """Return the names and the time in `(Speaker, mm:ss)`, or None if it is no attribution."""
    names, time = [], None
    for part in (p.strip() for p in re.split(r"[,，、;；]", inside)):
        if re.fullmatch(r"\d+[:：]\d+(?:[:：]\d+)?", part):
            time = part
        elif part:
            names.append(part)
    known = [n for n in names if resolve(n)]
    if time is None and not known:
        return None
    if len(names) > 1:
        return None
    return names, time


def _is_sentence(text: str) -> bool:
    """Tell a quoted sentence from a quoted term (see the module's docstring)."""
    text = text.strip()
    if text.endswith(_SENTENCE_END):
        return not text.endswith(".") or len(_words(text)) >= 3 or bool(HAN.search(text))
    return _length(text) >= 12 and bool(_CLAUSE_BREAK.search(text))


def _is_label(text: str) -> bool:
    """Whether `text`, after a time marker, heads what follows rather than saying something:
    a few words, no quote and no punctuation (`[08:27] 产业链分布梳理`)."""
    return (bool(text) and _length(text) <= 10 and not _QUOTE_SPAN.search(text)
            and not re.search(r"[，,；;:：。！？!?.…]", text))


def _point(text: str, spans: list[_Span], opened_by_speaker: bool) -> str | None:
    """Return the bullet as a point, or None when it is only a quote (or a speaker and one)."""
    residual = text
    for span in reversed(spans):
        residual = residual[:span.start] + residual[span.end:]
    residual = re.sub(r"[\s,，:：;；。.、!！?？\-—–]+", "", residual)
    if not residual or (opened_by_speaker and _length(residual) <= 10):
        return None
    for span in reversed(spans):
        quote_end = text.find(span.text, span.start) + len(span.text) + 1
        text = text[:quote_end] + text[span.end:]
    return text.strip()


def _cloze(text: str) -> list[str]:
    """Return the phrases marked ‘…’ or 「…」 in a quote, each once and none overlapping."""
    phrases: list[str] = []
    taken: list[tuple[int, int]] = []
    for m in _CLOZE_SPAN.finditer(text):
        phrase = next(g for g in m.groups() if g is not None).strip()
        if not phrase or phrase == text or phrase in phrases:
            continue
        spans = list(find_all(text, phrase))
        if any(s < e2 and s2 < e for s, e in spans for s2, e2 in taken):
            continue
        phrases.append(phrase)
        taken.extend(spans)
    return phrases


def _language(text: str) -> str:
    han = len(HAN.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if han and han * 3 >= latin else "en"


def _iso_date(value: str) -> str | None:
    value = value.strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", value)
    try:
        if m:
            return date(*(int(g) for g in m.groups())).isoformat()
        for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y"):
            try:
                return datetime.strptime(value, fmt).date().isoformat()
            except ValueError:
                continue
    except ValueError:
        return None
    return None


def _quote(text: str, by: str | None, line: int, idea: DraftIdea | None = None,
           todo: str | None = None) -> DraftQuote:
    """Return a quote read at `line` (its id is given once every quote is read)."""
    return DraftQuote(places={"": (line, 1)}, by=by, text=text,
                      idea=idea.id if idea else None, todos=[todo] if todo else [])


def _names(speaker: DraftSpeaker) -> list[str]:
    """Return what a speaker is called: the name, then the aliases."""
    return [_given(speaker.name), *speaker.aliases]


def _given(value: str | None) -> str:
    """Return a field this reader always fills: a speaker's id and name, a quote's text."""
    assert value is not None
    return value


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _to_draft(x: _Extractor) -> Draft:
    """Return what `x` read as a draft: ids given to the cards and quotes, the same words
    said twice kept once, and every item named by its place in its list."""
    card_ids: set[str] = set()
    for idea in x.ideas:
        for card in idea.cards:
            card.id = _unique(slugify(_given(card.q)), card_ids, "card")
    seen: dict[str, DraftQuote] = {}
    quotes: list[DraftQuote] = []
    for quote in x.quotes:
        kept = seen.setdefault(_given(quote.text), quote)
        if kept is not quote:  # the same words in a section and in the list of quotes
            if kept.at is None:
                kept.at = quote.at
            continue
        quotes.append(quote)
    quote_ids: set[str] = set()
    for quote in quotes + x.unplaced:
        text = _given(quote.text)
        # a blank in a question teaches nothing (the card lint warns of it)
        quote.cloze = [] if asks(text) else _cloze(text)
        quote.id = _unique(slugify(quote.cloze[0] if quote.cloze else text), quote_ids, "quote")

    draft = Draft("summary")
    draft.episode = DraftEpisode(
        "episode", todos=x.episode_todos, title=x.title, show=x.show, date=x.date,
        language=x.language, url=x.url,
        id=slugify(" ".join(p for p in (x.show, x.title) if p), max_len=40, max_tokens=10)
        or "episode")
    draft.speakers = x.speakers or [DraftSpeaker(id="speaker", name="?", todos=[
        "no speaker found in the summary: name at least one"])]
    for n, speaker in enumerate(draft.speakers):
        speaker.where = f"speakers[{n}]"
    draft.ideas = x.ideas
    for n, idea in enumerate(draft.ideas):
        idea.where = f"ideas[{n}]"
        for k, card in enumerate(idea.cards):
            card.where = f"ideas[{n}].cards[{k}]"
    heading = x.quotes_heading
    draft.quotes = quotes + x.unplaced
    for n, quote in enumerate(draft.quotes):
        quote.where = f"quotes[{n}]"
        if id(quote) in x.listed and n and heading:
            quote.comments.append(heading)
            heading = None
        if quote.by is None:
            quote.todos.append(f"line {quote.place()[0]}: no speaker given: add `by` and "
                               "uncomment")
    return draft


def read_draft(text: str) -> tuple[Draft, list[str]]:
    """Return the draft of a content file read from the episode summary `text`, and the
    warnings: what could not be placed, by line of the summary.

    Raise ExtractError when `text` is empty, a content file, or holds nothing recognisable
    as a summary.
    """
    if re.match(r"(?:\ufeff)?(?:#[^\n]*\n|\s*\n)*(?:format|episode)\s*:", text):
        raise ExtractError("this is a content file already; quiz extract reads an episode "
                           "summary (check a content file with quiz check)")
    extractor = _Extractor(text)
    extractor.read()
    if extractor.show is None and not extractor.ideas and not extractor.quotes:
        raise ExtractError("found no 'Show | Title' line, no numbered sections and no quotes: "
                           "is this an episode summary?")
    draft = _to_draft(extractor)
    # checked as any content file is: what fails is a fault of this reader, told as a warning
    problems = [f"the draft has a problem: {p.where}: {p.message}" for p in check_draft(draft)]
    return draft, extractor.warnings + problems


def draft_content(text: str) -> Drafted:
    """Draft a content file from the episode summary `text`: its YAML text, the warnings
    (what could not be placed, by line of the summary) and the number of TODO comments.

    Raise ExtractError when `text` holds no summary (see read_draft).
    """
    draft, warnings = read_draft(text)
    return write_yaml(draft, warnings)


def read_summary(path: str | Path) -> str:
    """Return the text of the summary at `path` (UTF-8, a BOM accepted)."""
    try:
        return decode_utf8(read_limited(path))
    except NotUtf8 as e:  # worded as quiz check words it of a content file
        raise ExtractError(f"{path}:{e.line}:{e.col}: {e}") from None
    except TooBig as e:
        raise ExtractError(f"{path}:1:1: {e}") from None
    except OSError as e:
        raise ExtractError(f"cannot read {path}: {e.strerror or e}") from None
