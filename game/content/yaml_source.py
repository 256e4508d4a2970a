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
from ..files import NotRead
from .result import MAX_SCENE_BYTES, read_scene

try:  # The C composer is several times faster; wheels ship it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - only on builds without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

MAX_DEPTH = 64
# Values in one file, aliases expanded. The largest real file (the fact ledger) holds under 4,000;
# PyYAML spends ~10 µs and ~300 bytes composing each node, so this also bounds time and memory.
MAX_NODES = 50_000

_T = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_T + "str", _T + "int", _T + "float", _T + "bool", _T + "null", _T + "timestamp"}
_scalar_constructor = yaml.constructor.SafeConstructor()
# Scalar values straight from the constructor's functions: its construct_object() would keep
# every node it ever saw (a cache that is only cleared per document), and is slower.
_SCALARS = {
    _T + "str": lambda node: node.value,
    _T + "timestamp": lambda node: node.value,  # dates and times stay strings: the schema and clock parse them
    _T + "int": lambda node: _scalar_constructor.construct_yaml_int(node),
    _T + "float": lambda node: _scalar_constructor.construct_yaml_float(node),
    _T + "bool": lambda node: _scalar_constructor.construct_yaml_bool(node),
    _T + "null": lambda node: None,
}


class _Composer(_Loader):  # type: ignore[misc,valid-type]
    """The C loader with the resolver's per-node Python trimmed: the same tags, found faster.

    libyaml calls back into Python for every node: to resolve a plain scalar's tag, and to
    track the path for path resolvers, which the safe loader never registers.
    """

    _first = frozenset(k for k in _Loader.yaml_implicit_resolvers if k)  # chars that may start a non-string
    _wild = None in _Loader.yaml_implicit_resolvers or bool(_Loader.yaml_path_resolvers)

    _seen: dict[str, str] = {}  # plain scalar -> tag, for the short values a story repeats (keys, ids, flags)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is not yaml.ScalarNode or self._wild:
            return super().resolve(kind, value, implicit)
        # Quoted, or plain text that no implicit resolver could match: a string, as the base class says.
        if not implicit[0] or (value and value[0] not in self._first):
            return self.DEFAULT_SCALAR_TAG
        tag = self._seen.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(value) <= 64:
                if len(self._seen) > 50_000:
                    self._seen.clear()
                self._seen[value] = tag
        return tag

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

