"""Clips cut from a spoken episode, heard as sound: where the speech is, how loud, mono mp3."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import av
import numpy as np
import pytest
from audio.speech import (
    WRITERS,
    Episode,
    channels,
    decode,
    loudness,
    shared_episode,
    speech_bounds,
    transcode,
)

from quiz.align import align
from quiz.clips import (
    MAX_NAME_BYTES,
    AudioError,
    ClipSettings,
    clip_name,
    cut_clip,
    make_clips,
    measure_loudness,
)
from quiz.errors import QuizError
from quiz.transcript import read_transcript

PAD = ClipSettings().pad
# The envelope's windows are 10 ms: a bound found within 3 of them is where it should be.
SLACK = 0.03
QUOTES = [("welcome", "Welcome back to the show. Today we talk about the plumbing of "
                      "artificial intelligence.", "Ann"),
          ("plumber", "It is like the plumber of the early internet.", "Bob"),
          ("choke-points", "中国在这个领域最大的痛点和机会,恰好都在‘卡脖子’的地方。", "朱亦博"),
          ("moat", "只有最难、最苦的事情,最后才能成为最深的护城河。", "朱亦博"),
          ("rocket", "Build the rocket and sell the tickets at the same time.", "Bob")]
SPOKEN = {"welcome": "Welcome back to the show. Today we talk about the plumbing of "
                     "artificial intelligence.",
          "plumber": "It is like the plumber of the early internet.",
          "choke-points": "中国在这个领域最大的痛点和机会,恰好都在卡脖子的地方。",
          "moat": "只有最难最苦的事,最后才能变成最深的护城河。",
          "rocket": "Build the rocket and sell the tickets at the same time."}


@pytest.fixture(scope="module")
def episode(tmp_path_factory: pytest.TempPathFactory) -> Episode:
    return shared_episode(tmp_path_factory)


@pytest.fixture(scope="module")
def spans(episode: Episode, tmp_path_factory: pytest.TempPathFactory
          ) -> dict[str, tuple[float, float]]:
    """The quotes' spans as the Whisper transcript aligns them."""
    path = WRITERS["whisper-json"](episode, tmp_path_factory.mktemp("t") / "transcript.json")
    found = align(QUOTES, read_transcript(path))
    assert all(a.matched for a in found)
    return {a.id: (a.at, a.end) for a in found if a.at is not None and a.end is not None}


