"""Diagnostics: one problem found in an author's file, reported gcc style.

Every checker (YAML, schema, references, story graph, facts) produces these, so
the CLI, the JSON output and the Textual game all show problems the same way.
"""

from __future__ import annotations

from functools import total_ordering

from ..value import FrozenValue

ERROR = "error"
WARNING = "warning"


@total_ordering
class Diagnostic(FrozenValue):
    """A problem at a place in a file. Lines and columns count from 1.

    Diagnostics sort by file, line, column, severity and message; the code is not compared, as it
    names the kind of problem the message already states."""

    __slots__ = ("file", "line", "col", "severity", "message", "code")

    def __init__(self, file: str, line: int, col: int, severity: str, message: str, code: str = "") -> None:
        self.file = file
        self.line = line
        self.col = col
        self.severity = severity
        self.message = message
        self.code = code

    def _compared(self) -> tuple:
        return self.file, self.line, self.col, self.severity, self.message

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()  # type: ignore[attr-defined]

    def __lt__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() < other._compared()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._compared())

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
