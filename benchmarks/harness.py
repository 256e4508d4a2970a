"""Timing, results and the report: what every benchmark shares.

A benchmark is a function ``(Config) -> list[Row]``. Each row is one measurement
with its yardstick measured in the same run, interleaved with it where possible
(these machines are shared and noisy, so only same-run ratios mean anything),
and the target the issue sets for the ratio or the value.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
SHARED_TOOLS = REPO.parent / "shared" / "tools"  # the yardstick scripts, beside the repository


@dataclass
class Config:
    """How hard to measure: ``smoke`` runs every benchmark once at a tiny size (the test suite)."""

    workdir: Path
    smoke: bool = False
    huge: bool = False  # the 100,000-scene check: minutes of work, only when asked
    repeat: int = 5

    def n(self, full: int, smoke: int) -> int:
        return smoke if self.smoke else full

    @property
    def repeats(self) -> int:
        return 1 if self.smoke else self.repeat


@dataclass
class Stats:
    """Median, min and max of repeated measurements, in one unit."""

    median: float
    min: float
    max: float
    runs: int

    @classmethod
    def of(cls, values: list[float]) -> Stats:
        return cls(statistics.median(values), min(values), max(values), len(values))


@dataclass
class Row:
    """One line of the report."""

    id: str
    what: str
    unit: str  # "s", "ms", "us", "states/s", "MB"
    stats: Stats | None = None
    yardstick: str = ""
    yard: Stats | None = None
    target: str = ""  # as the issue words it, e.g. "<= 1.5x"
    limit: float | None = None  # the number the target compares with
    measure: str = "ratio"  # what the limit applies to: "ratio" (ours / yardstick), "value", "min-value"
    note: str = ""
    skipped: str = ""  # why it was not measured (a missing tool, and how to install it)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.stats is None or self.yard is None or not self.yard.median:
            return None
        return self.stats.median / self.yard.median

    @property
    def met(self) -> bool | None:
        """Is the target met (None: no target, or not measured)."""
        if self.limit is None or self.stats is None:
            return None
        if self.measure == "ratio":
            return None if self.ratio is None else self.ratio <= self.limit
        if self.measure == "min-value":
            return self.stats.median >= self.limit
        return self.stats.median <= self.limit

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["ratio"] = self.ratio
        out["met"] = self.met
        return out


def measure(fn: Callable[[], Any], repeat: int, warmup: int = 1) -> list[float]:
    """Seconds per call of *fn*, *repeat* times, after *warmup* calls; the collector runs between
    calls, never inside one, so one call does not pay for another's garbage."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def interleave(a: Callable[[], Any], b: Callable[[], Any], repeat: int,
               warmup: int = 1) -> tuple[list[float], list[float]]:
    """Time *a* and *b* alternately: on a noisy machine both see the same noise."""
    for _ in range(warmup):
        a()
        b()
    ta, tb = [], []
    for _ in range(repeat):
        ta += measure(a, 1, warmup=0)
        tb += measure(b, 1, warmup=0)
    return ta, tb


def scaled(values: list[float], factor: float) -> list[float]:
    return [v * factor for v in values]


def child_env(**extra: str) -> dict[str, str]:
    """The environment for measured processes: as a player's, so Python may write its bytecode
    cache (an installed package has one; PYTHONDONTWRITEBYTECODE would make every start compile
    the game's sources again, and not the yardstick's)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def run_process(argv: list[str], stdin: bytes = b"", env: dict[str, str] | None = None,
                cwd: Path | None = None) -> float:
    """Wall-clock seconds of one process, from start to exit (output discarded)."""
    t = time.perf_counter()
    done = subprocess.run(argv, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=env or child_env(), cwd=cwd, timeout=600)
    took = time.perf_counter() - t
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv[:4])} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return took


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = None
    return {"python": sys.version.split()[0], "implementation": platform.python_implementation(),
            "system": f"{platform.system()} {platform.release()}", "cpu": cpu, "cpus": os.cpu_count(),
            "load_average_1min": load}


# -- the report -----------------------------------------------------------------------------------

_UNITS = {"s": 1.0, "ms": 1e3, "us": 1e6}


def _num(value: float, unit: str) -> str:
    v = value * _UNITS.get(unit, 1.0)
    if unit in ("states/s",):
        return f"{v:,.0f}"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}" if abs(v) >= 1 else f"{v:.3f}"


def table(rows: list[Row]) -> str:
    """The report as a markdown table."""
    head = ("| what | median | min | max | yardstick (median) | ratio | target | met |\n"
            "| --- | ---: | ---: | ---: | --- | ---: | --- | :---: |")
    lines = [head]
    for r in rows:
        if r.skipped:
            lines.append(f"| {r.what} | skipped | | | {r.yardstick} | | {r.target} | - |")
            continue
        s = r.stats
        assert s is not None
        unit = f" {r.unit}"
        yard = r.yardstick
        if r.yard is not None:
            yard += f" ({_num(r.yard.median, r.unit)}{unit})"
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[r.met]
        lines.append(f"| {r.what} | {_num(s.median, r.unit)}{unit} | {_num(s.min, r.unit)} | {_num(s.max, r.unit)} "
                     f"| {yard} | {ratio} | {r.target} | {met} |")
    notes = [f"- {r.what}: {r.skipped or r.note}" for r in rows if r.skipped or r.note]
    if notes:
        lines += ["", "Notes:"] + notes
    return "\n".join(lines)


def write_json(path: Path, rows: list[Row], config: Config, seconds: float) -> None:
    data = {"machine": machine(), "smoke": config.smoke, "huge": config.huge, "repeat": config.repeats,
            "seconds": seconds, "rows": [r.to_json() for r in rows]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
