"""Chinese characters for grading: scripts through OpenCC, readings, names in pinyin."""

from __future__ import annotations

import pytest

from quiz.hanzi import name_pinyin, readings, split_name, strip_tones, to_script


@pytest.mark.parametrize(("typed", "expected", "first_converted"), [
    ("護城河", "护城河", "护城河"),
    ("華為昇騰", "华为昇腾", "华为昇腾"),  # 昇 is in the expected answer: kept, not made 升
    ("华为升腾", "华为昇腾", "华为升腾"),  # a simplified answer stays what it is
    ("軟體", "软体", "软体"),
    ("护城河", "護城河", "護城河"),  # an expected answer in traditional characters
    ("plumber", "水管工", "plumber"),
])
def test_to_script_converts_the_typed_answer_only(typed: str, expected: str,
                                                  first_converted: str) -> None:
    forms = to_script(typed, expected)
    assert forms[0] == typed
    assert first_converted in forms


def test_to_script_tries_the_taiwan_and_hong_kong_forms() -> None:
    # Taiwan writes 著 where the mainland writes 着: only tw2s makes it so
    assert "看着" in to_script("看著", "看着")


# Taiwan's words for the mainland's (tw2sp): converting characters alone leaves 人工智慧.
@pytest.mark.parametrize(("typed", "expected"), [
    ("人工智慧", "人工智能"), ("硬體", "硬件"), ("分散式", "分布式"), ("晶片", "芯片"),
    ("演算法", "算法"), ("專案", "项目"), ("支援", "支持"), ("大廠", "大厂"),
])
def test_to_script_tries_the_mainland_words_for_taiwan_ones(typed: str, expected: str) -> None:
    assert expected in to_script(typed, expected)


def test_to_script_tries_taiwan_words_for_a_traditional_answer() -> None:
    assert "軟體" in to_script("软件", "軟體")  # s2twp: the other way round


@pytest.mark.parametrize(("name", "parts"), [
    ("朱亦博", ("朱", "亦博")), ("曲凯", ("曲", "凯")), ("欧阳修", ("欧阳", "修")),
    ("司马", ("司", "马")),  # a compound surname alone is a name of two characters
    ("Lena Fischer", None), ("张", None), ("AI基础", None),
])
def test_split_name(name: str, parts: tuple[str, str] | None) -> None:
    assert split_name(name) == parts


@pytest.mark.parametrize(("part", "surname", "pinyin"), [
    ("亦博", False, {"yibo"}),
    ("朱", True, {"zhu"}),
    ("曾", True, {"zeng", "ceng"}),  # pypinyin alone says céng
    ("吕", True, {"lü", "lv", "lu", "lyu"}),
])
def test_name_pinyin(part: str, surname: bool, pinyin: set[str]) -> None:
    assert set(name_pinyin(part, surname)) == pinyin


def test_strip_tones_keeps_the_dots_of_u() -> None:
    assert strip_tones("Zhū Yìbó") == "Zhu Yibo"
    assert strip_tones("Lǚ") == "Lü"
    assert strip_tones("朱亦博") == "朱亦博"


def test_readings_hold_every_heteronym() -> None:
    toned, plain = readings("行")
    assert {"xíng", "háng"} <= toned
    assert {"xing", "hang"} <= plain
    assert readings("公")[0] & readings("供")[0]  # gōng: the same sound with the same tone
    assert not readings("念")[0] & readings("年")[0]
    assert readings("念")[1] & readings("年")[1]  # nian, another tone


def test_every_module_counts_han_characters_alike() -> None:
    """quiz.hanzi.HAN is the one pattern of a Han character: the spoken time of a clip, the
    size of an answer and the language of a summary count the same characters, those of the
    extensions (𠀀, U+20000) and of the compatibility block too."""
    from quiz.audio import spoken_time
    from quiz.extract.summary import _language
    from quiz.hanzi import HAN
    from quiz.lint import answer_size

    rare = "𠀀𪚥𫠠" * 12  # 36 characters of extensions B, C and E
    assert len(HAN.findall(rare)) == 36
    assert spoken_time(rare) == 9.0  # four characters a second, not one long word
    assert answer_size("𠀀𪚥") == 2
    assert _language(f"Show | {rare}") == "zh"