# PyYAML's wording for the slips authors make most, with what to do about them.
_HINTS = {
    "mapping values are not allowed here": "; put quotes around a text that contains ': '",
    "mapping values are not allowed in this context": "; put quotes around a text that contains ': '",
    "found unexpected end of stream": "; a quote or bracket is not closed",
    "could not find expected ':'": "; a key needs a ':' after it on the same line, within 1,024 characters",
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
    # Read by the fast path, which keeps no positions: the text is composed again for them when
    # a diagnostic first asks (a clean file never does).
    lazy: bool = field(default=False, repr=False, compare=False)

    def at(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """The best known position for *path*: its own, else its nearest ancestor's."""
        if self.lazy:
            self._find_marks()
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

    def _find_marks(self) -> None:
        """The positions the fast path skipped, from the same text: the file parsed cleanly
        then, so building it again only records where each value and key is."""
        self.lazy = False
        node = yaml.compose(self.text, Loader=_Composer)
        if node is not None:
            _build(node, (), 0, self, [MAX_NODES])


class _Abort(Exception):
    """Raised inside construction when going on would only produce noise or blow up."""


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _too_large(file: str, size: int) -> Diagnostic:
    return Diagnostic(file, 1, 1, ERROR, f"file is {size:,} bytes; scene files may be at most {MAX_SCENE_BYTES:,} bytes "
                      "(split it into several files)", "E001")


def _decode(raw: bytes, src: Source) -> str | None:
    if len(raw) > MAX_SCENE_BYTES:
        src.diagnostics.append(_too_large(src.file, len(raw)))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        src.diagnostics.append(Diagnostic(src.file, 1, 1, ERROR, "the file is UTF-32; save it as UTF-8", "E002"))
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        src.diagnostics.append(Diagnostic(src.file, 1, 1, ERROR, "the file is UTF-16; save it as UTF-8", "E002"))
        return None
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
    m = _TAB_INDENT.search(text) if "\t" in text else None
    if m:
        line_start = text.rfind("\n", 0, m.start()) + 1
        src.diagnostics.append(
            Diagnostic(src.file, text.count("\n", 0, m.start()) + 1, m.end() - line_start, ERROR,
                       "tab character in indentation (YAML indents with spaces only)", "E003"))
        return True
    return False


_TAB_INDENT = re.compile(r"^ *\t", re.M)  # a line whose indentation (spaces) ends at a tab


# Nesting past MAX_DEPTH (but not by much) is reported while the values are built (_build); the
# C composer is only in danger far deeper (it recurses: a segfault past ~20,000 levels, and its
# scanner slows down quadratically with deep indentation). In block context a node sits no
# shallower than its column (every level indents, or adds a '- ', '? ' or ': ' on its line), and
# each flow bracket adds one level: so a file with few brackets and no long run of those
# characters at a line start cannot be that deep, and only the others are parsed to find out.
_DANGER = 1_000
_LONG_LINE_START = re.compile("^[ \t?:-]{%d,}" % (_DANGER // 2), re.M)


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where nesting passes MAX_DEPTH in a file that could be nested deep enough to hurt, found
    before any node is composed, from the parser's events: they carry no recursion, and are read
    only up to the first level too many."""
    if text.count("[") + text.count("{") < _DANGER // 2 and not _LONG_LINE_START.search(text):
        return None
    depth = -1  # the document's own collection is level 0, as _build counts
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return _pos(event.start_mark)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass  # a syntax error before any deep part: composing stops at it too, and says what it is
    return None


_SEPARATORS = (":", ",", "-", "[", "{", "?", "\n")


def _crowded(text: str) -> tuple[int, int] | None:
    """Where the file passes MAX_NODES values, found from the C parser's events before any node
    is composed: events cost a fifth of nodes, so a 2 MB file of short values is refused in a
    tenth of a second instead of composed in ten seconds and 350 MB. Every node but the first
    follows one of _SEPARATORS, and none brings more than two (a key and its empty value), so
    most files are cleared by counting characters (aliases are counted as they expand, in _build)."""
    if len(text) <= MAX_NODES or 2 * sum(map(text.count, _SEPARATORS)) + 2 <= MAX_NODES:
        return None
    count = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.NodeEvent):
            count += 1
            if count > MAX_NODES:
                return _pos(event.start_mark)
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
        crowded = _crowded(text)  # a syntax error found here is reported as compose's would be
        if crowded:
            src.diagnostics.append(Diagnostic(file, *crowded, ERROR, f"the file holds more than {MAX_NODES:,} "
                                              "values; split it into several files", "E001"))
            return src
        node = yaml.compose(text, Loader=_Composer)
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
        if problem == "but found another document":
            problem, context, hint = "a second document starts here", "", "; a scene file holds one (remove the '---')"
        src.diagnostics.append(Diagnostic(file, line, col, ERROR, f"YAML syntax: {problem}{context}{hint}", "E004"))
        return src
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; its offset counts bytes
        at = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line, col = (text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1) if at >= 0 else (1, 1)
        src.diagnostics.append(Diagnostic(file, line, col, ERROR, f"character U+{exc.character:04X} is not allowed "
                                          "in a YAML file (an invisible control character: delete it)", "E002"))
        return src
    except yaml.YAMLError as exc:  # anything else without a mark
        src.diagnostics.append(Diagnostic(file, 1, 1, ERROR, f"YAML: {exc}".replace("\n", " "), "E004"))
        return src
    except RecursionError:
        src.diagnostics.append(Diagnostic(file, 1, 1, ERROR,
                                          f"nesting is too deep (at most {MAX_DEPTH} levels)", "E005"))
        return src
    if node is None:
        src.data = None
        return src
    if "&" not in text:  # no anchor, so no alias: each node is built once, as the fast path assumes
        try:
            src.data = _fast(node, 0, [MAX_NODES])
            src.lazy = True
            return src
        except (_Unusual, ValueError, KeyError):
            pass  # duplicate keys, odd tags, too big or deep, huge numbers: the full build says what is wrong
    budget = [MAX_NODES]
    try:
        src.data = _build(node, (), 0, src, budget)
    except _Abort:
        src.data = None
    return src


def load_file(path: str | Path, display: str | None = None, raw: bytes | None = None) -> Source:
    """Read and parse a YAML file; every problem becomes a diagnostic, never an exception.
    *raw*: the file's bytes, when the caller has read them already. A file too large, or not a
    regular file (a FIFO, a device), is refused before it is read (game/content/result.py)."""
    file = display or str(path)
    src = Source(file)
    if raw is None:
        try:
            raw = read_scene(path)
        except NotRead as exc:
            src.diagnostics.append(_too_large(file, exc.size) if exc.size is not None
                                   else Diagnostic(file, 1, 1, ERROR, exc.reason, "E010"))
            return src
        except OSError as exc:
            src.diagnostics.append(Diagnostic(file, 1, 1, ERROR, f"cannot read file: {exc.strerror}", "E000"))
            return src
    text = _decode(raw, src)
    if text is None:
        if len(raw) <= MAX_SCENE_BYTES:  # kept only so the loader can still see which ids the file defines
            codec = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
            src.text = raw.decode(codec, errors="replace")
        return src
    return load_text(text, file)


class _Unusual(Exception):
    """The fast path met something only the full build reports properly."""


_STR, _SEQ, _MAP = _T + "str", _T + "seq", _T + "map"


def _fast(node: yaml.Node, depth: int, budget: list[int]) -> Any:
    """The values of a clean document, without positions; raises _Unusual at anything the full
    build would report (duplicate keys, tags, merge keys, complex keys, size, depth)."""
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise _Unusual
    cls = node.__class__
    if cls is yaml.ScalarNode:
        make = _SCALARS.get(node.tag)
        if make is None:
            raise _Unusual
        return make(node)
    if cls is yaml.MappingNode:
        if node.tag != _MAP:
            raise _Unusual
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            budget[0] -= 1
            if key_node.__class__ is not yaml.ScalarNode:
                raise _Unusual
            if key_node.tag == _STR:
                key = key_node.value
            else:
                make = _SCALARS.get(key_node.tag)
                if make is None:
                    raise _Unusual
                key = make(key_node)
                if not isinstance(key, (str, int, bool)) and key is not None:
                    key = str(key)
            out[key] = _fast(value_node, depth + 1, budget)
        if len(out) != len(node.value):
            raise _Unusual  # a duplicate key
        return out
    if cls is yaml.SequenceNode:
        if node.tag != _SEQ:
            raise _Unusual
        depth += 1
        return [_fast(item, depth, budget) for item in node.value]
    raise _Unusual


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
        try:
            return _SCALARS[node.tag](node)  # dates and times stay strings (see _SCALARS)
        except (ValueError, KeyError):  # an explicit !!int, !!float or !!bool on what is none
            src.refused.add(path)
            src.diagnostics.append(src.error(path, _unreadable(node), "E008"))
            return None
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _T + "seq":
            _bad_tag(node, path, src)  # reported; read as a plain list, so the ids in it still count
        return [_build(item, path + (i,), depth + 1, src, budget) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        if node.tag != _T + "map":
            _bad_tag(node, path, src)  # reported; read as a plain mapping, so the ids in it still count
        result: dict[Any, Any] = {}
        first_seen: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            kpos = _pos(key_node.start_mark)
            if key_node.tag == _T + "merge":
                src.diagnostics.append(Diagnostic(src.file, *kpos, ERROR,
                                                  "merge keys (<<) are not supported in scene files; "
                                                  "write the keys out", "E006"))
                src.refused.add(path)  # the keys it would have brought are missing: that is this same problem
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                src.diagnostics.append(Diagnostic(src.file, *kpos, ERROR,
                                                  "a mapping key must be a plain word, not a list or mapping",
                                                  "E006"))
                src.refused.add(path)  # what this mapping then lacks (or its emptiness) is this same problem
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


def _unreadable(node: yaml.ScalarNode) -> str:
    """Why a scalar its tag cannot read was refused: a tag that claims too much (!!bool maybe), or
    an integer longer than Python reads (4,300 digits)."""
    shown = "!!" + node.tag[len(_T):]
    value = node.value if len(node.value) <= 40 else node.value[:40] + "..."
    if node.tag == _T + "bool":
        return f"'{value}' is not true or false (the tag {shown} says it is; remove the tag or the value)"
    if node.value.lstrip("+-").isdigit():
        return "this number is too long to read (put text in quotes)"
    return f"'{value}' is not a number (the tag {shown} says it is; remove the tag or the value)"


def _bad_tag(node: yaml.Node, path: Path_, src: Source) -> None:
    tag = node.tag
    shown = "!!" + tag[len(_T):] if tag.startswith(_T) else tag
    src.refused.add(path)
    src.diagnostics.append(src.error(path, f"tag '{shown}' is not allowed in scene files "
                                           "(only plain strings, numbers, booleans, lists and mappings)",
                                     "E008"))
    return None
