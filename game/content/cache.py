"""A persistent cache of loaded stories and check results, keyed by everything they depend on.

Loading a story parses every file, validates it, compiles it and reads every text
against the fact ledger; checking also reads the seed articles. The answer
depends only on the bytes of those files, on the code that computes it and on
how paths are shown (relative to the working directory), so that is the key:

- each input file's name as shown and a hash of its bytes: the scene files, the
  shipped ledger (used when a story folder has none) and, for ``check``, the seeds;
- the problems found while listing the files (missing paths, links out of the folder);
- the game's version, this cache's format, and the name, size and modification time
  of every source and schema file of the game (so editing the code invalidates it);
- the working directory.

Nothing else is read, so a stale answer is impossible short of a file changing
without its bytes changing. A hit costs reading and hashing the files, and
unpickling; a miss costs one load, as before, plus writing the entry. Entries
live in ``$CHALLENGE_CACHE_DIR``, else ``$XDG_CACHE_HOME/the-challenge``, else
``~/.cache/the-challenge``; deleting that folder is always safe. A cache that
cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from .diagnostics import Diagnostic, display_path
from .loader import LoadResult, find_files
from .yaml_source import Source

FORMAT = 1
MAX_ENTRIES = 64  # oldest entries beyond this are removed when a new one is written
_GAME = Path(__file__).resolve().parent.parent
_CODE_DIRS = ("", "content", "engine", "facts", "play", "authoring")  # what loading and checking run


def cache_dir() -> Path:
    """Where entries are kept: ``$CHALLENGE_CACHE_DIR``, else XDG's cache home."""
    override = os.environ.get("CHALLENGE_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "the-challenge"


def _code_stamp() -> bytes:
    """The game's own files as they are now: a changed line of code is a different key."""
    parts = []
    for sub in _CODE_DIRS:
        folder = _GAME / sub
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith((".py", ".json")) and entry.is_file():
                st = entry.stat()
                parts.append(f"{sub}/{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts).encode()


@dataclass
class Inputs:
    """The files a load reads, their bytes, and the keys they make."""

    paths: list[Path]
    shown: list[str]
    raw: list[bytes | None]  # None: the file could not be read (the loader will say why)
    problems: list[Diagnostic]
    story_key: str  # what loading reads
    check_key: str  # that and the seeds, which checking reads too
    _by_path: dict[Path, bytes | None] | None = None

    def read(self, path: Path) -> bytes | None:
        """The bytes hashed for *path*: the load parses exactly what the key says."""
        if self._by_path is None:
            self._by_path = dict(zip(self.paths, self.raw))
        return self._by_path[path] if path in self._by_path else _read(path)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _add(digest: Any, name: str, raw: bytes | None) -> None:
    digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
    if raw is None:
        digest.update(b"\1unreadable\0")
    else:
        digest.update(hashlib.blake2b(raw, digest_size=20).digest())


def inputs(paths: list[Path]) -> Inputs:
    """Read every input of loading and of checking *paths*."""
    files, problems = find_files(paths)
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{FORMAT}\0{__version__}\0{os.getcwd()}\0".encode("utf-8", "surrogateescape"))
    digest.update(_code_stamp())
    for d in problems:
        digest.update(repr(d).encode("utf-8", "surrogateescape"))
    shown = [display_path(f) for f in files]
    raw = [_read(f) for f in files]
    for name, data in zip(shown, raw):
        _add(digest, name, data)
    from ..paths import scenes_dir, seeds_dir

    ledger = scenes_dir() / "facts" / "ledger.yaml"  # game.facts.story.LEDGER: used when a story has none
    _add(digest, "shipped-ledger:" + str(ledger), _read(ledger))
    story_key = "story-" + digest.hexdigest()
    folder = seeds_dir()
    try:
        seed_files = sorted(p for p in folder.iterdir() if p.is_file())
    except OSError:
        seed_files = []
    digest.update(f"seeds:{folder}\0".encode("utf-8", "surrogateescape"))
    for p in seed_files:
        _add(digest, p.name, _read(p))
    return Inputs(files, shown, raw, problems, story_key, "check-" + digest.hexdigest())


def _load_entry(key: str) -> Any:
    try:
        with open(cache_dir() / f"{key}.pickle", "rb") as f:
            entry = pickle.load(f)
    except Exception:  # missing, truncated, from another Python: a miss, never an error
        return None
    return entry if isinstance(entry, dict) and entry.get("key") == key else None


def _store(key: str, entry: dict[str, Any]) -> None:
    folder = cache_dir()
    entry = {**entry, "key": key}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(entry, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{key}.pickle")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(folder)
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # a read-only or full disk costs speed, never the answer


def _prune(folder: Path) -> None:
    entries = []
    for entry in os.scandir(folder):
        if entry.name.endswith(".pickle"):
            try:
                entries.append((entry.stat().st_mtime_ns, entry.path))
            except OSError:
                continue
    for _, path in sorted(entries)[:-MAX_ENTRIES]:
        try:
            os.unlink(path)
        except OSError:
            pass


def _sources(found: Inputs) -> list[Source]:
    """What a cached result keeps of each file: its name and text (game/authoring/reload.py compares
    texts to say which files changed), not its values."""
    return [Source(name, text=raw.decode("utf-8", "replace") if raw is not None else "")
            for name, raw in zip(found.shown, found.raw)]


def load(paths: list[Path]) -> LoadResult:
    """``load_story(paths)``, from the cache when no input changed.

    A cached result has the story, the diagnostics and the files; its sources hold only
    each file's name and text, and it has no ``facts`` (the ledger's objects): what the
    game needs. ``challenge check`` uses :func:`check`.
    """
    from .loader import load_story

    found = inputs(paths)
    entry = _load_entry(found.story_key)
    if entry is not None:
        return LoadResult(entry["story"], list(entry["diagnostics"]), list(entry["files"]), _sources(found))
    result = load_story(paths, read=found.read)
    _store(found.story_key, {"story": result.story, "diagnostics": result.diagnostics, "files": result.files})
    return result


def check(paths: list[Path]) -> LoadResult:
    """What ``challenge check`` reports for *paths*: the load's diagnostics and the ledger checked
    against the seeds, sorted; from the cache when no input changed. The result has no story."""
    from .loader import load_story

    found = inputs(paths)
    entry = _load_entry(found.check_key)
    if entry is not None:
        return LoadResult(None, list(entry["diagnostics"]), list(entry["files"]))
    result = load_story(paths, read=found.read)
    if _load_entry(found.story_key) is None:  # the game started next finds its story ready
        _store(found.story_key, {"story": result.story, "diagnostics": result.diagnostics, "files": result.files})
    diagnostics = result.diagnostics
    if result.facts is not None:  # the ledger against the seed articles (game/facts)
        diagnostics = sorted(diagnostics + result.facts.check_seeds(), key=lambda d: (d.file, d.line, d.col))
    _store(found.check_key, {"diagnostics": diagnostics, "files": result.files})
    return LoadResult(None, diagnostics, result.files)
