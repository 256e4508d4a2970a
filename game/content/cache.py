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
cannot be read or written is ignored, and so is an entry whose bytes do not match
the digest written with them (a damaged file is a miss, never a wrong story).

A hit imports only this module's few needs and the engine's story model: not the
loader, PyYAML, the schema or the fact checks (game/content/result.py holds what
both share), which are most of a warm start's cost. A miss imports them.
"""

from __future__ import annotations

import os

from .. import __version__
from ..collector import paused
from ..files import NotRead, display_path, write_atomic
from .. import paths as _paths
from .result import LoadResult, read_scene, scene_files

# The C modules alone, for a hit: pickle.py around the unpickler (its pure-Python pickler) is a slow
# import, and hashlib loads OpenSSL's whole binding to offer blake2b, which is built in.
try:
    from _pickle import loads as _unpickle
except ImportError:  # pragma: no cover - a Python without the accelerator
    from pickle import loads as _unpickle
try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (game/value.py says why)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from .diagnostics import Diagnostic
    from .yaml_source import Source

FORMAT = 2
MAGIC = b"challenge-cache\0"  # an entry: this, then the digest of the pickle that follows, then the pickle
_DIGEST_SIZE = 32
MAX_ENTRIES = 64  # oldest entries beyond this are removed when a new one is written
_GAME = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
_CODE_DIRS = ("", "content", "engine", "facts", "play", "authoring")  # what loading and checking run


def cache_dir() -> str:
    """Where entries are kept: ``$CHALLENGE_CACHE_DIR``, else XDG's cache home. (A string: pathlib
    is not imported for a warm start, game/content/result.py says why.)"""
    override = os.environ.get("CHALLENGE_CACHE_DIR")
    if override:
        return override
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "the-challenge")


def _code_stamp() -> bytes:
    """The game's own files as they are now: a changed line of code is a different key."""
    parts = []
    for sub in _CODE_DIRS:
        folder = os.path.join(_GAME, sub)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith((".py", ".json")) and entry.is_file():
                st = entry.stat()
                parts.append(f"{sub}/{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts).encode()


class Inputs:
    """The files a load reads, their bytes, and the keys they make."""

    def __init__(self, paths: list[str], shown: list[str], raw: list[bytes | None], problems: list[Diagnostic],
                 story_key: str, digest: Any) -> None:
        self.paths = paths
        self.shown = shown
        self.raw = raw  # None: the file could not be read (the loader will say why)
        self.problems = problems
        self.story_key = story_key  # what loading reads
        self._digest = digest  # the story key's digest, which the check key goes on from
        self._check_key: str | None = None
        self._by_path: dict[str, bytes | None] | None = None

    def read(self, path: str | Path) -> bytes | None:
        """The bytes hashed for *path*: the load parses exactly what the key says. (The loader names
        the files as ``Path`` objects of the very names scene_files gave, spelled as Path spells them.)"""
        if self._by_path is None:
            self._by_path = dict(zip(self.paths, self.raw))
        key = os.fspath(path)
        return self._by_path[key] if key in self._by_path else _read(path)

    @property
    def check_key(self) -> str:
        """What checking reads: the story's inputs and the seed articles. Worked out when first
        asked for, so starting the game does not read the seeds."""
        if self._check_key is None:
            from ..paths import seeds_dir

            digest = self._digest.copy()
            folder = seeds_dir()
            try:
                seed_files = sorted(p for p in folder.iterdir() if p.is_file())
            except OSError:
                seed_files = []
            digest.update(f"seeds:{folder}\0".encode("utf-8", "surrogateescape"))
            for p in seed_files:
                _add(digest, p.name, _read_seed(p), p)
            self._check_key = "check-" + digest.hexdigest()
        return self._check_key


def _read(path: str | Path) -> bytes | None:
    """A scene file's bytes; None when the loader is to say why it reads none (it is too large, not
    a regular file, or cannot be opened). Never reads more than a scene file may hold, nor a FIFO."""
    try:
        return read_scene(path)
    except (OSError, NotRead):
        return None


def _read_seed(path: Path) -> bytes | None:
    try:
        return path.read_bytes()  # a seed article, listed only when it is a regular file
    except OSError:
        return None


def _add(digest: Any, name: str, raw: bytes | None, path: str | Path) -> None:
    digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
    if raw is None:
        # Not read: what the loader will say depends on what the file is (its size, above all).
        try:
            st = os.stat(path)
            stamp = f"{st.st_mode}:{st.st_size}:{st.st_mtime_ns}"
        except (OSError, ValueError):
            stamp = "missing"
        digest.update(b"\1unreadable:" + stamp.encode() + b"\0")
    else:
        digest.update(blake2b(raw, digest_size=20).digest())


def inputs(paths: list[str | Path]) -> Inputs:
    """Read every input of loading *paths* (and, when asked for the check key, of checking them)."""
    files, problems = scene_files(paths)
    digest = blake2b(digest_size=20)
    digest.update(f"{FORMAT}\0{__version__}\0{os.getcwd()}\0".encode("utf-8", "surrogateescape"))
    digest.update(_code_stamp())
    for d in problems:
        digest.update(repr(d).encode("utf-8", "surrogateescape"))
    shown = [display_path(f) for f in files]
    raw = [_read(f) for f in files]
    for name, data, path in zip(shown, raw, files):
        _add(digest, name, data, path)
    # game.facts.story.LEDGER, which applies when a story has no ledger of its own
    ledger = os.path.join(_paths.scenes_folder(), "facts", "ledger.yaml")
    _add(digest, "shipped-ledger:" + ledger, _read(ledger), ledger)
    return Inputs(files, shown, raw, problems, "story-" + digest.hexdigest(), digest)


def _load_entry(key: str) -> Any:
    """The entry stored under *key*, or None: missing, damaged, or not what it claims to be."""
    try:
        with open(os.path.join(cache_dir(), f"{key}.pickle"), "rb") as f:
            data = f.read()
    except (OSError, ValueError):  # missing or unreadable; ValueError: a cache path no system accepts
        return None
    head = len(MAGIC) + _DIGEST_SIZE
    body = memoryview(data)[head:]
    if data[:len(MAGIC)] != MAGIC or data[len(MAGIC):head] != _digest(body):
        return None  # truncated, overwritten, or a bit flipped: unpickled, it could be a wrong story
    # Unpickling a story makes tens of thousands of objects at once and none of them is garbage:
    # the collector's passes over them in the middle of it would be wasted.
    try:
        with paused():
            entry = _unpickle(body)
    except Exception:  # from another Python, or classes changed in a way the key missed: a miss
        return None
    return entry if isinstance(entry, dict) and entry.get("key") == key else None


def _digest(body: bytes | memoryview) -> bytes:
    return blake2b(body, digest_size=_DIGEST_SIZE).digest()


def _store(key: str, entry: dict[str, Any]) -> None:
    import pickle  # only a miss writes: a warm start does without this import

    folder = cache_dir()
    entry = {**entry, "key": key}
    try:
        body = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        os.makedirs(folder, exist_ok=True)
        write_atomic(os.path.join(folder, f"{key}.pickle"), MAGIC + _digest(body) + body)
        _prune(folder)
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # a read-only or full disk costs speed, never the answer


def _prune(folder: str) -> None:
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


class CachedResult(LoadResult):
    """A load answered by the cache: the story, the diagnostics and the files, as the load gave them.

    Its sources hold only each file's name and text (game/authoring/reload.py compares texts to
    say which files changed), not its values, and are made when first asked for: from the very
    bytes the key was made of, so they are the files as they were when the game started. Making
    them needs the YAML reader's ``Source``, which a game that never reloads does not import.
    """

    def __init__(self, story: Any, diagnostics: list[Diagnostic], files: list[str], found: Inputs) -> None:
        self._found = found
        super().__init__(story, diagnostics, files)
        self._sources = None  # made when first asked for

    @property  # type: ignore[override]
    def sources(self) -> list[Source]:
        if self._sources is None:
            from .yaml_source import Source

            found = self._found
            self._sources = [Source(name, text=raw.decode("utf-8", "replace") if raw is not None else "")
                             for name, raw in zip(found.shown, found.raw)]
        return self._sources

    @sources.setter
    def sources(self, value: list[Source] | None) -> None:  # (LoadResult.__init__ assigns one)
        self._sources = value


def load(paths: list[str | Path]) -> LoadResult:
    """``load_story(paths)``, from the cache when no input changed.

    A cached result (:class:`CachedResult`) has the story, the diagnostics and the files;
    its sources hold only each file's name and text, and it has no ``facts`` (the ledger's
    objects): what the game needs. ``challenge check`` uses :func:`check`.
    """
    found = inputs(paths)
    entry = _load_entry(found.story_key)
    if entry is not None:
        return CachedResult(entry["story"], list(entry["diagnostics"]), list(entry["files"]), found)
    from .loader import load_story

    result = load_story(paths, read=found.read)
    _store(found.story_key, {"story": result.story, "diagnostics": result.diagnostics, "files": result.files})
    return result


def check(paths: list[str | Path]) -> LoadResult:
    """What ``challenge check`` reports for *paths*: the load's diagnostics and the ledger checked
    against the seeds, sorted; from the cache when no input changed. The result has no story."""
    found = inputs(paths)
    entry = _load_entry(found.check_key)
    if entry is not None:
        return LoadResult(None, list(entry["diagnostics"]), list(entry["files"]))
    from .loader import load_story

    result = load_story(paths, read=found.read)
    if _load_entry(found.story_key) is None:  # the game started next finds its story ready
        _store(found.story_key, {"story": result.story, "diagnostics": result.diagnostics, "files": result.files})
    diagnostics = result.diagnostics
    if result.facts is not None:  # the ledger against the seed articles (game/facts)
        diagnostics = sorted(diagnostics + result.facts.check_seeds(), key=lambda d: (d.file, d.line, d.col))
    _store(found.check_key, {"diagnostics": diagnostics, "files": result.files})
    return LoadResult(None, diagnostics, result.files)
