"""The fact checker from the outside: ``challenge check``, ``challenge facts``, and the game's
``sources`` command."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.content.loader import load_story
from game.engine import events as ev
from game.engine.state import new_state
from game.engine.step import step
from game.paths import scenes_dir

ROOT = Path(__file__).resolve().parent.parent


def challenge(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_check_on_the_shipped_story_is_clean() -> None:
    run = challenge("check")
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.fullmatch(r"0 errors, 0 warnings in \d+ files\n", run.stdout), run.stdout


def test_check_on_the_drafted_story_is_clean() -> None:
    """The full drafted story (checked against the shipped ledger) states nothing the checker
    may call wrong: every sentence in it was read against the seeds."""
    run = challenge("check", "tests/fixtures/facts/legit-story")
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.fullmatch(r"0 errors, 0 warnings in \d+ files\n", run.stdout), run.stdout


PLANTED = """\
# Wrong claims, one per line, in texts a player reads.
items:
  - id: planted-one
    name: first note
    description: The crew launched in Soyuz MS-20 at 4:45 a.m. EDT.
  - id: planted-two
    name: second note
    description: |
      Klim Shipenko, 39, and Yulia Peresilt will join Expedition 56
      for a 14-day stay, then land on 19 October.
"""


def test_planted_wrong_claims_are_each_flagged_with_the_right_value(tmp_path: Path) -> None:
    story = tmp_path / "scenes"
    shutil.copytree(scenes_dir(), story)
    (story / "planted.yaml").write_text(PLANTED, "utf-8")
    run = challenge("check", "--facts", "--format", "json", str(story))
    assert run.returncode == 1
    found = [(Path(d["file"]).name, d["line"], d["col"], d["code"], d["message"])
             for d in json.loads(run.stdout)["diagnostics"]]
    expected = [("Soyuz MS-20", "Soyuz MS-19"), ("4:45 a.m. EDT", "08:55 GMT"), ("39", "38 years old"),
                ("Peresilt", "'Peresild'"), ("Expedition 56", "Expedition 65"), ("14-day", "12 days"),
                ("19 October", "17 October 2021")]
    assert [(f, line, col) for f, line, col, _, _ in found] == [("planted.yaml", *where(PLANTED, wrong))
                                                                for wrong, _ in expected]
    for (_, _, _, _, message), (wrong, right) in zip(found, expected):
        assert f"'{wrong}'" in message and right in message, message


def where(text: str, needle: str) -> tuple[int, int]:
    at = text.index(needle)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def test_check_facts_reports_only_fact_checks(tmp_path: Path) -> None:
    story = tmp_path / "scenes"
    shutil.copytree(scenes_dir(), story)
    (story / "planted.yaml").write_text(PLANTED.replace("Soyuz MS-20", "Soyuz MS-19"), "utf-8")
    everything = challenge("check", str(story)).stdout
    facts_only = challenge("check", "--facts", str(story)).stdout
    assert "W214" not in facts_only and "can never be obtained" in everything  # an unused item is not a fact
    assert facts_only.count("error:") == 6


def test_facts_table() -> None:
    run = challenge("facts")
    assert run.returncode == 0, run.stderr
    assert "Fact ledger:" in run.stdout and "spacecraft" in run.stdout and "Soyuz MS-19" in run.stdout
    assert "Glossary:" in run.stdout and "Perselid (000)" in run.stdout


def test_facts_conflicts_lists_every_disagreement_among_the_seeds() -> None:
    run = challenge("facts", "--conflicts")
    assert run.returncode == 0, run.stderr
    out = run.stdout
    for words in ["Soyuz MS-18", "Soyuz MS-22", "Soyuz MS-40", "Expedition 55", "17 days", "08:40 GMT",
                  "09:19 (zone not", "Perselid", "Pereslid", "Shklaperov", "director", "Novitsky", "Julia Peresild",
                  "Alyona Mordovina", "Alexei Dudin", "Challenge", "2020", "2021", "Vostochny", "civilian"]:
        assert words in out, words
    assert "Resolution: the value most seeds state" in out and "chosen with a reason" in out
    data = json.loads(challenge("facts", "--conflicts", "--json").stdout)
    ids = {c["id"] for c in data["conflicts"]}
    assert {"spacecraft", "expedition-joined", "filmmakers-stay", "launch-time", "docking-time", "dudin-role",
            "film-title", "hollywood-announced", "vostochny-spacecraft", "yulia-peresild", "anton-shkaplerov",
            "oleg-novitskiy"} <= ids
    assert not any(c["kind"] == "unrecorded" for c in data["conflicts"])


def test_facts_json_for_tools() -> None:
    data = json.loads(challenge("facts", "--json").stdout)
    assert len(data["seeds"]) == 5
    assert all(f["evidence"] for f in data["facts"])
    launch = next(f for f in data["facts"] if f["id"] == "launch-time")
    assert launch["value"] == "08:55 GMT on 5 October 2021" and launch["variants"][0]["seeds"] == [
        "002_5edd92195ac1bf78.txt"]


def test_facts_with_a_missing_ledger_says_so(tmp_path: Path) -> None:
    run = challenge("facts", str(tmp_path))
    assert run.returncode == 1 and "no ledger at" in run.stderr and "Traceback" not in run.stderr


# -- the game's sources command --------------------------------------------------------------------

@pytest.fixture(scope="module")
def story():  # type: ignore[no-untyped-def]
    result = load_story([scenes_dir()])
    assert result.ok
    return result.story


def test_every_shipped_scene_and_ending_has_sources(story) -> None:  # type: ignore[no-untyped-def]
    assert all(scene.facts for scene in story.scenes.values())
    assert all(ending.facts for ending in story.endings.values())


def test_sources_is_not_a_move_and_carries_the_quotes(story) -> None:  # type: ignore[no-untyped-def]
    state = new_state(story)
    after, events = step(story, state, "sources")
    assert after is state
    (e,) = [e for e in events if e.kind == ev.SOURCES]
    assert e.data["scene"] == story.start and e.data["facts"]
    fact = e.data["facts"][0]
    assert set(fact) == {"id", "statement", "value", "disputed", "quotes"}
    assert set(fact["quotes"][0]) == {"seed", "date", "quote", "headline"}
    assert fact["quotes"][0]["quote"] in e.text


def test_sources_in_the_plain_game() -> None:
    run = challenge("--plain", stdin="facts\n")
    assert run.returncode == 0
    assert "Sources for Crew quarters" in run.stdout
    assert '"Yulia Peresild, 37" (004_c5bbfbc3c969b0b9.txt, 2021-10-05)' in run.stdout


def test_the_facts_package_imports_no_engine_and_no_ui() -> None:
    code = ("import sys, game.facts.story, game.facts.report, game.facts.checks; "
            "print(sorted(m for m in sys.modules if m.startswith(('game.engine', 'rich', 'textual'))))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.stdout.strip() == "[]", run.stdout + run.stderr
