import pytest

from quiz.times import format_time, parse_time, time_link


@pytest.mark.parametrize(("text", "seconds"), [
    ("0:00", 0), ("4:12", 252), ("04:12", 252), ("15:07", 907), ("75:00", 4500),
    ("1:02:03", 3723), ("10:00:00", 36000), (" 5:01 ", 301),
])
def test_parse_time(text: str, seconds: int) -> None:
    assert parse_time(text) == seconds


@pytest.mark.parametrize(("text", "message"), [
    ("75:99", "seconds must be two digits below 60"),
    ("1:75:00", "minutes must be below 60 after an hour part"),
    ("4:2", "seconds must be two digits below 60"),
    ("-1:00", "is not a time"),
    ("soon", "is not a time"),
    ("907", "is not a time"),
    ("1:2:3:4", "is not a time"),
])
def test_parse_time_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_time(text)


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "00:00"), (252, "04:12"), (3599, "59:59"), (3600, "1:00:00"), (3723, "1:02:03"),
])
def test_format_time(seconds: int, text: str) -> None:
    assert format_time(seconds) == text
    assert parse_time(text) == seconds


@pytest.mark.parametrize(("url", "link"), [
    ("https://www.youtube.com/watch?v=abc", "https://www.youtube.com/watch?v=abc&t=907"),
    ("https://youtu.be/abc?t=5", "https://youtu.be/abc?t=907"),
    ("https://www.bilibili.com/video/BV1xx", "https://www.bilibili.com/video/BV1xx?t=907"),
    ("https://example.org/ep42.mp3", "https://example.org/ep42.mp3#t=907"),
    ("https://example.org/ep42.mp3#t=3", "https://example.org/ep42.mp3#t=907"),
])
def test_time_link(url: str, link: str) -> None:
    assert time_link(url, 907) == link


def test_time_link_without_url_or_time() -> None:
    assert time_link(None, 907) is None
    assert time_link("https://example.org/a.mp3", None) == "https://example.org/a.mp3"