@pytest.fixture(scope="module")
def clips(episode: Episode, spans: dict[str, tuple[float, float]],
          tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_clips(episode.audio, spans, "test-ep", cache=tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("quote", list(SPOKEN))
def test_a_clip_holds_its_quote_and_the_padding_around_it(
        episode: Episode, spans: dict[str, tuple[float, float]], clips: dict[str, Path],
        quote: str) -> None:
    at, end = spans[quote]
    start, stop = episode.find(SPOKEN[quote])  # where the speech is in the episode
    samples, rate = decode(clips[quote])
    length = len(samples) / rate
    assert length == pytest.approx(end - at + 2 * PAD, abs=SLACK)
    first, last = speech_bounds(samples, rate)
    # the speech starts and ends in the clip where the episode's speech does
    assert first == pytest.approx(PAD + start - at, abs=SLACK)
    assert length - last == pytest.approx(PAD + end - stop, abs=SLACK)


@pytest.mark.parametrize("quote", list(SPOKEN))
def test_every_clip_is_a_mono_mp3_at_minus_16_lufs_without_clipping(
        clips: dict[str, Path], quote: str) -> None:
    with av.open(str(clips[quote])) as container:
        assert container.format.name == "mp3"
        assert container.streams.audio[0].codec_context.name.startswith("mp3")
    assert channels(clips[quote]) == 1
    integrated, true_peak = loudness(clips[quote])
    assert integrated == pytest.approx(-16.0, abs=1.0)
    assert true_peak <= 0.0
    samples, _ = decode(clips[quote])
    assert np.abs(samples).max() < 1.0
    assert measure_loudness(clips[quote]) == pytest.approx(integrated, abs=0.01)


def test_the_speakers_were_not_equally_loud_to_begin_with(episode: Episode) -> None:
    samples, rate = decode(episode.audio)

    def level(words: str) -> float:
        start, stop = episode.find(words)
        return float(10 * np.log10(np.mean(samples[int(start * rate):int(stop * rate)] ** 2)))

    assert level(SPOKEN["welcome"]) - level(SPOKEN["plumber"]) > 6  # Ann and Bob


@pytest.mark.parametrize("target", [-23.0, -19.0])
def test_the_loudness_is_the_settings_one(
        episode: Episode, spans: dict[str, tuple[float, float]], tmp_path: Path,
        target: float) -> None:
    clip = cut_clip(episode.audio, *spans["plumber"], tmp_path / "c.mp3",
                    ClipSettings(loudness=target))
    assert loudness(clip)[0] == pytest.approx(target, abs=1.0)


@pytest.mark.parametrize("ext, codec", [("wav", "pcm_s16le"), ("flac", "flac"), ("m4a", "aac")])
def test_other_audio_formats_are_cut_at_the_same_place(
        episode: Episode, spans: dict[str, tuple[float, float]], tmp_path: Path, ext: str,
        codec: str) -> None:
    source = transcode(episode.audio, tmp_path / f"episode.{ext}", codec)
    at, end = spans["plumber"]
    # where the speech is in this file (an AAC encoder puts 23 ms of priming before it)
    whole, rate = decode(source)
    start, stop = episode.find(SPOKEN["plumber"])
    lo = start - 0.1
    first, last = speech_bounds(whole[int(lo * rate):int((stop + 0.1) * rate)], rate)
    start, stop = lo + first, lo + last
    samples, rate = decode(cut_clip(source, at, end, tmp_path / "clip.mp3"))
    first, last = speech_bounds(samples, rate)
    assert first == pytest.approx(PAD + start - at, abs=SLACK)
    assert len(samples) / rate - last == pytest.approx(PAD + end - stop, abs=SLACK)


def test_the_padding_stops_at_the_ends_of_the_file(episode: Episode, tmp_path: Path) -> None:
    samples, rate = decode(cut_clip(episode.audio, 0.1, 1.0, tmp_path / "start.mp3"))
    assert len(samples) / rate == pytest.approx(1.0 + PAD, abs=SLACK)
    duration = len(decode(episode.audio)[0]) / 44100
    samples, rate = decode(cut_clip(episode.audio, duration - 1.0, duration - 0.1,
                                    tmp_path / "end.mp3"))
    assert len(samples) / rate == pytest.approx(PAD + 1.0, abs=SLACK)


def test_a_clip_is_named_after_the_episode_and_quote(clips: dict[str, Path]) -> None:
    assert {q: p.name for q, p in clips.items()} == {q: f"test-ep_{q}.mp3" for q in SPOKEN}


# ---- the cache ------------------------------------------------------------------------

def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Return every file under `folder` with its inode and modification time."""
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_a_rebuild_with_the_same_audio_and_times_encodes_nothing(
        episode: Episode, spans: dict[str, tuple[float, float]], tmp_path: Path) -> None:
    first = make_clips(episode.audio, spans, "test-ep", cache=tmp_path)
    before = snapshot(tmp_path)
    again = make_clips(episode.audio, spans, "test-ep", cache=tmp_path)
    assert again == first
    assert snapshot(tmp_path) == before  # no file written, replaced or added


def test_a_changed_span_encodes_that_clip_only(
        episode: Episode, spans: dict[str, tuple[float, float]], tmp_path: Path) -> None:
    first = make_clips(episode.audio, spans, "test-ep", cache=tmp_path)
    before = snapshot(tmp_path)
    moved = dict(spans, plumber=(spans["plumber"][0], spans["plumber"][1] + 0.5))
    second = make_clips(episode.audio, moved, "test-ep", cache=tmp_path)
    assert second["plumber"] != first["plumber"]
    assert {q: second[q] for q in spans if q != "plumber"} == \
        {q: first[q] for q in spans if q != "plumber"}
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if k in before} == before
    new = set(after) - set(before)
    assert new == {str(second["plumber"].relative_to(tmp_path))}


def test_the_cache_is_keyed_by_the_audio_content_not_its_name_or_time(
        episode: Episode, spans: dict[str, tuple[float, float]], tmp_path: Path) -> None:
    copy = tmp_path / "copy.mp3"
    copy.write_bytes(episode.audio.read_bytes())
    cache = tmp_path / "cache"
    first = make_clips(copy, spans, "test-ep", cache=cache)
    os.utime(copy, ns=(1, 1))  # touched: hashed again, found the same
    assert make_clips(copy, spans, "test-ep", cache=cache) == first
    quieter = decode(episode.audio)[0] * 0.5  # other content under the same name
    transcode_samples(quieter, copy)
    changed = make_clips(copy, spans, "test-ep", cache=cache)
    assert all(changed[q] != first[q] for q in spans)


def transcode_samples(samples: np.ndarray, path: Path) -> None:
    from audio.speech import write_mp3

    write_mp3(samples, 44100, path)


def test_another_name_for_the_same_clip_is_a_copy(
        episode: Episode, spans: dict[str, tuple[float, float]], tmp_path: Path) -> None:
    first = make_clips(episode.audio, {"plumber": spans["plumber"]}, "test-ep", cache=tmp_path)
    other = make_clips(episode.audio, {"plumber": spans["plumber"]}, "renamed", cache=tmp_path)
    assert other["plumber"].name == "renamed_plumber.mp3"
    assert other["plumber"].read_bytes() == first["plumber"].read_bytes()


def test_the_cache_folder_comes_from_the_parameter_then_quiz_cache(
        episode: Episode, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZ_CACHE", str(tmp_path / "env"))
    from_env = make_clips(episode.audio, {"q": (2.0, 3.0)}, "ep")["q"]
    assert from_env.is_relative_to(tmp_path / "env")
    given = make_clips(episode.audio, {"q": (2.0, 3.0)}, "ep", cache=tmp_path / "given")["q"]
    assert given.is_relative_to(tmp_path / "given")


# ---- names ----------------------------------------------------------------------------

def test_clip_names_are_safe_nfc_and_at_most_120_bytes() -> None:
    assert clip_name("ai-infra-42", "plumber") == "ai-infra-42_plumber.mp3"
    assert clip_name("ep", "a/b\\c:d*e?f\"g<h>i|j k[l]m") == "ep_a-b-c-d-e-f-g-h-i-j-k-l-m.mp3"
    decomposed = unicodedata.normalize("NFD", "café-水管工")
    assert clip_name("ep", decomposed) == "ep_café-水管工.mp3"
    long_a, long_b = clip_name("ep", "水" * 100 + "a"), clip_name("ep", "水" * 100 + "b")
    assert long_a != long_b
    for name in (long_a, long_b):
        assert len(name.encode("utf-8")) <= MAX_NAME_BYTES and name.endswith(".mp3")


@pytest.mark.parametrize("quote", ["plumber", "水管工", "a" * 200, "x:y"])
def test_anki_keeps_a_clip_name_as_it_is(collection: object, tmp_path: Path,
                                         quote: str) -> None:
    path = tmp_path / clip_name("ai-infra-42", quote)
    path.write_bytes(b"ID3")
    assert collection.media.add_file(str(path)) == path.name  # type: ignore[attr-defined]


# ---- bad audio ------------------------------------------------------------------------

def make_bad(tmp_path: Path, episode: Episode, kind: str) -> Path:
    path = tmp_path / "bad.mp3"
    good = episode.audio.read_bytes()
    if kind == "text":
        path.write_text("These are my notes on the episode, not its audio.\n")
    elif kind == "truncated":
        path.write_bytes(good[:3000])
    elif kind == "noise":
        path.write_bytes(good[:2000] + np.random.default_rng(1).bytes(200_000))
    elif kind == "folder":
        path.mkdir()
    return path


@pytest.mark.parametrize("kind, message", [
    ("missing", "bad.mp3: cannot read the audio file: No such file or directory"),
    ("folder", "bad.mp3: cannot read the audio file: Is a directory"),
    ("text", "bad.mp3: not an audio file FFmpeg can read (Invalid data found when processing "
             "input)"),
    ("truncated", "bad.mp3: the audio ends before the quote 'q' at 2.00 s"),
    ("noise", "bad.mp3: cannot decode the audio near 1.75 s, for the quote 'q' (damaged "
              "frames: 1)"),
])
def test_bad_audio_is_refused_with_its_name(episode: Episode, tmp_path: Path, kind: str,
                                            message: str) -> None:
    path = make_bad(tmp_path, episode, kind)
    with pytest.raises(AudioError) as caught:
        make_clips(path, {"q": (2.0, 3.0)}, "ep", cache=tmp_path / "cache")
    assert str(caught.value).startswith(f"{path.parent}/{message}")
    assert isinstance(caught.value, QuizError)


def test_a_quote_after_the_end_of_the_audio_is_named(episode: Episode, tmp_path: Path) -> None:
    with pytest.raises(AudioError, match=r"episode\.mp3: the quote 'late' starts at 100\.00 s, "
                                         r"after the end of the audio \(51\.\d\d s\)") as caught:
        make_clips(episode.audio, {"late": (100.0, 101.0)}, "ep", cache=tmp_path)
    assert caught.value.quote == "late"


def test_a_failed_cut_leaves_the_old_clip_whole(episode: Episode, tmp_path: Path) -> None:
    out = tmp_path / "clip.mp3"
    out.write_bytes(b"the old clip")
    with pytest.raises(AudioError):
        cut_clip(make_bad(tmp_path, episode, "text"), 1.0, 2.0, out)
    assert out.read_bytes() == b"the old clip"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.mp3", "clip.mp3"]


def test_without_pyav_cutting_says_how_to_install_it(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "av", None)  # a base install, without the audio extra
    audio = tmp_path / "ep.mp3"
    audio.write_bytes(b"audio")
    with pytest.raises(AudioError, match=r"ep\.mp3: reading audio needs PyAV: run pip install "
                                         r"'\.\[audio\]' in the folder of quiz's source"):
        make_clips(audio, {"q": (0.0, 1.0)}, "ep", cache=tmp_path / "cache")


def test_quiz_clips_loads_pyav_only_when_it_cuts() -> None:
    code = "import sys, quiz.clips; print('av' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("span", [(3.0, 2.0), (-1.0, 2.0), (0.0, float("nan")), (0.0, 601.0)])
def test_a_span_that_is_no_quote_is_refused_naming_the_quote(
        episode: Episode, tmp_path: Path, span: tuple[float, float]) -> None:
    with pytest.raises(AudioError, match=r"episode\.mp3: the quote 'q' is no clip: a clip needs "
                                         "0 <= start < end, at most 600 s long") as caught:
        make_clips(episode.audio, {"q": span}, "ep", cache=tmp_path)
    assert caught.value.quote == "q"
    with pytest.raises(AudioError):
        cut_clip(episode.audio, *span, tmp_path / "c.mp3")


def test_the_clips_bench_keeps_working() -> None:
    """bench/clips.py: its spans fit the episode and its alignment finds every quote."""
    import importlib.util

    bench = Path(__file__).resolve().parent.parent / "bench" / "clips.py"
    spec = importlib.util.spec_from_file_location("bench_clips", bench)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    spans = module.spans(7200.0)
    assert len(spans) == 100
    assert all(0 <= s and 4 <= e - s <= 20 and e <= 7200 for s, e in spans.values())
    figures = module.time_alignment()
    assert figures["cues matched"] == figures["words matched"] == 100
