"""Start-up: the Textual game's first full frame in a real pseudo-terminal, and the CLI's quick commands.

The pseudo-terminal plays a modern terminal: it answers Textual's query for
synchronized output (DECRQM 2026), as kitty, WezTerm, iTerm2, foot or Windows
Terminal do, so each frame arrives between begin and end marks. A frame is full
once every row of the screen has been painted; the time is taken at the end mark
of that frame (or at the write that completed it, if the app does not use marks).
"""

from __future__ import annotations

import os
import re
import select
import signal
import sys
import time
from pathlib import Path

from .harness import Config, Row, Stats, child_env, interleave, run_process

ROWS, COLS = 24, 80
DECRQM_SYNC = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"  # "supported, currently off": Textual then marks each frame
SYNC_END = b"\x1b[?2026l"
MINIMAL_APP = '''\
from textual.app import App
from textual.widgets import Static


class Minimal(App):
    def compose(self):
        yield Static("A minimal Textual app: one Static.")


Minimal().run()
'''
_CSI = re.compile(rb"\x1b\[([0-9;?>=<]*)([ -/]*)([@-~])")
_OSC = re.compile(rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


class Screen:
    """Just enough of a terminal to know which rows have been painted."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.row = 1
        self.painted: set[int] = set()
        self.pending = b""

    def feed(self, data: bytes) -> None:
        data = self.pending + data
        self.pending = b""
        i = 0
        while i < len(data):
            b = data[i]
            if b == 0x1B:
                m = _CSI.match(data, i) or _OSC.match(data, i)
                if m is None:
                    if len(data) - i < 64:  # an escape cut between two reads
                        self.pending = data[i:]
                        return
                    i += 2
                    continue
                if m.re is _CSI and m.group(3) in (b"H", b"f"):
                    params = m.group(1).split(b";")
                    self.row = int(params[0]) if params and params[0].isdigit() else 1
                i = m.end()
                continue
            if b == 0x0A:
                self.row += 1
            elif b >= 0x20:
                self.painted.add(self.row)
            i += 1

    @property
    def full(self) -> bool:
        return all(r in self.painted for r in range(1, self.rows + 1))


def first_full_frame(argv: list[str], env: dict[str, str], cwd: Path, timeout: float = 30.0) -> float:
    """Seconds from starting *argv* in a pseudo-terminal to its first full frame."""
    import fcntl
    import pty
    import struct
    import termios

    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the program
        try:
            os.chdir(cwd)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        screen = Screen(ROWS)
        marked = False
        while time.perf_counter() - t0 < timeout:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            if DECRQM_SYNC in data:
                os.write(fd, SYNC_REPLY)
                marked = True
            if screen.full:  # painted already: wait for the end of that frame
                if SYNC_END in data:
                    return time.perf_counter() - t0
                continue
            screen.feed(data)
            if screen.full and (not marked or SYNC_END in data):
                return time.perf_counter() - t0
        raise RuntimeError(f"{' '.join(argv)}: no full frame within {timeout:.0f} s")
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)


def textual_start(config: Config) -> list[Row]:
    if not hasattr(os, "fork"):
        return [Row("textual-start", "Textual game: start to first full frame (pty)", "ms",
                    skipped="needs a Unix pseudo-terminal")]
    minimal = config.workdir / "minimal_app.py"
    minimal.write_text(MINIMAL_APP, encoding="utf-8")
    env = child_env(TERM="xterm-256color", CHALLENGE_CACHE_DIR=str(config.workdir / "cache"),
                    CHALLENGE_DATA_DIR=str(config.workdir / "data"))
    env.pop("NO_COLOR", None)
    game = [sys.executable, "-m", "game"]
    yard = [sys.executable, str(minimal)]
    ours, theirs = interleave(lambda: first_full_frame(game, env, config.workdir),
                              lambda: first_full_frame(yard, env, config.workdir),
                              config.repeats if config.smoke else max(config.repeat, 7))
    return [Row("textual-start", "Textual game: start to first full frame (pty, 80x24)", "ms",
                Stats.of(ours), "minimal Textual app, one Static", Stats.of(theirs), "<= 1.15x", 1.15)]


def cli(config: Config) -> list[Row]:
    """``challenge --version`` and ``challenge check`` against ``python -c "import yaml"``."""
    cache = config.workdir / "cache-cli"
    env = child_env(CHALLENGE_CACHE_DIR=str(cache))
    yaml_ = [sys.executable, "-c", "import yaml"]
    game = [sys.executable, "-m", "game"]
    repeat = config.repeats if config.smoke else max(config.repeat, 15)
    rows = []
    ours, theirs = interleave(lambda: run_process(game + ["--version"], env=env, cwd=config.workdir),
                              lambda: run_process(yaml_, env=env, cwd=config.workdir), repeat)
    rows.append(Row("cli-version", "`challenge --version`", "ms", Stats.of(ours), "`python -c \"import yaml\"`",
                    Stats.of(theirs), "<= 2x", 2.0))
    ours, theirs = interleave(lambda: run_process(game + ["check"], env=env, cwd=config.workdir),
                              lambda: run_process(yaml_, env=env, cwd=config.workdir), repeat)
    rows.append(Row("cli-check", "`challenge check`, shipped story (cache warm: no file changed)", "ms",
                    Stats.of(ours), "`python -c \"import yaml\"`", Stats.of(theirs), "<= 4x", 4.0,
                    note="the cache (game/content/cache.py) is keyed by every input's bytes and the code"))
    counter = iter(range(10**6))

    def cold() -> float:  # a fresh cache folder each time: every file parsed, validated, checked
        return run_process(game + ["check"], env=child_env(CHALLENGE_CACHE_DIR=str(cache / f"cold-{next(counter)}")),
                           cwd=config.workdir)

    ours, theirs = interleave(cold, lambda: run_process(yaml_, env=env, cwd=config.workdir),
                              config.repeats if config.smoke else max(config.repeat, 5))
    rows.append(Row("cli-check-cold", "`challenge check`, shipped story, cold (empty cache)", "ms",
                    Stats.of(ours), "`python -c \"import yaml\"`", Stats.of(theirs), "(no target)",
                    note="for information: the first check after an edit"))
    return rows
