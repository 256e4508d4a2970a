"""Read an author's YAML file into plain values, keeping where each value came from.

PyYAML's own constructors lose positions, silently keep the last of two duplicate
keys, and (in the pure-Python loader) overflow the stack on deep nesting. So we let
the C composer build the node graph and construct the values ourselves: positions
for every key and value, duplicate keys reported, only the plain YAML tags accepted,
and a budget on depth and size so alias bombs stop at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import ERROR, Diagnostic

try:  # The C composer is several times faster; wheels ship it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - only on builds without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

MAX_BYTES = 2_000_000
MAX_DEPTH = 64
MAX_NODES = 200_000

_T = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_T + "str", _T + "int", _T + "float", _T + "bool", _T + "null", _T + "timestamp"}
_scalar_constructor = yaml.constructor.SafeConstructor()

# PyYAML's wording for the slips authors make most, with what to do about them.
_HINTS = {
    "mapping values are not allowed here": "; put quotes around a text that contains ': '",
    "mapping values are not allowed in this context": "; put quotes around a text that contains ': '",
    "found unexpected end of stream": "; a quote or bracket is not closed",
}


@dataclass
class Source:
    """A loaded YAML file: its values, and the position of each value and key."""

    file: str
    data: Any = None
    # path -> (line, col) of the value at that path; key_marks: of the key naming it.
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str = ""  # the decoded file, for checks that read it again (ids in a broken file)
    refused: set[Path_] = field(default_factory=set)  # values dropped for a bad tag: no second complaint

    def at(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """The best known position for *path*: its own, else its nearest ancestor's."""
        table = self.key_marks if key else self.marks
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get((), (1, 1))

    def error(self, path: Path_, message: str, code: str = "", key: bool = False) -> Diagnostic:
        """Build (not record) a diagnostic at *path*."""
        line, col = self.at(path, key=key)
        return Diagnostic(self.file, line, col, ERROR, message, code)


