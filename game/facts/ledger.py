"""The fact ledger: facts, their evidence and variants, the seeds they cite, and the glossary.

The ledger is YAML (``scenes/facts/ledger.yaml``) with its own JSON Schema
(``ledger.schema.json``, next to this module). Loading it validates the schema,
then what a schema cannot say: ids are unique, values read as their type,
subjects exist, and a value that most seeds do not state comes with a reason.
Every problem is a diagnostic at its line in the ledger.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..content.diagnostics import Diagnostic, did_you_mean
from ..content.yaml_source import Path_, Source
from .text import plural
from .values import BadValue, Count, PersonRef, Value, parse_value

SCHEMA_FILE = "ledger.schema.json"
STATED = "confirmed"


@dataclass(frozen=True)
class Evidence:
    """A quote from a seed, and where in the ledger it is written."""

    seed: str
    quote: str
    path: Path_


@dataclass
class Variant:
    """A value some seeds state that the ledger does not take."""

    raw: Any
    value: Value | None
    evidence: list[Evidence]
    note: str | None
    path: Path_

    def seeds(self) -> list[str]:
        return sorted({e.seed for e in self.evidence})


@dataclass
class Fact:
    """One fact: a statement, a typed value, the quotes that state it, and what else the seeds say."""

    id: str
    statement: str
    type: str
    raw: Any
    value: Value | None
    path: Path_
    unit: str | None = None
    display: str | None = None
    subjects: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    default: bool = False
    scan: bool = True
    status: str = STATED
    reason: str | None = None
    note: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)

    def seeds(self) -> list[str]:
        """The seeds whose quotes state the ledger's value."""
        return sorted({e.seed for e in self.evidence})

    @property
    def usable(self) -> bool:
        """May the game state this fact?"""
        return self.status == STATED

    def show(self, glossary: dict[str, "Entry"] | None = None) -> str:
        """The value as the game writes it."""
        if self.display:
            return self.display
        if isinstance(self.value, PersonRef) and glossary and self.value.id in glossary:
            return glossary[self.value.id].name
        if self.value is None:
            return str(self.raw) if self.raw is not None else self.statement
        if isinstance(self.value, Count) and self.unit == "years":
            return f"{self.value.show()} years old"
        return self.value.show()


@dataclass
class Form:
    """One spelling in the glossary: accepted, or a misspelling found in a seed."""

    form: str
    evidence: list[Evidence]
    reason: str | None
    path: Path_


@dataclass
class Entry:
    """A glossary entry: a person, craft, place, title or animal, and how it may be spelt."""

    id: str
    kind: str
    name: str
    family: str
    path: Path_
    variants: list[Form] = field(default_factory=list)
    misspellings: list[Form] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    fuzzy: bool = True
    note: str | None = None

    @property
    def given(self) -> str:
        """The name before the family part ("Yulia" of "Yulia Peresild"), or ''."""
        if self.name.endswith(self.family):
            return self.name[: len(self.name) - len(self.family)].strip()
        return ""


@dataclass(frozen=True)
class SeedInfo:
    """A seed as the ledger lists it."""

    file: str
    date: str
    headline: str
    path: Path_


@dataclass
class Ledger:
    """The loaded ledger; :attr:`src` gives positions for diagnostics."""

    src: Source
    seeds: dict[str, SeedInfo] = field(default_factory=dict)
    glossary: dict[str, Entry] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)

    def error(self, path: Path_, message: str, code: str, key: bool = False) -> Diagnostic:
        return self.src.error(path, message, code, key=key)

    def seed_date(self, file: str) -> str:
        info = self.seeds.get(file)
        return info.date if info else ""

    def display_name(self, entry_id: str) -> str:
        entry = self.glossary.get(entry_id)
        return entry.name if entry else entry_id


def schema_text() -> str:
    """The ledger's JSON Schema, as published."""
    return resources.files("game.facts").joinpath(SCHEMA_FILE).read_text("utf-8")


@cache
def _validator() -> Any:
    import jsonschema  # deferred: the slowest import on the check path

    return jsonschema.Draft202012Validator(json.loads(schema_text()))


_WANT = {"object": "a mapping", "array": "a list", "string": "a string", "integer": "a whole number",
         "number": "a number", "boolean": "true or false"}


