"""A text too long to judge quickly is refused, not skipped: nothing unread passes as checked."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

SCENES = Path(__file__).parent.parent / "scenes"


def test_a_huge_paragraph_is_one_diagnostic_quickly(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(SCENES, story)
    room = story / "prelaunch" / "medical-room.yaml"
    text = room.read_text()
    room.write_text(text.replace("      White walls, a couch,", "      " + "Soyuz MS-22 " * 4000 + "White walls, a couch,"))
    began = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "game", "check", "story"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120)
    assert time.perf_counter() - began < 20  # it took minutes before the limit
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert lines[0] == ("story/prelaunch/medical-room.yaml:8:7: error: this paragraph is too long for the fact "
                        "checker (sentences of at most 2,000 characters, paragraphs of at most 20,000); split it")
    assert lines[1].startswith("1 error, 0 warnings in ") and len(lines) == 2