class _Abort(Exception):
    """Raised inside construction when going on would only produce noise or blow up."""


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _decode(raw: bytes, src: Source) -> str | None:
    if len(raw) > MAX_BYTES:
        src.diagnostics.append(
            Diagnostic(src.file, 1, 1, ERROR,
                       f"file is {len(raw):,} bytes; scene files may be at most {MAX_BYTES:,} bytes "
                       "(split it into several files)", "E001"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        src.diagnostics.append(
            Diagnostic(src.file, line, col, ERROR,
                       f"byte 0x{raw[exc.start]:02x} is not valid UTF-8 (save the file as UTF-8)", "E002"))
        return None
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        src.diagnostics.append(
            Diagnostic(src.file, line, col, ERROR, "NUL character in file (is this a text file?)", "E002"))
        return None
    return text


def _indent_tab(text: str, src: Source) -> bool:
    """YAML forbids tabs in indentation; PyYAML's message for it is cryptic, ours says what to do."""
    for n, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            col = len(line) - len(stripped) + 1
            src.diagnostics.append(
                Diagnostic(src.file, n, col, ERROR,
                           "tab character in indentation (YAML indents with spaces only)", "E003"))
            return True
    return False


_FLOW_TOKEN = re.compile(r"""[\[\]{}]|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|#[^\n]*""")
_DEEP_INDENT = re.compile(r"^ {%d,}\S" % (2 * MAX_DEPTH), re.M)
# Dashes that open nested block sequences: at a line start, not a comment ruler (# -----).
_DASHES = re.compile(r"^ *(?:- +){%d,}" % MAX_DEPTH, re.M)


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where nesting passes MAX_DEPTH, found in linear time before the C parser sees the text:
    libyaml's composer recurses without limit (a segfault at ~100,000 levels) and its
    scanner slows down quadratically with very deep indentation."""
    def position(offset: int) -> tuple[int, int]:
        line_start = text.rfind("\n", 0, offset) + 1
        return text.count("\n", 0, offset) + 1, offset - line_start + 1

    if text.count("[") + text.count("{") > MAX_DEPTH:
        depth = 0
        for m in _FLOW_TOKEN.finditer(text):
            tok = m.group()
            if tok in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return position(m.start())
            elif tok in "]}":
                depth = max(0, depth - 1)
    m = _DEEP_INDENT.search(text)
    if m:
        return position(m.end() - 1)
    m = _DASHES.search(text)
    if m:
        dashes = [i for i, c in enumerate(m.group()) if c == "-"]
        return position(m.start() + dashes[MAX_DEPTH - 1])
    return None


def load_text(text: str, file: str) -> Source:
    """Parse YAML *text* (already decoded) as the file *file*."""
    src = Source(file, text=text)
    if _indent_tab(text, src):
        return src
    deep = _too_deep(text)
    if deep:
        src.diagnostics.append(Diagnostic(file, *deep, ERROR,
                                          f"nesting is too deep (at most {MAX_DEPTH} levels)", "E005"))
        return src
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = ""
        if exc.context and exc.context_mark and exc.problem_mark:
            cl, cc = _pos(exc.context_mark)
            context = f" ({exc.context.replace('while parsing', 'in')} that starts at line {cl}, column {cc})"
        elif exc.context:
            context = f" {exc.context}"
        hint = _HINTS.get(problem, "")
        src.diagnostics.append(Diagnostic(file, line, col, ERROR, f"YAML syntax: {problem}{context}{hint}", "E004"))
        return src
    except yaml.YAMLError as exc:  # e.g. reader errors without a mark
        src.diagnostics.append(Diagnostic(file, 1, 1, ERROR, f"YAML: {exc}", "E004"))
        return src
    except RecursionError:
        src.diagnostics.append(Diagnostic(file, 1, 1, ERROR,
                                          f"nesting is too deep (at most {MAX_DEPTH} levels)", "E005"))
        return src
    if node is None:
        src.data = None
        return src
    budget = [MAX_NODES]
    try:
        src.data = _build(node, (), 0, src, budget)
    except _Abort:
        src.data = None
    return src


def load_file(path: str | Path, display: str | None = None) -> Source:
    """Read and parse a YAML file; every problem becomes a diagnostic, never an exception."""
    file = display or str(path)
    src = Source(file)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        src.diagnostics.append(Diagnostic(file, 1, 1, ERROR, f"cannot read file: {exc.strerror}", "E000"))
        return src
    text = _decode(raw, src)
    if text is None:
        if len(raw) <= MAX_BYTES:  # kept only so the loader can still see which ids the file defines
            src.text = raw.decode("utf-8", errors="replace")
        return src
    return load_text(text, file)


def _build(node: yaml.Node, path: Path_, depth: int, src: Source, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        src.diagnostics.append(src.error(path, f"document expands to more than {MAX_NODES:,} values "
                                              "(too many aliases?)", "E005"))
        raise _Abort
    if depth > MAX_DEPTH:
        line, col = _pos(node.start_mark)
        src.diagnostics.append(Diagnostic(src.file, line, col, ERROR,
                                          f"nesting is too deep (at most {MAX_DEPTH} levels)", "E005"))
        raise _Abort
    src.marks[path] = _pos(node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            return _bad_tag(node, path, src)
        if node.tag == _T + "timestamp":
            # Dates and times stay strings: the schema and the mission clock parse them.
            return node.value
        return _scalar_constructor.construct_object(node)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _T + "seq":
            return _bad_tag(node, path, src)
        return [_build(item, path + (i,), depth + 1, src, budget) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        if node.tag != _T + "map":
            return _bad_tag(node, path, src)
        result: dict[Any, Any] = {}
        first_seen: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            kpos = _pos(key_node.start_mark)
            if key_node.tag == _T + "merge":
                src.diagnostics.append(Diagnostic(src.file, *kpos, ERROR,
                                                  "merge keys (<<) are not supported in scene files; "
                                                  "write the keys out", "E006"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                src.diagnostics.append(Diagnostic(src.file, *kpos, ERROR,
                                                  "a mapping key must be a plain word, not a list or mapping",
                                                  "E006"))
                continue
            key = _build(key_node, path + ("<key>",), depth + 1, src, budget)
            if not isinstance(key, (str, int, bool)) and key is not None:
                key = str(key)
            if key in first_seen:
                line, col = first_seen[key]
                src.diagnostics.append(Diagnostic(
                    src.file, *kpos, ERROR,
                    f"duplicate key '{key}' (first defined at line {line}, column {col}); "
                    "remove one of them", "E007"))
                continue
            first_seen[key] = kpos
            child = path + (key,)
            src.key_marks[child] = kpos
            result[key] = _build(value_node, child, depth + 1, src, budget)
        src.marks.pop(path + ("<key>",), None)
        return result
    return _bad_tag(node, path, src)  # pragma: no cover - composer yields only the three kinds


def _bad_tag(node: yaml.Node, path: Path_, src: Source) -> None:
    tag = node.tag
    shown = "!!" + tag[len(_T):] if tag.startswith(_T) else tag
    src.refused.add(path)
    src.diagnostics.append(src.error(path, f"tag '{shown}' is not allowed in scene files "
                                           "(only plain strings, numbers, booleans, lists and mappings)",
                                     "E008"))
    return None
