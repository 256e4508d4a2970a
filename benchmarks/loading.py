"""Loading and checking large synthetic stories (benchmarks/synthetic.py).

"Load and validate" is what the content loader does before any fact is read:
read, parse with positions kept for diagnostics, schema validation, compiling
into the engine's Story, and the cross-file checks (ids, references, flags,
items, the story graph): ``load_story(paths, facts=False)``. The fact checks
(every text read against the ledger) are timed with everything else in the full
``challenge check`` rows, and, for information, in a load row of their own.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from .harness import Config, Row, Stats, child_env, interleave, run_process
from .synthetic import write_story


def _story(config: Config, n: int) -> Path:
    folder = config.workdir / f"story-{n}"
    if not (folder / "story.yaml").is_file():
        write_story(folder, n)
    return folder


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml"))


def raw_load(files: list[Path]) -> None:
    """The yardstick: read each file and ``yaml.load`` it with the C loader, nothing else."""
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def _forget() -> None:
    """Drop what an earlier load in this process remembered, so each timed load is cold."""
    from game.content import yaml_source

    yaml_source._Composer._seen.clear()


def load(config: Config) -> list[Row]:
    from game.content import cache
    from game.content.loader import load_story

    n = config.n(10_000, 60)
    folder = _story(config, n)
    files = _files(folder)

    def ours() -> None:
        _forget()
        result = load_story([folder], facts=False)
        assert result.ok, [d.format() for d in result.errors[:3]]

    repeat = config.repeats if config.smoke else 3
    mine, raw = interleave(ours, lambda: raw_load(files), repeat)
    rows = [Row("load-cold", f"load and validate {n:,} scenes ({len(files):,} files), cold", "s",
                Stats.of(mine), "`yaml.load` (CSafeLoader) of the same files", Stats.of(raw), "<= 1.5x", 1.5,
                note="read, parse with positions, schema, compile, cross-file and graph checks; no cache")]

    def with_facts() -> None:
        _forget()
        assert load_story([folder]).ok

    mine, raw = interleave(with_facts, lambda: raw_load(files), 1)
    rows.append(Row("load-cold-facts", "the same with the fact checks (every text against the ledger)", "s",
                    Stats.of(mine), "`yaml.load` (CSafeLoader) of the same files", Stats.of(raw), "(no target)",
                    note="for information: what a cold game start or reload pays, and a cold check"))
    saved = cache.cache_dir
    cache.cache_dir = lambda: config.workdir / "cache-load"  # type: ignore[assignment]
    try:
        assert cache.load([folder]).ok  # fills the cache
        mine, raw = interleave(lambda: cache.load([folder]), lambda: raw_load(files), repeat)
    finally:
        cache.cache_dir = saved  # type: ignore[assignment]
    rows.append(Row("load-cached", f"load {n:,} scenes again (cache warm)", "s", Stats.of(mine),
                    "`yaml.load` (CSafeLoader) of the same files", Stats.of(raw), "<= 0.3x", 0.3,
                    note="every file read and hashed; the compiled story unpickled"))
    return rows


def check_scaling(config: Config) -> list[Row]:
    """Full ``challenge check`` (schema, graph, facts) on growing stories, cold (an empty cache each run)."""
    sizes = [20, 200] if config.smoke else [1_000, 10_000] + ([100_000] if config.huge else [])
    rows: list[Row] = []
    previous: Stats | None = None
    counter = iter(range(10**6))
    for i, n in enumerate(sizes):
        folder = _story(config, n)
        argv = [sys.executable, "-m", "game", "check", str(folder)]

        def run() -> float:
            env = child_env(CHALLENGE_CACHE_DIR=str(config.workdir / "cache-scaling" / str(next(counter))))
            return run_process(argv, env=env, cwd=config.workdir)

        repeat = 1 if config.smoke or n >= 100_000 else (3 if n <= 1_000 else 2)
        times = [run() for _ in range(repeat)]
        stats = Stats.of(times)
        row = Row(f"check-{n}", f"full `challenge check`, {n:,} scenes, cold", "s", stats)
        if previous is not None:
            row.yardstick, row.yard = f"itself at {sizes[i - 1]:,} scenes", previous
            row.target, row.limit = f"<= {11 * n // sizes[i - 1] // 10}x (linear)", 11 * n / sizes[i - 1] / 10
        rows.append(row)
        previous = stats
    if not config.huge and not config.smoke:
        rows.append(Row("check-100000", "full `challenge check`, 100,000 scenes, cold", "s",
                        skipped="opt-in: python -m benchmarks --huge (several minutes and a few GB of memory)"))
    return rows
