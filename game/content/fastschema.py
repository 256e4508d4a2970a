"""A quick yes-or-"ask jsonschema" check of a document against one of our JSON Schemas.

jsonschema finds every violation with its path, which ``challenge check`` turns into
messages; it is also the slowest import and the slowest step on the check path.
Almost every file an author saves is valid, so a compiled predicate answers first:
``True`` means jsonschema would find no error; ``False`` means "not sure", and
jsonschema runs as before, so the diagnostics are exactly the same.

Only the keywords our schemas use are compiled. Where Python and JSON Schema could
disagree (a float that is a whole number, a key that is not a string, an enum of
numbers) the predicate answers ``False`` and leaves the verdict to jsonschema. A
schema with any other keyword does not compile (:class:`Unsupported`), and then
jsonschema checks every file.
"""

from __future__ import annotations

import re
from typing import Any, Callable

Check = Callable[[Any], bool]

# Words that only describe: they never make a document invalid.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default", "examples"})
_TYPES: dict[str, Check] = {
    "object": lambda x: type(x) is dict,
    "array": lambda x: type(x) is list,
    "string": lambda x: type(x) is str,
    # JSON Schema counts 1.0 as an integer and True as no number; Python disagrees on both,
    # so only plain ints (and floats for "number") are vouched for here.
    "integer": lambda x: type(x) is int,
    "number": lambda x: type(x) is int or type(x) is float,
    "boolean": lambda x: type(x) is bool,
    "null": lambda x: x is None,
}


class Unsupported(Exception):
    """The schema uses a keyword (or form of one) this compiler does not handle."""


def _true(x: Any) -> bool:
    return True


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def ref(self, target: str) -> Check:
        if not target.startswith("#/$defs/") or "/" in target[len("#/$defs/"):]:
            raise Unsupported(f"$ref {target}")
        if target not in self.refs:
            name = target[len("#/$defs/"):]
            if name not in self.root.get("$defs", {}):
                raise Unsupported(f"$ref {target}")
            slot: list[Check] = []
            self.refs[target] = lambda x: slot[0](x)  # a definition may refer to itself
            slot.append(self.compile(self.root["$defs"][name]))
        return self.refs[target]

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return _true
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r}")
        checks: list[Check] = []
        unknown = set(schema) - _ANNOTATIONS - {"$defs"} - set(_KEYWORDS)
        if unknown:
            raise Unsupported(", ".join(sorted(unknown)))
        if "if" in schema:
            checks.append(self._if_then_else(schema))
        for key in _KEYWORDS:
            if key in schema and key not in ("if", "then", "else"):
                checks.append(_KEYWORDS[key](self, schema[key], schema))
        checks = [c for c in checks if c is not _true]
        if not checks:
            return _true
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:
            a, b = checks
            return lambda x: a(x) and b(x)
        return lambda x: all(c(x) for c in checks)

    def _if_then_else(self, schema: dict[str, Any]) -> Check:
        cond = schema["if"]
        # The condition's False must be a real "invalid", not a "not sure", or the wrong
        # branch would be taken: only a list of required keys is allowed there.
        if not (isinstance(cond, dict) and set(cond) <= {"required"}):
            raise Unsupported("if")
        keys = tuple(cond.get("required", ()))
        then = self.compile(schema.get("then", True))
        else_ = self.compile(schema.get("else", True))
        return lambda x: (then(x) if type(x) is not dict or all(k in x for k in keys) else else_(x))


def _type(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    names = value if isinstance(value, list) else [value]
    try:
        tests = [_TYPES[n] for n in names]
    except KeyError as exc:
        raise Unsupported(f"type {exc}") from None
    if len(tests) == 1:
        return tests[0]
    return lambda x: any(t(x) for t in tests)


def _objects(check: Callable[[dict], bool]) -> Check:
    """A keyword about mappings: other values pass it, but a key that is not a string is
    a case for jsonschema (JSON has only string keys; YAML does not)."""
    return lambda x: type(x) is not dict or (all(type(k) is str for k in x) and check(x))


def _properties(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    props = [(k, c.compile(v)) for k, v in value.items()]
    props = [(k, f) for k, f in props if f is not _true]

    def check(x: dict) -> bool:
        for k, f in props:
            if k in x and not f(x[k]):
                return False
        return True
    return _objects(check)


def _additional(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    known = frozenset(schema.get("properties", {}))
    if "patternProperties" in schema:
        raise Unsupported("patternProperties")
    if value is False:
        return _objects(lambda x: known.issuperset(x))
    f = c.compile(value)
    return _objects(lambda x: all(f(v) for k, v in x.items() if k not in known))


def _required(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    keys = tuple(value)
    return lambda x: type(x) is not dict or all(k in x for k in keys)


def _min_properties(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    return lambda x: type(x) is not dict or len(x) >= value


def _max_properties(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    return lambda x: type(x) is not dict or len(x) <= value


def _property_names(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    f = c.compile(value)
    return _objects(lambda x: all(f(k) for k in x))


def _items(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    if not isinstance(value, dict):
        raise Unsupported("items as a list")
    f = c.compile(value)
    return lambda x: type(x) is not list or all(f(v) for v in x)


def _min_items(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    return lambda x: type(x) is not list or len(x) >= value


def _pattern(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    search = re.compile(value).search  # JSON Schema patterns are unanchored, as re.search is
    return lambda x: type(x) is not str or search(x) is not None


def _min_length(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    return lambda x: type(x) is not str or len(x) >= value  # both count code points


def _enum(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    if not all(type(v) is str for v in value):
        raise Unsupported("enum of non-strings")  # JSON equality (1 == 1.0, true != 1) differs from Python's
    options = frozenset(value)
    return lambda x: type(x) is str and x in options


def _minimum(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    return lambda x: (type(x) is not int and type(x) is not float) or x >= value  # bool is no number


def _maximum(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    return lambda x: (type(x) is not int and type(x) is not float) or x <= value


def _any_of(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    options = [c.compile(v) for v in value]
    return lambda x: any(f(x) for f in options)


def _ref(c: _Compiler, value: Any, schema: dict[str, Any]) -> Check:
    return c.ref(value)


_KEYWORDS: dict[str, Callable[[_Compiler, Any, dict[str, Any]], Check]] = {
    "type": _type, "enum": _enum, "required": _required, "additionalProperties": _additional,
    "properties": _properties, "minProperties": _min_properties, "maxProperties": _max_properties,
    "propertyNames": _property_names, "items": _items, "minItems": _min_items, "pattern": _pattern,
    "minLength": _min_length, "minimum": _minimum, "maximum": _maximum, "anyOf": _any_of, "$ref": _ref,
    "if": None, "then": None, "else": None,  # type: ignore[dict-item]  # compiled together, above
}


def compile_schema(schema: dict[str, Any]) -> Check:
    """A predicate: True when *schema* surely accepts the document, False when jsonschema must look."""
    return _Compiler(schema).compile(schema)
