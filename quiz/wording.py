"""The tool's own words, in English and Chinese: every line it prints about an episode is in
the episode's language.

A key ending in `_one` is the singular of the key without it (Chinese needs none). English
sentences after the first start with a space; Chinese ones need none. The names and
questions of the kinds of card are with the kinds, in quiz.cards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Content

WORDS: dict[str, dict[str, str]] = {
    "en": {
        # counts
        "cards": "{n} cards", "cards_one": "1 card",
        "notes": "{n} notes", "notes_one": "1 note",
        "ideas": "{n} ideas", "ideas_one": "1 idea",
        "quotes": "{n} quotes", "quotes_one": "1 quote",
        "episodes": "{n} episodes", "episodes_one": "1 episode",
        "answers": "{n} answers", "answers_one": "1 answer",
        "warnings": "{n} warnings", "warnings_one": "1 warning",
        "by_kind": "{kind} {n}", "list": ", ",
        # quiz check, build, preview
        "checked": "{path}: ok: {ideas}, {quotes}, {cards} ({kinds})",
        "checked_warnings": "{path}: ok, with {warnings}: {ideas}, {quotes}, {cards} ({kinds})",
        "built": "{path}: {notes}, {cards} ({kinds})", "with_clips": ", {clips}",
        "clips": "{n} clips", "clips_one": "1 clip",
        "previewed": "{path}: {episodes}, {cards}",
        "aligned": "{path}: the times of {n} of {total} quotes written",
        "synced_notes": "{path}: notes: {added} added, {updated} updated, {unchanged} unchanged,"
                        " {conflicts} in conflict",
        "synced_reviews": "reviews: {to_anki} carried to Anki, {from_anki} brought from Anki",
        "synced_backup": "backup of the collection before the sync: {path}",
        "synced_conflicts": "edited in Anki and in the content since the last sync (Anki's"
                            " text was kept; see the README on conflicts):",
        "not_found": "not found",
        # the session
        "repeat": "again",
        "again": "Again", "hard": "Hard", "good": "Good", "easy": "Easy",
        "right": "✓ Right", "nearly": "≈ Nearly", "wrong": "✗ Wrong", "revealed": "Revealed",
        "by_name": "number or name", "by_title": "number or title",
        "reveal": "Enter to reveal", "undo": ":u undo", "quit": ":q quit",
        "take": "Enter = {rating}", "prompt": "rating› ",
        "bad_rating": "Type 1, 2, 3 or 4, or press Enter for {rating}.",
        "comeback": "{rating} · back in a few cards", "next": "{rating} · next {when}",
        "took_back": "↶ took back {rating}; asking that card again.",
        "no_undo": "Nothing to take back yet.",
        "time_hint": "write a time like 4:12", "choice_hint": "choose 1 to {n}",
        "mark": "[{}]", "note": " ({note})",
        "score": "{cards}: {right} right, {wrong} wrong.",
        "score_answers": "{cards}, {answers}: {right} right, {wrong} wrong.",
        "no_answers": "No answers given.",
        "crammed": "Cram session: the schedule was not changed.",
        "next_due": "Next due: {when}.", "clock": "{when} ({clock})",
        "intro": "{cards} to study: {due} due, {new} new.",
        "cram": "Cram: {cards}; the schedule is left alone.",
        "no_cards": "No cards to quiz.",
        "none_scheduled": "Nothing due now; no card is scheduled yet.",
        "others_due": "Nothing due now among the chosen cards; other cards are due now.",
        "nothing_due": "Nothing due now; next due {when}.",
        "waiting": "{n} new cards wait", "waiting_one": "1 new card waits",
        "raise_new": " {waiting}: raise --new.",
        "per_day": " {waiting} for tomorrow (--new {new} a day: raise it for more).",
        "buried": " {waiting} for tomorrow: cards of the same fact were studied today.",
        "disk_full": "The disk is full: that answer was not saved (the ones before it are).",
        "no_player": "No audio player found (mpv, ffplay, afplay, mpg123, paplay or vlc):"
                     " the quotes stay silent. Install one, or name one in QUIZ_PLAYER.",
        "no_clips": "No clip to play: the episode has no audio, or no quote a time of its own.",
        # when something is due
        "now": "now", "in_days": "in {n} days", "in_days_one": "in 1 day",
        "in_hours": "in {n} h", "in_hours_one": "in 1 h",
        "in_minutes": "in {n} min", "in_minutes_one": "in 1 min",
        # quiz stats
        "stat_cards": "cards", "stat_new": "new", "stat_due_now": "due now",
        "stat_due_later": "due later", "stat_next_due": "next due", "stat_reviews": "reviews",
        "stat_retention": "retention", "stat_state": "state",
        "stat_ratings": "(again {again}, hard {hard}, good {good}, easy {easy})",
        "stat_retention_note": "(share of reviews not rated Again)",
        "stat_not_created": "(not created yet)",
        # quiz quotes and timeline
        "before": "Before the first idea", "untimed": "Quotes without a time",
        "no_quotes": "(no quotes)", "under_way": "at {time}, under way: ",
        "nothing_under_way": "no idea is under way yet", "nearest": "nearest quote:",
        "no_nearest": "nearest quote: none (no quote with a time matches)",
        # the preview page
        "page_cards": "Cards", "page_other": "Other cards", "page_contents": "Contents",
        "page_listen": "Listen", "page_show": "Show answer",
        "page_approximate": "approximate: the time of its idea",
        # how an answer differed (quiz.grading)
        "grade_expected": "expected '{expected}'",
        "grade_one_off": "one letter off: '{typed}' vs '{candidate}'",
        "grade_slip": "{got} for {want}", "grade_and": ", ", "grade_also": "; ",
        "grade_tones": "{slips}, same sound",
        "grade_toneless": "{slips}, same sound but another tone",
        "grade_later": "{off} later than {expected}",
        "grade_earlier": "{off} earlier than {expected}",
        "grade_number_is": "{number} is {choice}",
        "grade_is_choice": "{choice} is choice {number}",
        "grade_other": "{name} is another speaker", "grade_is_other": "{answer} is {name}",
    },
    "zh": {
        "cards": "{n} 张卡片", "notes": "{n} 条笔记", "ideas": "{n} 个观点", "quotes": "{n} 条引语",
        "episodes": "{n} 期节目", "answers": "回答 {n} 次", "warnings": "{n} 条提醒",
        "by_kind": "{kind} {n}", "list": "、",
        "checked": "{path}:没有问题:{ideas}、{quotes}、{cards}({kinds})",
        "checked_warnings": "{path}:没有错误,{warnings}:{ideas}、{quotes}、{cards}({kinds})",
        "built": "{path}:{notes}、{cards}({kinds})", "with_clips": "、{clips}",
        "clips": "{n} 段录音",
        "previewed": "{path}:{episodes}、{cards}",
        "aligned": "{path}:已写入 {total} 条引语中 {n} 条的时间",
        "synced_notes": "{path}:笔记新增 {added} 条,更新 {updated} 条,未变 {unchanged} 条,"
                        "冲突 {conflicts} 条",
        "synced_reviews": "复习记录:{to_anki} 次写入 Anki,{from_anki} 次从 Anki 带回",
        "synced_backup": "同步前的收藏备份:{path}",
        "synced_conflicts": "上次同步后在 Anki 和内容文件中都改过(保留了 Anki 的文字,"
                            "解决办法见 README 的“冲突”一节):",
        "not_found": "没有找到",
        "repeat": "再问",
        "again": "重来", "hard": "困难", "good": "良好", "easy": "简单",
        "right": "✓ 对", "nearly": "≈ 差一点", "wrong": "✗ 错", "revealed": "答案",
        "by_name": "序号或名字", "by_title": "序号或标题",
        "reveal": "回车看答案", "undo": ":u 撤销", "quit": ":q 退出",
        "take": "回车 = {rating}", "prompt": "评分› ",
        "bad_rating": "请输入 1、2、3 或 4,或按回车选“{rating}”。",
        "comeback": "{rating} · 过几张卡片再问", "next": "{rating} · 下次:{when}",
        "took_back": "↶ 已撤销“{rating}”,这张卡片重新问。",
        "no_undo": "还没有可以撤销的评分。",
        "time_hint": "请写一个时间,如 4:12 或 4分12秒", "choice_hint": "请选 1 到 {n}",
        "mark": "【{}】", "note": "({note})",
        "score": "{cards}:对 {right} 次,错 {wrong} 次。",
        "score_answers": "{cards},{answers}:对 {right} 次,错 {wrong} 次。",
        "no_answers": "没有作答。",
        "crammed": "突击复习:复习计划没有改动。",
        "next_due": "下次到期:{when}。", "clock": "{when}({clock})",
        "intro": "本次 {cards}:{due} 张到期,{new} 张新卡片。",
        "cram": "突击复习:{cards},不改动复习计划。",
        "no_cards": "没有要练习的卡片。",
        "none_scheduled": "现在没有到期的卡片;还没有安排任何卡片。",
        "others_due": "所选的卡片现在都没有到期;其他卡片现在到期。",
        "nothing_due": "现在没有到期的卡片;下次到期:{when}。",
        "waiting": "{n} 张新卡片",
        "raise_new": "{waiting}在等:调高 --new 即可学习。",
        "per_day": "{waiting}明天再学(每天 --new {new} 张:调高可以多学)。",
        "buried": "{waiting}明天再学:同一事实的卡片今天已经学过。",
        "disk_full": "磁盘已满:这次的回答没有保存(之前的都已保存)。",
        "no_player": "没有找到播放器(mpv、ffplay、afplay、mpg123、paplay 或 vlc),引语不会播放。"
                     "请安装一个,或在 QUIZ_PLAYER 中指定。",
        "no_clips": "没有可播放的录音:这期节目没有音频,或者没有引语有自己的时间。",
        "now": "现在", "in_days": "{n} 天后", "in_hours": "{n} 小时后", "in_minutes": "{n} 分钟后",
        "stat_cards": "卡片", "stat_new": "新卡片", "stat_due_now": "现在到期",
        "stat_due_later": "以后到期", "stat_next_due": "下次到期", "stat_reviews": "复习",
        "stat_retention": "记住率", "stat_state": "状态文件",
        "stat_ratings": "(重来 {again},困难 {hard},良好 {good},简单 {easy})",
        "stat_retention_note": "(没有评为“重来”的复习所占比例)",
        "stat_not_created": "(尚未创建)",
        "before": "开场之前", "untimed": "没有时间的引语",
        "no_quotes": "(没有引语)", "under_way": "{time} 正在讲:",
        "nothing_under_way": "还没有开始讲任何观点", "nearest": "最近的引语:",
        "no_nearest": "最近的引语:没有(没有符合条件且有时间的引语)",
        "page_cards": "卡片", "page_other": "其他卡片", "page_contents": "目录",
        "page_listen": "收听", "page_show": "显示答案",
        "page_approximate": "大致时间:所属观点的时间",
        # how an answer differed (quiz.grading)
        "grade_expected": "应为「{expected}」",
        "grade_one_off": "差一个字母:“{typed}”与“{candidate}”",
        "grade_slip": "{got}应为{want}", "grade_and": "、", "grade_also": ";",
        "grade_tones": "{slips},同音", "grade_toneless": "{slips},同音不同调",
        "grade_later": "比 {expected} 晚了 {off}", "grade_earlier": "比 {expected} 早了 {off}",
        "grade_number_is": "{number} 是{choice}", "grade_is_choice": "{choice}是第 {number} 项",
        "grade_other": "{name}是另一位说话人", "grade_is_other": "{answer}是{name}",
    },
}


class Words:
    """The words of one language, English where it has none."""

    def __init__(self, language: str) -> None:
        self.language = language if language in WORDS else "en"
        self._table: Mapping[str, str] = WORDS[self.language]

    def __getitem__(self, key: str) -> str:
        return self._table.get(key) or WORDS["en"][key]

    def say(self, key: str, **fields: object) -> str:
        """Return the words of `key` filled with `fields`."""
        return self[key].format(**fields)

    def count(self, key: str, n: int) -> str:
        """Return the words of `key` for `n` things, in the singular where there is one."""
        singular = self._table.get(key + "_one") if n == 1 else None
        return (singular or self[key]).format(n=n)

    def join(self, parts: Iterable[str]) -> str:
        """Return `parts` as a list in running text: `a, b` or `a、b`."""
        return self["list"].join(parts)


def language_of(contents: Iterable[Content]) -> str:
    """Return the language the tool speaks about `contents`: theirs when they share one it
    has words for (Chinese for zh, yue and cmn), else English."""
    found = {c.episode.wording_language for c in contents}
    return found.pop() if len(found) == 1 and found <= WORDS.keys() else "en"


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
