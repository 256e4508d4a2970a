"""What loading a story gives (:class:`LoadResult`) and which files it reads (:func:`find_files`).

Apart from the loader (game/content/loader.py) so that what only needs these, the
cache's warm path above all (game/content/cache.py), imports neither PyYAML nor the
schema nor the fact checks: a game started on an unchanged story never needs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import ERROR, Diagnostic, display_path

if TYPE_CHECKING:
    from ..engine.story import Story
    from .yaml_source import Source

SCENE_SUFFIXES = (".yaml", ".yml")


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
    """Scene files under *paths* (folders are searched recursively), in a stable order."""
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            for p in sorted(path.rglob("*")):
                if p.suffix not in SCENE_SUFFIXES or not p.is_file():
                    continue
                if any(part.startswith(".") for part in p.relative_to(path).parts):
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
            problems.append(Diagnostic(display_path(path), 1, 1, ERROR, "no such file or folder", "E000"))
    return found, problems

