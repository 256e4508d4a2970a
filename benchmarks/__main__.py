"""``python -m benchmarks``: run the benchmarks, print a markdown table, write JSON."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable

from . import engine, loading, plain, startup, tui
from .harness import REPO, Config, Row, machine, table, write_json

BENCHMARKS: dict[str, Callable[[Config], list[Row]]] = {
    "startup": startup.textual_start,
    "cli": startup.cli,
    "step": engine.step_shipped,
    "yardstick": engine.step_yardstick,
    "plain": plain.whole_process,
    "per-command": plain.per_command,
    "load": loading.load,
    "scaling": loading.check_scaling,
    "explorer": engine.explorer,
    "memory": plain.memory,
    "tui": tui.enter_to_output,
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument("only", nargs="*", metavar="NAME", help=f"run only these: {', '.join(BENCHMARKS)}")
    p.add_argument("--smoke", action="store_true", help="every benchmark once at a tiny size (seconds, for tests)")
    p.add_argument("--huge", action="store_true", help="also check a 100,000-scene story (minutes, GBs of memory)")
    p.add_argument("--repeat", type=int, default=5, help="runs per measurement (default 5)")
    p.add_argument("--json", type=Path, default=REPO / ".benchmarks" / "latest.json", metavar="FILE",
                   help="where to write the results (default .benchmarks/latest.json)")
    p.add_argument("--workdir", type=Path, help="where generated stories and caches go (default: a temporary folder)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    unknown = [n for n in args.only if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark: {', '.join(unknown)} (choose from {', '.join(BENCHMARKS)})", file=sys.stderr)
        return 2
    chosen = args.only or list(BENCHMARKS)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="challenge-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        config = Config(workdir=workdir.resolve(), smoke=args.smoke, huge=args.huge, repeat=args.repeat)
        rows: list[Row] = []
        failed = 0
        for name in chosen:
            print(f"[{name}] ...", file=sys.stderr, flush=True)
            try:
                rows += BENCHMARKS[name](config)
            except Exception as exc:  # one broken benchmark must not hide the others' results
                failed += 1
                traceback.print_exc()
                rows.append(Row(name, name, "s", skipped=f"failed: {type(exc).__name__}: {exc}"))
        seconds = time.perf_counter() - began
        write_json(args.json, rows, config, seconds)
    m = machine()
    print(table(rows))
    print(f"\nMachine: {m['cpu']}, {m['cpus']} CPUs, {m['system']}, Python {m['python']}; "
          f"load average {m['load_average_1min']}. {seconds:.0f} s in all. JSON: {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
