"""Hearing the quotes, end to end on real speech: `quiz align` times the quotes from the
transcript, `quiz build` puts their clips in the deck (proven in real Anki), the preview and
`quiz run --audio` play them, and bad audio is refused with its place."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from audio.speech import Episode, shared_episode, write_vtt
from support import Invoke, import_package

from quiz.content import load_content

CONTENT = """\
# An episode spoken by espeak-ng (tests/audio/episode.txt): its quotes, not yet timed.
episode:
  id: spoken
  title: A spoken episode
  language: en
  audio: episode.mp3
  transcript: episode.vtt
speakers:
  - {id: ann, name: Ann, role: host}
  - {id: bob, name: Bob, role: guest}
  - {id: zhu, name: 朱亦博}
  - {id: qu, name: 曲凯}
ideas:
  - {id: infra, title: Infrastructure}
quotes:
  - id: plumber
    by: bob
    idea: infra
    text: It is like the plumber of the early internet.
    cloze: [plumber]
  - id: choke-points
    by: zhu
    idea: infra
    text: 中国在这个领域最大的痛点和机会,恰好都在卡脖子的地方。
    cloze: [卡脖子]
  - id: rocket
    by: bob
    idea: infra
    text: Build the rocket and sell the tickets at the same time.
    cloze: [tickets]
  - id: never-said
    by: ann
    idea: infra
    text: Nobody ever says this sentence in the whole episode.
"""
TIMED = ("plumber", "choke-points", "rocket")


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> Episode:
    return shared_episode(tmp_path_factory)


@pytest.fixture
def folder(spoken: Episode, tmp_path: Path) -> Path:
    """A folder with the content file, the episode's audio and its transcript."""
    shutil.copy(spoken.audio, tmp_path / "episode.mp3")
    write_vtt(spoken, tmp_path / "episode.vtt")
    (tmp_path / "content.yaml").write_text(CONTENT, encoding="utf-8")
    return tmp_path


Align = Callable[[Path], Path]


@pytest.fixture
def aligned(quiz: Invoke) -> Align:
    """Return a function timing the quotes of the content file in a folder (quiz align
    --write), which returns that file."""
    def align(folder: Path) -> Path:
        result = quiz("align", folder / "content.yaml", "--write")
        assert result.exit_code == 0, result.output
        return folder / "content.yaml"

    return align


