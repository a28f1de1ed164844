"""Quotes by timestamp: the core of quiz.timeline and the commands quotes and timeline."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import MULTI, SEED

from quiz.cli import cli
from quiz.content import load_content
from quiz.layout import display_width
from quiz.model import Content
from quiz.terminal import render_quotes, render_timeline
from quiz.timeline import (
    FilterError,
    episode_quotes,
    filter_quotes,
    find_speaker,
    make_timeline,
    nearest,
    select_quotes,
)
from quiz.times import time_link

YT = "https://www.youtube.com/watch?v=abc123"
QUOTE_KEYS = {"id", "at", "time", "approximate", "by", "speaker", "text", "idea", "url",
              "episode"}
IDEA_KEYS = {"id", "at", "time", "title", "summary", "url"}




# --- the core --------------------------------------------------------------------------


def test_quotes_come_in_episode_order_with_untimed_ones_last(multi: Content) -> None:
    quotes = episode_quotes(multi)
    assert [q.id for q in quotes] == [
        "hello", "plumber-quote", "script", "highway-quote", "rocket-quote", "newcomers",
        "late-thought", "stray"]
    assert [q.time for q in quotes] == [
        "01:30", "05:01", "06:00", "30:30", "1:02:03", "1:10:00", None, None]


def test_a_quote_without_time_takes_its_ideas_time_marked_approximate(multi: Content) -> None:
    quotes = {q.id: q for q in episode_quotes(multi)}
    rocket = quotes["rocket-quote"]
    assert (rocket.at, rocket.approximate, rocket.shown_time) == (3723, True, "~1:02:03")
    assert [q.id for q in quotes.values() if q.approximate] == ["rocket-quote"]
    # an untimed idea gives no time: the quote has none, and is not "approximate"
    late = quotes["late-thought"]
    assert (late.at, late.approximate, late.shown_time, late.url) == (None, False, "", None)


def test_a_quote_without_idea_belongs_to_the_idea_under_way(multi: Content) -> None:
    ideas = {q.id: q.idea for q in episode_quotes(multi)}
    assert ideas == {
        "hello": None, "plumber-quote": "pipes", "script": "pipes", "highway-quote": "highway",
        "rocket-quote": "rockets", "newcomers": "rockets", "late-thought": "afterthoughts",
        "stray": None}


def test_quotes_link_to_their_moment(multi: Content, seed: Content) -> None:
    quotes = {q.id: q for q in episode_quotes(multi)}
    assert quotes["newcomers"].url == f"{YT}&t=4200"
    assert quotes["rocket-quote"].url == f"{YT}&t=3723"
    assert quotes["stray"].url is None
    assert all(q.url is None for q in episode_quotes(seed))  # the seed has no url


@pytest.mark.parametrize(("url", "link"), [
    ("https://m.youtube.com/watch?v=x", "https://m.youtube.com/watch?v=x&t=75"),
    ("https://music.youtube.com/watch?v=x&t=9", "https://music.youtube.com/watch?v=x&t=75"),
    ("https://youtu.be/x", "https://youtu.be/x?t=75"),
    ("https://WWW.YouTube.com/watch?v=x", "https://WWW.YouTube.com/watch?v=x&t=75"),
    ("https://www.bilibili.com/video/BV1x?p=2", "https://www.bilibili.com/video/BV1x?p=2&t=75"),
    ("https://b23.tv/abc", "https://b23.tv/abc?t=75"),
    ("https://notyoutube.com/v.mp4", "https://notyoutube.com/v.mp4#t=75"),
    ("https://youtube.com.evil.example/v", "https://youtube.com.evil.example/v#t=75"),
    ("https://example.org/ep.mp3?token=a#old", "https://example.org/ep.mp3?token=a#t=75"),
    ("file:///srv/ep.mp3", "file:///srv/ep.mp3#t=75"),
])
def test_deep_links_youtube_and_bilibili_in_the_query_others_as_a_media_fragment(
        url: str, link: str) -> None:
    assert time_link(url, 75) == link


def test_filter_by_time_bounds_inclusive_and_untimed_left_out(multi: Content) -> None:
    quotes = episode_quotes(multi)
    ids = lambda qs: [q.id for q in qs]
    assert ids(filter_quotes(quotes, start=301, end=1830)) == [
        "plumber-quote", "script", "highway-quote"]
    assert ids(filter_quotes(quotes, start=3723)) == ["rocket-quote", "newcomers"]
    assert ids(filter_quotes(quotes, end=90)) == ["hello"]
    assert ids(filter_quotes(quotes, by="zhu")) == ["highway-quote", "stray"]
    assert ids(filter_quotes(quotes, idea="rockets")) == ["rocket-quote", "newcomers"]
    assert ids(filter_quotes(quotes, start=0, by="ann", idea="rockets")) == ["newcomers"]


def test_find_speaker_by_id_name_or_alias(multi: Content) -> None:
    for who in ("zhu", "朱亦博", "Zhu", "ZHU", " zhu "):
        speaker = find_speaker(multi, who)
        assert speaker is not None and speaker.id == "zhu", who
    assert find_speaker(multi, "annie").id == "ann"  # type: ignore[union-attr]
    assert find_speaker(multi, "bob builder").id == "bob"  # type: ignore[union-attr]
    assert find_speaker(multi, "nobody") is None


def test_select_quotes_refuses_unknown_speaker_or_idea_listing_the_valid_ones(
        multi: Content, seed: Content) -> None:
    with pytest.raises(FilterError) as e:
        select_quotes([multi], by="carol")
    assert e.value.option == "by"
    assert str(e.value) == ("no speaker 'carol'; choose from: ann (Ann), bob (Bob Builder), "
                            "zhu (朱亦博)")
    with pytest.raises(FilterError) as e:
        select_quotes([multi, seed], idea="nope")
    assert e.value.option == "idea" and "pipes" in str(e.value) and "business-model" in str(e.value)
    # a speaker of one episode is no error with several: the other has no quotes by them
    selected = select_quotes([multi, seed], by="曲凯")
    assert [len(quotes) for _, quotes in selected] == [0, 2]


def test_a_time_long_after_the_last_idea_starts_says_so(runner: CliRunner,
                                                          seed: Content) -> None:
    # the seed's last idea starts at 31:12, its longest section lasts 4:34: at 35:00 the
    # last idea may be under way, at 99:00 it is not sure at all
    assert not nearest(seed, 35 * 60).past_end and not nearest(seed, 900).past_end
    assert nearest(seed, 99 * 60).past_end
    assert nearest(seed, 99 * 60).to_dict()["idea"]["id"] == "advice-for-builders"  # type: ignore[index]
    result = runner.invoke(cli, ["quotes", str(SEED), "--at", "99:00"])
    assert result.stdout.startswith("1:39:00 已远在最后一个观点开始之后：31:12 对创业者与开发者的建议")
    result = runner.invoke(cli, ["quotes", str(SEED), "--at", "33:00"])
    assert result.stdout.startswith("33:00 正在讲：31:12 对创业者与开发者的建议")


def test_nearest_quote_and_idea_under_way(seed: Content, multi: Content) -> None:
    found = nearest(seed, 900)
    assert found.quote is not None and found.quote.id == "highway"
    assert found.idea is not None and found.idea.id == "technical-challenges"
    assert found.to_dict()["idea"] == {
        "id": "technical-challenges", "at": 890, "time": "14:50", "title": "技术挑战与核心壁垒",
        "summary": seed.idea("technical-challenges").summary, "url": None}  # type: ignore[union-attr]
    # before the first idea: a quote, but no idea under way yet
    early = nearest(multi, 10)
    assert early.quote is not None and early.quote.id == "hello" and early.idea is None
    # past an hour
    late = nearest(multi, 3 * 3600)
    assert late.quote.id == "newcomers" and late.idea.id == "rockets"  # type: ignore[union-attr]


def test_nearest_prefers_an_exact_time_then_the_earlier_quote(write_content: Callable[..., Path]
                                                               ) -> None:
    content = load_content(write_content("""\
        episode: {id: e, title: T}
        speakers: [{id: a, name: A}]
        ideas: [{id: i, at: "10:00", title: I}]
        quotes:
          - {id: approx, by: a, idea: i, text: x}
          - {id: exact, by: a, at: "10:00", text: y}
          - {id: before, by: a, at: "11:00", text: z}
          - {id: after, by: a, at: "13:00", text: w}
        """))
    assert nearest(content, 600).quote.id == "exact"  # type: ignore[union-attr]
    assert nearest(content, 720).quote.id == "before"  # type: ignore[union-attr]
    only_approx = [q for q in episode_quotes(content) if q.id == "approx"]
    assert nearest(content, 600, only_approx).quote.id == "approx"  # type: ignore[union-attr]
    assert nearest(content, 600, []).quote is None


def test_timeline_orders_ideas_and_gathers_every_quote_once(multi: Content) -> None:
    sections = make_timeline(multi)
    assert [(s.id, s.time, s.title) for s in sections] == [
        (None, "01:30", "Before the first idea"),
        ("pipes", "04:12", "Pipes and plumbers"),
        ("highway", "30:00", "高速公路"),
        ("rockets", "1:02:03", "Building rockets"),
        ("afterthoughts", None, "Afterthoughts"),
        (None, None, "Quotes without a time"),
    ]
    assert [[q.id for q in s.quotes] for s in sections] == [
        ["hello"], ["plumber-quote", "script"], ["highway-quote"],
        ["rocket-quote", "newcomers"], ["late-thought"], ["stray"]]
    assert sections[1].url == f"{YT}&t=252" and sections[4].url is None


def test_seed_timeline_has_every_idea_and_quote(seed: Content) -> None:
    sections = make_timeline(seed)
    assert [s.id for s in sections] == [i.id for i in seed.ideas]  # the seed is in time order
    placed = [q.id for s in sections for q in s.quotes]
    assert sorted(placed) == sorted(q.id for q in seed.quotes)
    assert all(q.idea == s.id for s in sections for q in s.quotes)


def test_group_titles_follow_the_episodes_language(write_content: Callable[..., Path]) -> None:
    content = load_content(write_content("""\
        episode: {id: e, title: T, language: zh-CN}
        speakers: [{id: a, name: 甲}]
        ideas: [{id: i, at: "10:00", title: 观点}]
        quotes:
          - {id: q1, by: a, at: "0:05", text: 开场}
          - {id: q2, by: a, text: 无时}
        """))
    assert [s.title for s in make_timeline(content)] == ["开场之前", "观点", "没有时间的引语"]


def test_timeline_of_untimed_ideas_keeps_file_order(write_content: Callable[..., Path]) -> None:
    content = load_content(write_content("""\
        episode: {id: e, title: T}
        speakers: [{id: a, name: A}]
        ideas:
          - {id: z-last, title: Z}
          - {id: late, at: "20:00", title: L}
          - {id: a-first, title: A}
          - {id: early, at: "1:00", title: E}
        """))
    assert [s.id for s in make_timeline(content)] == ["early", "late", "z-last", "a-first"]


def test_quotes_align_by_display_width(multi: Content) -> None:
    lines = render_quotes(episode_quotes(multi), width=60)
    text_column = {display_width(line[:line.index(q)])
                   for line in lines for q in ("Welcome", "你可以", "Is there", "没有时间")
                   if q in line}
    assert text_column == {23}  # "~1:02:03" (8) + 2 + "Bob Builder" (11) + 2
    # lines fit, but for those with a link: a url is never broken
    assert all(display_width(line) <= 60 for line in lines if "https://" not in line)
    # the continuation of a wrapped Chinese quote hangs under its first line
    first = next(n for n, line in enumerate(lines) if "你可以" in line)
    assert lines[first + 1:first + 4] == [
        " " * 23 + "但每天有成千上万辆车在同时对撞,这就是", " " * 23 + "我们每天面对的真实情况。",
        " " * 23 + f"#highway · {YT}&t=1830"]


def test_timeline_text_shows_times_titles_and_approximate_marks(multi: Content) -> None:
    lines = render_timeline(multi, make_timeline(multi), width=100)
    text = "\n".join(lines)
    assert lines[0] == f"Test Show · Pipes, rockets & <b>bold</b> claims  [multi-ep]  {YT}"
    assert "1:02:03  Building rockets #rockets" in text
    assert "~1:02:03  Bob Builder  Build the rocket" in text
    assert "Quotes without a time" in text and text.index("Afterthoughts") < text.index("没有时间")


# --- the commands ----------------------------------------------------------------------------


def test_quotes_text(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["quotes", str(MULTI)], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "   01:30  Ann          Welcome to the show."
    assert lines[1].strip() == f"{YT}&t=90"
    assert "~1:02:03  Bob Builder  Build the rocket and sell tickets, rocket after rocket." in lines
    assert result.stderr == ""


def test_quotes_from_to_as_in_the_seed(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["quotes", str(SEED), "--from", "10:00", "--to", "25:00",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    quotes = json.loads(result.stdout)
    assert [q["time"] for q in quotes] == [
        "11:16", "12:40", "15:07", "20:15", "21:20", "24:44"]
    assert quotes[0]["approximate"] is True and quotes[0]["id"] == "super-brain"
    assert all(set(q) == QUOTE_KEYS for q in quotes)


def test_quotes_json_shape(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["quotes", str(MULTI), "--format", "json"])
    assert result.exit_code == 0
    quotes = json.loads(result.stdout)
    assert quotes[4] == {
        "id": "rocket-quote", "at": 3723, "time": "1:02:03", "approximate": True, "by": "bob",
        "speaker": "Bob Builder", "text": "Build the rocket and sell tickets, rocket after rocket.",
        "idea": "rockets", "url": f"{YT}&t=3723", "episode": "multi-ep"}
    assert quotes[-1] == {
        "id": "stray", "at": None, "time": None, "approximate": False, "by": "zhu",
        "speaker": "朱亦博", "text": "没有时间,也没有观点。", "idea": None, "url": None,
        "episode": "multi-ep"}
    assert quotes[2]["text"] == "Beware <script>alert(1)</script> & friends."


@pytest.mark.parametrize(("args", "ids"), [
    (["--by", "ann"], ["hello", "newcomers", "late-thought"]),
    (["--by", "Annie"], ["hello", "newcomers", "late-thought"]),
    (["--by", "朱亦博"], ["highway-quote", "stray"]),
    (["--idea", "pipes"], ["plumber-quote", "script"]),
    (["--from", "1:00:00"], ["rocket-quote", "newcomers"]),
    (["--to", "6:00"], ["hello", "plumber-quote", "script"]),
    (["--from", "75:00"], []),
    (["--by", "bob", "--idea", "rockets", "--from", "1:00", "--to", "2:00:00"], ["rocket-quote"]),
])
def test_quotes_filters(runner: CliRunner, args: list[str], ids: list[str]) -> None:
    result = runner.invoke(cli, ["quotes", str(MULTI), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    assert [q["id"] for q in json.loads(result.stdout)] == ids


def test_quotes_at(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["quotes", str(SEED), "--at", "15:00", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"at", "quote", "idea", "episode"} and doc["at"] == 900
    assert doc["quote"]["id"] == "highway" and set(doc["quote"]) == QUOTE_KEYS
    assert set(doc["idea"]) == IDEA_KEYS and doc["idea"]["id"] == "technical-challenges"
    text = runner.invoke(cli, ["quotes", str(SEED), "--at", "15:00"], env={"COLUMNS": "100"})
    assert text.exit_code == 0
    assert text.stdout.splitlines() == [
        "15:00 正在讲：14:50 技术挑战与核心壁垒 #technical-challenges",  # Chinese, as the episode
        "最近的引语：",
        "  15:07  朱亦博  你可以把AI Infra理解为建一条高速公路,但每天有成千上万辆车在同时对撞。",
        "                 #technical-challenges",
    ]


def test_quotes_at_with_filters_and_nothing_to_find(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["quotes", str(MULTI), "--at", "0:00", "--by", "zhu",
                                 "--format", "json"])
    assert json.loads(result.stdout)["quote"]["id"] == "highway-quote"
    result = runner.invoke(cli, ["quotes", str(MULTI), "--at", "0:00", "--from", "3:00:00",
                                 "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"at": 0, "quote": None, "idea": None,
                                         "episode": "multi-ep"}
    text = runner.invoke(cli, ["quotes", str(MULTI), "--at", "0:00", "--from", "3:00:00"])
    assert text.stdout.splitlines() == [
        "at 00:00, under way: no idea is under way yet",
        "nearest quote: none (no quote with a time matches)"]


def test_quotes_of_several_episodes(runner: CliRunner) -> None:
    # 朱亦博 is speaker "zhu" of one episode and "zhuyibo" of the other
    result = runner.invoke(cli, ["quotes", str(MULTI), str(SEED), "--by", "朱亦博",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    quotes = json.loads(result.stdout)
    assert [(q["episode"], q["by"]) for q in quotes[:3]] == [
        ("multi-ep", "zhu"), ("multi-ep", "zhu"), ("ai-infra-42", "zhuyibo")]
    assert len(quotes) == 2 + 14
    text = runner.invoke(cli, ["quotes", str(MULTI), str(SEED), "--to", "5:00"])
    lines = text.stdout.splitlines()
    assert lines[0].startswith("Test Show · Pipes, rockets") and lines[1].startswith("  01:30  Ann  Welcome")
    heading = lines.index("42章经 · 关于 AI Infra 的一切  [ai-infra-42]")
    assert lines[heading - 1] == "" and "很多听众" in lines[heading + 1]
    at = runner.invoke(cli, ["quotes", str(MULTI), str(SEED), "--at", "5:00", "--format", "json"])
    docs = json.loads(at.stdout)
    assert [(d["episode"], d["quote"]["id"]) for d in docs] == [
        ("multi-ep", "plumber-quote"), ("ai-infra-42", "plumber")]


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "75:99"], "Invalid value for '--from': '75:99' is not a time"),
    (["--to", "1:75:00"], "minutes must be below 60 after an hour part"),
    (["--at", "abc"], "Invalid value for '--at': 'abc' is not a time"),
    (["--at", "907"], "'907' is not a time"),
    (["--from", "20:00", "--to", "10:00"], "--from comes after --to"),
    (["--by", "carol"], "no speaker 'carol'; choose from: ann (Ann), bob (Bob Builder), zhu"),
    (["--idea", "nope"], "no idea 'nope'; choose from: pipes, rockets, highway, afterthoughts"),
    (["--format", "xml"], "Invalid value for '--format'"),
    (["missing.yaml"], "does not exist"),
])
def test_quotes_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    paths = [] if args == ["missing.yaml"] else [str(MULTI)]
    result = runner.invoke(cli, ["quotes", *paths, *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and result.stdout == ""
    assert "Traceback" not in result.output


def test_quotes_and_timeline_of_bad_content_exit_1(runner: CliRunner,
                                                   write_content: Callable[..., Path]) -> None:
    bad = write_content("episode: {id: x, title: T}\nspeakers: [{id: a}]\n")
    for command in ("quotes", "timeline"):
        result = runner.invoke(cli, [command, str(bad)])
        assert result.exit_code == 1
        assert "missing required key 'name'" in result.stderr and result.stdout == ""


def test_timeline_json(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["timeline", str(MULTI), "--format", "json"])
    assert result.exit_code == 0, result.output
    ideas = json.loads(result.stdout)
    assert all(set(i) == IDEA_KEYS | {"quotes", "episode"} for i in ideas)
    assert [i["id"] for i in ideas] == [None, "pipes", "highway", "rockets", "afterthoughts", None]
    assert ideas[3] | {"quotes": None} == {
        "id": "rockets", "at": 3723, "time": "1:02:03", "title": "Building rockets",
        "summary": "Rockets take long and cost a lot.", "url": f"{YT}&t=3723",
        "episode": "multi-ep", "quotes": None}
    assert [q["id"] for q in ideas[3]["quotes"]] == ["rocket-quote", "newcomers"]
    assert all(set(q) == QUOTE_KEYS for i in ideas for q in i["quotes"])
    assert ideas[-1]["title"] == "Quotes without a time" and ideas[-1]["at"] is None


def test_timeline_text_of_the_seed_and_several_files(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["timeline", str(SEED)], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "42章经 · 关于 AI Infra 的一切  [ai-infra-42]"
    assert "11:16  阶跃星辰做了什么：创业公司的定位 #stepstar-positioning" in lines
    assert any(line.strip().startswith("~11:16  朱亦博  让国内") for line in lines)
    assert all(display_width(line) <= 80 for line in lines)
    both = runner.invoke(cli, ["timeline", str(MULTI), str(SEED)])
    assert both.exit_code == 0
    assert both.stdout.count("[multi-ep]") == 1 and both.stdout.count("[ai-infra-42]") == 1
    as_json = json.loads(runner.invoke(cli, ["timeline", str(MULTI), str(SEED),
                                             "--format", "json"]).stdout)
    assert {i["episode"] for i in as_json} == {"multi-ep", "ai-infra-42"}


def test_commands_use_content_yaml_by_default(runner: CliRunner, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "content.yaml").write_bytes(MULTI.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["quotes", "--by", "ann", "--format", "json"])
    assert [q["id"] for q in json.loads(result.stdout)] == ["hello", "newcomers", "late-thought"]
    assert runner.invoke(cli, ["timeline"]).exit_code == 0


@pytest.mark.parametrize("command", ["quotes", "timeline", "preview"])
def test_help_has_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and f"quiz {command}" in result.stdout
