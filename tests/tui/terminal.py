"""Driving the real game in a pseudo-terminal: the one harness for every test that needs a terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def in_terminal(args: list[str], steps: list[tuple[bytes, bytes]], data_dir: Path, size: tuple[int, int] = (80, 24),
                code: str = "from game.cli import main; import sys; sys.exit(main(sys.argv[1:]))",
                then: signal.Signals | str | None = None) -> tuple[int, bytes]:
    """Run the game in a pseudo-terminal; for each (wait_for, keys) step, wait until *wait_for* has been
    shown since the last step, then type *keys*. With *then*, send that signal after the last step; with
    ``then="close"``, close the terminal's other end instead, without a signal (the game is not given the
    terminal as its controlling one, so the kernel sends no SIGHUP)."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "CHALLENGE_DATA_DIR": str(data_dir),
           "CHALLENGE_CACHE_DIR": str(data_dir / "cache")}
    game = subprocess.Popen([sys.executable, "-c", code, *args], stdin=child, stdout=child, stderr=child,
                            cwd=ROOT, env=env, start_new_session=True)
    os.close(child)
    seen, since, deadline = b"", 0, time.monotonic() + 40
    pending = list(steps)
    try:
        while time.monotonic() < deadline and game.poll() is None:
            if select.select([main], [], [], 0.05)[0]:
                try:
                    seen += os.read(main, 65536)
                except OSError:
                    break
            if pending and pending[0][0] in seen[since:]:
                since = len(seen)
                time.sleep(0.2)  # let the screen settle: keys typed during a redraw are still taken, but slowly
                os.write(main, pending.pop(0)[1])
                if not pending and then is not None:
                    time.sleep(1.0)  # the last keys reach the app first, even on a loaded machine
                    if then == "close":
                        os.close(main)
                        main = -1
                        break
                    game.send_signal(then)
        status = game.wait(timeout=15)
        while main >= 0 and select.select([main], [], [], 0.1)[0]:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if game.poll() is None:
            game.kill()
        if main >= 0:
            os.close(main)
    assert not pending, f"never saw {pending[0][0]!r}"
    return status, seen
