"""The ``challenge`` command: the game, and the tools for authors and testers.

Heavy imports (Textual, jsonschema) happen inside the subcommand that needs them,
so ``--version``, ``check`` and the plain mode start quickly.
"""

from __future__ import annotations

import sys

from . import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (game/value.py says why)
if TYPE_CHECKING:
    import argparse
    from pathlib import Path
    from typing import Callable, NoReturn
    from types import SimpleNamespace

COMMANDS_HELP = """\
commands:
  (none)              play the game (the line mode with --plain, or when not in a terminal)
  check [PATH...]     check scene files: schema, references, story graph, facts (--facts: facts only)
  facts [LEDGER]      the fact ledger as a table (--conflicts: where the seeds disagree; --json)
  schema              print the JSON Schema of scene files (for editors)
  new scene ID        write a new scene file from a commented template (--in FOLDER, --from SCENE)
  graph [PATH...]     the story map: scenes, exits, conditions, endings (--format text|mermaid|dot)
  run FILE...         play walkthrough files and check their expectations
  explore [DIR]       play every path: find softlocks and what no player can reach

Run 'challenge COMMAND --help' for a command's options.

exit status:
  0    done (check: no errors; run: every walkthrough passed)
  1    problems found: a story or walkthrough with errors, a file that cannot be read or written
  2    a command line that cannot be understood
  70   an internal error (a bug: the details are written to crash.log in the data folder)
  74   the output could not be written (a full disk, a closed standard output)
  130  interrupted (Ctrl+C)"""

EX_SOFTWARE = 70  # sysexits.h: an internal error
EX_IOERR = 74  # sysexits.h: an input/output error; here, always the output (the input only ends)


def _game_parser() -> argparse.ArgumentParser:
    import argparse  # not at the top: the commonest start, `challenge --plain DIR`, does without it
    from pathlib import Path  # nor this (game/content/result.py says why)

    from .argparser import ArgumentParser

    p = ArgumentParser(
        prog="challenge",
        description="The Challenge: First Film in Orbit - a documentary text adventure.",
        epilog=COMMANDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("scenes", nargs="?", metavar="SCENES_DIR",  # a string, as _simple_args gives it
                   help="play the story in this folder instead of the shipped one")
    p.add_argument("--plain", action="store_true",
                   help="line mode: one command per line on stdin, plain text out, '>' prompt lines")
    p.add_argument("--record", type=Path, metavar="FILE",
                   help="record what you do as a walkthrough file (YAML) for 'challenge run'")
    p.add_argument("--watch", action="store_true",
                   help="for authors: reload the story whenever a scene file changes, keeping your place "
                        "(the 'reload' command does it by hand)")
    p.add_argument("--version", action="version", version=f"challenge {__version__}")
    return p


def _check_parser() -> argparse.ArgumentParser:
    from pathlib import Path

    from .argparser import ArgumentParser

    p = ArgumentParser(prog="challenge check",
                       description="Check scene files and report every problem as file:line:col.")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="scene files or folders (default: the shipped story)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--facts", action="store_true",
                   help="only the fact checks: the ledger against the seeds, and the scenes against the ledger")
    return p


def _load(paths: list[str | Path]):  # -> LoadResult, typed loosely to keep imports lazy
    from .content import cache  # the story as last loaded, when no file changed since

    return cache.load(paths)


def _default_scenes() -> str:
    from .paths import scenes_folder

    return scenes_folder()


