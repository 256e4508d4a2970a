"""``challenge facts``: the ledger as a table, every disagreement among the seeds, or JSON.

Rich (a Textual dependency) draws the tables; it is imported inside :func:`main`
so the rest of the package, and ``challenge check``, never load it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..content.diagnostics import ERROR, Diagnostic
from ..files import display_path
from ..content.yaml_source import load_file
from .checks import Checker, Finding
from .ledger import Entry, Fact, Ledger
from .story import LEDGER, LoadedLedger, load, seeds
from .text import plural, shorten
from ..argparser import ArgumentParser


def _short(seed: str) -> str:
    return seed.split("_", 1)[0]


def fact_row(ledger: Ledger, fact: Fact) -> dict[str, Any]:
    """One fact as plain data (``--json``)."""
    return {
        "id": fact.id, "statement": fact.statement, "type": fact.type, "value": fact.show(ledger.glossary),
        "raw": fact.raw, "status": fact.status, "seeds": fact.seeds(),
        "evidence": [{"seed": e.seed, "date": ledger.seed_date(e.seed), "quote": e.quote} for e in fact.evidence],
        "variants": [{"value": v.raw, "seeds": v.seeds(), "note": v.note,
                      "evidence": [{"seed": e.seed, "quote": e.quote} for e in v.evidence]} for v in fact.variants],
        "reason": fact.reason, "note": fact.note,
    }


def entry_row(entry: Entry) -> dict[str, Any]:
    """One glossary entry as plain data."""
    def forms(fs):  # type: ignore[no-untyped-def]
        return [{"form": f.form, "reason": f.reason, "seeds": sorted({e.seed for e in f.evidence}),
                 "evidence": [{"seed": e.seed, "quote": e.quote} for e in f.evidence]} for f in fs]

    return {"id": entry.id, "kind": entry.kind, "name": entry.name, "family": entry.family,
            "seeds": sorted({e.seed for e in entry.evidence}), "variants": forms(entry.variants),
            "misspellings": forms(entry.misspellings), "note": entry.note}


def resolution(fact: Fact) -> str:
    """How the ledger chose among the values the seeds state."""
    if fact.status == "unresolved":
        return "unresolved: the seeds cannot decide, so the game does not state it" + \
            (f" ({fact.note})" if fact.note else "")
    if fact.status == "doubtful":
        return "doubtful: recorded, but the game does not state it" + (f" ({fact.note})" if fact.note else "")
    if fact.reason:
        return f"chosen with a reason: {' '.join(fact.reason.split())}"
    others = "; ".join(f"{_show(v.value, v.raw)} by {_count(v.seeds())}" for v in fact.variants)
    return f"the value most seeds state: {fact.show()} is stated by {_count(fact.seeds())}; {others}"


def _count(seeds_: list[str]) -> str:
    return f"{plural(len(seeds_), 'seed')} ({', '.join(_short(s) for s in seeds_)})"


def _show(value: Any, raw: Any) -> str:
    return value.show() if value is not None and hasattr(value, "show") else str(raw)


def disagreements(ledger: Ledger, findings: list[Finding]) -> list[dict[str, Any]]:
    """Every disagreement among the seeds: recorded variants, spellings, doubtful facts, and
    anything the scan found that the ledger does not record yet."""
    out: list[dict[str, Any]] = []
    for fact in ledger.facts.values():
        if not fact.variants and fact.status == "confirmed":
            continue
        out.append({
            "kind": "fact", "id": fact.id, "statement": fact.statement, "status": fact.status,
            "values": [{"value": fact.show(ledger.glossary) if fact.type != "text" else "(as quoted)",
                        "taken": fact.usable, "seeds": fact.seeds(),
                        "quotes": [{"seed": e.seed, "quote": e.quote} for e in fact.evidence], "note": None}]
            + [{"value": _show(v.value, v.raw), "taken": False, "seeds": v.seeds(), "note": v.note,
                "quotes": [{"seed": e.seed, "quote": e.quote} for e in v.evidence]} for v in fact.variants],
            "resolution": resolution(fact),
        })
    for entry in ledger.glossary.values():
        # Spellings people disagree on; an abbreviation (ISS, MS-19) is not a disagreement.
        seen = [f for f in entry.misspellings] + [f for f in entry.variants if f.evidence and entry.kind == "person"]
        if not seen:
            continue
        values = [{"value": entry.name, "taken": True, "seeds": sorted({e.seed for e in entry.evidence}),
                   "quotes": [{"seed": e.seed, "quote": e.quote} for e in entry.evidence], "note": "canonical"}]
        for f in entry.variants:
            if f.evidence:
                values.append({"value": f.form, "taken": True, "seeds": sorted({e.seed for e in f.evidence}),
                               "quotes": [{"seed": e.seed, "quote": e.quote} for e in f.evidence],
                               "note": "accepted variant"})
        for f in entry.misspellings:
            values.append({"value": f.form, "taken": False, "seeds": sorted({e.seed for e in f.evidence}),
                           "quotes": [{"seed": e.seed, "quote": e.quote} for e in f.evidence], "note": "misspelling"})
        wrong = [f.form for f in entry.misspellings]
        out.append({
            "kind": "spelling", "id": entry.id, "statement": f"How the seeds spell {entry.name}", "status": "confirmed",
            "values": values,
            "resolution": "the canonical spelling; variants are accepted"
                          + (f"; {', '.join(wrong)} {'is a misspelling' if len(wrong) == 1 else 'are misspellings'}"
                             " the game must not repeat" if wrong else ""),
        })
    for f in findings:
        if f.recorded:
            continue
        subject = f.verdict.fact.id if f.verdict else (f.entry.id if f.entry else "?")
        out.append({"kind": "unrecorded", "id": subject, "statement": "not recorded in the ledger",
                    "status": "error", "values": [{"value": f.mention.text, "taken": False, "seeds": [f.seed.file],
                                                   "quotes": [{"seed": f.seed.file, "quote": f.sentence.text}],
                                                   "note": f.where}],
                    "resolution": "not recorded: run 'challenge check' for the fix"})
    return out


def _parser() -> argparse.ArgumentParser:
    p = ArgumentParser(prog="challenge facts",
                       description="Show the fact ledger: every fact, its value and the seeds that state it.")
    p.add_argument("path", nargs="?", type=Path, metavar="PATH",
                   help="the ledger file, or a scenes folder holding facts/ledger.yaml (default: the shipped one)")
    p.add_argument("--conflicts", action="store_true",
                   help="list every disagreement between the seeds, and how the ledger resolved it")
    p.add_argument("--json", action="store_true", help="print JSON for tools instead of tables")
    p.add_argument("--seeds", type=Path, metavar="DIR", help="the seed articles (default: the shipped seeds)")
    return p


def _ledger_path(path: Path | None) -> Path:
    if path is None:
        from ..paths import scenes_dir

        return scenes_dir() / LEDGER
    return path / LEDGER if path.is_dir() else path


def main(argv: list[str]) -> int:
    """``challenge facts``: exit 0, or 1 when the ledger cannot be read."""
    args = _parser().parse_args(argv)
    path = _ledger_path(args.path)
    if not path.is_file():
        print(f"challenge facts: no ledger at {display_path(path)}", file=sys.stderr)
        return 1
    loaded = load(load_file(path, display_path(path)))
    errors = [d for d in loaded.diagnostics if d.severity == ERROR]
    if errors:
        for d in errors:
            print(d.format(), file=sys.stderr)
        print(f"challenge facts: the ledger has {plural(len(errors), 'error')}; run 'challenge check'",
              file=sys.stderr)
        return 1
    if args.seeds is not None and not args.seeds.is_dir():
        print(f"challenge facts: no such folder: {args.seeds}", file=sys.stderr)
        return 1
    ledger = loaded.ledger
    if args.conflicts:
        found = disagreements(ledger, _findings(loaded, args.seeds))
        if args.json:
            _json({"ledger": display_path(path), "conflicts": found})
        else:
            _print_conflicts(ledger, found, display_path(path))
        return 0
    if args.json:
        _json({"ledger": display_path(path), "seeds": [_seed_row(s) for s in ledger.seeds.values()],
               "facts": [fact_row(ledger, f) for f in ledger.facts.values()],
               "glossary": [entry_row(e) for e in ledger.glossary.values()]})
        return 0
    _print_table(ledger, display_path(path))
    return 0


def _seed_row(info: Any) -> dict[str, Any]:
    return {"file": info.file, "date": info.date, "headline": info.headline}


def _findings(loaded: LoadedLedger, folder: Path | None) -> list[Finding]:
    return Checker(loaded.ledger, seeds(folder), loaded.index, loaded.judge).findings()


def _json(data: dict[str, Any]) -> None:
    json.dump(data, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


def _console() -> Any:
    from rich.console import Console

    # Not a terminal (a pipe, a test): plain text, wide enough that quotes stay readable.
    return Console(highlight=False, width=None if sys.stdout.isatty() else 120)


def _print_table(ledger: Ledger, where: str) -> None:
    from rich.table import Table
    from rich.text import Text

    console = _console()
    table = Table(title=f"Fact ledger: {len(ledger.facts)} facts ({where})", show_lines=False, expand=False)
    table.add_column("fact", no_wrap=True)
    table.add_column("value", max_width=28)
    table.add_column("seeds", no_wrap=True)
    table.add_column("other values", max_width=24)
    table.add_column("statement", ratio=1)
    for fact in ledger.facts.values():
        seeds_ = " ".join(_short(s) for s in fact.seeds())
        others = ", ".join(f"{_show(v.value, v.raw)} ({' '.join(_short(s) for s in v.seeds())})"
                           for v in fact.variants)
        if not fact.usable:
            others = (others + "; " if others else "") + f"[{fact.status}: not stated in the game]"
        value = fact.show(ledger.glossary) if fact.type != "text" else "(as quoted)"
        table.add_row(Text(fact.id), Text(shorten(value, 40)), Text(seeds_), Text(others), Text(fact.statement))
    console.print(table)
    gloss = Table(title=f"Glossary: {len(ledger.glossary)} names")
    gloss.add_column("name", no_wrap=True)
    gloss.add_column("kind")
    gloss.add_column("accepted variants")
    gloss.add_column("known misspellings")
    for e in ledger.glossary.values():
        gloss.add_row(Text(e.name), Text(e.kind), Text(", ".join(f.form for f in e.variants)),
                      Text(", ".join(f"{f.form} ({', '.join(sorted({_short(x.seed) for x in f.evidence}))})"
                                     for f in e.misspellings)))
    console.print(gloss)
    dated = ", ".join(f"{_short(s.file)} {s.date}" for s in ledger.seeds.values())
    console.print(Text(f"Seeds: {dated}. 'challenge facts --conflicts' lists where they disagree."))


def _print_conflicts(ledger: Ledger, found: list[dict[str, Any]], where: str) -> None:
    from rich.table import Table
    from rich.text import Text

    console = _console()
    console.print(Text(f"Disagreements among the seeds ({where}): {len(found)}", style="bold"))
    for item in found:
        table = Table(title=Text(f"{item['id']}: {item['statement']}"), title_justify="left", show_header=True)
        table.add_column("", no_wrap=True)
        table.add_column("value", max_width=30)
        table.add_column("seeds", no_wrap=True)
        table.add_column("quote", ratio=1)
        for v in item["values"]:
            mark = "taken" if v["taken"] else "rejected"
            quotes = "\n".join(f"{_short(q['seed'])}: \"{shorten(q['quote'], 90)}\"" for q in v["quotes"])
            if v.get("note"):
                quotes += f"\n({v['note']})"
            table.add_row(Text(mark), Text(v["value"]), Text(" ".join(_short(s) for s in v["seeds"])), Text(quotes))
        console.print(table)
        console.print(Text(f"Resolution: {item['resolution']}"))
        console.print()


def fact_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """What ``challenge check --facts`` reports: the fact checks, and files that could not be read."""
    return [d for d in diagnostics if d.code.startswith("F") or d.code in ("E000", "E001", "E002", "E004")]
