"""Quotes found in the transcripts of a spoken episode: times within half a second."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from audio.speech import WRITERS, Episode, shared_episode
from rapidfuzz import fuzz

from quiz.align import THRESHOLD, Alignment, align, normalise
from quiz.transcript import Cue, Transcript, Word, read_transcript

TOLERANCE = 0.5  # seconds

# (id, the quote as the content file writes it, its speaker, the words of the episode it
# quotes (None: never said))
SPOKEN = [
    ("plumber", "It is like the plumber of the early internet.", "Bob",
     "It is like the plumber of the early internet."),
    ("two-cues", "It is like the plumber of the early internet. Quiet, but nothing runs "
                 "without it.", "Bob",
     "It is like the plumber of the early internet. Quiet, but nothing runs without it."),
    ("newcomer", "So where does a newcomer start today?", "Ann",
     "So where does a newcomer start today?"),
    ("rocket", "Build the rocket and sell the tickets at the same time!", "Bob",
     "Build the rocket and sell the tickets at the same time."),
    ("choke-points", "中国在这个领域最大的痛点和机会,恰好都在‘卡脖子’的地方。", "朱亦博",
     "中国在这个领域最大的痛点和机会,恰好都在卡脖子的地方。"),
    ("developers", "那么普通的开发者，还有机会参与吗？", "曲凯", "那么普通的开发者,还有机会参与吗?"),
]
PARAPHRASED = [
    ("big-company", "First go to a big company, see how hard systems really get built, then "
                    "start your own.", "Bob",
     "Go to a big company first, see how the hard systems are really built, and then start "
     "your own."),
    ("moat", "只有最难、最苦的事情,最后才能成为最深的护城河。", "朱亦博",
     "只有最难最苦的事,最后才能变成最深的护城河。"),
]
# inside a cue: a transcript with word times finds it; one with cue times only holds it
MID_CUE = [("runs", "but nothing runs without it", "Bob", "but nothing runs without it.")]
NEVER_SAID = [
    ("sold", "We sold the company to a bank last year and moved to Lisbon.", "Bob", None),
    ("weather", "今天的天气很好,我们一起去公园散步吧。", "曲凯", None),
]
QUOTES = SPOKEN + PARAPHRASED + MID_CUE + NEVER_SAID


@pytest.fixture(scope="module")
def episode(tmp_path_factory: pytest.TempPathFactory) -> Episode:
    return shared_episode(tmp_path_factory)


@pytest.fixture(scope="module", params=list(WRITERS))
def aligned(request: pytest.FixtureRequest, episode: Episode,
            tmp_path_factory: pytest.TempPathFactory) -> dict[str, Alignment]:
    path = WRITERS[request.param](episode, tmp_path_factory.mktemp("t") / "transcript")
    transcript = read_transcript(path)
    return {a.id: a for a in align([q[:3] for q in QUOTES], transcript)}


@pytest.mark.parametrize("qid, text, speaker, words", SPOKEN + PARAPHRASED)
def test_each_spoken_quote_is_timed_within_half_a_second(
        episode: Episode, aligned: dict[str, Alignment], qid: str, text: str, speaker: str,
        words: str) -> None:
    found = aligned[qid]
    start, end = episode.find(words)
    assert found.matched and found.at is not None and found.end is not None
    assert abs(found.at - start) <= TOLERANCE
    assert abs(found.end - end) <= TOLERANCE
    assert found.text == words
    assert found.score >= THRESHOLD


@pytest.mark.parametrize("qid, text, speaker, words", MID_CUE)
def test_a_quote_inside_a_cue_is_timed_by_words_or_held_whole_by_its_cue(
        episode: Episode, aligned: dict[str, Alignment], qid: str, text: str, speaker: str,
        words: str) -> None:
    found = aligned[qid]
    start, end = episode.find(words)
    assert found.matched and found.at is not None and found.end is not None
    if found.text == words:  # Whisper's word times
        assert abs(found.at - start) <= TOLERANCE and abs(found.end - end) <= TOLERANCE
    else:  # cue times: the clip holds the cue, so it cuts nothing of the quote
        assert found.at <= start and found.end >= end
        assert words in (found.text or "")


@pytest.mark.parametrize("qid", [q[0] for q in NEVER_SAID])
def test_a_quote_never_said_is_not_matched_and_has_no_times(
        aligned: dict[str, Alignment], qid: str) -> None:
    found = aligned[qid]
    assert (found.matched, found.at, found.end, found.text) == (False, None, None, None)
    assert found.score < THRESHOLD
    assert found.to_dict() == {"episode": None, "id": qid, "at": None, "end": None,
                               "score": round(found.score, 1), "matched": False, "text": None,
                               "speaker": None, "warning": None}


def test_alignments_come_in_the_quotes_order(aligned: dict[str, Alignment]) -> None:
    assert list(aligned) == [q[0] for q in QUOTES]


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_a_quote_given_to_another_speaker_is_warned_about_where_the_transcript_names_them(
        episode: Episode, tmp_path: Path, fmt: str) -> None:
    transcript = read_transcript(WRITERS[fmt](episode, tmp_path / "transcript"))
    quotes = [("right", "So where does a newcomer start today?", "ann"),  # names fold case
              ("alias", "So where does a newcomer start today?", ["Annie", "Ann"]),
              ("wrong", "So where does a newcomer start today?", "Bob"),
              ("nobody", "So where does a newcomer start today?", None)]
    found = {a.id: a for a in align(quotes, transcript)}
    names = fmt in ("vtt", "podcasting-json")
    assert found["wrong"].warning == (
        "the transcript gives these words to Ann, not Bob" if names else None)
    assert found["wrong"].speaker == ("Ann" if names else None)
    assert [found[q].warning for q in ("right", "alias", "nobody")] == [None, None, None]


def test_diarisation_labels_name_nobody() -> None:
    transcript = Transcript("t", "whisper-json", (Cue(0, 2, "Hello there friends", "SPEAKER_00"),))
    (found,) = align([("q", "Hello there friends", "Ann")], transcript)
    assert found.matched and found.speaker == "SPEAKER_00" and found.warning is None


def words_transcript(text: str, step: float = 0.4) -> Transcript:
    words = tuple(Word(round(i * step, 2), round(i * step + step - 0.05, 2), " " + w)
                  for i, w in enumerate(text.split()))
    return Transcript("t", "whisper-json", (Cue(0.0, words[-1].end, text, None, words),))


def test_the_end_reaches_the_last_word_of_the_quote_though_the_fuzzy_window_stops_short() -> None:
    said = ("so what I really think is that you should go to a very big company first and "
            "learn how the hardest distributed systems are really built and only then start "
            "your own company with friends")
    transcript = words_transcript(said)
    quote = "go to a big company first, learn how the hardest systems are built, then start your own company"
    (found,) = align([("q", quote, None)], transcript)
    # the precondition: the fuzzy window, as long as the quote, is shorter than what it quotes
    window = fuzz.partial_ratio_alignment(normalise(quote), normalise(said))
    assert window.dest_end - window.dest_start < len(normalise(found.text or ""))
    words = transcript.cues[0].words
    first = next(w for w in words if w.text == " go")
    last = next(w for w in words if w.text == " company" and w.start > first.start + 2)
    assert (found.at, found.end) == (first.start, last.end)
    assert found.text == ("go to a very big company first and learn how the hardest "
                          "distributed systems are really built and only then start your own "
                          "company")


def test_the_span_starts_and_ends_on_whole_words() -> None:
    transcript = words_transcript("the extraordinarily important infrastructure of everything")
    (found,) = align([("q", "ordinarily important infrastruc", None)], transcript)
    words = transcript.cues[0].words
    assert (found.at, found.end) == (words[1].start, words[3].end)
    assert found.text == "extraordinarily important infrastructure"


def test_chinese_is_matched_by_characters_whatever_their_width_and_punctuation() -> None:
    transcript = Transcript("t", "vtt", (
        Cue(10.0, 14.0, "主持人：欢迎回来。", "曲凯"),
        Cue(14.5, 20.0, "它有点像早期互联网时代的“水管工”，虽然低调，", "朱亦博"),
        Cue(20.0, 25.5, "但没有ＡＩ Ｉｎｆｒａ，一切AI应用、模型都跑不起来。", "朱亦博"),
    ))
    quote = "它有点像早期互联网时代的‘水管工’,虽然低调,但没有AI Infra,一切AI应用、模型都跑不起来。"
    (found,) = align([("plumber", quote, "朱亦博")], transcript)
    assert (found.at, found.end, found.score, found.warning) == (14.5, 25.5, 100.0, None)
    assert found.text == ("它有点像早期互联网时代的“水管工”，虽然低调，"
                          "但没有ＡＩ Ｉｎｆｒａ，一切AI应用、模型都跑不起来。")


def test_short_quotes_need_a_closer_match() -> None:
    transcript = words_transcript("we build rockets and we sell tickets for every launch")
    found = align([("near", "we bild rockits", None),  # two slips in a short quote
                   ("exact", "we sell tickets", None),
                   ("long-near", "we bild rockits and we sel tickets for every lanch", None)],
                  transcript)
    assert [(a.id, a.matched) for a in found] == [("near", False), ("exact", True),
                                                  ("long-near", True)]
    assert found[0].score >= THRESHOLD  # it would pass the threshold of a long quote


def test_nothing_to_match() -> None:
    empty = Transcript("t", "vtt", ())
    some = words_transcript("hello there")
    assert align([("a", "hello", None)], empty)[0].matched is False
    assert align([("b", " ,。!", None)], some)[0].matched is False
    assert align([("c", "the", None)], words_transcript("the end"))[0].matched is False
    assert align([], some) == []


def test_to_dict_has_the_keys_of_quiz_align_json() -> None:
    words = (Word(0.0, 0.3, " well"), Word(0.3333, 0.6, " hello"), Word(0.7, 1.0, " there"),
             Word(1.1, 1.28333, " friends"))
    transcript = Transcript("t", "whisper-json", (Cue(0.0, 1.3, "", None, words),))
    (found,) = align([("q", "hello there friends", None)], transcript)
    assert found.to_dict() == {"episode": None, "id": "q", "at": 0.333, "end": 1.283,
                               "score": 100.0, "matched": True, "text": "hello there friends",
                               "speaker": None, "warning": None}


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_b3_a_transcript_s_escapes_never_reach_the_terminal(tmp_path: Path, fmt: str) -> None:
    """Issue 15's B3, through the transcript: its words and its speakers' names are printed
    by quiz align (the words found, the warning naming the transcript's speaker)."""
    import subprocess
    import sys

    content = tmp_path / "content.yaml"
    content.write_text("episode: {id: e, title: T, transcript: evil.vtt}\n"
                       "speakers: [{id: bob, name: Bob}]\n"
                       "quotes: [{id: plumber, by: bob, text: It is like the plumber of the "
                       "early internet.}]\n", encoding="utf-8")
    (tmp_path / "evil.vtt").write_text(
        "WEBVTT\n\n00:00:07.400 --> 00:00:09.800\n<v Mallory\x1b]0;pwned\x07\u202e>It is like "
        "the plumber of the early internet. \x1b]52;c;aGk=\x07 \x9b2J\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "quiz", "align", str(content), "--format",
                           fmt], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    shown = done.stdout + done.stderr
    assert not any(c in shown for c in "\x1b\x07\x9b\u202e"), shown
    assert "the transcript gives these words to Mallory]0;pwned, not Bob" in done.stderr
    if fmt == "json":
        (found,) = json.loads(done.stdout)
        assert (found["episode"], found["speaker"], found["warning"]) == (
            "e", "Mallory]0;pwned", "the transcript gives these words to Mallory]0;pwned, not Bob")
    assert "plumber of the early internet. ]52;c;aGk= 2J" in done.stdout
