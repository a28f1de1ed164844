"""The tool's own words, in English and Chinese: what it says about an episode (its cards and
their roles, the session, the listings, the closing line of a check or a build, the count
of a draft's TODOs) is in the episode's language.

Diagnostics about a file are in English, as a compiler's are: the problems of a content
file and the card lint's warnings name its keys, which are English (`ideas[2].cards[1].a`),
and so do the readers' notes on a summary or a transcript and click's usage errors.

A key ending in `_one` is the singular of the key without it (Chinese needs none). English
sentences after the first start with a space; Chinese ones need none. The names and
questions of the kinds of card are with the kinds, in quiz.cards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Content

# Each word by its key: (English, Chinese); None where Chinese needs no word of its own
# (a singular), and the English serves.
WORDS: dict[str, tuple[str, str | None]] = {
    # counts
    "cards": ("{n} cards", "{n} 张卡片"),
    "cards_one": ("1 card", None),
    "notes": ("{n} notes", "{n} 条笔记"),
    "notes_one": ("1 note", None),
    "ideas": ("{n} ideas", "{n} 个观点"),
    "ideas_one": ("1 idea", None),
    "quotes": ("{n} quotes", "{n} 条引语"),
    "quotes_one": ("1 quote", None),
    "episodes": ("{n} episodes", "{n} 期节目"),
    "episodes_one": ("1 episode", None),
    "answers": ("{n} answers", "回答 {n} 次"),
    "answers_one": ("1 answer", None),
    "warnings": ("{n} warnings", "{n} 条提醒"),
    "warnings_one": ("1 warning", None),
    "by_kind": ("{kind} {n}", "{kind} {n}"),
    "list": (", ", "、"),
    # quiz check, build, preview
    "checked": (
        "{path}: ok: {ideas}, {quotes}, {cards}{kinds}",
        "{path}：没有问题：{ideas}、{quotes}、{cards}{kinds}"),
    "checked_warnings": (
        "{path}: ok, with {warnings}: {ideas}, {quotes}, {cards}{kinds}",
        "{path}：没有错误，{warnings}：{ideas}、{quotes}、{cards}{kinds}"),
    "cards_by_kind": (" ({kinds})", "（{kinds}）"),  # after a count of cards, when there are any
    "built": ("{path}: {notes}, {cards}{kinds}", "{path}：{notes}、{cards}{kinds}"),
    "with_clips": (", {clips}", "、{clips}"),
    "clips": ("{n} clips", "{n} 段录音"),
    "clips_one": ("1 clip", None),
    "previewed": ("{path}: {episodes}, {cards}", "{path}：{episodes}、{cards}"),
    "aligned": (
        "{path}: the times of {n} of {total} quotes written",
        "{path}：已写入 {total} 条引语中 {n} 条的时间"),
    "synced_notes": (
        "{path}: notes: {added} added, {updated} updated, {unchanged} unchanged, {conflicts} in "
        "conflict",
        "{path}：笔记新增 {added} 条，更新 {updated} 条，未变 {unchanged} 条，冲突 {conflicts} 条"),
    "synced_reviews": (
        "reviews: {to_anki} carried to Anki, {from_anki} brought from Anki",
        "复习记录：{to_anki} 次写入 Anki，{from_anki} 次从 Anki 带回"),
    "synced_backup": ("backup of the collection before the sync: {path}", "同步前的收藏备份：{path}"),
    "synced_conflicts": (
        "edited in Anki and in the content since the last sync (Anki's text was kept; see the "
        "README on conflicts):",
        "上次同步后在 Anki 和内容文件中都改过（保留了 Anki 的文字，解决办法见 README 的“冲突”一节）："),
    "not_found": ("not found", "没有找到"),
    "with_role": ("{name} ({role})", "{name}（{role}）"),
    "drafted": ("{path}: {todos} to check", "{path}：{todos}待检查"),
    "todos": ("{n} TODOs", "{n} 处 TODO "),
    "todos_one": ("1 TODO", None),
    # a kind of card that the episode does not make (quiz.cards.not_made)
    "not_made": (
        "this episode makes no {kind} cards: {why}. List {kind} in episode.kinds to make them.",
        "本集不生成 {kind} 卡片：{why}。在 episode.kinds 中列出 {kind} 即可生成。"),
    "not_made_any": (
        "none of these episodes makes {kind} cards: {why}. List {kind} in episode.kinds to make "
        "them.",
        "这些节目都不生成 {kind} 卡片：{why}。在 episode.kinds 中列出 {kind} 即可生成。"),
    "kind_not_listed": ("episode.kinds does not list it", "episode.kinds 中没有列出它"),
    # the session
    "repeat": ("again", "再问"),
    "again": ("Again", "重来"),
    "hard": ("Hard", "困难"),
    "good": ("Good", "良好"),
    "easy": ("Easy", "简单"),
    "right": ("✓ Right", "✓ 对"),
    "nearly": ("≈ Nearly", "≈ 差一点"),
    "wrong": ("✗ Wrong", "✗ 错"),
    "revealed": ("Revealed", "答案"),
    "by_name": ("number or name", "序号或名字"),
    "by_title": ("number or title", "序号或标题"),
    "reveal": ("Enter to reveal", "回车看答案"),
    "undo": (":u undo", ":u 撤销"),
    "quit": (":q quit", ":q 退出"),
    "take": ("Enter = {rating}", "回车 = {rating}"),
    "prompt": ("rating› ", "评分› "),
    "bad_rating": (
        "Type 1, 2, 3 or 4, or press Enter for {rating}; {commands}.",
        "请输入 1、2、3 或 4，或按回车选“{rating}”；{commands}。"),
    "commands": (":u takes back the last rating, :q quits", ":u 撤销上一个评分，:q 退出"),
    "unknown_command": ("Unknown command '{command}'. {commands}.", "没有“{command}”这个命令。{commands}。"),
    "comeback": ("{rating} · back in a few cards", "{rating} · 过几张卡片再问"),
    "next": ("{rating} · next {when}", "{rating} · 下次：{when}"),
    "took_back": ("↶ took back {rating}; asking that card again.", "↶ 已撤销“{rating}”，这张卡片重新问。"),
    "no_undo": ("Nothing to take back yet.", "还没有可以撤销的评分。"),
    "time_hint": ("write a time like 4:12", "请写一个时间，如 4:12 或 4分12秒"),
    "choice_hint": ("choose 1 to {n}", "请选 1 到 {n}"),
    "mark": ("[{}]", "【{}】"),
    "note": (" ({note})", "（{note}）"),
    "score": ("{cards}: {right} right, {wrong} wrong.", "{cards}：对 {right} 次，错 {wrong} 次。"),
    "score_answers": (
        "{cards}, {answers}: {right} right, {wrong} wrong.",
        "{cards}，{answers}：对 {right} 次，错 {wrong} 次。"),
    "no_answers": ("No answers given.", "没有作答。"),
    "left": ("Not rated: {cards}, kept for the next session.", "还有 {cards}没有评分，留到下次。"),
    "none_rated": ("No rating given: the answer was not rated, so nothing was saved.",
                   "没有评分：回答了但没有评分，所以没有保存。"),
    "last_unrated": ("The last answer was not rated, and not saved.", "最后一个回答没有评分，没有保存。"),
    "crammed": ("Cram session: the schedule was not changed.", "突击复习：复习计划没有改动。"),
    "next_due": ("Next due: {when}.", "下次到期：{when}。"),
    "clock": ("{when} ({clock})", "{when}（{clock}）"),
    "intro": ("{cards} to study: {due} due, {new} new.", "本次 {cards}：{due} 张到期，{new} 张新卡片。"),
    "cram": ("Cram: {cards}; the schedule is left alone.", "突击复习：{cards}，不改动复习计划。"),
    "no_cards": ("No cards to quiz.", "没有要练习的卡片。"),
    "none_scheduled": ("Nothing due now; no card is scheduled yet.", "现在没有到期的卡片；还没有安排任何卡片。"),
    "others_due": (
        "Nothing due now among the chosen cards; other cards are due now.",
        "所选的卡片现在都没有到期；其他卡片现在到期。"),
    "nothing_due": ("Nothing due now; next due {when}.", "现在没有到期的卡片；下次到期：{when}。"),
    "waiting": ("{n} new cards wait", "{n} 张新卡片"),
    "waiting_one": ("1 new card waits", None),
    "raise_new": (" {waiting}: raise --new.", "{waiting}在等：调高 --new 即可学习。"),
    "per_day": (
        " {waiting} for tomorrow (--new {new} a day: raise it for more).",
        "{waiting}明天再学（每天 --new {new} 张：调高可以多学）。"),
    "buried": (
        " {waiting} for tomorrow: cards of the same fact were studied today.",
        "{waiting}明天再学：同一事实的卡片今天已经学过。"),
    "disk_full": (
        "The disk is full: the rating of that answer was not saved in {path} (the ones before "
        "it are). Free some space and try again.",
        "磁盘已满：这次回答的评分没有保存到 {path}（之前的都已保存）。请腾出空间后再试。"),
    "no_player": (
        "No audio player found (mpv, ffplay, afplay, mpg123, paplay or vlc): the quotes stay "
        "silent. Install one, or name one in QUIZ_PLAYER.",
        "没有找到播放器（mpv、ffplay、afplay、mpg123、paplay 或 vlc），引语不会播放。请安装一个，或在 QUIZ_PLAYER 中指定。"),
    "no_clips": (
        "No clip to play: the episode has no audio, or no quote a time of its own.",
        "没有可播放的录音：这期节目没有音频，或者没有引语有自己的时间。"),
    # when something is due
    "now": ("now", "现在"),
    "in_days": ("in {n} days", "{n} 天后"),
    "in_days_one": ("in 1 day", None),
    "in_hours": ("in {n} h", "{n} 小时后"),
    "in_hours_one": ("in 1 h", None),
    "in_minutes": ("in {n} min", "{n} 分钟后"),
    "in_minutes_one": ("in 1 min", None),
    # quiz stats
    "stat_cards": ("cards", "卡片"),
    "stat_new": ("new", "新卡片"),
    "stat_due_now": ("due now", "现在到期"),
    "stat_due_later": ("due later", "以后到期"),
    "stat_next_due": ("next due", "下次到期"),
    "stat_reviews": ("reviews", "复习"),
    "stat_retention": ("retention", "记住率"),
    "stat_state": ("state", "状态文件"),
    "stat_ratings": (
        "(again {again}, hard {hard}, good {good}, easy {easy})",
        "（重来 {again}，困难 {hard}，良好 {good}，简单 {easy}）"),
    "stat_retention_note": ("(share of reviews not rated Again)", "（没有评为“重来”的复习所占比例）"),
    "stat_not_created": ("(not created yet)", "（尚未创建）"),
    # quiz quotes and timeline
    "before": ("Before the first idea", "开场之前"),
    "untimed": ("Quotes without a time", "没有时间的引语"),
    "no_quotes": ("(no quotes)", "（没有引语）"),
    "under_way": ("at {time}, under way: ", "{time} 正在讲："),
    "past_end": ("at {time}, long after the last idea starts: ", "{time} 已远在最后一个观点开始之后："),
    "nothing_under_way": ("no idea is under way yet", "还没有开始讲任何观点"),
    "nearest": ("nearest quote:", "最近的引语："),
    "no_nearest": (
        "nearest quote: none (no quote with a time matches)",
        "最近的引语：没有（没有符合条件且有时间的引语）"),
    # the preview page
    "page_cards": ("Cards", "卡片"),
    "page_other": ("Other cards", "其他卡片"),
    "page_contents": ("Contents", "目录"),
    "page_listen": ("Listen", "收听"),
    "page_show": ("Show answer", "显示答案"),
    "page_approximate": ("approximate: the time of its idea", "大致时间：所属观点的时间"),
    # how an answer differed (quiz.grading)
    "grade_expected": ("expected '{expected}'", "应为「{expected}」"),
    "grade_missing": ("'{missing}' missing", "少了「{missing}」"),
    "grade_one_off": (
        "one letter off: '{typed}' vs '{candidate}'",
        "差一个字母：“{typed}”与“{candidate}”"),
    "grade_slip": ("{got} for {want}", "{got}应为{want}"),
    "grade_and": (", ", "、"),
    "grade_also": ("; ", ";"),
    "grade_tones": ("{slips}, same sound", "{slips}，同音"),
    "grade_toneless": ("{slips}, same sound but another tone", "{slips}，同音不同调"),
    "grade_later": ("{off} later than {expected}", "比 {expected} 晚了 {off}"),
    "grade_earlier": ("{off} earlier than {expected}", "比 {expected} 早了 {off}"),
    "grade_number_is": ("{number} is {choice}", "{number} 是{choice}"),
    "grade_is_choice": ("{choice} is choice {number}", "{choice}是第 {number} 项"),
    "grade_other": ("{name} is another speaker", "{name}是另一位说话人"),
    "grade_is_other": ("{answer} is {name}", "{answer}是{name}"),
}


LANGUAGES = ("en", "zh")  # the columns of WORDS

# The common roles of a speaker, as a card of a Chinese episode shows them. A role is written
# in the content in any words: these are translated, others (and every role of an English
# episode) kept as written. Keyed by the role folded (case, spaces, hyphens: `Co-host` is
# `cohost`).
ROLES: dict[str, str] = {
    "host": "主持人",
    "cohost": "联合主持人",
    "guesthost": "客座主持人",
    "guest": "嘉宾",
    "specialguest": "特邀嘉宾",
    "moderator": "主持人",
    "interviewer": "采访者",
    "interviewee": "受访者",
    "panelist": "讨论嘉宾",
    "panellist": "讨论嘉宾",
    "speaker": "演讲者",
    "narrator": "旁白",
    "reporter": "记者",
}


def role_in(role: str, language: str) -> str:
    """Return a speaker's `role` as said in `language`: a common role (ROLES) translated
    into Chinese for a Chinese episode; any other role, and every role in English, as
    written."""
    if language != "zh":
        return role
    return ROLES.get(re.sub(r"[\s_-]+", "", role.casefold()), role)


class Words:
    """The words of one language, English where it has none."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else "en"
        self._column = LANGUAGES.index(self.language)

    def __getitem__(self, key: str) -> str:
        both = WORDS[key]
        return both[self._column] or both[0]

    def say(self, key: str, **fields: object) -> str:
        """Return the words of `key` filled with `fields`."""
        return self[key].format(**fields)

    def count(self, key: str, n: int) -> str:
        """Return the words of `key` for `n` things, in the singular where there is one."""
        singular = WORDS.get(key + "_one", (None, None))[self._column] if n == 1 else None
        return (singular or self[key]).format(n=n)

    def join(self, parts: Iterable[str]) -> str:
        """Return `parts` as a list in running text: `a, b` or `a、b`."""
        return self["list"].join(parts)


def language_of(contents: Iterable[Content]) -> str:
    """Return the language the tool speaks about `contents`: theirs when they share one it
    has words for (Chinese for zh, yue and cmn), else English."""
    found = {c.episode.wording_language for c in contents}
    return found.pop() if len(found) == 1 and found <= set(LANGUAGES) else "en"


def words_for(contents: Iterable[Content]) -> Words:
    """Return the words to speak about `contents` in."""
    return Words(language_of(contents))


def describe_due(due: datetime, now: datetime, language: str = "en") -> str:
    """Return when `due` is, relative to `now`, as a person says it: `now`, `in 10 min`
    (in `language`: see quiz.wording)."""
    words = Words(language)
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return words["now"]
    for unit, size in (("in_days", 86400), ("in_hours", 3600), ("in_minutes", 60)):
        if seconds >= size or unit == "in_minutes":
            return words.count(unit, max(1, round(seconds / size)))
    raise AssertionError("unreachable")


def clock_time(due: datetime, now: datetime) -> str:
    """Return the local time of `due`: `12:51` on the day of `now`, else with its date."""
    local = due.astimezone()
    same_day = local.date() == now.astimezone().date()
    return local.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M")
