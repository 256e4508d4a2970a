"""The plain mode ends a command at ``\\n``, ``\\r\\n`` or a lone ``\\r`` (game/play/plain.py), however the
input arrives: piped at once, split across the reader's chunks, typed a line at a time, or in memory."""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
import time

import pytest

from game.play.plain import CHUNK, PlainGame

from .conftest import FIXTURES, load_fixture

TINY = str(FIXTURES / "tiny")
PARDON = "I beg your pardon?"


def plain(data: bytes) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "game", "--plain", TINY], input=data, capture_output=True,
                          timeout=60)
    assert done.returncode == 0 and done.stderr == b""
    return done.stdout.decode().splitlines()


@pytest.mark.parametrize("end", [b"\r", b"\r\n", b"\n"])
def test_each_line_end_ends_a_command(end: bytes) -> None:
    lines = plain(end.join([b"look", b"take red key", b"i"]) + end)
    assert lines.count(">") == 4 and PARDON not in lines
    assert lines[-2:] == ["You are carrying: red key.", ">"]


def test_mixed_line_ends_and_empty_lines() -> None:
    lines = plain(b"take red key\r\r\n\ni\n")  # a command, two empty lines (CR then CRLF, then LF), a command
    assert lines.count(PARDON) == 2 and lines[-2:] == ["You are carrying: red key.", ">"]


def talk(parts: list[tuple[bytes, bytes]]) -> str:
    """Play the plain mode a part at a time: send each part's bytes, then wait until its answer shows
    (so the game has read the part whole, and nothing after it). Returns all the output."""
    game = subprocess.Popen([sys.executable, "-m", "game", "--plain", TINY], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    assert game.stdin is not None and game.stdout is not None
    seen = b""
    try:
        for data, answer in parts:
            game.stdin.write(data)
            game.stdin.flush()
            deadline = time.monotonic() + 30
            while answer not in seen and time.monotonic() < deadline:
                if select.select([game.stdout], [], [], 0.1)[0]:
                    seen += os.read(game.stdout.fileno(), 65536)
            assert answer in seen, seen[-300:]
        game.stdin.close()
        seen += game.stdout.read()
    finally:
        game.kill()
        game.wait()
    return seen.decode()


def test_a_command_ended_by_cr_alone_is_answered_at_once() -> None:
    # The decoder would hold the CR back to see whether a LF follows; the player would wait for ever.
    out = talk([(b"take red key\r", b"You take the red key.\n>\n"), (b"\ni\r\n", b"")])
    assert out.endswith("You take the red key.\n>\nYou are carrying: red key.\n>\n")  # the LF was the CR's pair


def test_a_crlf_split_across_two_chunks_is_one_line_end() -> None:
    first = b"i" + b" " * (CHUNK - 2) + b"\r"  # the CR is the last byte of a whole chunk
    assert len(first) == CHUNK
    out = talk([(first, b"You are carrying nothing.\n>\n"), (b"\ntake red key\r\ni\r\n", b"")])
    assert PARDON not in out and out.endswith("You take the red key.\n>\nYou are carrying: red key.\n>\n")


def test_a_stream_in_memory_splits_lines_the_same_way() -> None:
    out = io.StringIO()
    PlainGame(load_fixture("tiny"), out).run(io.StringIO("look\rtake red key\r\n\ri\r"))
    lines = out.getvalue().splitlines()
    assert lines.count(">") == 5 and lines.count(PARDON) == 1
    assert lines[-2:] == ["You are carrying: red key.", ">"]
