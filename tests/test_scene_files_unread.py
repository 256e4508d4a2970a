"""Scene files that are not read, and say why (game/content/result.py).

A file over the size limit is refused from its size alone, never read whole; a FIFO or a device is
never opened for reading (a FIFO would wait for ever); and what looks like a scene file but is not
read (a '.YAML' name, a link to nothing, a loop of links, a FIFO) gets a file:1:1 diagnostic
instead of being skipped in silence.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from game.content import cache, result
from game.content.loader import load_story
from game.content.yaml_source import load_file
from game.files import NotRead

BIG = ("t/big.yaml:1:1: error: file is 1,073,741,824 bytes; scene files may be at most 2,000,000 bytes (split it "
       "into several files)")


def check(cwd: Path, *paths: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", "check", *paths], cwd=cwd, capture_output=True, text=True,
                          timeout=30)


def test_an_oversize_file_is_refused_from_its_size(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open(here / "t" / "big.yaml", "wb") as f:
        f.truncate(1 << 30)  # sparse: a gigabyte that costs no disk
    done = check(here, "t")
    assert done.returncode == 1 and done.stdout.splitlines() == [BIG, "1 error, 0 warnings in 2 files"]
    # In-process, count what is read: the cache's key and the loader both stop at the size.
    read = []
    real_read = os.read
    monkeypatch.chdir(here)

    def counting(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        read.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counting)
    loaded = cache.load([Path("t")])
    assert [d.format() for d in loaded.diagnostics] == [BIG]
    assert sum(read) < 500_000  # the other scene file and the shipped ledger, not a byte of big.yaml
    # The cache's key knows the size of a file it did not read: grown or shrunk, it is a new answer.
    with open(here / "t" / "big.yaml", "r+b") as f:
        f.truncate(2_000_001)
    assert cache.load([Path("t")]).diagnostics[0].message.startswith("file is 2,000,001 bytes;")


def test_read_scene_reads_no_more_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\n" * 10)
    assert result.read_scene(path, 50) == b"a: 1\n" * 10
    with pytest.raises(NotRead) as too_big:
        result.read_scene(path, 49)
    assert too_big.value.size == 50


def test_a_fifo_is_never_read(here: Path) -> None:
    os.mkfifo(here / "t" / "pipe.yaml")
    fifo = "t/pipe.yaml:1:1: error: this file is not read: it is a FIFO (a named pipe), not a regular file"
    done = check(here, "t")  # a read would wait for a writer until the timeout
    assert done.returncode == 1 and done.stdout.splitlines() == [fifo, "1 error, 0 warnings in 1 file"]
    done = check(here, "t/pipe.yaml")
    assert done.returncode == 1 and done.stdout.splitlines()[0] == fifo
    done = subprocess.run([sys.executable, "-m", "game", "--plain", "t"], cwd=here, input="look\n",
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and done.stderr.splitlines()[0] == fifo
    # Read directly, as a race could still make it: refused from what the open file is, without waiting.
    src = load_file(here / "t" / "pipe.yaml", "t/pipe.yaml")
    assert [d.format() for d in src.diagnostics] == [fifo]


def test_a_device_is_never_read(tmp_path: Path) -> None:
    if not stat.S_ISCHR(os.stat("/dev/zero").st_mode):
        pytest.skip("no /dev/zero device here")
    with pytest.raises(NotRead, match="^this file is not read: it is a device, not a regular file$"):
        result.read_scene(Path("/dev/zero"))


def test_a_socket_is_named_not_opened(here: Path) -> None:
    """A socket cannot even be opened ("no such device or address"): it is looked at first, and said."""
    import socket

    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(here / "t" / "sock.yaml"))
        src = load_file(here / "t" / "sock.yaml", "t/sock.yaml")
        assert [d.format() for d in src.diagnostics] == [
            "t/sock.yaml:1:1: error: this file is not read: it is a socket, not a regular file"]
    finally:
        sock.close()


def test_files_skipped_in_silence_before_now_say_why(here: Path) -> None:
    t = here / "t"
    (t / "Extra.YAML").write_text("items: []\n", encoding="utf-8")
    (t / "gone.yaml").symlink_to("../old/gone.yaml")
    (t / "loop-a.yaml").symlink_to("loop-b.yaml")
    (t / "loop-b.yaml").symlink_to("loop-a.yaml")
    (t / "folder.yaml").mkdir()  # a folder with a scene file's name is searched, not reported
    (t / ".hidden").mkdir()
    os.mkfifo(t / ".hidden" / "pipe.yaml")  # hidden: an editor's or a tool's, never read nor reported
    (t / ".#story.yaml").symlink_to("root@host.1234")  # Emacs's lock: a link to nothing, hidden
    (here / "outside.yaml").write_text("items: []\n", encoding="utf-8")
    (t / "out.yaml").symlink_to("../outside.yaml")
    done = check(here, "t")
    assert done.stdout.splitlines() == [
        "t/Extra.YAML:1:1: warning: this file is not read: its name ends in '.YAML', and scene files end in '.yaml' "
        "or '.yml' (small letters); rename it to end in '.yaml'",
        "t/gone.yaml:1:1: error: this file is not read: it is a link to ../old/gone.yaml, which does not exist",
        "t/loop-a.yaml:1:1: error: this file is not read: it is a link in a loop of links, which leads to no file",
        "t/loop-b.yaml:1:1: error: this file is not read: it is a link in a loop of links, which leads to no file",
        "t/out.yaml:1:1: error: this file links outside the story folder; copy the file in instead",
        "4 errors, 1 warning in 1 file",
    ]
    done = check(here, "t/gone.yaml")
    assert done.stdout.splitlines()[0] == ("t/gone.yaml:1:1: error: this file is not read: it is a link to "
                                           "../old/gone.yaml, which does not exist")


def test_a_misnamed_file_is_only_a_warning(here: Path) -> None:
    (here / "t" / "notes.Yml").write_text("# notes\n", encoding="utf-8")
    loaded = load_story([here / "t"])
    assert loaded.ok and [d.code for d in loaded.diagnostics] == ["W010"]
