"""Diagnostics: one problem found in an author's file, reported gcc style.

Every checker (YAML, schema, references, story graph, facts) produces these, so
the CLI, the JSON output and the Textual game all show problems the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem at a place in a file. Lines and columns count from 1."""

    file: str
    line: int
    col: int
    severity: str
    message: str
    code: str = field(default="", compare=False)

    def format(self) -> str:
        """The gcc-style line: ``file:line:col: severity: message``."""
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def to_json(self) -> dict[str, object]:
        """A plain dict for ``--format json``."""
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def display_path(path: str | Path) -> str:
    """A path as the author would type it: relative to the working directory when inside it."""
    import os

    p = Path(path)
    try:  # abspath, not resolve: a linked file is named as the author sees it, not by its target
        return str(Path(os.path.abspath(p)).relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(p)


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    """The closing line of ``challenge check``."""
    errors = sum(1 for d in diagnostics if d.severity == ERROR)
    warnings = sum(1 for d in diagnostics if d.severity == WARNING)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"


def did_you_mean(word: str, candidates: object) -> str:
    """`` (did you mean 'x'?)`` when a candidate is close to *word*, else ``''``."""
    import difflib

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)  # type: ignore[arg-type]
    return f" (did you mean '{close[0]}'?)" if close else ""
