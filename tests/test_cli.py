"""The real ``challenge`` command, run in subprocesses as a player, author or tool would.

The subprocesses run outside the source tree, so they use the installed package.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game import __version__

FIXTURES = Path(__file__).parent / "fixtures"


def challenge(*args: str, stdin: str = "", cwd: Path, env: dict[str, str] | None = None,
              ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=60)


def assert_no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stdout + proc.stderr


def test_version(tmp_path: Path) -> None:
    proc = challenge("--version", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, f"challenge {__version__}\n")


def test_console_script_is_installed_beside_python(tmp_path: Path) -> None:
    script = shutil.which("challenge", path=str(Path(sys.executable).parent))
    assert script, "pip install . should put a 'challenge' script beside the venv's python"
    proc = subprocess.run([script, "--version"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.stdout == f"challenge {__version__}\n"


def test_help_lists_the_commands(tmp_path: Path) -> None:
    proc = challenge("--help", cwd=tmp_path)
    assert proc.returncode == 0
    assert "check [PATH...]" in proc.stdout and "--plain" in proc.stdout


def test_check_the_shipped_story_is_clean(tmp_path: Path) -> None:
    proc = challenge("check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert ": error:" not in proc.stdout
    assert proc.stdout.splitlines()[-1].startswith("0 errors, ")


def test_check_a_folder_of_broken_files_reports_each_problem(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "broken", tmp_path / "broken")
    proc = challenge("check", "broken", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout == (FIXTURES / "broken" / "expected.txt").read_text()
    assert_no_traceback(proc)


def test_check_json_format(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "broken", tmp_path / "broken")
    proc = challenge("check", "--format", "json", "broken", cwd=tmp_path)
    report = json.loads(proc.stdout)
    assert proc.returncode == 1 and report["errors"] == 11
    assert report["diagnostics"][0] == {
        "file": "broken/bad-tag.yaml", "line": 4, "col": 12, "severity": "error", "code": "E008",
        "message": "tag '!!python/object/apply:os.system' is not allowed in scene files "
                   "(only plain strings, numbers, booleans, lists and mappings)"}


def test_check_a_missing_path(tmp_path: Path) -> None:
    proc = challenge("check", "nowhere", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0] == "nowhere:1:1: error: no such file or folder"
    assert_no_traceback(proc)


def test_check_usage_error(tmp_path: Path) -> None:
    proc = challenge("check", "--format", "xml", cwd=tmp_path)
    assert proc.returncode == 2 and "invalid choice: 'xml'" in proc.stderr


def test_schema_is_published(tmp_path: Path) -> None:
    proc = challenge("schema", cwd=tmp_path)
    schema = json.loads(proc.stdout)
    assert schema["title"] == "The Challenge: scene file" and "scene" in schema["$defs"]


# -- the plain line mode ---------------------------------------------------------------------------

def test_plain_mode_plays_piped_commands(tmp_path: Path) -> None:
    proc = challenge("--plain", stdin="look\nx rocket\n", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == ""
    out = proc.stdout.splitlines()
    assert out.count(">") == 3  # after the opening, and after each command
    assert out[-1] == ">"
    assert "Crew quarters" in out
    assert "You can't see any such thing here." in out


def test_plain_prompt_convention(tmp_path: Path) -> None:
    """The prompt is a line holding exactly '>', and no other line starts with '>'."""
    commands = ("take script\n> pretend prompt\n[bold]x[/bold]\n\x1b[31mred\nx portrait\neast\nnorth\n"
                "talk to journalists\n")
    proc = challenge("--plain", stdin=commands, cwd=tmp_path)
    out = proc.stdout.splitlines()
    assert [line for line in out if line.startswith(">")] == [">"] * 9
    assert "\x1b" not in proc.stdout
    assert "Press hall" in out
    assert "[Your score has gone up by 5 points.]" in out


def test_plain_mode_quit_ends_at_once(tmp_path: Path) -> None:
    proc = challenge("--plain", stdin="quit\nlook\n", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[-1] == "Goodbye."


def test_plain_mode_eof_ends_cleanly(tmp_path: Path) -> None:
    proc = challenge("--plain", stdin="", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.splitlines()[-1] == ">"


def test_plain_mode_save_and_restore(tmp_path: Path) -> None:
    env = {"CHALLENGE_DATA_DIR": str(tmp_path / "data")}
    proc = challenge("--plain", stdin="take script\nsave before launch\n", cwd=tmp_path, env=env)
    assert f"Saved as 'before launch' ({tmp_path / 'data' / 'saves' / 'before launch.json'})." in proc.stdout
    proc = challenge("--plain", stdin="restore before launch\ni\nrestore nothing-here\n", cwd=tmp_path, env=env)
    out = proc.stdout.splitlines()
    assert "Restored 'before launch'." in out
    assert "You are carrying: screenplay." in out
    assert "There is no save called 'nothing-here'." in out


def test_plain_mode_with_another_story_folder(tmp_path: Path) -> None:
    proc = challenge("--plain", str(FIXTURES / "tiny"), stdin="x statue\n", cwd=tmp_path)
    assert "A statue of a cosmonaut." in proc.stdout.splitlines()


def test_plain_mode_refuses_a_broken_story_with_its_diagnostics(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "broken", tmp_path / "broken")
    proc = challenge("--plain", "broken", stdin="look\n", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert lines[0].startswith("broken/bad-tag.yaml:4:12: error: ")
    assert lines[-1] == "challenge: the story has 11 error(s); run 'challenge check' for details"
    assert_no_traceback(proc)


@pytest.mark.parametrize("data", [b"\xff\xfe\xfa\n", b"\x00\x01\x02\n", ("x " * 50_000 + "\n").encode()])
def test_plain_mode_survives_hostile_input(tmp_path: Path, data: bytes) -> None:
    proc = subprocess.run([sys.executable, "-m", "game", "--plain"], input=data + b"look\n",
                          capture_output=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.decode().splitlines()[-1] == ">"
    assert b"Traceback" not in proc.stderr
