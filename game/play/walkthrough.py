"""Walkthrough files: load, validate and flatten them, keeping the file:line of every step.

A walkthrough is a YAML file of commands and expectations (docs/playthroughs.md).
Loading reads it with the same positioned YAML reader as scene files, validates it
against ``walkthrough.schema.json``, pulls in the files it includes (shared
openings) and returns one flat list of steps, each knowing where it was written,
so a failure can point at the exact line. Ids a walkthrough names (scenes, items,
flags, endings) are checked against the story separately, because a walkthrough
can be run against more than one copy of a story.
"""

from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Iterator

from ..content.diagnostics import ERROR, Diagnostic, did_you_mean
from ..files import display_path
from ..files import file_kind
from ..content.yaml_source import Source, load_file
from ..engine.story import Story
from .record import SUFFIXES

SCHEMA_FILE = Path(__file__).with_name("walkthrough.schema.json")
MAX_INCLUDE_DEPTH = 16

# Expectation keys: on the text a step printed, and on the game state after it.
TEXT_CHECKS = ("contains", "not_contains", "matches", "count")
STATE_CHECKS = ("location", "flags", "not_flags", "has", "lacks", "inventory", "visited", "score", "clock",
                "ended")
CHECK_KEYS = TEXT_CHECKS + STATE_CHECKS
START_KEYS = ("scene", "items", "flags", "clock", "score", "visited", "done", "placed")


@dataclass(frozen=True)
class Check:
    """One expectation: *key* (``contains``, ``location``...), its value, and where it is written."""

    key: str
    value: Any
    where: str  # file:line:col


@dataclass
class Step:
    """One command and its expectations; *command* None is the opening (before the first command)."""

    command: str | None
    checks: list[Check]
    where: str  # file:line:col of the step
    number: int = 0  # 1-based position in the flattened walkthrough; 0 for the opening


@dataclass
class Walkthrough:
    """A loaded walkthrough with its includes flattened into *steps*."""

    name: str
    file: str  # as shown in messages
    path: Path
    description: str = ""
    start: dict[str, Any] | None = None
    start_where: str = ""
    opening: Step | None = None
    steps: list[Step] = field(default_factory=list)


@dataclass
class Loaded:
    """A walkthrough (None when the file has errors) and every problem found."""

    walkthrough: Walkthrough | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]


def where(src: Source, path: tuple[Any, ...], key: bool = False) -> str:
    """``file:line:col`` of *path* in *src*."""
    line, col = src.at(path, key=key)
    return f"{src.file}:{line}:{col}"


def load(path: Path, story: Story | None = None) -> Loaded:
    """Load the walkthrough at *path* with everything it includes.

    With *story*, the ids it names are checked too. Every problem is reported at
    once: parts of a file the schema rejects are left out, and the rest is still
    checked, so one misspelt key does not hide a misspelt scene id.
    """
    out = Loaded(None)
    wt = _load(Path(path), out.diagnostics, ())
    if wt is not None and story is not None:
        out.diagnostics += check_ids(wt, story)
    out.diagnostics.sort()
    out.walkthrough = wt if not out.errors else None
    return out


def _errors(diags: list[Diagnostic]) -> int:
    return sum(1 for d in diags if d.severity == ERROR)