def test_align_times_each_spoken_quote_and_writes_the_times(quiz: Invoke, aligned: Align,
                                                            folder: Path,
                                                            spoken: Episode) -> None:
    result = quiz("align", folder / "content.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    found = {a["id"]: a for a in json.loads(result.stdout)}
    assert set(found["plumber"]) == {"episode", "id", "at", "end", "score", "matched", "text",
                                     "speaker", "warning"}
    assert (found["plumber"]["episode"], found["plumber"]["speaker"],
            found["plumber"]["warning"]) == ("spoken", "Bob", None)
    known = {"plumber": spoken.find("It is like the plumber / of the early internet."
                                    .replace(" / ", " ")),
             "rocket": spoken.find("Build the rocket and sell the tickets at the same time.")}
    for quote, (start, end) in known.items():
        assert found[quote]["matched"], quote
        assert abs(found[quote]["at"] - start) < 0.5 and abs(found[quote]["end"] - end) < 0.5
    assert found["choke-points"]["matched"]
    assert found["never-said"] == {"episode": "spoken", "id": "never-said", "at": None,
                                   "end": None, "score": found["never-said"]["score"],
                                   "matched": False, "text": None, "speaker": None,
                                   "warning": None}
    before = (folder / "content.yaml").read_text(encoding="utf-8")
    path = aligned(folder)
    after = path.read_text(encoding="utf-8")
    assert after.startswith("# An episode spoken by espeak-ng")  # the comment kept
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(changed) == 2 * len(TIMED) and all(re.fullmatch(r"    (at|end): \S+", line)
                                                  for line in changed), changed
    content = load_content(path)
    times = {q.id: (q.at, q.end) for q in content.quotes}
    assert times["never-said"] == (None, None)
    assert abs(times["plumber"][0] - found["plumber"]["at"]) < 0.01  # type: ignore[operator]
    text = quiz("align", path).stdout
    assert "never-said" in text and "not found" in text


def test_the_deck_carries_a_clip_for_each_timed_quote_and_anki_plays_it(
        quiz: Invoke, aligned: Align, folder: Path, collection) -> None:  # type: ignore[no-untyped-def]
    result = quiz("build", aligned(folder), "-o", folder / "decks")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(", 3 clips\n")
    deck = folder / "decks" / "spoken.apkg"
    with zipfile.ZipFile(deck) as z:
        media = json.loads(z.read("media"))
        assert sorted(media.values()) == sorted(f"spoken_{q}.mp3" for q in TIMED)
        for number in media:
            assert z.read(number)[:3] in (b"ID3", b"\xff\xfb", b"\xff\xf3")  # an mp3
    assert [p.name for p in (folder / "decks").iterdir()] == ["spoken.apkg"]  # decks only
    import_package(collection, deck)
    media_dir = Path(collection.media.dir())
    for name in media.values():
        assert (media_dir / name).stat().st_size > 1000, name
    played = set()
    for cid in collection.find_cards(""):
        card = collection.get_card(cid)
        assert not card.question_av_tags()  # heard on the back, once the answer is given
        played.update(tag.filename for tag in card.answer_av_tags())
    assert played == set(media.values())


def test_a_deck_built_before_the_audio_updates_in_place(quiz: Invoke, aligned: Align,
                                                        folder: Path,
                                                        collection) -> None:  # type: ignore[no-untyped-def]
    path = aligned(folder)
    with_audio = path.read_text(encoding="utf-8")
    path.write_text(with_audio.replace("  audio: episode.mp3\n", ""), encoding="utf-8")
    assert quiz("build", path, "-o", folder / "before").exit_code == 0
    import_package(collection, folder / "before" / "spoken.apkg")
    notes, cards = collection.note_count(), collection.card_count()
    path.write_text(with_audio, encoding="utf-8")  # the audio comes
    assert quiz("build", path, "-o", folder / "after").exit_code == 0
    log = import_package(collection, folder / "after" / "spoken.apkg")
    assert (len(log.new), len(log.updated)) == (0, len(TIMED) * 2)  # a who and a cloze note
    assert (collection.note_count(), collection.card_count()) == (notes, cards)
    heard = [cid for cid in collection.find_cards("")
             if collection.get_card(cid).answer_av_tags()]
    assert len(heard) == len(TIMED) * 2


def test_the_preview_plays_each_spoken_quote(quiz: Invoke, aligned: Align,
                                             folder: Path) -> None:
    result = quiz("preview", aligned(folder), "-o", folder / "page.html")
    assert result.exit_code == 0, result.output
    page = (folder / "page.html").read_text(encoding="utf-8")
    sounds = re.findall(r'<audio controls preload="none" src="data:audio/mpeg;base64,([^"]+)"',
                        page)
    assert len(sounds) == len(TIMED)
    assert "media-src data:" in page


def test_run_audio_plays_the_clip_of_the_quote_once_its_back_shows(aligned: Align,
                                                                   folder: Path) -> None:
    path = aligned(folder)
    heard = folder / "heard.txt"
    player = folder / "player"
    # the player notes its pid and the clip, then becomes the process that plays (sleeps)
    player.write_text(f'#!/bin/sh\necho "$$ $1" >> {heard}\nexec sleep 5\n', encoding="utf-8")
    player.chmod(player.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "QUIZ_PLAYER": str(player)}

    def plays() -> list[tuple[int, str]]:
        lines = heard.read_text(encoding="utf-8").splitlines() if heard.exists() else []
        return [(int(pid), Path(clip).name) for pid, clip in (line.split(" ", 1)
                                                              for line in lines)]

    # a real session, answered at a person's pace: each clip plays while its back shows
    session = subprocess.Popen([sys.executable, "-m", "quiz", "run", str(path), "--cram",
                                "--kind", "cloze", "--audio"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               text=True)
    assert session.stdin is not None
    for n in range(1, len(TIMED) + 1):
        session.stdin.write("\n")  # reveal the back
        session.stdin.flush()
        deadline = time.monotonic() + 30  # not a timing check: how long to wait for a clip
        while len(plays()) < n:
            if time.monotonic() > deadline or session.poll() is not None:
                session.kill()
                pytest.fail(f"clip {n} was never played: {plays()}")
            time.sleep(0.05)
        session.stdin.write("\n")  # take the suggested rating
        session.stdin.flush()
    _, err = session.communicate(timeout=30)
    assert session.returncode == 0, err
    played = plays()
    assert sorted(clip for _, clip in played) == sorted(f"spoken_{q}.mp3" for q in TIMED)
    for pid, clip in played:  # each stopped once its card was done, none left playing
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_run_audio_without_a_player_says_so_once_and_goes_on(quiz: Invoke, aligned: Align,
                                                             folder: Path) -> None:
    result = quiz("run", aligned(folder), "--cram", "--kind", "cloze", "--audio",
                  input="\n\n" * 3, env={"QUIZ_PLAYER": "", "PATH": str(folder)})
    assert result.exit_code == 0, result.output
    assert result.stderr.count("No audio player found") == 1
    assert "3 cards" in result.stdout


def test_a_missing_audio_file_is_a_problem_at_its_place(quiz: Invoke, folder: Path) -> None:
    (folder / "episode.mp3").unlink()
    result = quiz("check", folder / "content.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{folder / 'content.yaml'}:6:10: episode.audio: the audio file 'episode.mp3' does "
        "not exist")


def test_a_folder_or_a_device_named_as_audio_is_not_a_file(quiz: Invoke, folder: Path) -> None:
    path = folder / "content.yaml"
    path.write_text(CONTENT.replace("audio: episode.mp3", "audio: .")
                    .replace("transcript: episode.vtt", "transcript: /dev/null"), encoding="utf-8")
    result = quiz("check", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:6:10: episode.audio: the audio file '.' is not a file (looked for {folder}); "
        "the path is relative to the content file",
        f"{path}:7:15: episode.transcript: the transcript file '/dev/null' is not a file (looked "
        "for /dev/null); the path is relative to the content file"]


def test_a_corrupt_audio_file_fails_the_build_and_leaves_the_old_deck(
        quiz: Invoke, aligned: Align, folder: Path) -> None:
    path = aligned(folder)
    decks = folder / "decks"
    assert quiz("build", path, "-o", decks).exit_code == 0
    old = (decks / "spoken.apkg").read_bytes()
    (folder / "episode.mp3").write_text(textwrap.dedent("not audio at all\n"))
    shutil.rmtree(os.environ["QUIZ_CACHE"], ignore_errors=True)  # no clip cached to fall back on
    result = quiz("build", path, "-o", decks)
    assert result.exit_code == 1
    assert "episode.mp3" in result.stderr and "Traceback" not in result.output
    assert (decks / "spoken.apkg").read_bytes() == old


def test_a_quote_past_the_end_of_the_audio_is_a_problem_at_its_time(quiz: Invoke,
                                                                    folder: Path) -> None:
    path = folder / "content.yaml"
    path.write_text(CONTENT.replace("  - id: rocket\n", '  - id: rocket\n    at: "10:46.88"\n'),
                    encoding="utf-8")
    for command in (["build", path, "-o", folder / "decks"], ["preview", path],
                    ["run", path, "--cram", "--audio"]):
        result = quiz(*command, input="\n", env={"QUIZ_PLAYER": "true"})
        assert result.exit_code == 1, result.output
        assert result.stderr == (
            f"{path}:27:9: quotes[2].at: {folder / 'episode.mp3'}: the quote 'rocket' starts "
            f"at 646.88 s, after the end of the audio (51.38 s)\n"), command
    assert not (folder / "decks" / "spoken.apkg").exists()


def test_a_quote_longer_than_ten_minutes_is_refused_where_its_end_is(quiz: Invoke,
                                                                     folder: Path) -> None:
    path = folder / "content.yaml"
    path.write_text(CONTENT.replace("  - id: rocket\n", '  - id: rocket\n    at: "20:46.88"\n'
                                    '    end: "30:50.52"\n'), encoding="utf-8")
    for command in (["check", path], ["build", path, "-o", folder / "decks"], ["preview", path]):
        result = quiz(*command)
        assert result.exit_code == 1, result.output
        assert result.stderr == (
            f"{path}:28:10: quotes[2].end: a quote lasts at most 10 minutes, and this one "
            "would last 10:03.64 (from 20:46.88 to 30:50.52): is its end right?\n"), command


def test_align_episode_is_the_core_of_quiz_align(folder: Path) -> None:
    """Python users align and write as the command does (the command only prints)."""
    from quiz.audio import align_episode

    content = load_content(folder / "content.yaml")
    found = align_episode(content)
    assert [a.id for a in found if a.timed] == list(TIMED)
    assert {a.episode for a in found} == {"spoken"}
    assert load_content(folder / "content.yaml").quotes[0].at is None  # nothing written
    align_episode(content, folder / "episode.vtt", write=True)
    written = {q.id: q.at for q in load_content(folder / "content.yaml").quotes}
    assert [qid for qid, at in written.items() if at is not None] == list(TIMED)
