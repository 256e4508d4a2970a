"""Load a story from scene files: read, validate, compile, cross-check.

Everything wrong is collected, never raised, so ``challenge check`` can print all
problems at once and the game can refuse a broken story with the same messages.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Callable

from . import checks, schema
from .compile import Compiler, Place
from ..collector import paused
from ..files import display_path
from .diagnostics import ERROR, Diagnostic
from .result import LoadResult, find_files  # also imported from here by the authoring tools and tests
from .yaml_source import Source, load_file


def is_ledger(src: Source) -> bool:
    """The fact ledger lives among the scenes but has a schema of its own."""
    return isinstance(src.data, dict) and "facts" in src.data and "scenes" not in src.data


def load_story(paths: list[Path], facts: bool = True,
               read: Callable[[Path], bytes | None] | None = None) -> LoadResult:
    """Load every scene file under *paths* into one story.

    ``facts=False`` leaves out the fact checks (game/facts: the ledger, and every text read
    against it): the story then states no facts. Benchmarks use it to time loading alone.
    *read* gives a file's bytes when the caller has them already (game/content/cache.py);
    None from it means: read the file here.
    """
    # A large story is millions of live objects and almost no cycles: the collector's full passes
    # over them all made loading grow faster than the story. Collect once, after.
    with paused():
        return _load_story(paths, facts, read)


def _load_story(paths: list[Path], facts: bool, read: Callable[[Path], bytes | None] | None) -> LoadResult:
    paths = [Path(p) for p in paths]  # the warm start's cache names them as strings (game/content/cache.py)
    files, problems = find_files(paths)
    result = LoadResult(None, list(problems), [display_path(f) for f in files])
    compiler = Compiler()
    clean = True  # every file read and valid: only then are whole-story checks meaningful
    digest = hashlib.sha256()
    ledgers: list[Source] = []
    misshapen: set[int] = set()  # ids of sources with schema faults: the fact checks read only sound ones
    for path, shown in zip(files, result.files):
        named = _story_path(path, paths).encode()  # in the fingerprint: the same wherever the game runs from
        src = load_file(path, shown, read(path) if read else None)
        result.sources.append(src)
        if src.diagnostics:  # duplicate keys, bad tags, syntax: report, then use what was read
            result.diagnostics += src.diagnostics
            clean = False
        if src.data is None and src.diagnostics:
            _salvage_ids(compiler, src)
            continue
        if is_ledger(src):
            ledgers.append(src)
            digest.update(named + b"\0" + src.text.encode())
            continue
        problems = [(p, d) for p, d in schema.validate(src) if p not in src.refused]
        result.diagnostics += [d for _, d in problems]
        clean = clean and not problems
        if not isinstance(src.data, dict):
            _salvage_ids(compiler, src)
            continue
        digest.update(named + b"\0" + repr(src.data).encode())
        # A value refused for its tag is None now: its diagnostic is already out, but the
        # compiler must not build from it, any more than from a value the schema faulted.
        bad = [path[:2] for path, _ in problems] + [path[:2] for path in src.refused]
        compiler.add(src, bad)
        if problems or src.refused:
            misshapen.add(id(src))
    if not files and not problems:
        where = ", ".join(display_path(p) for p in paths)
        result.diagnostics.append(Diagnostic(where, 1, 1, ERROR, "no scene files (*.yaml) found here", "E000"))
        return result
    result.diagnostics += checks.check(compiler, result.files[0] if result.files else None, complete=clean)
    if facts:
        result.diagnostics += _facts(result, compiler, ledgers, misshapen)
    result.diagnostics.sort(key=lambda d: (d.file, d.line, d.col))
    if clean and compiler.header is not None and not result.errors:
        result.story = compiler.story()
        result.story.fingerprint = digest.hexdigest()[:16]
    return result


def _story_path(path: Path, roots: list[Path]) -> str:
    """*path* as named inside the story folder it was found in (its own name when given alone).

    Not the displayed path, which is relative to the working directory: saves carry the
    story's fingerprint, and a game run from another folder is still the same story."""
    for root in roots:
        if root.is_dir():
            try:
                return path.relative_to(root).as_posix()
            except ValueError:
                continue
    return path.name


def _facts(result: LoadResult, compiler: Compiler, ledgers: list[Source], misshapen: set[int]) -> list[Diagnostic]:
    """Scene texts checked against the fact ledger (game/facts), and the facts each scene states.

    Files the schema faulted are left out: the fact checks trust the schema's shapes (a list
    of scenes, a list of ids in 'cast'), and a broken file has its own diagnostics to fix first."""
    from ..facts.story import story_facts

    scenes = [s for s in result.sources if not any(s is led for led in ledgers) and isinstance(s.data, dict)
              and id(s) not in misshapen]
    start = compiler.header.get("start") if isinstance(compiler.header, dict) else None
    result.facts = story_facts(ledgers, scenes, start)
    compiler.add_facts(result.facts.views(), result.facts.stated)
    return result.facts.diagnostics


# The indent is " *" then an optional "- *": two runs of spaces that could both match the
# same spaces would backtrack quadratically on a long line of them (a file refused as too deep).
_ID_LINE = re.compile(r"^( *(?:- *)?)id:\s*['\"]?([a-z0-9]+(?:-[a-z0-9]+)*)['\"]?\s*(?:#.*)?$", re.M)


def _salvage_ids(compiler: Compiler, src: Source) -> None:
    """Ids that a file we could not parse seems to define, so references to them are not
    reported as unknown too: the syntax error is the one problem to fix."""
    seen: set[str] = set()
    for m in _ID_LINE.finditer(src.text):
        if m.group(2) in seen:
            continue  # a broken file is not also a file of duplicate ids: its one problem is the break
        seen.add(m.group(2))
        line = src.text.count("\n", 0, m.start()) + 1
        path = ("<salvaged>", line)
        src.marks[path] = (line, len(m.group(1)) + 1)
        compiler.index.define("salvaged", m.group(2), Place(src, path))
