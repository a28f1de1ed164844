"""Transcripts in four formats, recognised by their content; bad ones named with their line."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from audio.speech import WRITERS, Episode, cue_times, shared_episode, word_times

from quiz.errors import QuizError
from quiz.transcript import Cue, Transcript, TranscriptError, Word, clean_text, read_transcript


@pytest.fixture(scope="module")
def episode(tmp_path_factory: pytest.TempPathFactory) -> Episode:
    return shared_episode(tmp_path_factory)


def write(tmp_path: Path, text: str, name: str = "transcript.vtt") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_each_format_reads_back_the_times_texts_and_speakers_it_was_written_with(
        episode: Episode, tmp_path: Path, fmt: str) -> None:
    transcript = read_transcript(WRITERS[fmt](episode, tmp_path / "transcript"))
    assert transcript.format == fmt
    times = cue_times(episode) if fmt != "whisper-json" else \
        [(words[0][0], words[-1][1]) for words in word_times(episode)]
    assert [(c.start, c.end, c.text) for c in transcript.cues] == \
        [(start, end, s.text) for (start, end), s in zip(times, episode.sentences, strict=True)]
    if fmt in ("vtt", "podcasting-json"):
        assert [c.speaker for c in transcript.cues] == [s.speaker for s in episode.sentences]
    else:
        assert {c.speaker for c in transcript.cues} == {None}
    if fmt == "whisper-json":  # the words keep their own times
        assert [[(w.start, w.end) for w in c.words] for c in transcript.cues] == word_times(episode)


@pytest.mark.parametrize("fmt", list(WRITERS))
@pytest.mark.parametrize("name", ["transcript.vtt", "transcript.srt", "transcript.json",
                                  "transcript.txt"])
def test_the_format_comes_from_the_content_not_the_name(
        episode: Episode, tmp_path: Path, fmt: str, name: str) -> None:
    assert read_transcript(WRITERS[fmt](episode, tmp_path / name)).format == fmt


def test_webvtt_voices_tags_entities_notes_and_styles(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        \ufeffWEBVTT - an episode

        STYLE
        ::cue { color: yellow }

        NOTE made by hand

        intro
        00:01.000 --> 00:04.500 align:start
        <v.loud Ann Lee>Welcome &amp; <b>hello</b>,
        <i>listeners</i> &lt;3

        00:00:04.500 --> 00:00:07.250
        <v Bob><c.yellow>It is</c> <00:00:05.000>like the plumber&nbsp;of it.

        1:00:00.000 --> 1:00:01.000
        No speaker here.
        """)
    assert read_transcript(path).cues == (
        Cue(1.0, 4.5, "Welcome & hello, listeners <3", "Ann Lee"),
        Cue(4.5, 7.25, "It is like the plumber of it.", "Bob"),
        Cue(3600.0, 3601.0, "No speaker here.", None),
    )


def test_srt_markup_and_ass_overrides_are_stripped_and_crlf_read(tmp_path: Path) -> None:
    text = ("1\r\n00:00:01,000 --> 00:00:02,500\r\n{\\an8}<i>Hello</i> <font color=\"red\">"
            "there</font>\\Nfriend\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n第二句。\r\n")
    path = tmp_path / "t.srt"
    path.write_bytes(text.encode("utf-8"))
    assert read_transcript(path).cues == (Cue(1.0, 2.5, "Hello there friend"),
                                          Cue(3.0, 4.0, "第二句。"))


def test_whisper_words_without_times_take_the_gap_between_their_neighbours(
        tmp_path: Path) -> None:
    doc = {"text": " It costs 20 dollars.", "segments": [
        {"start": 1.0, "end": 3.0, "text": " It costs 20 dollars.", "speaker": "SPEAKER_01",
         "words": [{"word": " It", "start": 1.0, "end": 1.2},
                   {"word": " costs", "start": 1.3, "end": 1.7},
                   {"word": " 20"},  # WhisperX gives numbers no times
                   {"word": " dollars.", "start": 2.2, "end": 2.9}]}]}
    path = tmp_path / "w.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    (cue,) = read_transcript(path).cues
    assert cue.speaker == "SPEAKER_01"
    assert cue.words == (Word(1.0, 1.2, " It"), Word(1.3, 1.7, " costs"),
                         Word(1.7, 2.2, " 20"), Word(2.2, 2.9, " dollars."))