def _load(path: Path, diags: list[Diagnostic], chain: tuple[Path, ...]) -> Walkthrough | None:
    shown = display_path(path)
    src = load_file(path, shown)
    diags += src.diagnostics
    if src.diagnostics:
        return None
    if src.data is None:
        diags.append(Diagnostic(shown, 1, 1, ERROR, "the file is empty: a walkthrough needs 'steps:'", "P100"))
        return None
    problems = validate(src)
    diags += problems
    data = src.data
    if not isinstance(data, dict):
        return None
    name = data.get("walkthrough")
    wt = Walkthrough(name=name if isinstance(name, str) and name else path.stem, file=shown, path=path,
                     description=str(data.get("description", "")))
    if isinstance(data.get("start"), dict):
        wt.start = data["start"]
        wt.start_where = where(src, ("start",), key=True)
    included = _includes(src, path, diags, chain + (path.resolve(),))
    if included is None:
        return None
    own_opening = _step(src, ("opening",), None, data["opening"]) if isinstance(data.get("opening"), dict) else None
    for i, inc in enumerate(included):
        if inc.start is not None:
            if i > 0 or wt.start is not None:
                diags.append(src.error(("include",), f"the included walkthrough {inc.file} sets a start "
                                       "state, but it does not run first: only the first included file, or the "
                                       "including one, may have 'start:'", "P201"))
                return None
            wt.start, wt.start_where = inc.start, inc.start_where
        if inc.opening is not None:
            if i > 0:
                diags.append(src.error(("include",), f"the included walkthrough {inc.file} checks the "
                                       "opening, but it does not run first: only the first included file may "
                                       "have 'opening:'", "P202"))
                return None
            own_opening = _merge_openings(inc.opening, own_opening)
        wt.steps += inc.steps
    wt.opening = own_opening
    steps = data.get("steps")
    for i, raw in enumerate(steps if isinstance(steps, list) else []):
        if isinstance(raw, str):
            wt.steps.append(_step(src, ("steps", i), raw, {}))
        elif isinstance(raw, dict) and isinstance(raw.get("do"), str):
            wt.steps.append(_step(src, ("steps", i), raw["do"], raw))
    for n, step in enumerate(wt.steps, 1):
        step.number = n
    return wt


def _merge_openings(first: Step, second: Step | None) -> Step:
    if second is None:
        return first
    return Step(None, first.checks + second.checks, first.where)


def _includes(src: Source, path: Path, diags: list[Diagnostic],
              chain: tuple[Path, ...]) -> list[Walkthrough] | None:
    raw = src.data.get("include", [])
    if isinstance(raw, str):
        names, places = [raw], [("include",)]
    elif isinstance(raw, list) and all(isinstance(n, str) for n in raw):
        names, places = raw, [("include", i) for i in range(len(raw))]
    else:
        return []  # the schema has said what is wrong with it
    out = []
    for name, at in zip(names, places):
        if not name.lower().endswith(SUFFIXES):
            return None  # the schema has said so; a file that is no walkthrough is not read at all
        target = path.parent / name
        if not target.is_file():
            diags.append(src.error(at, f"included walkthrough '{name}' not found (looked for "
                                   f"{display_path(target)})", "P203"))
            return None
        if target.resolve() in chain:
            cycle = " -> ".join(display_path(p) for p in chain + (target.resolve(),))
            diags.append(src.error(at, f"walkthroughs include each other in a loop: {cycle}", "P204"))
            return None
        if len(chain) >= MAX_INCLUDE_DEPTH:
            diags.append(src.error(at, f"includes nest more than {MAX_INCLUDE_DEPTH} deep", "P204"))
            return None
        before = _errors(diags)
        inc = _load(target, diags, chain)
        if inc is None or _errors(diags) > before:
            diags.append(src.error(at, f"included walkthrough '{name}' has errors", "P205"))
            return None
        out.append(inc)
    return out


def _step(src: Source, path: tuple[Any, ...], command: str | None, raw: dict[str, Any]) -> Step:
    # In the order written, so failures are reported in file order.
    checks = [Check(key, value, where(src, path + (key,), key=True)) for key, value in raw.items()
              if key in CHECK_KEYS]
    return Step(command, checks, where(src, path, key=command is None))


# -- schema -------------------------------------------------------------------------------------------

@cache
def _validator() -> Any:
    # Deferred: jsonschema is slow to import and only the run command needs it.
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text("utf-8")))


def schema_text() -> str:
    """The walkthrough schema as published (for editors' YAML language servers)."""
    return SCHEMA_FILE.read_text("utf-8")


_ALLOWED = {
    "": ("walkthrough", "description", "include", "start", "opening", "steps"),
    "start": START_KEYS,
    "opening": CHECK_KEYS,
    "step": ("do",) + CHECK_KEYS,
}
_WANT = {"object": "a mapping", "array": "a list", "string": "a string", "integer": "a whole number",
         "boolean": "true or false", "null": "null"}
_KIND = {dict: "a mapping", list: "a list", str: "a string", int: "a number", float: "a number",
         bool: "true or false", type(None): "nothing"}


