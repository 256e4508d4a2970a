"""What loading a story gives (:class:`LoadResult`) and which files it reads (:func:`find_files`).

Apart from the loader (game/content/loader.py) so that what only needs these, the
cache's warm path above all (game/content/cache.py), imports neither PyYAML nor the
schema nor the fact checks: a game started on an unchanged story never needs them.
"""

from __future__ import annotations

import errno
import os
import stat

from ..files import display_path, file_kind, pathlib_spelling, read_regular
from .diagnostics import ERROR, WARNING, Diagnostic

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (game/value.py says why)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from ..engine.story import Story
    from .yaml_source import Source

SCENE_SUFFIXES = (".yaml", ".yml")
MAX_SCENE_BYTES = 2_000_000  # the largest scene file read (game/content/yaml_source.py reads them)


def read_scene(path: str | Path, limit: int = MAX_SCENE_BYTES) -> bytes:
    """The bytes of the scene file at *path*, never more than *limit* of them; raises
    :class:`game.files.NotRead` for a file too large or not a regular file (game.files.read_regular)."""
    return read_regular(path, limit)


class LoadResult:
    """The story (when there were no errors) and every diagnostic found."""

    def __init__(self, story: Story | None, diagnostics: list[Diagnostic] | None = None,
                 files: list[str] | None = None, sources: list[Source] | None = None, facts: Any = None) -> None:
        self.story = story
        self.diagnostics = [] if diagnostics is None else diagnostics
        self.files = [] if files is None else files  # as shown (game.files.display_path)
        self.sources = [] if sources is None else sources
        self.facts = facts  # game.facts.story.StoryFacts: the ledger and what the scenes state

    def __repr__(self) -> str:
        return (f"LoadResult(story={'None' if self.story is None else '...'}, diagnostics={self.diagnostics!r}, "
                f"files={self.files!r})")

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def ok(self) -> bool:
        return self.story is not None and not self.errors


def scene_files(paths: list[str | Path]) -> tuple[list[str], list[Diagnostic]]:
    """Scene files under *paths* (folders are searched recursively), in a stable order.

    A folder's files named ``*.yaml`` or ``*.yml`` are read, but not those in hidden folders or
    named with a dot first (editors' backups and locks). What looks like a scene file and is
    not read gets a diagnostic saying why: a name ending in ``.YAML`` (a warning), a link to
    nothing or a loop of links, a FIFO or a device, a link out of the folder (errors), a folder
    that cannot be read (a warning). Links to folders are not followed.

    Paths are strings, made with ``os.path``: the warm start of the game (game/content/cache.py)
    lists the files to know whether the story changed, and importing pathlib would cost it more
    than the listing. :func:`find_files` gives the same as ``Path`` objects."""
    found: list[str] = []
    problems: list[Diagnostic] = []
    for given in paths:
        path = pathlib_spelling(os.fspath(given))  # as Path spells it: 'story.yaml/' is the file
        if os.path.isdir(path):
            root = os.path.realpath(path)
            inside = root.rstrip(os.sep) + os.sep
            for rel in sorted(_tree(path, (), problems)):
                p = os.path.join(path, *rel) if path != "." else os.path.join(*rel)  # (as Path joins)
                name = rel[-1]
                suffix = _suffix(name)
                hidden = any(part.startswith(".") for part in rel)
                if suffix not in SCENE_SUFFIXES:
                    if suffix.lower() in SCENE_SUFFIXES and not hidden and not os.path.isdir(p):
                        problems.append(Diagnostic(
                            display_path(p), 1, 1, WARNING,
                            f"this file is not read: its name ends in '{suffix}', and scene files end in "
                            f"'.yaml' or '.yml' (small letters); rename it to end in '{suffix.lower()}'", "W010"))
                    continue
                if hidden:
                    continue
                if not os.path.isfile(p):
                    why = _not_a_file(p)
                    if why:
                        problems.append(Diagnostic(display_path(p), 1, 1, ERROR, why, "E010"))
                    continue
                real = os.path.realpath(p)
                if real != root and not real.startswith(inside):
                    # A story is what its folder holds: a link must not pull in files from elsewhere.
                    problems.append(Diagnostic(display_path(p), 1, 1, ERROR,
                                               "this file links outside the story folder; copy the file "
                                               "in instead", "E009"))
                    continue
                found.append(p)
        elif os.path.isfile(path):
            found.append(path)
        else:
            why = _not_a_file(path)
            problems.append(Diagnostic(display_path(path), 1, 1, ERROR, why or "no such file or folder",
                                       "E010" if why else "E000"))
    return found, problems


def find_files(paths: list[str | Path]) -> tuple[list[Path], list[Diagnostic]]:
    """:func:`scene_files` as ``Path`` objects."""
    from pathlib import Path

    found, problems = scene_files(paths)
    return [Path(f) for f in found], problems


def _tree(folder: str, rel: tuple[str, ...], problems: list[Diagnostic]) -> list[tuple[str, ...]]:
    """Every entry under *folder* (files, folders, links, FIFOs...), as its parts below the folder
    searched. A folder is entered unless it is a link or hidden (nothing in a hidden folder is
    read or reported: .git, an editor's or a tool's own). A folder that cannot be read is
    reported, and searching goes on without it."""
    out = []
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError as exc:
        if exc.errno not in _GONE:  # a warning: the rest of the story can still be played and checked
            problems.append(Diagnostic(display_path(folder), 1, 1, WARNING,
                                       f"this folder is not read: {exc.strerror or exc}", "W011"))
        return out
    for entry in entries:
        here = rel + (entry.name,)
        out.append(here)
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if is_folder and not entry.name.startswith("."):
            out += _tree(entry.path, here, problems)
    return out


_GONE = (errno.ENOENT, errno.ENOTDIR)  # removed while being searched: nothing to report


def _suffix(name: str) -> str:
    """The name's last suffix, as pathlib gives it ('.yaml'; none for '.yaml' alone or 'x.')."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def _not_a_file(p: str) -> str | None:
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