def test_podcasting_json_with_times_as_strings_and_html_in_the_body(tmp_path: Path) -> None:
    doc = {"version": "1.0.0", "segments": [
        {"speaker": "曲凯", "startTime": "0.5", "endTime": 2, "body": "你好 &amp; <b>欢迎</b>"}]}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert read_transcript(path).cues == (Cue(0.5, 2.0, "你好 & 欢迎", "曲凯"),)


def test_clean_text() -> None:
    assert clean_text(" <v Ann>a\n  b &amp;&#39;c&#39; {\\i1}d\\he ") == "a b &'c' d e"


@pytest.mark.parametrize(("text", "clean"), [
    ("plumber \x1b]52;c;aGk=\x07 here", "plumber ]52;c;aGk= here"),  # OSC 52: the clipboard
    ("clear \x1b[2J", "clear [2J"),
    ("C1 \x9b31m", "C1 31m"),
    ("\u202etxet", "txet"),
    ("entity &#27;]0;title&#7;", "entity ]0;title"),  # an escape written as an entity
])
def test_clean_text_drops_control_characters(text: str, clean: str) -> None:
    assert clean_text(text) == clean


def test_no_control_character_of_a_transcript_is_kept(tmp_path: Path) -> None:
    vtt = read_transcript(write(tmp_path, "WEBVTT\n\n00:01.000 --> 00:02.000\n"
                                          "<v Mallory\x1b]0;pwned\x07>Hi \u202ethere\n"))
    assert (vtt.cues[0].speaker, vtt.cues[0].text) == ("Mallory]0;pwned", "Hi there")
    whisper = read_transcript(write(tmp_path, json.dumps({"segments": [
        {"start": 0, "end": 1, "text": "a\u009bb", "speaker": "\u001b[8mEve",
         "words": [{"word": " a\u001b[2J", "start": 0, "end": 1}]}]}), "w.json"))
    cue = whisper.cues[0]
    assert (cue.text, cue.speaker, cue.words[0].text) == ("ab", "[8mEve", " a[2J")


def test_a_message_quoting_the_transcript_escapes_its_controls(tmp_path: Path) -> None:
    path = write(tmp_path, "WEBVTT\n\n00:01.000 --> 00:0\x1b]0;x\x07.000\nHello\n")
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert str(caught.value) == (f"{path}:3:15: '00:0\\x1b]0;x\\x07.000' is not a time; "
                                 "write hh:mm:ss.ttt")


VTT_OK = "WEBVTT\n\n00:01.000 --> 00:02.000\nHello\n\n"
SRT_OK = "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n"
WHISPER = '{{\n  "text": "x",\n  "segments": [\n    {{"start": 0, "end": 1, "text": "a"}},\n' \
          '    {{"start": 1, {seg}}}\n  ]\n}}\n'


