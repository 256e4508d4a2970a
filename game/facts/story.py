"""The facts of a story: the one entry point the content loader and ``challenge check`` call.

The loader hands over the files it read; this module finds the ledger among them
(or, for a story folder without one, uses the shipped ledger), checks every
scene text against it, and returns plain data: diagnostics, the facts each scene
states, and a view of each fact for the game's ``sources`` command. Checking the
ledger against the seed articles reads five more files, so it is a separate step
that ``challenge check`` runs and the game does not.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.diagnostics import ERROR, Diagnostic
from ..files import display_path
from ..content.yaml_source import Source, load_file
from .attribution import Judge
from .checks import Checker
from .corpus import Corpus, load_corpus
from .ledger import Fact, Ledger, load_ledger
from .names import NameIndex, build_index
from .prose import ProseChecker
from .text import plural

LEDGER = Path("facts") / "ledger.yaml"  # where a story keeps its ledger, under its scenes folder


@dataclass
class LoadedLedger:
    """A ledger with what checking needs, built once per ledger text."""

    ledger: Ledger
    diagnostics: list[Diagnostic]
    index: NameIndex
    judge: Judge


_loaded: dict[tuple[str, str], LoadedLedger] = {}


def load(src: Source) -> LoadedLedger:
    """The ledger in *src*, loaded once per process for the same text (the game, the
    explorer and the tests load the same story many times)."""
    key = (src.file, hashlib.blake2b(src.text.encode(), digest_size=16).hexdigest())
    found = _loaded.get(key)
    if found is None:
        ledger, diags = load_ledger(src)
        found = _loaded[key] = LoadedLedger(ledger, diags, build_index(ledger), Judge(ledger))
    return found


def shipped_ledger() -> Source | None:
    """The ledger that ships with the game, for a story folder that has none of its own."""
    from ..paths import scenes_dir

    path = scenes_dir() / LEDGER
    return load_file(path, display_path(path)) if path.is_file() else None


@dataclass
class StoryFacts:
    """Everything the facts add to a loaded story."""

    loaded: LoadedLedger | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stated: dict[str, list[str]] = field(default_factory=dict)  # scene or ending id -> fact ids

    @property
    def ledger(self) -> Ledger | None:
        return self.loaded.ledger if self.loaded else None

    def views(self) -> dict[str, dict[str, Any]]:
        """Each fact the game may state, as plain data for the engine's ``FactView``."""
        ledger = self.ledger
        if ledger is None:
            return {}
        return {f.id: view(ledger, f) for f in ledger.facts.values() if f.usable}

    def check_seeds(self, folder: Path | None = None) -> list[Diagnostic]:
        """The ledger against the seed articles (quotes, values, conflicts)."""
        if self.loaded is None or any(d.severity == ERROR for d in self.loaded.diagnostics):
            return []
        return Checker(self.loaded.ledger, seeds(folder), self.loaded.index, self.loaded.judge).check()


def seeds(folder: Path | None = None) -> Corpus:
    """The seed corpus (by default the shipped seeds)."""
    if folder is None:
        from ..paths import seeds_dir

        folder = seeds_dir()
    return load_corpus(folder)


def story_facts(ledgers: list[Source], scenes: list[Source], start: str | None) -> StoryFacts:
    """Check the scene texts in *scenes* against the ledger (one of *ledgers*, else the shipped one)."""
    out = StoryFacts()
    for extra in ledgers[1:]:
        out.diagnostics.append(Diagnostic(extra.file, 1, 1, ERROR, f"a second fact ledger; the story's ledger is "
                                          f"{ledgers[0].file}", "F102"))
    src = ledgers[0] if ledgers else shipped_ledger()
    if src is None:
        return out
    out.loaded = load(src)
    out.diagnostics += out.loaded.diagnostics
    if any(d.severity == ERROR for d in out.loaded.diagnostics):
        return out  # a broken ledger would make every scene text look wrong
    prose = ProseChecker(out.loaded.ledger, out.loaded.index, out.loaded.judge).check(scenes, start)
    out.diagnostics += prose.diagnostics
    out.stated = prose.stated
    return out


def view(ledger: Ledger, fact: Fact) -> dict[str, Any]:
    """One fact as the sources panel shows it: statement, value, quotes with seed and date."""
    quotes = [{"seed": e.seed, "date": ledger.seed_date(e.seed), "quote": e.quote,
               "headline": ledger.seeds[e.seed].headline if e.seed in ledger.seeds else ""}
              for e in fact.evidence]
    return {"id": fact.id, "statement": fact.statement, "value": fact.show(ledger.glossary), "type": fact.type,
            "quotes": quotes, "disputed": disputed(fact)}


def disputed(fact: Fact) -> str | None:
    """One line on how the seeds disagree about *fact*, and what the ledger takes (None if they agree)."""
    if not fact.variants:
        return None
    others = "; ".join(f"seed {', '.join(s.split('_')[0] for s in v.seeds())} says "
                       f"{v.value.show() if v.value is not None else v.raw}" for v in fact.variants)
    mine = [s.split("_")[0] for s in fact.seeds()]
    if fact.reason:
        return f"The seeds disagree: {others}. {' '.join(fact.reason.split())}"
    return f"The seeds disagree: {others}. The game follows the {plural(len(mine), 'seed')} that say " \
           f"{fact.show()} ({', '.join(mine)})."