def cmd_check(argv: list[str]) -> int:
    """``challenge check``: exit 0 when clean (warnings allowed), 1 on errors."""
    args = _check_parser().parse_args(argv)
    from .content.diagnostics import summary

    from .content import cache

    # The load's diagnostics and the ledger against the seed articles (game/facts), as they
    # were last time when no file changed since (game/content/cache.py).
    result = cache.check(args.paths or [_default_scenes()])
    if args.facts:
        from .facts.report import fact_diagnostics

        result.diagnostics = fact_diagnostics(result.diagnostics)
    if args.format == "json":
        import json

        json.dump({"files": result.files, "diagnostics": [d.to_json() for d in result.diagnostics],
                   "errors": len(result.errors)}, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        for d in result.diagnostics:
            print(d.format())
        print(summary(result.diagnostics, len(result.files)))
    return 1 if result.errors else 0


def cmd_schema(argv: list[str]) -> int:
    """``challenge schema``: the published JSON Schema."""
    from .argparser import ArgumentParser

    ArgumentParser(prog="challenge schema", description=cmd_schema.__doc__).parse_args(argv)
    from .content.schema import schema_text

    sys.stdout.write(schema_text())
    return 0


def _simple_args(argv: list[str]) -> SimpleNamespace | None:
    """What :func:`_game_parser` makes of *argv* when it is at most ``--plain`` and a folder (the
    forms players, pipes and test tools use), else None. Importing argparse and building the parser cost about as
    much as the rest of a warm start's own work (it asks for the terminal's size and looks for
    translations as it goes); anything else, ``--help`` and every mistake among it, is left to it."""
    from types import SimpleNamespace

    plain = [a for a in argv if a == "--plain"]
    rest = [a for a in argv if a != "--plain"]
    if len(rest) > 1 or any(not a or a.startswith("-") for a in rest):
        return None
    return SimpleNamespace(scenes=rest[0] if rest else None, plain=bool(plain), record=None, watch=False)


def cmd_play(argv: list[str]) -> int:
    """Play: the Textual game, or the plain line mode."""
    args = _simple_args(argv) or _game_parser().parse_args(argv)
    paths = [args.scenes] if args.scenes is not None else [_default_scenes()]  # ('' is '.', as Path had it)
    # A closed standard input (`<&-`) is no input at all: the game ends at once, as at the end of a file.
    commands = sys.stdin if sys.stdin is not None else _no_input()
    if not args.plain and commands.isatty() and sys.stdout.isatty():
        # Textual is imported here and only here. The app shows its title screen
        # first and loads the story after that frame, so a start is as quick as can be.
        from .tui import run

        def load():  # (-> LoadResult) in the app's loader thread, after the title screen's first frame
            from .play import record

            record.STORY_FOLDERS[:] = paths  # 'record FILE' never writes into the story it plays
            return _load(paths)

        status, failed = run(load, args.record, watch=paths if args.watch else None)
        return _refuse(failed) if failed is not None else status
    if args.watch:
        print("challenge: --watch works in the Textual game; in the line mode, type 'reload' to read the "
              "scene files again", file=sys.stderr)
    result = _load(paths)
    if not result.ok:
        return _refuse(result)
    from .play import record
    from .play.plain import DeferredReloader, PlainGame

    _text_streams()
    record.STORY_FOLDERS[:] = paths  # 'record FILE' never writes into the story it plays
    recorder = record.Recorder(result.story)
    if args.record:
        try:
            recorder.to(args.record)
        except OSError as exc:
            print(f"challenge: cannot record to {args.record}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    reloader = DeferredReloader(lambda: _load(paths), result)  # the 'reload' command
    return PlainGame(result.story, sys.stdout, recorder=recorder, reloader=reloader).run(commands)


def _no_input():  # -> a text stream with nothing in it
    import io

    return io.StringIO("")


def _refuse(result) -> int:  # (LoadResult) -> exit status
    """A broken story is not played: say why, as ``challenge check`` would."""
    for d in result.errors:
        print(d.format(), file=sys.stderr)
    print(f"challenge: the story has {len(result.errors)} error(s); run 'challenge check' for details",
          file=sys.stderr)
    return 1


def _text_streams() -> None:
    """Undecodable input or unprintable output must not end the game: replace, don't raise.

    The output is buffered even under ``python -u`` (PYTHONUNBUFFERED): the plain mode flushes it
    whenever it waits for a command, which is what that setting is for, and a system call per line
    made 10,000 piped commands half as slow again."""
    for stream in (sys.stdin, sys.stdout):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")
            if stream is sys.stdout and getattr(stream, "write_through", False):
                reconfigure(write_through=False)


def _crash_log() -> str:
    """Write the current exception's traceback to the data folder; returns where."""
    import traceback

    from .paths import data_dir

    try:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "crash.log"
        path.write_text(traceback.format_exc(), encoding="utf-8")
        return str(path)
    except OSError:
        return "(the crash log could not be written)"


def cmd_run(argv: list[str]) -> int:
    """``challenge run``: walkthroughs (game/play/commands.py)."""
    from .play.commands import cmd_run as run

    return run(argv)


def cmd_explore(argv: list[str]) -> int:
    """``challenge explore``: the state-space explorer (game/play/commands.py)."""
    from .play.commands import cmd_explore as explore

    return explore(argv)


def cmd_new(argv: list[str]) -> int:
    """``challenge new scene ID``: a scene file from the template (game/authoring/template.py)."""
    from .authoring.commands import cmd_new as new

    return new(argv)


def cmd_graph(argv: list[str]) -> int:
    """``challenge graph``: the story map (game/authoring/graph.py)."""
    from .authoring.commands import cmd_graph as graph

    return graph(argv)


def cmd_facts(argv: list[str]) -> int:
    """``challenge facts``: the fact ledger (game/facts/report.py)."""
    from .facts.report import main as facts

    return facts(argv)


COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "check": cmd_check,
    "facts": cmd_facts,
    "schema": cmd_schema,
    "run": cmd_run,
    "explore": cmd_explore,
    "new": cmd_new,
    "graph": cmd_graph,
}


def _cannot_write(failed: OSError) -> int:
    """Standard output failed (a full disk, an I/O error): say so once, on standard error."""
    _silence_stdout()
    _complain(f"challenge: cannot write the output: {failed.strerror or failed}")
    return EX_IOERR


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``challenge`` console script."""
    argv = sys.argv[1:] if argv is None else argv
    if sys.stdout is None:  # started with standard output closed (`>&-`): nothing could be said
        _complain("challenge: cannot write the output: standard output is closed")
        return EX_IOERR
    command = COMMANDS.get(argv[0]) if argv else None
    try:
        status = command(argv[1:]) if command else cmd_play(argv)
        sys.stdout.flush()  # now, not at exit: a full disk must be reported, not ignored at shutdown
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); nothing more to say to it.
        _silence_stdout()
        return 0
    except SystemExit as exc:
        if isinstance(exc.__context__, BrokenPipeError):
            # Rich's console (challenge facts) ends with status 1 when the reader goes away; a closed
            # pipe is the reader's choice, and every other command ends with 0 then.
            _silence_stdout()
            return 0
        try:  # argparse's --help and --version end here, their text still in the buffer
            sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
            return 0
        except OSError as failed:
            return _cannot_write(failed)
        raise
    except Exception as exc:
        if isinstance(exc, OSError) and _output_failed(exc):
            return _cannot_write(exc)
        # A bug of ours: one clear line for the user, the details in a file.
        log = _crash_log()
        _complain(f"challenge: internal error: {type(exc).__name__}: {exc}. This is a bug; details are in {log}")
        return EX_SOFTWARE


def _output_failed(exc: OSError) -> bool:
    """Whether *exc* is standard output failing. Every file the game writes on purpose (saves,
    recordings, the cache) catches its own errors, and names the file; so an error that reached
    here is the output's when the output cannot be flushed now, or when it is an error of writing
    that names no file."""
    import errno

    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        return True
    # What writing can fail with: no space, no quota, too big a file, a failing disk, a device gone.
    return exc.filename is None and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.ENXIO)


def _silence_stdout() -> None:
    """Standard output goes to /dev/null from now on, so what is still in its buffer is flushed there
    at exit instead of raising again (as Python's notes on SIGPIPE advise)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no descriptor (a stream in memory): replace the stream
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - kept open until the process ends
        except OSError:
            pass


def _complain(line: str) -> None:
    """*line* on standard error, if it can still be written there."""
    try:
        if sys.stderr is not None:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
    except (OSError, ValueError):
        pass


def run() -> NoReturn:
    """:func:`main` as a whole process (``python -m game``): exit with its status, and quickly.

    Everything still alive is frozen out of the cycle collector first (``gc.freeze``): the
    interpreter's shutdown would otherwise trace the story, the engine and every module once
    more only to free them. Files are still flushed and atexit handlers still run; only garbage
    in reference cycles is left to the end of the process. (Not in :func:`main`, which tests
    call in-process.)"""
    status = main()
    import gc

    gc.freeze()
    sys.exit(status)
