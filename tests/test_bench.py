"""Keep the benchmarks from rotting, and prove that the speed work changed no output.

Nothing here is timed: the figures come from `python bench/run.py`.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import genanki
import pytest
from click.testing import CliRunner
from support import ROOT

from quiz.apkg import CARD_MODEL, CLOZE_MODEL, make_deck, write_deck
from quiz.cards import make_cards
from quiz.cli import cli
from quiz.collector import paused_gc
from quiz.content import load_content

BENCH = ROOT / "bench"


def generate(tmp_path: Path, cards: int) -> Path:
    path = tmp_path / f"bench-{cards}.yaml"
    subprocess.run([sys.executable, str(BENCH / "generate.py"), str(cards), "-o", str(path)],
                   check=True)
    return path


def rows(apkg: Path, tmp_path: Path) -> dict[str, list[tuple[object, ...]]]:
    with zipfile.ZipFile(apkg) as package:
        db = tmp_path / f"{apkg.name}.anki2"
        db.write_bytes(package.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
                for table in ("notes", "cards", "col")}
    finally:
        conn.close()


@pytest.mark.parametrize("cards", [1, 14, 15, 16, 250])
def test_the_generator_makes_valid_content_of_the_asked_size(runner: CliRunner, tmp_path: Path,
                                                             cards: int) -> None:
    path = generate(tmp_path, cards)
    result = runner.invoke(cli, ["check", "--strict", str(path)])
    assert result.exit_code == 0, result.output  # without a warning of the card lint
    assert f"{cards} 张卡片" in result.output
    assert len(make_cards(load_content(path))) == cards


def test_the_genanki_baseline_writes_as_many_notes_and_cards_as_quiz(tmp_path: Path) -> None:
    path = generate(tmp_path, 250)
    baseline = tmp_path / "baseline.apkg"
    subprocess.run([sys.executable, str(BENCH / "baseline_genanki.py"), "250", "-o",
                    str(baseline)], check=True, capture_output=True)
    content = load_content(path)
    ours = write_deck(content, make_cards(content), tmp_path / "quiz.apkg")
    theirs, mine = rows(baseline, tmp_path), rows(ours, tmp_path)
    assert len(theirs["notes"]) == len(mine["notes"])
    assert len(theirs["cards"]) == len(mine["cards"]) == 250


def test_the_genanki_yardstick_uses_quiz_s_note_types() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import baseline_genanki as baseline
    finally:
        sys.path.remove(str(BENCH))
    for theirs, ours in ((baseline.CARD_MODEL, CARD_MODEL), (baseline.CLOZE_MODEL, CLOZE_MODEL)):
        names = [f["name"] for f in theirs.fields], [f["name"] for f in ours.fields]
        assert theirs.model_id == ours.model_id and names[0] == names[1]
        assert [t["qfmt"] for t in theirs.templates] == [t["qfmt"] for t in ours.templates]


@pytest.mark.parametrize("source", ["seed", "generated"])
def test_notes_written_in_bulk_are_the_rows_genanki_writes(tmp_path: Path, source: str) -> None:
    path = ROOT / "content.yaml" if source == "seed" else generate(tmp_path, 400)
    content = load_content(path)
    cards = make_cards(content)
    stamp = 1_700_000_000.25
    ours = write_deck(content, cards, tmp_path / "bulk.apkg", timestamp=stamp)
    per_note = tmp_path / "genanki.apkg"
    genanki.Package(make_deck(content, cards)).write_to_file(per_note, timestamp=stamp)
    mine, theirs = rows(ours, tmp_path), rows(per_note, tmp_path)
    assert mine["notes"] == theirs["notes"] and mine["cards"] == theirs["cards"]
    # the collection's row too, but that quiz names the scheduler
    conf = json.loads(mine["col"][0][8])  # id, crt, mod, scm, ver, dty, usn, ls, conf, …
    assert conf.pop("schedVer") == 2
    assert [*mine["col"][0][:8], conf, *mine["col"][0][9:]] == [
        *theirs["col"][0][:8], json.loads(theirs["col"][0][8]), *theirs["col"][0][9:]]


def test_the_benchmark_fills_a_state_through_quiz_s_own_api(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import run  # bench/run.py
    finally:
        sys.path.remove(str(BENCH))
    from quiz.state import read_snapshot

    path = generate(tmp_path, 60)
    state = tmp_path / "state.sqlite3"
    run.fill_state(path, state, 40)
    snapshot = read_snapshot(state)
    assert len(snapshot.states) == 40
    assert sum(sum(counts.values()) for counts in snapshot.ratings.values()) == 40


def test_the_benchmark_script_starts() -> None:
    result = subprocess.run([sys.executable, str(BENCH / "run.py"), "--help"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "--quick" in result.stdout


def test_paused_gc_restores_the_collector_however_the_block_ends() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_gc():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
