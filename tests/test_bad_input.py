"""Bad input: one small file per failure mode in tests/bad/, the exact
messages `quiz check` and `quiz build` give for it, and nothing written or lost on disk."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from support import ROOT, SMALL

import quiz.yamltree
from quiz.cards import make_cards
from quiz.cli import cli
from quiz.content import load_content
from quiz.yamltree import MAX_BYTES, MAX_NODES, Map, Seq, read_tree

BAD = Path(__file__).resolve().parent / "bad"
OLD_DECK = b"PK an old deck, which no failed build may touch"

# Each file of tests/bad/ and the problems reported for it, in order, as "LINE:COL: message"
# (the file's path goes in front).
CASES = [
    ("alias-as-text.yaml", [
        "10:12: aliases (*t) are not supported: write the value out",
    ]),
    ("alias-bomb.yaml", [
        "2:8: aliases (*a) are not supported: write the value out",
    ]),
    ("bad-date.yaml", [
        "4:9: episode.date: '2025-02-30' is not a date; write YYYY-MM-DD",
    ]),
    ("bad-indent.yaml", [
        "6:11: malformed YAML: mapping values are not allowed in this context",
    ]),
    ("bad-language.yaml", [
        ("4:13: episode.language: 'Chinese (simplified)' is not a language tag (BCP 47, such as "
         "en or zh-CN)"),
    ]),
    ("bad-slug-card-id.yaml", [
        ("12:13: ideas[0].cards[0].id: '卡片' is not a valid id: use lowercase letters, digits and "
         "'-', starting with a letter or digit"),
    ]),
    ("bad-slug-episode-id.yaml", [
        ("2:7: episode.id: 'My Episode' is not a valid id: use lowercase letters, digits and '-', "
         "starting with a letter or digit"),
    ]),
    ("bad-slug-quote-id.yaml", [
        ("15:9: quotes[0].id: '-q1' is not a valid id: use lowercase letters, digits and '-', "
         "starting with a letter or digit"),
    ]),
    ("bad-slug-speaker-id.yaml", [
        ("5:9: speakers[0].id: 'Ann_1' is not a valid id: use lowercase letters, digits and '-', "
         "starting with a letter or digit"),
    ]),
    ("bad-url-bracket.yaml", [
        "4:8: episode.url: 'https://www.you[tube.com/watch?v=abc' is not a URL (Invalid IPv6 URL)",
    ]),
    ("bad-url.yaml", [
        "4:8: episode.url: 'example.org/ep' is not a URL: write http://…, https://… or file://…",
    ]),
    ("cloze-duplicate.yaml", [
        "20:29: quotes[0].cloze[2]: duplicate cloze phrase 'plumber'",
    ]),
    ("cloze-is-text.yaml", [
        "20:12: quotes[0].cloze: expected a list, found text",
    ]),
    ("cloze-not-in-text.yaml", [
        "20:22: quotes[0].cloze[1]: cloze phrase 'electrician' does not occur in the text",
    ]),
    ("cloze-overlap.yaml", [
        "20:22: quotes[0].cloze[1]: cloze phrase 'plumber keeps' overlaps 'plumber'",
    ]),
    ("control-character.yaml", [
        ("3:13: the character U+0007 is not allowed in YAML: remove it or write it as an escape "
         "in double quotes"),
    ]),
    ("dangling-by-no-hint.yaml", [
        "16:9: quotes[0].by: unknown speaker 'zhuyibo'; the speakers are: ann",
    ]),
    ("dangling-by.yaml", [
        "16:9: quotes[0].by: unknown speaker 'anne'; did you mean 'ann'?",
    ]),
    ("dangling-idea.yaml", [
        "18:11: quotes[0].idea: unknown idea 'idea-1'; did you mean 'idea-one'?",
    ]),
    ("deep-mapping-nesting.yaml", [
        "33:65: nesting deeper than 32 levels",
    ]),
    ("deep-nesting.yaml", [
        "1:41: nesting deeper than 32 levels",
    ]),
    ("duplicate-card-id.yaml", [
        "18:13: ideas[1].cards[0].id: duplicate card id 'one' (first at line 12)",
    ]),
    ("duplicate-idea-id.yaml", [
        "14:9: ideas[1].id: duplicate idea id 'idea-one' (first at line 8)",
    ]),
    ("duplicate-key.yaml", [
        "4:3: episode.title: duplicate key 'title' (first at line 3)",
    ]),
    ("duplicate-question.yaml", [
        "17:12: ideas[1].cards[0].q: duplicate question 'What is one?' (first at line 12)",
    ]),
    ("duplicate-quote-id.yaml", [
        "21:9: quotes[1].id: duplicate quote id 'q1' (first at line 15)",
    ]),
    ("duplicate-speaker-id.yaml", [
        "7:9: speakers[1].id: duplicate speaker id 'ann' (first at line 5)",
    ]),
    ("empty-list-entry.yaml", [
        "7:4: speakers[1]: expected a mapping, found nothing",
    ]),
    ("empty-speakers.yaml", [
        "4:11: speakers: at least one speaker is needed",
    ]),
    ("empty-text.yaml", [
        "19:11: quotes[0].text: empty text",
    ]),
    ("empty.yaml", [
        "1:1: the file is empty: expected an episode",
    ]),
    ("episode-is-list.yaml", [
        "2:3: episode: expected a mapping, found a list",
    ]),
    ("episode-null.yaml", [
        "1:9: episode: 'episode' needs a value",
    ]),
    ("format-2.yaml", [
        "1:9: format: unknown format version 2; this quiz reads format 1",
    ]),
    ("format-not-a-number.yaml", [
        "1:9: format: the format version is a whole number, such as 1",
    ]),
    ("ideas-is-text.yaml", [
        "7:8: ideas: expected a list, found text",
    ]),
    ("key-is-list.yaml", [
        "4:5: episode: a key must be plain text",
    ]),
    ("many-problems.yaml", [
        ("2:7: episode.id: 'EP' is not a valid id: use lowercase letters, digits and '-', "
         "starting with a letter or digit"),
        "10:5: ideas[0]: unknown key 'titel'; did you mean 'title'?",
        "16:9: quotes[0].by: unknown speaker 'bob'; the speakers are: ann",
        ("17:9: quotes[0].at: '907' is a bare number: write times with a colon, as m:ss, mm:ss or "
         "h:mm:ss (15:07)"),
    ]),
    ("merge-key.yaml", [
        "8:9: aliases (*ann) are not supported: write the value out",
    ]),
    ("missing-card-a.yaml", [
        "12:9: ideas[0].cards[0]: missing required key 'a'",
    ]),
    ("missing-card-q.yaml", [
        "12:9: ideas[0].cards[0]: missing required key 'q'",
    ]),
    ("missing-episode-id.yaml", [
        "2:3: episode: missing required key 'id'",
    ]),
    ("missing-episode-title.yaml", [
        "2:3: episode: missing required key 'title'",
    ]),
    ("missing-episode.yaml", [
        "1:1: missing required key 'episode'",
    ]),
    ("missing-idea-id.yaml", [
        "8:5: ideas[0]: missing required key 'id'",
    ]),
    ("missing-idea-title.yaml", [
        "8:5: ideas[0]: missing required key 'title'",
    ]),
    ("missing-quote-by.yaml", [
        "15:5: quotes[0]: missing required key 'by'",
    ]),
    ("missing-quote-id.yaml", [
        "15:5: quotes[0]: missing required key 'id'",
    ]),
    ("missing-quote-text.yaml", [
        "15:5: quotes[0]: missing required key 'text'",
    ]),
    ("missing-speaker-id.yaml", [
        "5:5: speakers[0]: missing required key 'id'",
    ]),
    ("missing-speaker-name.yaml", [
        "5:5: speakers[0]: missing required key 'name'",
    ]),
    ("missing-speakers.yaml", [
        "1:1: missing required key 'speakers'",
    ]),
    ("not-utf8.yaml", [
        "6:14: the file is not UTF-8 (byte 0xe9); save it as UTF-8",
    ]),
    ("nul-byte.yaml", [
        ("3:13: the character U+0000 is not allowed in YAML: remove it or write it as an escape "
         "in double quotes"),
    ]),
    ("only-comments.yaml", [
        "1:1: the file is empty: expected an episode",
    ]),
    ("quote-text-is-list.yaml", [
        "19:11: quotes[0].text: expected text, found a list",
    ]),
    ("second-document.yaml", [
        "21:1: a second YAML document: one file holds one episode",
    ]),
    ("speaker-is-text.yaml", [
        "5:5: speakers[0]: expected a mapping, found text",
    ]),
    ("speakers-is-mapping.yaml", [
        "5:3: speakers: expected a list, found a mapping",
    ]),
    ("speakers-null.yaml", [
        "4:10: speakers: 'speakers' needs a value",
    ]),
    ("tab-before-item.yaml", [  # YAML says only "cannot start any token"
        "5:1: malformed YAML: a tab in the indentation: tabs cannot indent YAML; use spaces",
    ]),
    ("tab-indent.yaml", [
        "3:1: malformed YAML: a tab in the indentation: tabs cannot indent YAML; use spaces",
    ]),
    ("tag-binary.yaml", [
        "3:10: the YAML tag '!!binary' is not allowed: content is plain data",
    ]),
    ("tag-local.yaml", [
        "3:10: the YAML tag '!secret' is not allowed: content is plain data",
    ]),
    ("tag-python-apply.yaml", [
        ("3:10: the YAML tag '!!python/object/apply:os.system' is not allowed: "
         "content is plain data"),
    ]),
    ("tag-python-name.yaml", [
        ("3:10: the YAML tag '!!python/name:os.system' is not allowed: content is "
         "plain data"),
    ]),
    ("tag-python-object-mapping.yaml", [
        ("5:5: the YAML tag '!!python/object:quiz.model.Speaker' is not allowed: "
         "content is plain data"),
    ]),
    ("time-1-75-00.yaml", [
        ("17:9: quotes[0].at: '1:75:00' is not a time: minutes must be below 60 after an hour "
         "part"),
    ]),
    ("time-75-99.yaml", [
        "17:9: quotes[0].at: '75:99' is not a time: seconds must be two digits below 60",
    ]),
    ("time-bare-number.yaml", [
        ("17:9: quotes[0].at: '907' is a bare number: write times with a colon, as m:ss, mm:ss or "
         "h:mm:ss (15:07)"),
    ]),
    ("time-is-list.yaml", [
        "17:9: quotes[0].at: expected a time such as 15:07, found a list",
    ]),
    ("time-negative.yaml", [
        "17:9: quotes[0].at: '-1:00' is not a time; write m:ss, mm:ss or h:mm:ss",
    ]),
    ("time-one-digit-seconds.yaml", [
        "17:9: quotes[0].at: '1:5' is not a time: seconds must be two digits below 60",
    ]),
    ("time-soon.yaml", [
        "17:9: quotes[0].at: 'soon' is not a time; write m:ss, mm:ss or h:mm:ss",
    ]),
    ("title-is-mapping.yaml", [
        "4:5: episode.title: expected text, found a mapping",
    ]),
    ("top-level-list.yaml", [
        "1:1: expected a mapping at the top of the file, found a list",
    ]),
    ("top-level-text.yaml", [
        "1:1: expected a mapping at the top of the file, found text",
    ]),
    ("unclosed-bracket.yaml", [  # at its `[`, not at line 21 of a 20-line file
        "20:12: malformed YAML: the list opened here is never closed: a ']' is missing",
    ]),
    ("unclosed-quote-at-end.yaml", [
        ("20:11: malformed YAML: the quoted text opened here is never closed: its closing "
         "quote is missing"),
    ]),
    ("unclosed-quote.yaml", [
        ("9:10: malformed YAML: while parsing a block mapping did not find expected key (the "
         "quoted text from line 3, column 10 runs to here: is its closing quote missing?)"),
    ]),
    ("unknown-key-no-hint.yaml", [
        ("4:3: episode: unknown key 'colour'; expected one of: id, title, show, date, language, "
         "url, audio, transcript, kinds"),
    ]),
    ("unknown-key-synonym.yaml", [
        "16:5: quotes[0]: unknown key 'speaker'; did you mean 'by'?",
    ]),
    ("unknown-kind.yaml", [  # each entry named and placed as written, after a null one
        "4:11: episode.kinds[0]: empty entry",
        "4:18: episode.kinds[2]: unknown kind of card 'whoo'; did you mean 'who'?",
    ]),
    ("unknown-key-typo.yaml", [
        "10:5: ideas[0]: unknown key 'titel'; did you mean 'title'?",
    ]),
    ("unknown-top-key.yaml", [
        "1:1: quote: unknown key 'quote'; did you mean 'quotes'?",
    ]),
    ("utf16.yaml", [
        "1:1: the file is UTF-16; save it as UTF-8",
    ]),
]


def messages(path: Path, expected: list[str]) -> list[str]:
    return [f"{path}:{line}" for line in expected]


def files_in(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir()}


def assert_refused(result: Result, expected: list[str]) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert result.stderr.splitlines() == expected
    assert "Traceback" not in result.output




@pytest.fixture
def decks(tmp_path: Path) -> Path:
    """Return an output directory that holds an old deck."""
    out = tmp_path / "decks"
    out.mkdir()
    (out / "ep.apkg").write_bytes(OLD_DECK)
    return out


def test_the_table_covers_the_corpus() -> None:
    assert sorted(name for name, _ in CASES) == sorted(p.name for p in BAD.iterdir())
    assert len(CASES) >= 30


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[c[0] for c in CASES])
def test_check_reports_each_failure(runner: CliRunner, name: str, expected: list[str]) -> None:
    path = BAD / name
    result = runner.invoke(cli, ["check", str(path)])
    assert_refused(result, messages(path, expected))
    assert result.stdout == ""


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[c[0] for c in CASES])
def test_build_reports_each_failure_and_writes_nothing(runner: CliRunner, decks: Path,
                                                       name: str, expected: list[str]) -> None:
    path = BAD / name
    result = runner.invoke(cli, ["build", str(path), "-o", str(decks)])
    assert_refused(result, messages(path, expected))
    assert files_in(decks) == {"ep.apkg": OLD_DECK}


def test_a_failed_build_creates_no_output_directory(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(BAD / "empty.yaml"), "-o", str(tmp_path / "new")])
    assert result.exit_code == 1
    assert not (tmp_path / "new").exists()


def test_one_bad_file_stops_the_build_of_all(runner: CliRunner, decks: Path,
                                             write_content) -> None:  # type: ignore[no-untyped-def]
    good = write_content(name="good.yaml")
    result = runner.invoke(cli, ["build", str(good), str(BAD / "format-2.yaml"), "-o",
                                 str(decks)])
    assert_refused(result, messages(BAD / "format-2.yaml", dict(CASES)["format-2.yaml"]))
    assert files_in(decks) == {"ep.apkg": OLD_DECK}


def test_the_real_command_reports_the_whole_corpus_at_once(tmp_path: Path) -> None:
    """Run `quiz` as a user does, on every bad file at once: no traceback, no hang."""
    paths = [BAD / name for name, _ in CASES]
    for command in (["check"], ["build", "-o", str(tmp_path / "decks")]):
        done = subprocess.run([sys.executable, "-m", "quiz", *command, *map(str, paths)],
                              capture_output=True, text=True, timeout=120, cwd=ROOT,
                              check=False)
        assert done.returncode == 1
        assert done.stdout == ""
        assert done.stderr.splitlines() == [m for path, (_, expected) in zip(paths, CASES)
                                            for m in messages(path, expected)]
    assert not (tmp_path / "decks").exists()


def test_a_file_past_the_size_limit(runner: CliRunner, decks: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.write(SMALL.encode())
        f.truncate(MAX_BYTES + 1)  # sparse: quick to make
    limit = f"the size limit of {MAX_BYTES:,} bytes ({MAX_BYTES // 2**20} MiB)"
    for command in (["check"], ["build", "-o", str(decks)]):
        result = runner.invoke(cli, [*command, str(big)])
        assert_refused(result, [f"{big}:1:1: the file is {MAX_BYTES + 1:,} bytes, past {limit}"])
    assert files_in(decks) == {"ep.apkg": OLD_DECK}


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_file_is_cut_at_the_size_limit() -> None:
    def little_memory() -> None:  # so that a regression fails here instead of exhausting RAM
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    done = subprocess.run([sys.executable, "-m", "quiz", "check", "/dev/zero"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, preexec_fn=little_memory,
                          check=False)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ("/dev/zero:1:1: the file is past the size limit of "
                           f"{MAX_BYTES:,} bytes ({MAX_BYTES // 2**20} MiB)\n")


def test_a_file_of_exactly_the_size_limit_is_read(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "full.yaml"
    data = SMALL.encode() + b"#"
    path.write_bytes(data + b" " * (MAX_BYTES - len(data) - 1) + b"\n")
    assert path.stat().st_size == MAX_BYTES
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output


def test_a_bom_prefixed_file_is_valid(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.encode())
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["build", str(path), "-o", str(tmp_path / "decks")])
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path / "decks").keys() == {"small-ep.apkg"}


def test_a_file_past_the_limit_of_values(runner: CliRunner, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quiz.yamltree, "MAX_NODES", 40)  # SMALL holds more than 40 values
    path = tmp_path / "c.yaml"
    path.write_text(SMALL, encoding="utf-8")
    result = runner.invoke(cli, ["check", str(path)])
    expected = (f"{path}:16:11: more than 40 values: the limit of a content file "
                "(100,000 cards take about 700,000)")
    assert_refused(result, [expected])


def test_the_limits_leave_room_for_100000_honest_cards(tmp_path: Path) -> None:
    """An episode of 10,000 cards in the seed's mix (summaries, points, Chinese and English
    text), scaled to 100,000."""
    path = tmp_path / "10k.yaml"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "10000", "-o",
                    str(path)], check=True)
    cards = len(make_cards(load_content(path)))
    data = path.read_bytes()
    nodes, todo = 0, [read_tree(data, str(path))]
    while todo:
        node = todo.pop()
        nodes += 1
        if isinstance(node, Seq):
            todo.extend(node.items)
        elif isinstance(node, Map):
            todo.extend(n for pair in node.pairs for n in pair)
    assert len(data) / cards * 100_000 < MAX_BYTES / 4  # about 13 MiB of 64
    assert nodes / cards * 100_000 < MAX_NODES / 2  # about 690,000 of 2,000,000


def test_a_text_past_the_limit_is_refused_at_its_place(tmp_path: Path) -> None:
    """B5: a 10 MB quote whose cloze phrase occurs 5 million times took 1 GB to check; no
    honest text comes near the limit of a text, and one past it is refused at once."""
    path = tmp_path / "c.yaml"
    path.write_text("episode: {id: e, title: T}\nspeakers: [{id: a, name: A}]\n"
                    f"quotes: [{{id: q, by: a, text: {'x' * 10_000_000}, cloze: [xx]}}]\n",
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "quiz", "check", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS,
                                                                (2**30, 2**30)))
    assert done.returncode == 1, done.stderr
    assert done.stderr == (f"{path}:3:31: quotes[0].text: a text of 10,000,000 characters, "
                           "past the limit of 100,000: a quote, an answer or a summary is "
                           "shorter\n")


def test_a_file_of_the_most_values_stays_within_the_stated_memory(tmp_path: Path) -> None:
    """B5: the file within the limits that takes the most memory to check and build: as
    many values as allowed, each as long as the size allows (README: about 600 MB)."""
    path = tmp_path / "c.yaml"
    points = ", ".join(f"p{n:029d}" for n in range(MAX_NODES - 40))
    path.write_text("episode: {id: e, title: T}\nspeakers: [{id: a, name: A}]\n"
                    f"ideas: [{{id: i, title: I, points: [{points}]}}]\n", encoding="utf-8")
    assert path.stat().st_size <= MAX_BYTES
    for command in (["check", str(path)], ["build", str(path), "-o", str(tmp_path / "d")]):
        child = subprocess.Popen([sys.executable, "-m", "quiz", *command], cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, in KiB
        child.returncode = os.waitstatus_to_exitcode(status)
        assert child.returncode == 0, command
        assert usage.ru_maxrss < 600 * 1024, (command, usage.ru_maxrss)
