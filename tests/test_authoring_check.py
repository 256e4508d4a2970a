"""What editors and CI rely on: ``challenge check --format json`` (facts included), the schema modeline
in every shipped scene file, and author commands that never import the Textual UI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.content.loader import find_files

ROOT = Path(__file__).parent.parent
SCENE_SCHEMA = ROOT / "game" / "content" / "scene.schema.json"
LEDGER_SCHEMA = ROOT / "game" / "facts" / "ledger.schema.json"
MODELINE = "# yaml-language-server: $schema="


def challenge(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)


def test_check_json_reports_fact_errors_with_their_places(tmp_path: Path) -> None:
    scenes = tmp_path / "scenes"
    shutil.copytree(ROOT / "scenes", scenes)
    quarters = scenes / "baikonur" / "quarters.yaml"
    quarters.write_text(quarters.read_text("utf-8").replace("the Soyuz MS-19 crew, from left Yulia Peresild",
                                                            "the Soyuz MS-22 crew, from left Yulia Pereslid"),
                        "utf-8")
    done = challenge("check", "--format", "json", "scenes", cwd=tmp_path)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["errors"] == 2 and "scenes/facts/ledger.yaml" in report["files"]
    found = {d["code"]: d for d in report["diagnostics"]}
    assert set(found) == {"F401", "F402"}
    wrong = found["F401"]
    assert (wrong["file"], wrong["line"], wrong["severity"]) == ("scenes/baikonur/quarters.yaml", 32, "error")
    assert wrong["message"].startswith("'Soyuz MS-22' contradicts the ledger: Soyuz MS-19 (fact 'spacecraft'")
    assert found["F402"]["message"] == ("'Pereslid' is not how Yulia Peresild is spelt, a misspelling found in "
                                        "seed 002: write 'Peresild'")


def test_check_json_reports_ledger_errors_too(tmp_path: Path) -> None:
    scenes = tmp_path / "scenes"
    shutil.copytree(ROOT / "scenes", scenes)
    ledger = scenes / "facts" / "ledger.yaml"
    ledger.write_text(ledger.read_text("utf-8").replace(
        'quote: "they had only five months\' training for the endeavour"',
        'quote: "they had only five months of training for the endeavour"'), "utf-8")
    report = json.loads(challenge("check", "--format", "json", "scenes", cwd=tmp_path).stdout)
    assert [(d["file"], d["code"]) for d in report["diagnostics"]] == [("scenes/facts/ledger.yaml", "F201")]


@pytest.mark.parametrize("path", [p for p in find_files([ROOT / "scenes"])[0]], ids=lambda p: p.name)
def test_every_shipped_scene_file_names_its_schema(path: Path) -> None:
    first = path.read_text("utf-8").splitlines()[0]
    assert first.startswith(MODELINE), f"{path} has no schema modeline"
    target = (path.parent / first[len(MODELINE):]).resolve()
    expected = LEDGER_SCHEMA if path.name == "ledger.yaml" else SCENE_SCHEMA
    assert target == expected.resolve(), f"{path}: the modeline points to {target}"


PROBE = """\
import sys
from game.cli import main
try:
    code = main({argv!r})
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
print("EXIT", code, "UI", sorted({{m.split('.')[0] for m in sys.modules if m.split('.')[0] in ('textual', 'rich')}}),
      file=sys.stderr)
"""


@pytest.mark.parametrize("argv", [["graph"], ["graph", "--format", "mermaid"], ["check", "--format", "json"],
                                  ["new", "scene", "x-room", "--in", "story"]], ids=" ".join)
def test_author_commands_never_import_the_ui(argv: list[str], tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "tiny", tmp_path / "story")
    done = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)], capture_output=True, text=True,
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert "UI []" in done.stderr, done.stderr
    assert "EXIT 0 " in done.stderr, done.stderr
