"""Validate a scene file against the published JSON Schema, in the author's words.

The schema file is the single source of truth for the format: editors use it for
completion, and this module uses it for ``challenge check``. jsonschema finds the
violations; here we only translate each into a message that names the key, says
what was expected and, where it can, suggests the fix.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from .diagnostics import Diagnostic, did_you_mean
from .yaml_source import Source

SCHEMA_FILE = "scene.schema.json"

# What each definition is called in messages.
_NOUNS = {
    "story": "story", "ending": "ending", "scene": "scene", "exit": "exit", "item": "object",
    "person": "person", "action": "action", "condition": "condition", "effect": "effect",
}

_KIND = {dict: "a mapping", list: "a list", str: "a string", int: "a number", float: "a number",
         bool: "true or false", type(None): "nothing"}
_WANT = {"object": "a mapping", "array": "a list", "string": "a string", "integer": "a whole number",
         "number": "a number", "boolean": "true or false"}


def schema_text() -> str:
    """The schema as published (``challenge schema`` prints it)."""
    return resources.files("game.content").joinpath(SCHEMA_FILE).read_text("utf-8")


@cache
def _validator() -> Any:
    # Deferred: jsonschema is the slowest import on the check path.
    import jsonschema

    schema = json.loads(schema_text())
    return jsonschema.Draft202012Validator(schema), schema["$defs"]


@cache
def _quick() -> Any:
    """The compiled yes-or-ask predicate (fastschema.py); None if the schema does not compile."""
    from .fastschema import Unsupported, compile_schema

    try:
        return compile_schema(json.loads(schema_text()))
    except Unsupported:  # pragma: no cover - our schema compiles; a new keyword must not break checking
        return None


def validate(src: Source) -> list[tuple[tuple[Any, ...], Diagnostic]]:
    """Every schema violation in *src* with the path of the value at fault, in file order."""
    if src.data is None:
        return [((), src.error((), "the file is empty: a scene file holds 'scenes:', 'items:', "
                                   "'actions:' or 'story:'", "E100"))]
    quick = _quick()
    if quick is not None and quick(src.data):
        return []  # surely valid: jsonschema (and its import) is only needed to explain a problem
    validator, defs = _validator()
    errors = list(validator.iter_errors(src.data))
    misspelt = _misspelt_required(errors)
    out = [(tuple(err.absolute_path), _translate(err, src, defs)) for err in errors
           if not (err.validator == "required" and (tuple(err.absolute_path), _missing(err)) in misspelt)]
    return sorted(out, key=lambda pair: pair[1])


def _missing(err: Any) -> str:
    return err.message.split("'")[1] if "'" in err.message else "?"


def _misspelt_required(errors: list[Any]) -> set[tuple[tuple[Any, ...], str]]:
    """(path, key) of required keys that an unknown key beside them misspells: 'tittle' is one
    problem, not two, and the unknown-key message already says 'did you mean title'."""
    import difflib

    out = set()
    for err in errors:
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = list(err.schema.get("properties", {}))
            for key in err.instance:
                if key not in allowed:
                    for close in difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6):
                        out.add((tuple(err.absolute_path), close))
    return out


def _noun(schema: Any, defs: dict[str, Any]) -> str:
    for name, sub in defs.items():
        if sub is schema or sub == schema:
            return _NOUNS.get(name, name)
    return "file" if isinstance(schema, dict) and "scenes" in schema.get("properties", {}) else "mapping"


def _kind(value: Any) -> str:
    return _KIND.get(type(value), type(value).__name__)


def _translate(err: Any, src: Source, defs: dict[str, Any]) -> Diagnostic:
    path = tuple(err.absolute_path)
    kw = err.validator
    inst = err.instance
    noun = _noun(err.schema, defs)
    if kw == "additionalProperties" and isinstance(inst, dict):
        allowed = list(err.schema.get("properties", {}))
        extra = [k for k in inst if k not in allowed]
        key = extra[0] if extra else "?"
        msg = f"unknown key '{key}' in {noun}{did_you_mean(str(key), allowed)}"
        if not did_you_mean(str(key), allowed):
            msg += f"; expected one of: {', '.join(allowed)}"
        return src.error(path + (key,), msg, "E101", key=True)
    if kw == "required":
        return src.error(path, f"{noun} is missing required key '{_missing(err)}'", "E102")
    if kw == "type":
        want = err.validator_value
        wants = " or ".join(_WANT.get(w, w) for w in (want if isinstance(want, list) else [want]))
        where = f"'{path[-1]}'" if path and isinstance(path[-1], str) else ("this" if path else "the file")
        return src.error(path, f"{where} should be {wants}, not {_kind(inst)}", "E103")
    if kw == "pattern":
        return src.error(path, _pattern_message(err.validator_value, inst, path), "E104")
    if kw == "enum":
        options = [str(o) for o in err.validator_value]
        return src.error(path, f"'{inst}' is not one of: {', '.join(options)}{did_you_mean(str(inst), options)}",
                         "E105")
    if kw in ("minItems", "minLength", "minProperties"):
        where = f"'{path[-1]}'" if path and isinstance(path[-1], str) else noun
        return src.error(path, f"{where} is empty", "E106")
    if kw == "maxProperties":
        keys = "', '".join(map(str, inst))
        return src.error(path, f"an effect does one thing, but this one has '{keys}': "
                               "put each in its own list item (- say: ..., - set: ...)", "E107")
    if kw == "anyOf":
        return src.error(path, _any_of_message(err, inst, path), "E108")
    if kw == "propertyNames" and noun == "effect":
        return src.error(path, "an 'if' effect holds only 'if', 'then' and 'else'", "E109")
    if kw == "minimum":
        return src.error(path, f"{inst} is below the minimum of {err.validator_value}", "E110")
    if kw == "maximum":
        return src.error(path, f"{inst} is above the maximum of {err.validator_value}", "E110")
    return src.error(path, err.message, "E199")


_CLOCK_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$")  # the form right, the date or time not
_DURATION_SHAPE = re.compile(r"^(?:\d+d)?(?:\d+h)?(?:\d+m)?$")  # a duration, only too long


def _pattern_message(pattern: str, value: Any, path: tuple[Any, ...]) -> str:
    if "T" in pattern and "Z" in pattern:
        if _CLOCK_SHAPE.match(str(value)):
            return (f"'{value}' is not a real date and time between 1900 and 2099 "
                    "(check the day of the month, the hour and the minutes)")
        return f"'{value}' is not a mission-clock time: write YYYY-MM-DDTHH:MMZ in GMT (e.g. 2021-10-05T08:55Z)"
    if pattern.startswith("^[a-z0-9]+(-"):
        suggestion = "-".join("".join(c for c in w if c.isalnum()) for w in str(value).lower().split())
        hint = f" (e.g. '{suggestion}')" if suggestion and suggestion != value else ""
        return f"'{value}' is not a valid id: use lowercase letters and digits joined by hyphens{hint}"
    if pattern.startswith("^[a-z]+( "):
        return f"'{value}' is not a verb: one or two lowercase words"
    return f"'{value}' should be lowercase words (letters, digits, spaces, hyphens)"


def _any_of_message(err: Any, value: Any, path: tuple[Any, ...]) -> str:
    where = path[-1] if path else ""
    if where == "verb":
        return "'verb' should be a verb or a list of synonyms (e.g. verb: [film, shoot])"
    if isinstance(value, dict) and "to" in value:
        return "an exit needs a 'dir' (north, up, in ...) or a 'name' ('the bus') or both"
    if (isinstance(value, int) and not isinstance(value, bool) and value > 0) or \
            (isinstance(value, str) and _DURATION_SHAPE.match(value)):
        return (f"'{value}' is longer than a story may wait: at most 1,440,000 minutes (1000d), "
                "or at most 3 digits of days, 4 of hours and 6 of minutes (999d23h59m)")
    return f"'{value}' is not a duration: write minutes (30) or hours and minutes (1h30m)"