def validate(src: Source) -> list[Diagnostic]:
    """Every schema violation in *src*, in the author's words, in file order."""
    if not isinstance(src.data, dict):
        return [src.error((), "a walkthrough file is a mapping with 'steps:' (and optionally 'walkthrough:', "
                              "'include:', 'start:', 'opening:')", "P101")]
    found = {}
    for err in _validator().iter_errors(src.data):
        for leaf in _leaves(err):
            d = _translate(leaf, src)
            if d is not None:
                found.setdefault((d.line, d.col, d.message), d)
    return sorted(found.values())


def _leaves(err: Any) -> Iterator[Any]:
    """For 'one of these shapes' errors, the errors of the shape that fits the value's type."""
    if err.validator == "anyOf" and err.context:
        branches: dict[Any, list[Any]] = {}
        for sub in err.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        fitting = [errs for errs in branches.values()
                   if not any(e.validator in ("type", "const") and not e.relative_path for e in errs)]
        if len(fitting) == 1:
            for sub in fitting[0]:
                yield from _leaves(sub)
            return
    yield err


def _context(path: tuple[Any, ...]) -> str:
    if not path:
        return ""
    if path[0] == "steps" and len(path) == 2:
        return "step"
    return str(path[0]) if len(path) == 1 else ""


def _translate(err: Any, src: Source) -> Diagnostic | None:
    path = tuple(err.absolute_path)
    kw, inst = err.validator, err.instance
    if kw in ("additionalProperties", "unevaluatedProperties") and isinstance(inst, dict):
        allowed = _ALLOWED.get(_context(path), ())
        extra = [k for k in inst if k not in allowed]
        if not extra:
            # A known key whose value is wrong counts as "unevaluated" too; its own error says why.
            return None
        noun = {"": "the walkthrough", "step": "a step"}.get(_context(path), f"'{_context(path)}'")
        hint = did_you_mean(str(extra[0]), allowed) or f"; expected one of: {', '.join(allowed)}"
        return src.error(path + (extra[0],), f"unknown key '{extra[0]}' in {noun}{hint}", "P102", key=True)
    if kw == "required":
        missing = err.message.split("'")[1] if "'" in err.message else "?"
        if missing == "do":
            return src.error(path, "a step needs 'do:' with the command to type", "P103")
        return src.error(path, f"missing required key '{missing}'", "P103")
    if kw == "type":
        want = err.validator_value
        wants = " or ".join(_WANT.get(w, w) for w in (want if isinstance(want, list) else [want]))
        name = f"'{path[-1]}'" if path and isinstance(path[-1], str) else "this"
        return src.error(path, f"{name} should be {wants}, not {_KIND.get(type(inst), type(inst).__name__)}",
                         "P104")
    if kw == "pattern":
        return src.error(path, _pattern_message(err.validator_value, inst), "P105")
    if kw in ("minItems", "minLength", "minProperties"):
        name = f"'{path[-1]}'" if path and isinstance(path[-1], str) else "this"
        return src.error(path, f"{name} is empty", "P106")
    if kw == "minimum":
        return src.error(path, f"{inst} is below the minimum of {err.validator_value}", "P107")
    if kw == "anyOf":
        return src.error(path, _any_of_message(path, inst), "P108")
    return src.error(path, err.message, "P199")


def _pattern_message(pattern: str, value: Any) -> str:
    if "T" in pattern and "Z" in pattern:
        return f"'{value}' is not a mission-clock time: write YYYY-MM-DDTHH:MMZ in GMT (e.g. 2021-10-05T08:55Z)"
    if "ya?ml" in pattern:
        return f"'{value}' is not a walkthrough file: include names a .yaml file"
    return f"'{value}' is not a valid id: use lowercase letters and digits joined by hyphens"


def _any_of_message(path: tuple[Any, ...], value: Any) -> str:
    key = path[-1] if path else ""
    if path[:1] == ("steps",) and len(path) == 2:
        return "a step is a command (a string) or a mapping with 'do:' and expectations"
    if key == "ended":
        return "'ended' is an ending's id, or false for 'the story has not ended'"
    if key == "include":
        return "'include' is a file name or a list of file names"
    if key in ("contains", "not_contains", "matches"):
        return f"'{key}' is a text or a list of texts"
    return f"'{value}' is not allowed here"


# -- checks against the story ---------------------------------------------------------------------

