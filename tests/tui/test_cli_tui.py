"""The command line and the Textual game: only a terminal session imports Textual.

``--version``, ``check``, ``--plain`` and piped input must never import it (they
must start fast and run where no terminal is); ``challenge`` in a terminal runs
the app, and refuses a broken story with the loader's messages.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .terminal import in_terminal

ROOT = Path(__file__).parent.parent.parent
BROKEN = ROOT / "tests" / "fixtures" / "broken"

PROBE = """\
import sys
from game.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
sys.stdout.flush()
print("UI MODULES:", sorted({{m.split('.')[0] for m in sys.modules if m.split('.')[0] in ('textual', 'rich')}}),
      file=sys.stderr)
"""


@pytest.mark.parametrize("argv", [["--version"], ["check"], ["--plain"], []])
def test_commands_without_a_terminal_never_import_textual(argv: list[str], data_dir: Path) -> None:
    # Without --plain but with piped input the game falls back to the line mode.
    out = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)], input="look\n", capture_output=True,
                         text=True, cwd=ROOT, timeout=60)
    assert "UI MODULES: []" in out.stderr, out.stderr
    if argv in ([], ["--plain"]):
        assert "\n>\n" in out.stdout  # the line mode answered


def run_in_terminal(args: list[str], keys: bytes, wait_for: bytes | None, data_dir: Path) -> tuple[int, bytes]:
    """Run the game with ARGS in a pseudo-terminal of 80x24; once *wait_for* shows, send *keys*."""
    return in_terminal(args, [(wait_for, keys)] if wait_for is not None else [], data_dir)


def test_in_a_terminal_the_title_screen_appears_and_ctrl_q_quits(data_dir: Path) -> None:
    code, seen = run_in_terminal([], b"\x11", b"New", data_dir)  # Ctrl+Q
    assert b"Load" in seen and code == 0


def test_in_a_terminal_a_broken_story_is_refused_with_its_errors(data_dir: Path) -> None:
    code, seen = run_in_terminal([str(BROKEN)], b"", None, data_dir)
    assert code == 1
    assert b"error(s); run 'challenge check' for details" in seen
