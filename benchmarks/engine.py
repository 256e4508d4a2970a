"""The engine in-process: a step on the shipped story, a step against adventurelib, the explorer."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import yaml

from .harness import REPO, SHARED_TOOLS, Config, Row, Stats, measure
from .synthetic import write_rooms, yardstick_commands

WALKTHROUGHS = REPO / "tests" / "walkthroughs"


def _shipped():
    from game.content.loader import load_story
    from game.paths import scenes_dir

    result = load_story([scenes_dir()])
    assert result.ok and result.story is not None, [d.format() for d in result.errors]
    return result.story


def walkthroughs() -> list[list[str]]:
    """The commands of each shipped walkthrough: whole games, from the opening to an ending."""
    games = []
    for path in sorted(WALKTHROUGHS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        games.append([str(s["do"]) for s in data.get("steps", []) if isinstance(s, dict) and "do" in s])
    return games


def step_shipped(config: Config) -> list[Row]:
    """Median time of one ``step`` on the shipped story, each walkthrough replayed from its opening."""
    from game.engine.state import new_state
    from game.engine.step import step

    story = _shipped()
    games = walkthroughs()
    rounds = config.n(40, 1)
    per_run = []
    for _ in range(config.repeats + 1):  # the first is a warm-up
        times = []
        for _ in range(rounds):
            for commands in games:
                s = new_state(story)
                for c in commands:
                    t = time.perf_counter()
                    s, _ = step(story, s, c)
                    times.append(time.perf_counter() - t)
        times.sort()
        per_run.append(times[len(times) // 2])
    n = sum(len(g) for g in games) * rounds
    return [Row("step-shipped", f"engine step, shipped story (median of {n:,} commands: the walkthroughs)",
                "us", Stats.of(per_run[1:]), "", None, "<= 50 us", 50e-6, "value")]


def step_yardstick(config: Config) -> list[Row]:
    """The 200-room yardstick in our format, step and plain-text rendering per command (a front end's
    work, as adventurelib's handlers print), against adventurelib playing the same game."""
    from game.content.loader import load_story
    from game.engine.state import new_state
    from game.engine.step import step
    from game.play.render import lines

    folder = config.workdir / "rooms"
    write_rooms(folder, 200)
    story = load_story([folder]).story
    assert story is not None
    commands = yardstick_commands(config.n(6000, 600))

    def play() -> None:
        s = new_state(story)
        for c in commands:
            s, events = step(story, s, c)
            lines(events)

    ours = [t / len(commands) for t in measure(play, config.repeats)]
    row = Row("step-yardstick", "engine step + render, 200-room yardstick (look, examine, take, drop, north, "
              "inventory)", "us", Stats.of(ours), "adventurelib, same game, same commands", None, "<= 1.5x", 1.5)
    script = SHARED_TOOLS / "adventurelib_yardstick.py"
    try:
        import adventurelib  # noqa: F401
    except ImportError:
        row.skipped = "adventurelib is not installed: pip install -e '.[bench]' (or pip install adventurelib)"
        return [row]
    if not script.is_file():
        row.skipped = f"the yardstick script is missing: {script}"
        return [row]
    theirs = []
    ours = []
    for _ in range(config.repeats):  # interleaved: their 5 runs, then ours
        out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=True)
        m = re.search(r"([\d.]+) us/command", out.stdout)
        if not m:
            raise RuntimeError(f"unexpected output from {script.name}: {out.stdout!r}")
        theirs.append(float(m.group(1)) * 1e-6)
        runs = sorted(t / len(commands) for t in measure(play, 5, warmup=0))
        ours.append(runs[2])  # the median of five, as the yardstick script reports
    row.stats, row.yard = Stats.of(ours), Stats.of(theirs)
    return [row]


def explorer(config: Config) -> list[Row]:
    """``challenge explore`` on the shipped story: states per second, and the whole space's time."""
    from game.play.explorer import explore

    story = _shipped()
    # A search takes a tenth of a second: many of them, so that the median is not one noisy moment's.
    repeats = config.repeats if config.smoke else max(config.repeat, 21)
    results = [explore(story) for _ in range(repeats + 1)][1:]
    rates = [r.rate for r in results]
    took = Stats.of([r.seconds for r in results])
    return [
        Row("explorer-rate", f"explorer, shipped story ({results[0].states:,} states, whole space)", "states/s",
            Stats.of(rates), "", None, ">= 10,000 states/s", 10_000, "min-value",
            note=f"whole space in {took.median:.2f} s (median; target < 10 s)"),
    ]

