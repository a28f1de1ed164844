"""Chinese characters for grading: scripts, readings, words that hold a particle, and names.

OpenCC and pypinyin are imported on first use, never when this module is imported: they take
a tenth of a second or more to load, which `quiz --help` must not pay.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

# The Han ideographs (the unified blocks and their extensions, and compatibility ideographs).
HAN_RANGES = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_RANGES}]")

# Words in which 的 is no particle and must stay: 目的 (aim), 的确 (indeed), 的士 (taxi), …
WORDS_WITH_DE = ("目的", "的确", "的士", "的哥", "的姐", "的卢", "标的", "靶的", "端的",
                 "众矢之的", "有的放矢", "无的放矢", "一语中的")

# Words in which 和, 与, 及 or 跟 is no "and" between the items of a list: 和平 (peace),
# 参与 (take part), 及时 (in time), 跟踪 (follow), … The list is small on purpose: a word
# missing from it only lets the items around it be given in either order.
WORDS_WITH_AND = (
    "和平", "和谐", "和解", "和睦", "和气", "和蔼", "和善", "和约", "和尚", "和弦", "和声",
    "和局", "和棋", "和风", "和服", "和美", "温和", "柔和", "缓和", "总和", "暖和", "饱和",
    "调和", "中和", "随和", "平和", "祥和", "谦和", "附和", "讲和", "求和", "议和", "人和",
    "共和", "心平气和", "风和日丽",
    "参与", "与其", "与否", "与会", "给与", "赋与", "授与", "赠与", "与众不同", "与日俱增",
    "与时俱进",
    "及时", "及格", "及早", "及第", "及至", "涉及", "普及", "提及", "不及", "波及", "危及",
    "触及", "顾及", "企及", "遍及", "论及", "言及", "殃及", "推及", "埃及", "来不及",
    "力所能及", "望尘莫及", "鞭长莫及", "措手不及", "迫不及待", "由此及彼",
    "跟踪", "跟进", "跟随", "跟从", "跟班", "跟前", "跟头", "跟风", "跟帖", "跟单", "跟拍",
    "跟上", "跟着", "紧跟", "脚跟", "高跟", "鞋跟", "后跟",
)


# Surnames of two characters; any other Chinese name is one character of surname and the
# rest given name.
COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "夏侯", "令狐", "独孤", "南宫", "西门", "端木", "百里", "呼延", "轩辕", "钟离",
    "闻人", "澹台", "公冶", "太史", "申屠", "万俟", "单于"))


# Surnames that are read otherwise than the same character in a word (曾 zēng, not céng).
SURNAME_READINGS = {
    "曾": "zēng", "单": "shàn", "解": "xiè", "仇": "qiú", "朴": "piáo", "区": "ōu", "查": "zhā",
    "乐": "yuè", "缪": "miào", "翟": "zhái", "覃": "qín", "盖": "gě", "秘": "bì", "燕": "yān",
    "纪": "jǐ", "任": "rén", "华": "huà", "过": "guō", "员": "yùn", "种": "chóng", "繁": "pó",
    "句": "gōu", "阚": "kàn", "尉迟": "yùchí", "万俟": "mòqí", "长孙": "zhǎngsūn",
    "单于": "chányú", "宓": "fú", "蕃": "pí", "隗": "wěi",
}


def is_han(text: str) -> bool:
    """Return whether `text` holds a Han character."""
    return HAN.search(text) is not None


# OpenCC's configurations, in the order tried: from traditional characters into simplified
# ones (t2s; Taiwan and Hong Kong write some characters their own way: tw2s, hk2s), then
# tw2sp, which also puts the mainland's words for Taiwan's (人工智慧 → 人工智能, 晶片 → 芯片,
# 演算法 → 算法); and the other way round for an expected answer in traditional characters.
TO_SIMPLIFIED = ("t2s", "tw2s", "hk2s", "tw2sp")
TO_TRADITIONAL = ("s2t", "s2tw", "s2hk", "s2twp")


@lru_cache(maxsize=4096)
def is_simplified(expected: str) -> bool:
    """Return whether `expected` is written in simplified characters (or in none)."""
    # Traditional is what t2s changes and s2t leaves alone; 华为昇腾 is simplified, though t2s
    # changes its 昇, as s2t changes its 华 and 为. (s2t takes a fifth of a second to load,
    # paid only for such an answer.)
    return _converter("t2s")(expected) == expected or _converter("s2t")(expected) != expected


def to_script(typed: str, expected: str) -> tuple[str, ...]:
    """Return `typed` as typed, then written in the script of `expected` each way OpenCC
    knows (each form once).

    Only the typed answer is converted: OpenCC maps 昇 to 升, so converting both sides
    would make a slip right. For the same reason a typed character that the expected
    answer uses is kept as typed (華為昇騰 is 华为昇腾, not 华为升腾).
    """
    if not is_han(typed):
        return (typed,)
    wanted = set(expected)
    forms = [typed]
    for converted in _conversions(typed, is_simplified(expected)):
        if len(converted) == len(typed):
            converted = "".join(t if t in wanted else c for t, c in zip(typed, converted))
        if converted not in forms:
            forms.append(converted)
    return tuple(forms)


@lru_cache(maxsize=256)
def _conversions(typed: str, simplified: bool) -> tuple[str, ...]:
    """Return `typed` converted by each configuration into one script: once per answer,
    though it is graded against the expected answer and each accepted one."""
    names = TO_SIMPLIFIED if simplified else TO_TRADITIONAL
    return tuple(_converter(name)(typed) for name in names)


@cache
def _converter(config: str) -> Callable[[str], str]:
    import opencc  # imported here: see the module's docstring

    return opencc.OpenCC(config).convert


@lru_cache(maxsize=8192)
def readings(char: str) -> tuple[frozenset[str], frozenset[str]]:
    """Return the pinyin readings of one character, every heteronym included: with tone
    marks, then without."""
    from pypinyin import Style, pinyin  # imported here: see the module's docstring

    toned = frozenset(pinyin(char, heteronym=True, style=Style.TONE)[0])
    plain = frozenset(pinyin(char, heteronym=True, style=Style.NORMAL)[0])
    return toned, plain


def split_name(name: str) -> tuple[str, str] | None:
    """Return the surname and the given name of a Chinese name, or None for another name."""
    if not (2 <= len(name) <= 4 and all(HAN.match(c) for c in name)):
        return None
    cut = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    return name[:cut], name[cut:]


def name_pinyin(part: str, surname: bool = False) -> tuple[str, ...]:
    """Return the ways to write a part of a Chinese name in pinyin without tones, one word
    each, ü as ü, v, u and yu (lü, lv, lu, and lyu as passports write it). See
    `strip_tones` for an answer typed with tones.

    A given name is read as pypinyin reads it in context; a surname also as a surname
    (曾 is zēng in 曾国藩, where pypinyin says céng).
    """
    from pypinyin import Style, lazy_pinyin

    toned = {"".join(lazy_pinyin(part, style=Style.TONE))}
    if surname and part in SURNAME_READINGS:
        toned.add(SURNAME_READINGS[part])
    words = set()
    for plain in map(strip_tones, toned):
        words |= {plain, *(plain.replace("ü", u) for u in ("v", "u", "yu"))}
    return tuple(sorted(words))


def strip_tones(text: str) -> str:
    """Return `text` without the tone marks of pinyin (and other accents): Zhū Yìbó is Zhu
    Yibo. The dots of ü stay: lü and lu are different syllables."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c) or c == "\u0308")
    return unicodedata.normalize("NFC", bare)
