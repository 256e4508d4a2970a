"""Closed, full and broken standard streams (game/cli.py).

A closed standard input is the end of the input; an output that cannot be written (closed, a full
disk) is one line on standard error and exit status 74 (EX_IOERR), never an "internal error"; a
reader that goes away (``| head -1``) is a clean exit 0, for every command.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from game import cli

ROOT = Path(__file__).resolve().parent.parent
TINY = str(ROOT / "tests" / "fixtures" / "tiny")
FULL = "challenge: cannot write the output: No space left on device\n"


def challenge(*args: str, stdin: int | bytes = b"", stdout: int = subprocess.PIPE, close: tuple[int, ...] = (),
              buffered: bool = False) -> subprocess.CompletedProcess[bytes]:
    """Run the real command; *close*: descriptors closed in the child before it starts (0: stdin, 1: stdout)."""
    env = dict(os.environ)
    if buffered:  # as for a player: output kept in a buffer until flushed (PYTHONUNBUFFERED writes at once)
        env.pop("PYTHONUNBUFFERED", None)

    def closing() -> None:
        for fd in close:
            os.close(fd)

    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin if isinstance(stdin, bytes) else None,
                          stdin=None if isinstance(stdin, bytes) else stdin, stdout=stdout, stderr=subprocess.PIPE,
                          preexec_fn=closing if close else None, env=env, cwd=ROOT, timeout=60)


def full_device() -> int:
    """/dev/full opened for writing (writing to it fails with ENOSPC); skips where it is not a device."""
    if not os.path.exists("/dev/full") or not stat.S_ISCHR(os.stat("/dev/full").st_mode):
        pytest.skip("no /dev/full device here")
    return os.open("/dev/full", os.O_WRONLY)


def test_a_closed_stdin_is_the_end_of_the_input() -> None:
    done = challenge("--plain", TINY, stdin=subprocess.DEVNULL, close=(0,))
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout.decode().endswith("Exits: north (the vault door), east.\n>\n")


def test_without_plain_a_closed_stdin_plays_the_line_mode() -> None:
    done = challenge(TINY, stdin=subprocess.DEVNULL, close=(0,))
    assert done.returncode == 0 and done.stderr == b"" and done.stdout.endswith(b"\n>\n")


@pytest.mark.parametrize("args", [("--plain", TINY), ("check", TINY), ("--version",)])
def test_a_closed_stdout_is_one_line_and_status_74(args: tuple[str, ...]) -> None:
    done = challenge(*args, stdin=subprocess.DEVNULL, close=(1,))
    assert done.returncode == 74
    assert done.stderr.decode() == "challenge: cannot write the output: standard output is closed\n"


@pytest.mark.parametrize("args", [("--bogus",), ("check", "--bogus"), ("run", "--bogus")])
def test_a_usage_error_with_stderr_closed_is_still_status_2(args: tuple[str, ...]) -> None:
    """Nothing can be said (argparse then writes the usage line to stdout, as it always has); no crash."""
    done = challenge(*args, close=(2,))
    assert done.returncode == 2 and done.stdout.startswith(b"usage: challenge")


@pytest.mark.parametrize("args, stdin", [(("--plain", TINY), b"look\n"), (("check", TINY), b""),
                                         (("check",), b""), (("facts",), b""), (("--help",), b""),
                                         (("--version",), b""), (("run", "--help"), b""), (("facts", "--help"), b"")])
@pytest.mark.parametrize("buffered", [True, False])
def test_a_full_disk_is_one_line_and_status_74(args: tuple[str, ...], stdin: bytes, buffered: bool) -> None:
    # (Unbuffered, argparse writes its help itself, and ignores a failure: game/argparser.py says no.)
    full = full_device()
    try:
        done = challenge(*args, stdin=stdin, stdout=full, buffered=buffered)
    finally:
        os.close(full)
    assert done.returncode == 74 and done.stderr.decode() == FULL


@pytest.mark.parametrize("args", [("facts",), ("facts", "--conflicts"), ("check",), ("schema",), ("--help",),
                                  ("--plain", TINY)])
def test_a_reader_that_went_away_is_a_clean_exit(args: tuple[str, ...]) -> None:
    # The pipe's reading end is closed before the game starts: its first write meets EPIPE, as `| head -1`
    # does once head has its line, but every time.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = challenge(*args, stdin=b"look\n" * 2000, stdout=write_end, buffered=True)
    finally:
        os.close(write_end)
    assert done.returncode == 0 and done.stderr == b""


def test_other_errors_are_still_bugs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # An OSError naming a file is not the output failing: it is reported as the bug it is.
    def broken(argv: list[str]) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", "/somewhere/file")

    monkeypatch.setitem(cli.COMMANDS, "check", broken)
    monkeypatch.setattr(cli, "_crash_log", lambda: "crash.log")
    assert cli.main(["check"]) == 70
    assert capsys.readouterr().err == ("challenge: internal error: PermissionError: [Errno 13] Permission denied: "
                                       "'/somewhere/file'. This is a bug; details are in crash.log\n")


def test_the_help_lists_the_exit_statuses() -> None:
    done = challenge("--help")
    assert done.returncode == 0
    text = done.stdout.decode()
    assert "exit status:\n  0    done" in text
    assert "  74   the output could not be written (a full disk, a closed standard output)\n" in text