@cache
def _quick() -> Any:
    """A compiled predicate that vouches for a valid ledger (game/content/fastschema.py)."""
    from ..content.fastschema import Unsupported, compile_schema

    try:
        return compile_schema(json.loads(schema_text()))
    except Unsupported:  # pragma: no cover - our schema compiles
        return None


def _schema_problems(src: Source) -> list[tuple[Path_, Diagnostic]]:
    quick = _quick()
    if quick is not None and quick(src.data):
        return []  # surely valid: jsonschema is only needed to explain a problem
    out = []
    for err in _validator().iter_errors(src.data):
        path = tuple(err.absolute_path)
        where = f"'{path[-1]}'" if path and isinstance(path[-1], str) else "this"
        if err.validator == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            extra = [k for k in err.instance if k not in allowed]
            key = extra[0] if extra else "?"
            out.append((path, src.error(path + (key,), f"unknown key '{key}' in the ledger"
                                        + (did_you_mean(str(key), allowed) or f"; expected one of: {', '.join(allowed)}"),
                                        "F101", key=True)))
            continue
        if err.validator == "required":
            missing = err.message.split("'")[1] if "'" in err.message else "?"
            msg = f"missing required key '{missing}'"
        elif err.validator == "type":
            want = err.validator_value
            wants = " or ".join(_WANT.get(w, w) for w in (want if isinstance(want, list) else [want]))
            msg = f"{where} should be {wants}"
        elif err.validator == "enum":
            options = [str(o) for o in err.validator_value]
            msg = f"'{err.instance}' is not one of: {', '.join(options)}{did_you_mean(str(err.instance), options)}"
        elif err.validator == "pattern":
            msg = f"'{err.instance}' does not have the expected form ({err.schema.get('description', err.validator_value)})"
        elif err.validator in ("minItems", "minLength"):
            msg = f"{where} is empty"
        elif err.validator == "anyOf" and isinstance(err.instance, dict) and "form" in err.instance:
            msg = f"spelling '{err.instance['form']}' needs 'evidence' (a seed quote using it) or a 'reason'"
        else:
            msg = err.message
        out.append((path, src.error(path, msg, "F101")))
    return sorted(out, key=lambda pair: pair[1])


def _evidence(raw: list[dict[str, Any]], path: Path_) -> list[Evidence]:
    return [Evidence(e["seed"], e["quote"], path + (i,)) for i, e in enumerate(raw or [])]


def _family(raw: dict[str, Any]) -> str:
    if raw.get("family"):
        return raw["family"]
    name = raw["name"]
    return name.split()[-1] if raw["kind"] == "person" else name


def load_ledger(src: Source) -> tuple[Ledger, list[Diagnostic]]:
    """The ledger in *src* and every problem found in it (an unusable file gives an empty ledger)."""
    ledger = Ledger(src)
    problems = _schema_problems(src)
    diags = [d for _, d in problems]
    if problems:
        return ledger, diags  # semantic checks on a malformed ledger would only echo the schema errors
    data = src.data
    for i, s in enumerate(data["seeds"]):
        if s["file"] in ledger.seeds:
            diags.append(src.error(("seeds", i, "file"), f"seed '{s['file']}' is listed twice", "F102"))
        ledger.seeds[s["file"]] = SeedInfo(s["file"], s["date"], s["headline"], ("seeds", i))
    for i, e in enumerate(data["glossary"]):
        path = ("glossary", i)
        if e["id"] in ledger.glossary:
            diags.append(src.error(path + ("id",), f"duplicate glossary id '{e['id']}'", "F102"))
            continue
        ledger.glossary[e["id"]] = Entry(
            e["id"], e["kind"], e["name"], _family(e), path,
            [Form(f["form"], _evidence(f.get("evidence", []), path + ("variants", j, "evidence")), f.get("reason"),
                  path + ("variants", j)) for j, f in enumerate(e.get("variants", []))],
            [Form(f["form"], _evidence(f.get("evidence", []), path + ("misspellings", j, "evidence")),
                  f.get("reason"), path + ("misspellings", j)) for j, f in enumerate(e.get("misspellings", []))],
            _evidence(e["evidence"], path + ("evidence",)), e.get("fuzzy", e["kind"] != "title"), e.get("note"))
        if not e["name"].endswith(_family(e)):
            diags.append(src.error(path + ("family",), f"the family part '{_family(e)}' must end the name "
                                                       f"'{e['name']}'", "F103"))
    for i, f in enumerate(data["facts"]):
        fact, problems_ = _fact(ledger, f, ("facts", i))
        diags += problems_
        if fact is None:
            continue
        if fact.id in ledger.facts:
            diags.append(src.error(("facts", i, "id"), f"duplicate fact id '{fact.id}'", "F102"))
            continue
        ledger.facts[fact.id] = fact
    diags += _cited_seeds(ledger)
    return ledger, diags