@pytest.mark.parametrize("name, text, message", [
    ("broken.vtt", VTT_OK + "00:02.000 --> 00:0x.000\nWorld\n",
     "broken.vtt:6:15: '00:0x.000' is not a time; write hh:mm:ss.ttt"),
    ("broken.vtt", VTT_OK + "00:02.000 --> 00:01.500\nWorld\n",
     "broken.vtt:6:15: the cue ends (00:01.500) before it starts (00:02.000)"),
    ("broken.vtt", VTT_OK + "00:02.000 --> \nWorld\n",
     "broken.vtt:6:11: a cue timing line needs a start and an end time around -->"),
    ("minutes.vtt", VTT_OK + "00:75.000 --> 00:76.000\nWorld\n",
     "minutes.vtt:6:1: '00:75.000' is not a time; write hh:mm:ss.ttt"),
    ("broken.srt", SRT_OK + "2\n00:00:0x,000 --> 00:00:04,000\nWorld\n",
     "broken.srt:6:1: '00:00:0x,000' is not a time; write hh:mm:ss.ttt"),
    ("broken.srt", "\n\nIntro music\n\n" + SRT_OK,
     "broken.srt:3: not a SRT cue: expected a number, a timing line "
     "(00:00:01,000 --> 00:00:02,000) and text"),
    ("broken.json", '{\n  "segments": [\n    {"start": 0, "end": 1,, "text": "a"}\n  ]\n}\n',
     "broken.json:3:27: not valid JSON: Expecting property name enclosed in double quotes"),
    ("broken.json", WHISPER.format(seg='"end": "soon", "text": "b"'),
     "broken.json:5:25: segments[1].end: \"end\" must be seconds (a number), not \"soon\""),
    ("broken.json", WHISPER.format(seg='"end": 0.5, "text": "b"'),
     "broken.json:5:25: segments[1].end: \"end\" (0.5) is before \"start\" (1.0)"),
    ("broken.json", WHISPER.format(seg='"text": "b"'),
     "broken.json:5:5: segments[1].end: \"end\" must be seconds (a number), not missing"),
    ("broken.json", WHISPER.format(seg='"end": 2, "text": "b", "words": [{"word": " b", '
                                       '"start": -1, "end": 2}]'),
     "broken.json:5:75: segments[1].words[0].start: \"start\" must be seconds (a number), "
     "not -1"),
    ("p20.json", '{"version": "1.0.0", "segments": [\n{"startTime": 1, "endTime": 2, '
                 '"body": 7}]}',
     "p20.json:2:40: segments[0].body: \"body\" must be text"),
    ("list.json", "[1, 2]", "list.json:1:1: a JSON transcript needs a list of \"segments\" "
                            "(Podcasting 2.0 or Whisper)"),
    ("notes.txt", "just some notes\nabout the episode\n",
     "notes.txt:1:1: not a transcript: expected WebVTT (a first line WEBVTT), SRT (cues timed "
     "00:00:01,000 --> 00:00:02,000) or JSON segments"),
])
def test_a_transcript_that_does_not_parse_is_named_with_its_line(
        tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert str(caught.value) == f"{tmp_path}/{message}"
    assert isinstance(caught.value, QuizError)


def test_a_transcript_that_is_not_utf8_or_missing(tmp_path: Path) -> None:
    path = tmp_path / "latin1.vtt"
    path.write_bytes("WEBVTT\n\n00:01.000 --> 00:02.000\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(TranscriptError, match=r"latin1\.vtt:4:4: the file is not UTF-8 \(byte "
                                              r"0xe9\); save it as UTF-8"):
        read_transcript(path)
    # the column counts characters, not bytes; a Chinese file in GBK is said to look like it
    path.write_bytes("WEBVTT\n\n00:01.000 --> 00:02.000\né中".encode() + b"\xff\n")
    with pytest.raises(TranscriptError, match=r"latin1\.vtt:4:3: the file is not UTF-8"):
        read_transcript(path)
    path.write_bytes("WEBVTT\n\n00:01.000 --> 00:02.000\n你好，世界\n".encode("gbk"))
    with pytest.raises(TranscriptError, match=r"latin1\.vtt:4:1: the file is not UTF-8 \(byte "
                                              r"0xc4; it looks like GBK\); save it as UTF-8"):
        read_transcript(path)
    with pytest.raises(TranscriptError, match=r"missing\.vtt:1: cannot read the transcript: "
                                              r"No such file or directory"):
        read_transcript(tmp_path / "missing.vtt")


def test_an_empty_webvtt_has_no_cues(tmp_path: Path) -> None:
    assert read_transcript(write(tmp_path, "WEBVTT\n")).cues == ()


def test_the_end_of_a_quote_timed_only_by_its_start_is_its_cues() -> None:
    transcript = Transcript("t", "srt", (Cue(1.0, 4.0, "one"), Cue(5.0, 50.0, "two"),
                                         Cue(60.0, 62.0, "three")))
    assert [transcript.cue_end(at) for at in (1.0, 3.9, 4.5, 10.0, 55.0, 70.0)] == \
        [4.0, 4.0, 34.5, 40.0, None, None]
    assert transcript.cue_end(59.5, longest=1.0) == 60.5
