"""The line and column of a character inside a YAML string value.

:class:`~game.content.yaml_source.Source` knows where each value starts (for a
block scalar ``|``, at the indicator). A mention inside prose needs the exact
place of its first character, so the file is composed again and each string's
characters are aligned with the file's text: indentation, folded line breaks,
quotes and escapes are skipped; every other character of the value appears in
the file in order.
"""

from __future__ import annotations

from array import array
from typing import Any

import yaml

try:  # the C composer, as yaml_source uses
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[Any, ...]

_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
            "P": "\u2029"}
_HEX = {"x": 2, "u": 4, "U": 8}


class ScalarMap:
    """Where each string value of one YAML file lies in the file's text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._scalars: dict[Path_, yaml.ScalarNode] | None = None  # composed at the first question
        self._cache: dict[Path_, array] = {}

    @property
    def scalars(self) -> dict[Path_, yaml.ScalarNode]:
        """Each string's node by path. Only a file with a problem to place is composed again."""
        if self._scalars is None:
            self._scalars = {}
            try:
                root = yaml.compose(self.text, Loader=_Loader)
            except yaml.YAMLError:
                root = None
            if root is not None:
                self._walk(root, ())
        return self._scalars

    def _walk(self, node: yaml.Node, path: Path_) -> None:
        if isinstance(node, yaml.ScalarNode):
            self._scalars[path] = node  # type: ignore[index]
        elif isinstance(node, yaml.SequenceNode):
            for i, child in enumerate(node.value):
                self._walk(child, path + (i,))
        elif isinstance(node, yaml.MappingNode):
            for key, child in node.value:
                if isinstance(key, yaml.ScalarNode):
                    self._walk(child, path + (key.value,))

    def position(self, path: Path_, offset: int) -> tuple[int, int] | None:
        """Line and column (from 1) of character *offset* of the string at *path*."""
        node = self.scalars.get(tuple(path))
        if node is None:
            return None
        where = self._cache.get(tuple(path))
        if where is None:
            where = self._cache[tuple(path)] = self._align(node)
        index = where[offset] if offset < len(where) else (where[-1] + 1 if where else node.start_mark.index)
        line = self.text.count("\n", 0, index) + 1
        return line, index - (self.text.rfind("\n", 0, index) + 1) + 1

    def _align(self, node: yaml.ScalarNode) -> array:
        """For each character of the scalar's value, its index in the file. Kept in arrays, not lists
        of tuples: a scalar can be two million characters long."""
        value = node.value
        chars, where = self._stream(node)
        n, fallback = len(chars), node.end_mark.index
        out = array("q")
        j = 0
        for ch in value:
            if ch.isspace():
                # Folding and indentation change whitespace; point at the next source character.
                out.append(where[j] if j < n else fallback)
                if j < n and chars[j] == ch:
                    j += 1
                continue
            if j < n and chars[j] != ch:
                found = chars.find(ch, j)
                j = n if found < 0 else found
            out.append(where[j] if j < n else fallback)
            j += 1
        return out

    def _stream(self, node: yaml.ScalarNode) -> tuple[str, array]:
        """The characters the scalar's source text stands for, and each one's index in the file."""
        text, start, end = self.text, node.start_mark.index, node.end_mark.index
        style = node.style
        if style in ("|", ">"):
            nl = text.find("\n", start, end)
            start = end if nl < 0 else nl + 1
        elif style in ('"', "'"):
            start, end = start + 1, end - 1
        chars: list[str] = []
        where = array("q")
        i = start
        while i < end:
            ch = text[i]
            if style == '"' and ch == "\\" and i + 1 < end:
                code = text[i + 1]
                if code in _HEX:
                    width = _HEX[code]
                    try:
                        chars.append(chr(int(text[i + 2:i + 2 + width], 16)))
                        where.append(i)
                    except ValueError:
                        chars.append(ch)
                        where.append(i)
                    i += 2 + width
                    continue
                if code in _ESCAPES:
                    chars.append(_ESCAPES[code])
                    where.append(i)
                    i += 2
                    continue
                i += 1  # an escaped line break: the break is dropped
                continue
            if style == "'" and ch == "'" and i + 1 < end and text[i + 1] == "'":
                chars.append("'")
                where.append(i)
                i += 2
                continue
            chars.append(ch)
            where.append(i)
            i += 1
        return "".join(chars), where