def _fact(ledger: Ledger, f: dict[str, Any], path: Path_) -> tuple[Fact | None, list[Diagnostic]]:
    src = ledger.src
    diags: list[Diagnostic] = []
    kind = f["type"]

    def typed(raw: Any, where: Path_) -> Value | None:
        if raw is None:
            return None
        try:
            value = parse_value(kind, raw, f.get("unit"))
        except BadValue as exc:
            diags.append(src.error(where, str(exc), "F103"))
            return None
        if isinstance(value, PersonRef) and value.id not in ledger.glossary:
            diags.append(src.error(where, f"person '{value.id}' is not in the glossary"
                                   + did_you_mean(value.id, ledger.glossary), "F104"))
        return value

    if "value" not in f and kind != "text":
        diags.append(src.error(path, f"a fact of type '{kind}' needs a 'value'", "F103"))
        return None, diags
    subjects = f.get("subject", ())
    subjects = (subjects,) if isinstance(subjects, str) else tuple(subjects)
    for j, s in enumerate(subjects):
        if s not in ledger.glossary:
            where = path + ("subject",) + ((j,) if isinstance(f.get("subject"), list) else ())
            diags.append(src.error(where, f"subject '{s}' is not in the glossary" + did_you_mean(s, ledger.glossary),
                                   "F104"))
    fact = Fact(
        id=f["id"], statement=f["statement"], type=kind, raw=f.get("value"), value=typed(f.get("value"), path + ("value",)),
        path=path, unit=f.get("unit"), display=f.get("display"), subjects=subjects, cues=tuple(f.get("cues", ())),
        nouns=tuple(n.lower() for n in f.get("nouns", ())), default=f.get("default", False), scan=f.get("scan", True),
        status=f.get("status", STATED), reason=f.get("reason"), note=f.get("note"),
        evidence=_evidence(f["evidence"], path + ("evidence",)))
    if fact.unit == "years" and len(subjects) != 1:
        diags.append(src.error(path + ("unit",), "an age (unit: years) needs exactly one 'subject'", "F103"))
    for j, v in enumerate(f.get("variants", [])):
        vpath = path + ("variants", j)
        fact.variants.append(Variant(v["value"], typed(v["value"], vpath + ("value",)),
                                     _evidence(v["evidence"], vpath + ("evidence",)), v.get("note"), vpath))
    diags += _resolution(ledger, fact)
    return fact, diags


def _resolution(ledger: Ledger, fact: Fact) -> list[Diagnostic]:
    """By default the ledger takes the value most seeds state; any other choice needs a reason."""
    if fact.reason or fact.status != STATED:
        return []
    mine = len(fact.seeds())
    for v in fact.variants:
        theirs = len(v.seeds())
        if theirs >= mine:
            verb = "states" if theirs == 1 else "state"
            told = "as many seeds as" if theirs == mine else "more seeds than"
            return [ledger.error(fact.path + ("value",),
                                 f"fact '{fact.id}': {plural(theirs, 'seed')} {verb} '{v.raw}', {told} state "
                                 f"'{fact.raw}'; the ledger takes the value most seeds state, so add a 'reason:' "
                                 "for this choice (or mark the fact 'status: unresolved')", "F107")]
    return []


def _cited_seeds(ledger: Ledger) -> list[Diagnostic]:
    out = []
    every: list[Evidence] = []
    for fact in ledger.facts.values():
        every += fact.evidence + [e for v in fact.variants for e in v.evidence]
    for entry in ledger.glossary.values():
        every += entry.evidence + [e for f in entry.variants + entry.misspellings for e in f.evidence]
    for e in every:
        if e.seed not in ledger.seeds:
            out.append(ledger.error(e.path + ("seed",), f"seed '{e.seed}' is not listed under 'seeds:'"
                                    + did_you_mean(e.seed, ledger.seeds), "F105"))
    return out

