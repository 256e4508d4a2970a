"""The plain mode's start on an unchanged story, and its input and output as a whole process.

A warm start (the story's compiled form in the cache, game/content/cache.py) must import
neither PyYAML nor the schema nor the fact checks, and a damaged cache entry must never
be played: it is a miss, and the story is loaded from its files as if there were none.
"""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from game import cli
from game.content import cache
from game.play import plain
from game.play.plain import DeferredReloader, PlainGame

ROOT = Path(__file__).parent.parent.parent
COMMANDS = "look\ntake red key\ni\nx blue key\n"
# Imported only to load a story from its files: a warm start needs none of them.
LOADING_ONLY = ("yaml", "jsonschema", "game.facts", "game.content.loader", "game.content.yaml_source",
                "game.content.schema", "game.content.compile", "game.content.checks", "textual", "rich")


@pytest.fixture
def story(here: Path) -> Path:
    return here / "t"


def play(story: Path | None, commands: str = COMMANDS, cwd: Path | None = None,
         **env: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """``challenge --plain STORY`` (None: the shipped story) with *commands* on stdin, run in *cwd* (by
    default the story's folder's); also every module it imported (``-X importtime`` logs each import, at
    whatever point of the run it happens)."""
    argv = [sys.executable, "-X", "importtime", "-m", "game", "--plain"] + ([] if story is None else [str(story)])
    done = subprocess.run(argv, input=commands, capture_output=True, text=True, timeout=60,
                          cwd=cwd or (story.parent if story is not None else None),
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:") and "|" in line}
    return done, imported


def loading_modules(imported: set[str]) -> list[str]:
    return sorted(m for m in imported if any(m == name or m.startswith(name + ".") for name in LOADING_ONLY))


def entry() -> Path:
    """The one story entry in this test's cache."""
    [found] = Path(os.environ["CHALLENGE_CACHE_DIR"]).glob("story-*.pickle")
    return found


def test_a_warm_start_imports_neither_yaml_nor_the_schema_nor_the_fact_checks(story: Path) -> None:
    cold, cold_imports = play(story)
    assert cold.returncode == 0 and "You take the red key." in cold.stdout
    assert {"yaml", "game.facts", "game.content.loader"} <= cold_imports  # a miss loads as it always did
    warm, warm_imports = play(story)
    assert (warm.returncode, warm.stdout) == (0, cold.stdout)
    assert loading_modules(warm_imports) == []
    assert "argparse" not in warm_imports  # `--plain DIR` needs no parser (game/cli.py, _simple_args)


# Standard modules a warm start does without: each cost milliseconds of a start of about 30 ms
# (dataclasses brings inspect, ast and dis; pathlib brings urllib.parse; hashlib, OpenSSL).
SLOW_STDLIB = ("dataclasses", "inspect", "typing", "pathlib", "hashlib", "json", "argparse")


@pytest.mark.parametrize("where", ["inside", "outside", "shipped"])
def test_a_warm_start_imports_none_of_the_slow_standard_modules(story: Path, tmp_path: Path, where: str) -> None:
    """The story in the working directory, outside it (named by its absolute path), and the shipped one."""
    cwd = {"inside": story.parent, "outside": tmp_path / "elsewhere", "shipped": story.parent}[where]
    cwd.mkdir(exist_ok=True)
    runs = [play(None if where == "shipped" else story, "look\n", cwd=cwd) for _ in range(2)]
    assert [r.returncode for r, _ in runs] == [0, 0] and runs[0][0].stdout == runs[1][0].stdout
    imported = runs[1][1]
    assert "game.engine.story" in imported  # (the log is read right)
    assert sorted(m for m in SLOW_STDLIB if m in imported) == []


def test_an_edited_story_is_loaded_again_with_the_same_diagnostics_as_without_a_cache(story: Path,
                                                                                     tmp_path: Path) -> None:
    play(story)
    path = story / "story.yaml"
    path.write_text(path.read_text("utf-8").replace("id: ", "id: Bad Id ", 1), "utf-8")
    broken, imported = play(story)
    uncached, _ = play(story, CHALLENGE_CACHE_DIR=str(tmp_path / "elsewhere"))
    assert broken.returncode == 1 and "is not a valid id" in broken.stderr
    assert "yaml" in imported and broken.stdout == uncached.stdout == ""
    assert [ln for ln in broken.stderr.splitlines() if not ln.startswith("import time:")] == \
           [ln for ln in uncached.stderr.splitlines() if not ln.startswith("import time:")]


@pytest.mark.parametrize("damage", ["a changed text", "truncated", "not a pickle", "empty"])
def test_a_damaged_cache_entry_is_ignored_and_the_story_loaded_from_its_files(story: Path, tmp_path: Path,
                                                                              damage: str) -> None:
    fresh, _ = play(story)
    path = entry()
    data = path.read_bytes()
    if damage == "a changed text":
        # Still a well-formed pickle of a story: only the digest written with it tells it from the real one.
        assert data.count(b"A long hall") == 1
        data = data.replace(b"A long hall", b"A long hell")
    elif damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "not a pickle":
        data = b"not a pickle" * 100
    else:
        data = b""
    path.write_bytes(data)
    again, imported = play(story)
    assert (again.returncode, again.stdout) == (0, fresh.stdout)
    assert "A long hell" not in again.stdout and "yaml" in imported  # loaded from the files
    assert entry().read_bytes() != data  # and written again, whole
    healed, imported = play(story)
    assert healed.stdout == fresh.stdout and loading_modules(imported) == []


def test_reload_after_a_warm_start_says_which_file_changed(story: Path) -> None:
    first = cache.load([story])
    assert first.ok and not isinstance(first, cache.CachedResult)
    warm = cache.load([story])
    assert isinstance(warm, cache.CachedResult) and warm.story == first.story
    out = io.StringIO()
    game = PlainGame(warm.story, out, reloader=DeferredReloader(lambda: cache.load([story]), warm))
    path = story / "story.yaml"
    path.write_text(path.read_text("utf-8").replace("A long hall with", "A long, cold hall with"), "utf-8")
    game.run(io.StringIO("reload\n"))
    assert f"[The story was reloaded: changed {path}. You are still in: Hall.]" in out.getvalue().splitlines()
    assert "A long, cold hall with a red key and a blue key." in out.getvalue()


def test_output_is_flushed_before_each_wait_under_pythonunbuffered(story: Path) -> None:
    """The game buffers its output even under ``python -u``, so it must flush it itself before it waits:
    a player (or RegTest) sending a command only after seeing the prompt must see it."""
    proc = subprocess.Popen([sys.executable, "-m", "game", "--plain", str(story)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=story.parent,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"})
    assert proc.stdin and proc.stdout
    out = proc.stdout.fileno()

    def until_prompt() -> str:
        seen = b""
        while not seen.endswith(b"\n>\n"):
            assert select.select([out], [], [], 30)[0], f"no prompt after {seen!r}"
            chunk = os.read(out, 65536)
            assert chunk, "the game ended"
            seen += chunk
        return seen.decode()

    try:
        assert "Hall" in until_prompt()
        for command, reply in (("take red key", "You take the red key."), ("i", "red key")):
            proc.stdin.write(command.encode() + b"\n")
            proc.stdin.flush()
            assert reply in until_prompt()
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


class _Pipe(io.RawIOBase):
    """Bytes arriving in the pieces given, each read noted in *log*."""

    def __init__(self, pieces: list[bytes], log: list[str]) -> None:
        self.pieces, self.log = list(pieces), log

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        self.log.append("read")
        if not self.pieces:
            return 0
        piece = self.pieces.pop(0)
        n = min(len(buffer), len(piece))
        buffer[:n] = piece[:n]
        if n < len(piece):
            self.pieces.insert(0, piece[n:])
        return n


def _lines(pieces: list[bytes], chunk: int | None = None,
           monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[list[str], list[str]]:
    """What plain._commands reads from *pieces* (read *chunk* bytes at a time), and the log of its
    reads and flushes."""
    log: list[str] = []
    if chunk is not None and monkeypatch is not None:
        monkeypatch.setattr(plain, "CHUNK", chunk)
    stream = io.TextIOWrapper(io.BufferedReader(_Pipe(pieces, log)), encoding="utf-8", errors="replace")
    return list(plain._commands(stream, lambda: log.append("flush"))), log


def test_commands_are_read_as_the_text_stream_would_read_them(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "look\r\nx  soyuz\rtake script\n\nsay «поехали» ✓\n" + "z" * 50 + "\n"
    data = text.encode() + b"\xff bad byte\nthe last line, without a newline"
    expected = [line.rstrip("\r\n") for line in io.TextIOWrapper(io.BytesIO(data), encoding="utf-8",
                                                                  errors="replace")]
    assert expected[-2:] == ["\ufffd bad byte", "the last line, without a newline"] and len(expected) == 8
    for chunk in (1, 3, 7, 64, 1 << 16):  # lines, \r\n pairs and characters cut anywhere
        lines, _ = _lines([data], chunk=chunk, monkeypatch=monkeypatch)
        assert lines == expected, chunk


def test_commands_are_flushed_for_before_every_read_and_only_then() -> None:
    lines, log = _lines([b"look\ni\n", b"wait\n"])
    assert lines == ["look", "i", "wait"]
    # Two commands in one piece: no flush between them (no one waits for the first's answer yet).
    assert log == ["flush", "read", "flush", "read", "flush", "read"]


def test_the_quick_reading_of_simple_arguments_is_argparses() -> None:
    for argv in ([], ["x"], ["--plain"], ["--plain", "stories/mine"], ["stories/mine", "--plain"],
                 ["--plain", "--plain", "x"]):
        quick = cli._simple_args(argv)
        assert quick is not None and vars(quick) == vars(cli._game_parser().parse_args(argv)), argv
    for argv in (["--plain", "a", "b"], ["--plain", "--record", "r.yaml"], ["--plain", "--watch"], ["--watch"],
                 ["--plain", "-"], ["--plain", ""], ["--pl", "x"], ["--plain", "--help"], ["--record", "r.yaml"]):
        assert cli._simple_args(argv) is None, argv
