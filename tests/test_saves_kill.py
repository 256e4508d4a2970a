"""``kill -9`` while the game saves: the slot always holds a whole save, the last one finished.

The game runs in the plain mode in a subprocess, saving over and over; it is killed
with SIGKILL at random moments. The rename is made to wait a little (as a slow disk
would), so many kills land while a save is half done: between the temporary file and
the rename. After every kill the slot must load, exactly, as one of the games saved.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from game import saves

from .conftest import FIXTURES, load_fixture

TINY = load_fixture("tiny")

# The real game, with each save's rename held back 20 ms: the window a kill must not fall through.
SLOW_RENAME = """\
import os, sys, time
_replace = os.replace
def _slow_replace(src, dst):
    time.sleep(0.02)
    _replace(src, dst)
os.replace = _slow_replace
from game.cli import main
sys.exit(main(sys.argv[1:]))
"""

SCRIPT = "take red key\nsave k\ndrop red key\nsave k\n" * 400


def _feed(game: subprocess.Popen[bytes]) -> None:
    assert game.stdin is not None
    try:
        game.stdin.write(SCRIPT.encode())
        game.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # killed while we were still writing


def test_a_game_killed_while_saving_leaves_a_whole_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("CHALLENGE_DATA_DIR", str(data))  # the games' saves, and ours to read them
    env = dict(os.environ)
    slot = data / "saves" / "k.json"
    rng = random.Random(8)
    mid_save = 0
    for _ in range(8):
        game = subprocess.Popen([sys.executable, "-c", SLOW_RENAME, "--plain", str(FIXTURES / "tiny")],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env=env, cwd=tmp_path)
        feeder = threading.Thread(target=_feed, args=(game,), daemon=True)
        feeder.start()
        try:
            deadline = time.monotonic() + 30
            before = slot.stat().st_mtime_ns if slot.exists() else None
            # Wait for this game's own first save, then let it save a few more times.
            while (not slot.exists() or slot.stat().st_mtime_ns == before) and time.monotonic() < deadline:
                assert game.poll() is None, game.stderr.read() if game.stderr else ""
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.2))
            os.kill(game.pid, signal.SIGKILL)
        finally:
            if game.poll() is None:
                game.kill()
            game.wait(timeout=10)
            feeder.join(timeout=10)
            if game.stderr:
                game.stderr.close()
        assert game.returncode == -signal.SIGKILL
        mid_save += any(p.suffix == ".tmp" for p in slot.parent.iterdir())
        for tmp in slot.parent.glob(".k.*.tmp"):
            tmp.unlink()  # so the next kill is judged on its own
        state, notes, _ = saves.read_game("k", TINY)  # whole, sealed, and one of the games saved
        assert notes == []
        assert state["scene"] == "hall" and state["inventory"] in ([], ["red-key"])
    assert mid_save >= 1, "no kill landed in the middle of a save: the test proved nothing"
