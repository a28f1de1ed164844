import json

import pytest
from click.testing import CliRunner
from support import SEED

from quiz.cli import cli
from quiz.times import format_time, parse_stamp, parse_time, read_time, time_link


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


@pytest.mark.parametrize(("text", "seconds"), [
    ("00:01.500", 1.5), ("00:00:01,500", 1.5), ("1:02:03.04", 3723.04), ("0:5", 5.0),
    ("59:59", 3599.0), ("10:00:00.1", 36000.1), ("00:07.400", 7.4),
])
def test_parse_stamp_reads_webvtt_and_srt_timestamps(text: str, seconds: float) -> None:
    assert parse_stamp(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["00:60.000", "60:00", "00:01.5000", "1", "00:0x,000",
                                  " 00:01.000", "00:01;500", "100:00"])
def test_parse_stamp_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="is not a timestamp"):
        parse_stamp(text)


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
    ("https://youtu.be/abc?t=5&list=x#top", "https://youtu.be/abc?list=x&t=907#top"),
    ("https://m.youtube.com/watch?v=a&t=1#", "https://m.youtube.com/watch?v=a&t=907"),
    ("https://example.org/a.mp3?x=1&t=2#", "https://example.org/a.mp3?x=1&t=2#t=907"),
    ("file:///home/me/ep%2042.mp3", "file:///home/me/ep%2042.mp3#t=907"),
])
def test_time_link(url: str, link: str) -> None:
    assert time_link(url, 907) == link


def test_time_link_without_url_or_time() -> None:
    assert time_link(None, 907) is None
    assert time_link("https://example.org/a.mp3", None) == "https://example.org/a.mp3"


# -- times typed by people (read_time): the quiz's when cards and --at/--from/--to ---------

@pytest.mark.parametrize(("text", "seconds"), [
    ("4:12", 252), ("1:02:03", 3723), (" 5:01 ", 301),
    ("15：00", 900), ("１５：００", 900), ("１：０２：０３", 3723),  # what an input method types
    ("15分", 900), ("15分钟", 900), ("4分12秒", 252), ("4 分 12 秒", 252), ("4分12", 252),
    ("252秒", 252), ("1小时2分3秒", 3723), ("1时2分3秒", 3723), ("1小时", 3600),
    ("１小时２分３秒", 3723), ("0", 0), ("00", 0), ("0:00", 0),
])
def test_read_time(text: str, seconds: int) -> None:
    assert read_time(text) == seconds


@pytest.mark.parametrize(("text", "message"), [
    ("soon", "'soon' is not a time; write m:ss, mm:ss or h:mm:ss, or 4分12秒"),
    ("907", "is not a time"),  # a bare number says no unit
    ("12分72秒", "seconds must be below 60 after 分"),
    ("1小时62分", "minutes must be below 60 after 小时"),
    ("12秒34分", "is not a time"),
    ("分", "is not a time"),
    ("75：99", "seconds must be two digits below 60"),
    ("4:12:", "is not a time"),
])
def test_read_time_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as refused:
        read_time(text)
    # every refusal says what to write, the colon forms ("-1:00") as the Chinese ones
    assert str(refused.value).endswith("; write m:ss, mm:ss or h:mm:ss, or 4分12秒")


@pytest.mark.parametrize("text", ["-1:00", "1:2:3:4", "75：99"])
def test_read_time_gives_one_hint_to_the_colon_forms_too(text: str) -> None:
    with pytest.raises(ValueError) as refused:
        read_time(text)
    assert str(refused.value).startswith(f"'{text}' is not a time")
    assert str(refused.value).endswith("; write m:ss, mm:ss or h:mm:ss, or 4分12秒")


@pytest.mark.parametrize("at", ["15:00", "15：00", "１５：００", "15分", "15分0秒"])
def test_the_command_line_reads_times_as_people_type_them(runner: CliRunner, at: str) -> None:
    result = runner.invoke(cli, ["quotes", str(SEED), "--at", at, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.output == runner.invoke(
        cli, ["quotes", str(SEED), "--at", "15:00", "--format", "json"]).output


def test_the_command_line_says_what_a_time_is(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["quotes", str(SEED), "--from", "soon"])
    assert result.exit_code == 2
    assert "'soon' is not a time; write m:ss, mm:ss or h:mm:ss, or 4分12秒" in result.output
    result = runner.invoke(cli, ["quotes", str(SEED), "--at", "-1:00"])
    assert "'-1:00' is not a time; write m:ss, mm:ss or h:mm:ss, or 4分12秒" in result.output


def test_the_command_line_takes_0_for_the_start(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["quotes", str(SEED), "--at", "0", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["at"] == 0
