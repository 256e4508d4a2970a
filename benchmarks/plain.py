"""The plain line mode as a player's pipe runs it: whole processes, per-command cost, memory.

The game is the 200-room yardstick in our format, driven by the yardstick's cycle
of commands; dfrotz plays the same game compiled from Inform 6.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from .harness import SHARED_TOOLS, Config, Row, Stats, child_env, interleave, run_process
from .synthetic import write_rooms, yardstick_commands

DEBIAN_PACKAGES = "frotz inform6-compiler inform6-library"
INSTALL = f"apt-get update && apt-get install -y {DEBIAN_PACKAGES}"


def _rooms(config: Config) -> Path:
    folder = config.workdir / "rooms"
    if not (folder / "rooms.yaml").is_file():
        write_rooms(folder, 200)
    return folder


def _script(commands: list[str]) -> bytes:
    return ("\n".join(commands) + "\n").encode()


def _env(config: Config) -> dict[str, str]:
    return child_env(CHALLENGE_CACHE_DIR=str(config.workdir / "cache-plain"),
                     CHALLENGE_DATA_DIR=str(config.workdir / "data"))


def whole_process(config: Config) -> list[Row]:
    """10,000 piped commands through ``challenge --plain``, against the same through PlainGame in-process."""
    from game.content.loader import load_story
    from game.play.plain import PlainGame

    folder = _rooms(config)
    commands = yardstick_commands(config.n(10_000, 300))
    script = _script(commands)
    story = load_story([folder]).story
    assert story is not None
    argv = [sys.executable, "-m", "game", "--plain", str(folder)]
    env = _env(config)

    def in_process() -> None:
        PlainGame(story, io.StringIO()).run(io.StringIO(script.decode()))

    ours, theirs = interleave(lambda: run_process(argv, script, env, config.workdir), in_process, config.repeats)
    return [Row("plain-process", f"plain mode, {len(commands):,} piped commands, whole process", "s",
                Stats.of(ours), "the same commands through the engine in-process", Stats.of(theirs),
                "<= 1.5x", 1.5, note="in-process: PlainGame on the loaded story, output to memory")]


def _dfrotz() -> str | None:
    return shutil.which("dfrotz") or next((p for p in ("/usr/games/dfrotz", "/usr/local/games/dfrotz")
                                           if os.access(p, os.X_OK)), None)


def _inform_game(config: Config, count: int) -> tuple[Path, Path, Path] | str:
    """The Inform 6 yardstick compiled, and its command files (*count* commands, and none): or why not."""
    tool = SHARED_TOOLS / "inform_yardstick.py"
    inform = shutil.which("inform6") or shutil.which("inform")
    if not tool.is_file():
        return f"the yardstick script is missing: {tool}"
    if inform is None or _dfrotz() is None:
        return f"needs dfrotz and the Inform 6 compiler and library (Debian: {INSTALL})"
    folder = config.workdir / "inform"
    folder.mkdir(exist_ok=True)
    source, story, cmds, empty = (folder / "yard.inf", folder / "yard.z5", folder / f"cmds-{count}.txt",
                                  folder / "cmds-0.txt")
    subprocess.run([sys.executable, str(tool), "200", str(source), str(cmds), str(count)], check=True, timeout=120)
    subprocess.run([sys.executable, str(tool), "200", str(folder / "unused.inf"), str(empty), "0"], check=True,
                   timeout=120)
    library = next((p for p in ("/usr/share/inform6/library", "/usr/share/inform/6/library",
                                "/usr/local/share/inform6/library") if Path(p).is_dir()), None)
    argv = [inform, "-q"] + ([f"+include_path={library}/"] if library else []) + [str(source), str(story)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not story.is_file():
        return f"inform6 could not compile the yardstick ({(done.stdout + done.stderr)[-300:]}); {INSTALL}"
    return story, cmds, empty


def per_command(config: Config) -> list[Row]:
    """Plain mode's cost per command with start-up subtracted, against dfrotz's on the Inform game."""
    count = config.n(6000, 300)
    row = Row("plain-per-command", "plain mode, cost per command (start-up subtracted)", "us",
              yardstick="dfrotz playing the 200-room Inform 6 game", target="<= 0.5x", limit=0.5)
    folder = _rooms(config)
    env = _env(config)
    argv = [sys.executable, "-m", "game", "--plain", str(folder)]
    full = _script(yardstick_commands(count))
    ours_full, ours_empty = interleave(lambda: run_process(argv, full, env, config.workdir),
                                       lambda: run_process(argv, b"", env, config.workdir), config.repeats)
    row.stats = Stats.of([max(a - b, 0.0) / count for a, b in zip(ours_full, ours_empty)])
    built = _inform_game(config, count)
    if isinstance(built, str):
        row.skipped = built
        return [row]
    story, cmds, empty = built
    frotz = [_dfrotz() or "dfrotz", "-m", "-q", str(story)]
    their_full, their_empty = interleave(lambda: run_process(frotz, cmds.read_bytes()),
                                         lambda: run_process(frotz, empty.read_bytes()), config.repeats)
    row.yard = Stats.of([max(a - b, 0.0) / count for a, b in zip(their_full, their_empty)])
    return [row]


def _rss_after(argv: list[str], commands: list[str], env: dict[str, str], cwd: Path) -> float:
    """Resident memory (bytes) of the game once it has answered every one of *commands*."""
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=env, cwd=cwd)
    assert proc.stdin is not None and proc.stdout is not None
    payload = _script(commands)

    def feed() -> None:
        try:
            proc.stdin.write(payload)  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    prompts = 0
    try:
        for line in proc.stdout:
            if line == b">\n":
                prompts += 1
                if prompts == len(commands) + 1:  # the prompt after the last answer: the game waits
                    break
        status = Path(f"/proc/{proc.pid}/status").read_text()
        rss = next(int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS:"))
    finally:
        proc.stdin.close()
        proc.stdout.read()
        proc.wait(timeout=60)
        writer.join(timeout=5)
    return float(rss)


def memory(config: Config) -> list[Row]:
    """Resident memory of plain mode after 100,000 commands against after 100."""
    many = config.n(100_000, 2_000)
    row = Row("plain-memory", f"plain mode, resident memory after {many:,} commands", "MB",
              yardstick="after 100 commands", target="<= 1.1x", limit=1.1)
    if not Path("/proc/self/status").is_file():
        row.skipped = "needs Linux /proc to read a process's resident memory"
        return [row]
    folder = _rooms(config)
    env = _env(config)
    argv = [sys.executable, "-m", "game", "--plain", str(folder)]
    few_runs, many_runs = [], []
    for _ in range(config.repeats if config.smoke else 3):
        few_runs.append(_rss_after(argv, yardstick_commands(100), env, config.workdir) / 2**20)
        many_runs.append(_rss_after(argv, yardstick_commands(many), env, config.workdir) / 2**20)
    row.stats, row.yard = Stats.of(many_runs), Stats.of(few_runs)
    return [row]