def check_ids(wt: Walkthrough, story: Story) -> list[Diagnostic]:
    """Ids the walkthrough names that the story does not have, and regular expressions that don't compile.

    A misspelt id would otherwise make a check pass or fail for the wrong reason
    (``not_flags: [strapped-inn]`` always holds), so it is an error before anything runs.
    """
    kinds = {
        "scene": set(story.scenes),
        "item": {t.id for t in story.things.values() if t.portable},
        "flag": flags_set(story),
        "ending": set(story.endings),
        "action": {a.id for a in story.all_actions()},
    }
    out: list[Diagnostic] = []

    def need(kind: str, ident: Any, at: str) -> None:
        if isinstance(ident, str) and ident not in kinds[kind]:
            why = ": no effect in the story sets it" if kind == "flag" else ""
            out.append(_diag(at, f"unknown {kind} '{ident}'{why}" + did_you_mean(ident, kinds[kind])))

    if wt.start:
        at = wt.start_where
        need("scene", wt.start.get("scene"), at)
        for key, kind in (("items", "item"), ("flags", "flag"), ("visited", "scene"), ("done", "action")):
            for ident in _strings(wt.start.get(key)):
                need(kind, ident, at)
        placed = wt.start.get("placed")
        for item, scene in placed.items() if isinstance(placed, dict) else ():
            need("item", item, at)
            need("scene", scene, at)
    steps = ([wt.opening] if wt.opening else []) + wt.steps
    for step in steps:
        for check in step.checks:
            kind = {"location": "scene", "flags": "flag", "not_flags": "flag", "has": "item", "lacks": "item",
                    "inventory": "item", "visited": "scene", "ended": "ending"}.get(check.key)
            for ident in _strings(check.value) if kind else ():
                need(kind, ident, check.where)
            for pattern in _strings(check.value) if check.key == "matches" else ():
                try:
                    re.compile(pattern)
                except re.error as exc:
                    out.append(_diag(check.where, f"'{pattern}' is not a valid regular expression: {exc}"))
    return out


def _strings(value: Any) -> list[str]:
    """The strings in a value that should be a string or a list of them (the schema reports the rest)."""
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _diag(at: str, message: str) -> Diagnostic:
    file, line, col = at.rsplit(":", 2)
    return Diagnostic(file, int(line), int(col), ERROR, message, "P300")


def as_list(value: Any) -> list[Any]:
    """A check's value as a list (``contains: text`` is ``contains: [text]``)."""
    return value if isinstance(value, list) else [value]


def flags_set(story: Story) -> set[str]:
    """Every flag some effect in the story sets."""
    found: set[str] = set()

    def walk(effects: list[dict[str, Any]]) -> None:
        for eff in effects:
            if "set" in eff:
                found.add(eff["set"])
            walk(eff.get("then", []))
            walk(eff.get("else", []))

    for scene in story.scenes.values():
        walk(scene.enter)
    for action in story.all_actions():
        walk(action.effects)
    return found


def find_files(paths: list[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Walkthrough files named by *paths*: files as given, folders searched for ``*.yaml``."""
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.suffix.lower() not in SUFFIXES or any(
                        part.startswith(".") for part in p.relative_to(path).parts) or p.is_dir():
                    continue  # not a walkthrough, and not said to be one
                why = _unread(p)
                if why is None:
                    found.append(p)
                else:
                    problems.append(Diagnostic(display_path(p), 1, 1, ERROR, f"this file is not run: {why}", "P000"))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Diagnostic(display_path(path), 1, 1, ERROR, _missing(path), "P000"))
    return found, problems


def _unread(path: Path) -> str | None:
    """Why a walkthrough-like file in a walkthrough folder is not run (None: it is run)."""
    if path.suffix not in SUFFIXES:
        return f"its name ends in '{path.suffix}'; walkthroughs end in '.yaml' or '.yml' (small letters)"
    try:
        mode = path.stat().st_mode
    except OSError:
        return "it is a link to a file that does not exist, or a loop of links"
    if not stat.S_ISREG(mode):
        return f"it is {file_kind(mode)}, not a regular file"
    return None


def _missing(path: Path) -> str:
    """What a named walkthrough that is neither a file nor a folder is."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "no such file or folder"
    return f"it is {file_kind(mode)}, not a walkthrough file or a folder of them"
