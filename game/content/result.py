"""What loading a story gives (:class:`LoadResult`) and which files it reads (:func:`find_files`).

Apart from the loader (game/content/loader.py) so that what only needs these, the
cache's warm path above all (game/content/cache.py), imports neither PyYAML nor the
schema nor the fact checks: a game started on an unchanged story never needs them.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import OPEN_FLAGS, file_kind, read_at_most
from .diagnostics import ERROR, WARNING, Diagnostic, display_path

if TYPE_CHECKING:
    from ..engine.story import Story
    from .yaml_source import Source

SCENE_SUFFIXES = (".yaml", ".yml")
MAX_SCENE_BYTES = 2_000_000  # the largest scene file read (game/content/yaml_source.py reads them)


class NotRead(Exception):
    """A scene file that is not read: :attr:`reason` says why; :attr:`size` when it is too large."""

    def __init__(self, reason: str, size: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.size = size


def read_scene(path: Path, limit: int = MAX_SCENE_BYTES) -> bytes:
    """The bytes of the scene file at *path*, never more than *limit* of them.

    The size is asked before reading, so a file of a gigabyte costs a ``stat``, not a gigabyte; and
    what is not a regular file (a FIFO, a device) is never read: a FIFO would wait for a writer
    forever, a device could go on for ever. Both raise :class:`NotRead`; a file that cannot be
    opened raises ``OSError``. The file is opened without waiting (``O_NONBLOCK``), then looked at."""
    fd = os.open(path, OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRead(f"this file is not read: it is {file_kind(st.st_mode)}, not a regular file")
        if st.st_size > limit:
            raise NotRead("too large", st.st_size)
        raw = read_at_most(fd, limit, st.st_size)
        if len(raw) > limit:
            raise NotRead("too large", max(os.fstat(fd).st_size, len(raw)))
        return raw
    finally:
        os.close(fd)


@dataclass
class LoadResult:
    """The story (when there were no errors) and every diagnostic found."""

    story: Story | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    facts: Any = None  # game.facts.story.StoryFacts: the ledger and what the scenes state

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def ok(self) -> bool:
        return self.story is not None and not self.errors


def find_files(paths: list[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Scene files under *paths* (folders are searched recursively), in a stable order.

    A folder's files named ``*.yaml`` or ``*.yml`` are read, but not those in hidden folders or
    named with a dot first (editors' backups and locks). What looks like a scene file and is
    not read gets a diagnostic saying why: a name ending in ``.YAML`` (a warning), a link to
    nothing or a loop of links, a FIFO or a device, a link out of the folder (errors)."""
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            for p in sorted(path.rglob("*")):
                suffix = p.suffix
                if suffix not in SCENE_SUFFIXES:
                    if suffix.lower() in SCENE_SUFFIXES and not _hidden(p, path) and not p.is_dir():
                        problems.append(Diagnostic(
                            display_path(p), 1, 1, WARNING,
                            f"this file is not read: its name ends in '{suffix}', and scene files end in "
                            f"'.yaml' or '.yml' (small letters); rename it to end in '{suffix.lower()}'", "W010"))
                    continue
                if _hidden(p, path):
                    continue
                if not p.is_file():
                    why = _not_a_file(p)
                    if why:
                        problems.append(Diagnostic(display_path(p), 1, 1, ERROR, why, "E010"))
                    continue
                if not p.resolve().is_relative_to(root):
                    # A story is what its folder holds: a link must not pull in files from elsewhere.
                    problems.append(Diagnostic(display_path(p), 1, 1, ERROR,
                                               "this file links outside the story folder; copy the file "
                                               "in instead", "E009"))
                    continue
                found.append(p)
        elif path.is_file():
            found.append(path)
        else:
            why = _not_a_file(path)
            problems.append(Diagnostic(display_path(path), 1, 1, ERROR, why or "no such file or folder",
                                       "E010" if why else "E000"))
    return found, problems


def _hidden(p: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in p.relative_to(folder).parts)


def _not_a_file(p: Path) -> str | None:
    """Why *p*, which is not a regular file, is not read as one (None: it is a folder, or nothing)."""
    try:
        st = os.stat(p)
    except FileNotFoundError:
        if not os.path.islink(p):
            return None
        return f"this file is not read: it is a link to {os.readlink(p)}, which does not exist"
    except OSError as exc:
        if os.path.islink(p):
            return "this file is not read: it is a link in a loop of links, which leads to no file"
        return f"this file is not read: {exc.strerror}"
    if stat.S_ISDIR(st.st_mode):
        return None
    return f"this file is not read: it is {file_kind(st.st_mode)}, not a regular file"

