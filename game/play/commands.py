"""``challenge run`` and ``challenge explore``: the playthrough tools on the command line.

Exit status: 0 when everything passed (run) or nothing was found (explore), 1 for
a failing walkthrough, a softlock, an unreachable ending, an engine error, or a
story with errors; 2 for a command line argparse cannot make sense of.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..argparser import ArgumentParser
from ..files import display_path
from ..engine.story import Story


def _story(scenes: Path | None) -> Story | None:
    """The story to play, or None after printing why it cannot be loaded."""
    from ..content.loader import load_story
    from ..paths import scenes_dir

    result = load_story([scenes or scenes_dir()])
    if not result.ok or result.story is None:
        for d in result.errors:
            print(d.format(), file=sys.stderr)
        print(f"challenge: the story has {len(result.errors)} error(s); run 'challenge check' for details",
              file=sys.stderr)
        return None
    return result.story


def _run_parser() -> argparse.ArgumentParser:
    p = ArgumentParser(
        prog="challenge run",
        description="Run walkthrough files headless through the game and check their expectations "
                    "(docs/playthroughs.md).")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE",
                   help="walkthrough files, or folders to search for *.yaml")
    p.add_argument("--scenes", type=Path, metavar="DIR", help="play the story in DIR instead of the shipped one")
    p.add_argument("--transcript", type=Path, metavar="PATH", help="write a classic IF transcript of the runs")
    p.add_argument("--coverage", action="store_true",
                   help="report the scenes, exits, actions and objects the runs exercised")
    p.add_argument("--bless", action="store_true",
                   help="accept each passing run's transcript as NAME.transcript beside its file; later runs "
                        "must match it")
    return p


def cmd_run(argv: list[str]) -> int:
    """``challenge run FILE...``: 0 when every walkthrough passes, 1 otherwise."""
    args = _run_parser().parse_args(argv)
    from . import runner, transcript, walkthrough
    from .coverage import Coverage

    began = time.perf_counter()
    files, missing = walkthrough.find_files(args.files)
    for d in missing:
        print(d.format(), file=sys.stderr)
    if not files and not missing:
        print("challenge run: no walkthrough files (*.yaml) found", file=sys.stderr)
        return 1
    story = _story(args.scenes)
    if story is None:
        return 1
    results = [runner.run_file(path, story, bless=args.bless) for path in files]
    passed = 0
    for result in results:
        if result.ok:
            passed += 1
            steps = len(result.walkthrough.steps) if result.walkthrough else 0
            print(f"PASS {result.name} ({result.file}): {steps} step{'s' if steps != 1 else ''}")
            if args.bless and result.walkthrough:
                print(f"  blessed {display_path(transcript.blessed_path(result.walkthrough.path))}")
        else:
            print(result.report())
    if args.transcript:
        try:
            transcript.write(args.transcript, results)
        except OSError as exc:
            print(f"challenge run: could not write {args.transcript}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"Transcript written to {display_path(args.transcript)}.")
    if args.coverage:
        cov = Coverage(story)
        for result in results:
            cov.add_run(result.turns)
        print("\n".join(cov.report()))
    failed = len(results) - passed + len(missing)
    print(f"({sum(len(r.turns) - 1 for r in results if r.turns)} commands in {time.perf_counter() - began:.2f} s)")
    print(f"walkthroughs: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def _explore_parser() -> argparse.ArgumentParser:
    from .explorer import DEFAULT_MAX_STATES

    p = ArgumentParser(
        prog="challenge explore",
        description="Play every path of the story breadth-first; report softlocks (states from which no "
                    "ending can be reached) and scenes, actions, exits and endings no player can reach.")
    p.add_argument("scenes", nargs="?", type=Path, metavar="SCENES_DIR",
                   help="explore the story in this folder instead of the shipped one")
    p.add_argument("--max-states", type=_positive, default=DEFAULT_MAX_STATES, metavar="N",
                   help=f"stop after N distinct states, to bound time and memory (default {DEFAULT_MAX_STATES:,})")
    p.add_argument("--write-walkthroughs", type=Path, metavar="DIR",
                   help="write the shortest path to each ending as a walkthrough file in DIR")
    p.add_argument("--thorough", action="store_true",
                   help="try every verb with every object in scope, not only those that can change something "
                        "(slower; a check on the explorer itself)")
    return p


def _positive(text: str) -> int:
    try:
        value = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


# Errors about the story's shape that the explorer judges better by playing: it still explores.
_GRAPH_ERRORS = frozenset({"E240", "E241"})  # a scene no exit leads to; a scene with no way out


def _explorable(scenes: Path | None) -> tuple[Story | None, bool]:
    """The story to explore, and whether it has errors. Unlike the game, this plays a story whose only
    errors are about its shape (unreachable scenes, dead ends), since finding those is the explorer's job.
    None after printing why not."""
    from ..content.compile import Compiler
    from ..content.loader import is_ledger, load_story
    from ..paths import scenes_dir

    result = load_story([scenes or scenes_dir()])
    if result.ok:
        return result.story, False
    if not result.errors or any(d.code not in _GRAPH_ERRORS for d in result.errors):
        return _story(scenes), True  # prints the errors
    compiler = Compiler()
    for src in result.sources:
        if isinstance(src.data, dict) and not is_ledger(src):
            compiler.add(src)
    print("'challenge check' finds these without playing; the explorer plays the story anyway:")
    for d in result.errors:
        print(f"  {d.format()}")
    return compiler.story(), True


def cmd_explore(argv: list[str]) -> int:
    """``challenge explore``: 0 when every ending is reachable and nothing is stuck, 1 otherwise."""
    args = _explore_parser().parse_args(argv)
    from . import explorer

    story, broken = _explorable(args.scenes)
    if story is None:
        return 1
    result = explorer.explore(story, max_states=args.max_states, thorough=args.thorough)
    print("\n".join(explorer.report(result)))
    if args.write_walkthroughs:
        try:
            written = explorer.write_walkthroughs(result, args.write_walkthroughs,
                                                  (args.scenes,) if args.scenes else ())
        except OSError as exc:
            print(f"challenge explore: could not write to {args.write_walkthroughs}: {exc.strerror or exc}",
                  file=sys.stderr)
            return 1
        for path in written:
            print(f"Wrote {display_path(path)}")
    return 0 if result.ok and not broken else 1
