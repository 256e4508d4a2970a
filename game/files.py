"""Reading a file that may not be what its name says (a FIFO, a device, a link to /dev/zero), and
writing a text file so that no reader ever sees half of it.

Scene files (game/content/result.py) and saves (game/saves.py) are both read this way: opened
without waiting (a FIFO would block the open until a writer came), looked at through the open
descriptor (not the name, which could change in between), and read no further than a limit
(a device may have no end, and its size says 0).
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (game/value.py says why)
if TYPE_CHECKING:
    from pathlib import Path

OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
              | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
"""Flags to open a file for reading that never wait, never take a terminal, never leak to children."""


def read_at_most(fd: int, limit: int, expected: int = 0) -> bytes:
    """Up to ``limit + 1`` bytes from *fd*: more than *limit* tells a file bigger than allowed (or
    grown since its size was asked). With *expected* (the size ``fstat`` gave), reading stops once
    that much has come, in one read as a rule: no second call only to find the end."""
    chunks = []
    left = limit + 1
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
        if expected and left == limit + 1 - expected:
            break
    return b"".join(chunks)


class NotRead(Exception):
    """A file that is not read: :attr:`reason` says why. :attr:`kind` is what it is when it is not a
    regular file ("a folder", "a FIFO (a named pipe)"); :attr:`size` its size when it is too large,
    which is only a lower bound when :attr:`at_least` (it held more than its size said, or grew)."""

    def __init__(self, reason: str, size: int | None = None, kind: str | None = None,
                 at_least: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.size = size
        self.kind = kind
        self.at_least = at_least


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file at *path* (or a link to one), never more than *limit* of them.

    The size is asked before reading, so a file of a gigabyte costs a ``stat``, not a gigabyte; and
    what is not a regular file is never read: a FIFO would wait for a writer forever, a device could
    go on for ever (a link to /dev/zero says its size is 0), a socket cannot even be opened. All raise
    :class:`NotRead`; a file that is not there or cannot be opened raises ``OSError``. The file is
    opened without waiting (``O_NONBLOCK``), then what was opened is looked at (not merely the name,
    which could have changed in between)."""
    _refuse(os.stat(path), limit)
    fd = os.open(path, OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        _refuse(st, limit)
        raw = read_at_most(fd, limit, st.st_size)
        if len(raw) > limit:
            raise NotRead("too large", max(os.fstat(fd).st_size, len(raw)), at_least=True)
        return raw
    finally:
        os.close(fd)


def _refuse(st: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        kind = file_kind(st.st_mode)
        raise NotRead(f"this file is not read: it is {kind}, not a regular file", kind=kind)
    if st.st_size > limit:
        raise NotRead("too large", st.st_size)


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words ("a FIFO (a named pipe)")."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (a named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def display_path(path: str | Path) -> str:
    """A path as the author would type it: relative to the working directory when inside it.

    (With ``os.path``: pathlib costs a warm start of the plain mode more than the rest of its file
    handling together.)"""
    try:  # abspath, not realpath: a linked file is named as the author sees it, not by its target
        full, cwd = os.path.abspath(path), os.getcwd()
    except (ValueError, OSError):  # a NUL in the name; a working directory that is gone
        full, cwd = "", ""
    if cwd and full == cwd:
        return "."
    inside = cwd.rstrip(os.sep) + os.sep
    if cwd and full.startswith(inside):
        return full[len(inside):]
    return pathlib_spelling(os.fspath(path))


def pathlib_spelling(path: str) -> str:
    """*path* as ``str(PurePath(path))`` gives it ('./a//b/' is 'a/b', '' is '.'), without importing
    pathlib on POSIX; tests/test_scene_files_listing.py holds the two to the same answers."""
    if os.sep != "/" or os.altsep:  # pragma: no cover - Windows' rules are pathlib's to apply
        from pathlib import PurePath

        return str(PurePath(path))
    root = "//" if path.startswith("//") and not path.startswith("///") else "/" if path.startswith("/") else ""
    parts = [part for part in path.split("/") if part and part != "."]
    return root + "/".join(parts) if root or parts else "."


def write_atomic(path: str | Path, data: str | bytes, durable: bool = False) -> None:
    """Replace *path* with *data* (text is written as UTF-8 with \\n line ends) in one rename, so a
    reader never sees half a file. With *durable*, the data and the rename are on the disk before
    this returns (the file and its folder synced): for what a player must not lose, a save. The folder
    is not made: callers check first where they may write (game/play/targets.py; the cache and the
    saves make their own folders)."""
    import tempfile  # here, not at the top: most games never write a file

    folder, name = os.path.split(os.fspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    try:
        with (os.fdopen(fd, "w", encoding="utf-8", newline="\n") if isinstance(data, str)
              else os.fdopen(fd, "wb")) as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if durable:
        _sync_folder(folder or ".")


def _sync_folder(folder: str) -> None:
    """Make a rename in *folder* durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
