"""The public API: everything a Python user needs is importable from `quiz`, without click."""

from __future__ import annotations

import subprocess
import sys

import quiz


def test_every_exported_name_resolves() -> None:
    assert "paused_gc" in quiz.__all__ and "__version__" in quiz.__all__
    for name in quiz.__all__:
        assert getattr(quiz, name) is not None, name


def test_the_api_works_without_the_command_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from support import SEED

    content = quiz.load_content(SEED)
    cards = quiz.make_cards(content, ["qa"])
    deck = quiz.write_deck(content, cards, tmp_path / "d.apkg")
    assert deck.exists()
    saved = quiz.record_review(tmp_path / "s.db", cards[0].id, 3,
                               datetime(2025, 8, 2, tzinfo=UTC))
    assert saved.after.due > datetime(2025, 8, 2, tzinfo=UTC)
    assert quiz.grade_text("水管工", "水管工").correct


def test_importing_quiz_loads_no_module_of_its_own_yet() -> None:
    code = "import sys, quiz; print(sorted(m for m in sys.modules if m.startswith(('quiz.', 'click'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_outputs_do_not_depend_on_the_hash_seed() -> None:
    from support import ROOT, SEED

    summary = ROOT / "tests" / "summaries" / "000_a2aa04b47976ccc4.txt"
    outputs = []
    for seed in ("1", "2"):
        env = {**__import__("os").environ, "PYTHONHASHSEED": seed}
        run = [[sys.executable, "-m", "quiz", "cards", str(SEED), "--format", "json"],
               [sys.executable, "-m", "quiz", "extract", str(summary)]]
        outputs.append([subprocess.run(args, capture_output=True, text=True, env=env,
                                       check=True).stdout for args in run])
    assert outputs[0] == outputs[1]
    assert '"id": "ai-infra-42:qa:' in outputs[0][0] and "format: 1" in outputs[0][1]
