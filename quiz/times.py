"""Timestamps: `m:ss`, `mm:ss` or `h:mm:ss` to seconds and back, a transcript's timestamps,
and links into the audio."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TIME = re.compile(r"(?:(\d+):)?(\d+):(\d+)(\.\d+)?")
# A transcript's timestamp: [h:]mm:ss.ttt (WebVTT) or hh:mm:ss,ttt (SRT), read leniently.
_STAMP = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?")
# A time as written in Chinese: 4分12秒, 4分12, 4分, 252秒, 1小时2分3秒, 1时2分3秒.
_CHINESE_TIME = re.compile(r"(?:(?P<h>\d+)(?:小时|时))?(?:(?P<m>\d+)分钟?)?"
                           r"(?:(?P<s>\d+)(?P<unit>秒钟?)?)?")

# A time in an episode, in seconds from its start: whole seconds as written `mm:ss`, or a
# fraction where a transcript gives one (`15:07.25`).
Seconds = int | float

# Hosts whose players read the start time from a `t=` query parameter.
_QUERY_HOSTS = ("youtube.com", "youtu.be", "bilibili.com", "b23.tv")


class _NotATime(ValueError):
    """A text that is no time; `why` is what is wrong with it, if more than its shape."""

    def __init__(self, why: str = "") -> None:
        self.why = why
        super().__init__(why)

    def message(self, text: str, hint: str | None) -> str:
        """Return the message for the user: what was written, what is wrong with it, and
        what to write (`hint`; None: only where nothing more precise is wrong)."""
        if self.why:
            return f"'{text}' is not a time: {self.why}" + (f"; {hint}" if hint else "")
        return f"'{text}' is not a time; {hint or _COLON_HINT}"


_COLON_HINT = "write m:ss, mm:ss or h:mm:ss"
_TYPED_HINT = "write m:ss, mm:ss or h:mm:ss, or 4分12秒"  # what a person may type too


def parse_time(text: str) -> Seconds:
    """Return the seconds that `text` (`m:ss`, `mm:ss` or `h:mm:ss`, the seconds with a
    decimal fraction where a transcript gives one: `15:07.25`) stands for: a whole number
    without a fraction.

    Raise ValueError with a message for the user when it is not a time.
    """
    try:
        return _parse_colons(text)
    except _NotATime as e:
        raise ValueError(e.message(text, None)) from None


def _parse_colons(text: str) -> Seconds:
    m = _TIME.fullmatch(text.strip())
    if not m:
        raise _NotATime
    hours, minutes, seconds = m.group(1), int(m.group(2)), int(m.group(3))
    if len(m.group(3)) != 2 or seconds >= 60:
        raise _NotATime("seconds must be two digits below 60")
    if hours is not None and minutes >= 60:
        raise _NotATime("minutes must be below 60 after an hour part")
    whole = (int(hours) if hours else 0) * 3600 + minutes * 60 + seconds
    return whole + float(m.group(4)) if m.group(4) else whole


def parse_stamp(text: str) -> float:
    """Return the seconds of a transcript's timestamp: `[h:]mm:ss` and a fraction of one to
    three digits after a point (WebVTT, `00:01.500`) or a comma (SRT, `00:00:01,500`).

    Minutes and seconds may have one digit, as some tools write them. Raise ValueError when
    `text` is no timestamp.
    """
    m = _STAMP.fullmatch(text)
    if not m:
        raise ValueError(f"'{text}' is not a timestamp")
    hours, minutes, seconds, fraction = m.groups()
    if int(minutes) >= 60 or int(seconds) >= 60:
        raise ValueError(f"'{text}' is not a timestamp: minutes and seconds are below 60")
    return (int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
            + (int(fraction) / 10 ** len(fraction) if fraction else 0.0))


def read_time(text: str) -> Seconds:
    """Return the seconds of a time typed by a person, or raise ValueError saying why (every
    message ends in the same hint of what to write).

    Besides `parse_time`'s forms this reads what a Chinese input method types: full-width
    digits and colons (`１５：００`), and times in 小时, 分 and 秒 (`15分`, `4分12秒`, `4分12`,
    `252秒`, `1小时2分3秒`); and 0, the start, in any unit. Content files keep to
    `parse_time`, where a typo is an error.
    """
    try:
        return _read_typed("".join(unicodedata.normalize("NFKC", text).split()))
    except _NotATime as e:
        raise ValueError(e.message(text, _TYPED_HINT)) from None


def _read_typed(folded: str) -> Seconds:
    if ":" in folded:
        return _parse_colons(folded)
    if folded.strip("0") == "" and folded:  # the start: 0 s, 0 min, 0 h alike
        return 0
    m = _CHINESE_TIME.fullmatch(folded)
    if m is None or not (m["h"] or m["m"] or m["s"]):
        raise _NotATime
    hours, minutes, seconds = (int(m[k] or 0) for k in ("h", "m", "s"))
    if m["s"] and not m["unit"] and not m["m"]:  # a bare number is seconds only after 分
        raise _NotATime
    if (m["h"] or m["m"]) and seconds >= 60:
        raise _NotATime("seconds must be below 60 after 分")
    if m["h"] and minutes >= 60:
        raise _NotATime("minutes must be below 60 after 小时")
    return hours * 3600 + minutes * 60 + seconds


@lru_cache(maxsize=1 << 12)  # the cards of an idea or a quote show one time, many times over
def format_time(seconds: Seconds) -> str:
    """Return `mm:ss`, or `h:mm:ss` from one hour on (a fraction of a second left out)."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def format_seconds(seconds: float) -> str:
    """Return `mm:ss.ss`, or `h:mm:ss.ss` past an hour; without a fraction when whole."""
    whole, fraction = divmod(round(seconds * 100), 100)
    text = format_time(whole)
    return f"{text}.{fraction:02d}" if fraction else text


def time_link(url: str | None, seconds: Seconds | None) -> str | None:
    """Return `url` pointing at `seconds`: `t=` for YouTube-like players, `#t=` otherwise."""
    if not url or seconds is None:
        return url or None
    return _linker(url)(int(seconds))  # players take whole seconds


@lru_cache(maxsize=16)
def _linker(url: str) -> Callable[[int], str]:
    """Return a function pointing `url` at a time: the url is taken apart and put together
    once, up to where the time goes, not once for each of the many cards and quotes of its
    episode."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if any(host == h or host.endswith("." + h) for h in _QUERY_HOSTS):
        kept = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                          if k != "t"])
        # the time ends the query, and any fragment follows it
        head = urlunsplit(parts._replace(query=f"{kept}&t=" if kept else "t=", fragment=""))
        tail = f"#{parts.fragment}" if parts.fragment else ""
    else:  # the time is the fragment
        head, tail = urlunsplit(parts._replace(fragment="")) + "#t=", ""
    return lambda seconds: f"{head}{seconds}{tail}"
