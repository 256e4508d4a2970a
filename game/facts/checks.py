"""The ledger against the seeds.

a. every quote occurs in its seed (whitespace and typographic quotes normalised,
   nothing else), else an error at the quote, with the closest passage;
b. every quote really states its value: the quote is scanned like any text and
   the fact's value (or the variant's) must be among what it says;
c. every seed sentence is scanned for statements of the ledger's kinds of fact;
   one that contradicts the ledger and is not recorded as a variant with that very
   quote is an error at the fact, quoting both sides. Names likewise: a misspelling
   in a seed must be in the glossary with its quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.diagnostics import Diagnostic
from .attribution import Judge, Verdict
from .corpus import Corpus, Seed, Sentence
from .ledger import Entry, Evidence, Fact, Form, Ledger
from .mentions import NUMBER, Mention, read_number, roles_in, scan
from .names import MISSPELT_STATUSES, NameIndex, build_index
from .text import normalise, shorten
from .values import Count, Designation, Duration, Moment, PersonRef, Site, Value, Words

# Collective nouns that state a number ("the Russian trio").
_COLLECTIVE = {"trio": 3, "pair": 2, "duo": 2, "quartet": 4}


@dataclass(frozen=True)
class Finding:
    """A statement in a seed that disagrees with the ledger."""

    seed: Seed
    sentence: Sentence
    mention: Mention
    verdict: Verdict | None  # a fact's value disagrees
    entry: Entry | None  # a name is spelt otherwise
    recorded: bool  # the ledger already records it (as a variant or a misspelling, with this quote)

    @property
    def where(self) -> str:
        line, col = self.seed.position(self.sentence.start + self.mention.start)
        return f"{self.seed.file}:{line}:{col}"


class Checker:
    """Checks one ledger against one corpus of seeds."""

    def __init__(self, ledger: Ledger, corpus: Corpus, index: NameIndex | None = None,
                 judge: Judge | None = None) -> None:
        self.ledger = ledger
        self.corpus = corpus
        self.index = index or build_index(ledger)
        self.judge = judge or Judge(ledger)
        self._findings: list[Finding] | None = None

    # -- the whole check ---------------------------------------------------------------------------
    def check(self) -> list[Diagnostic]:
        out = self.seed_list()
        for owner, evidence, value in self._all_evidence():
            out += self.evidence(owner, evidence, value)
        for fact in self.ledger.facts.values():
            out += self.precision(fact)
        out += self.unrecorded()
        return out

    def _seed(self, name: str) -> Seed | None:
        seed = self.corpus.seeds.get(name)
        return seed if seed is not None and seed.problem is None else None

    def seed_list(self) -> list[Diagnostic]:
        """The ledger's list of seeds matches the folder: same files, dates and headlines."""
        out = []
        for info in self.ledger.seeds.values():
            seed = self.corpus.seeds.get(info.file)
            if seed is None:
                out.append(self.ledger.error(info.path + ("file",), f"seed '{info.file}' is not in "
                                             f"{self.corpus.folder}", "F203"))
            elif seed.problem:
                out.append(self.ledger.error(info.path + ("file",), f"seed '{info.file}': {seed.problem}", "F203"))
            else:
                if str(seed.date) != str(info.date):
                    out.append(self.ledger.error(info.path + ("date",), f"seed '{info.file}' is dated {seed.date}, "
                                                 f"not {info.date}", "F203"))
                if normalise(seed.headline) != normalise(info.headline):
                    out.append(self.ledger.error(info.path + ("headline",), f"seed '{info.file}' has the headline "
                                                 f"\"{shorten(seed.headline, 80)}\"", "F203"))
        for name in self.corpus.seeds:
            if name not in self.ledger.seeds:
                out.append(self.ledger.error(("seeds",), f"seed '{name}' is in {self.corpus.folder} but not listed "
                                             "under 'seeds:'", "F203", key=True))
        return out

    # -- (a) and (b): quotes -----------------------------------------------------------------------
    def _all_evidence(self):  # type: ignore[no-untyped-def]
        """(owner, evidence, what it must state) for every quote in the ledger."""
        for fact in self.ledger.facts.values():
            for e in fact.evidence:
                yield fact, e, fact.value
            for v in fact.variants:
                for e in v.evidence:
                    yield fact, e, v.value
        for entry in self.ledger.glossary.values():
            for e in entry.evidence:
                yield entry, e, None
            for form in entry.variants + entry.misspellings:
                for e in form.evidence:
                    yield form, e, None

    def evidence(self, owner: Fact | Entry | Form, e: Evidence, value: Value | None) -> list[Diagnostic]:
        seed = self._seed(e.seed)
        if seed is None:
            return []  # reported once, at the seed's listing or as an unknown seed
        where = e.path + ("quote",)
        if seed.find(e.quote) is None:
            return [self.ledger.error(where, _not_found(seed, e.quote), "F201")]
        problem = self.states(owner, e, value, seed)
        return [self.ledger.error(where, problem, "F202")] if problem else []

    def states(self, owner: Fact | Entry | Form, e: Evidence, value: Value | None, seed: Seed) -> str | None:
        """Why the quote does not state what it is cited for (None when it does)."""
        if isinstance(owner, Entry):
            names = [owner.name, owner.family]
            if any(_has_words(e.quote, n, case=False) for n in names):
                return None
            return f"the quote does not contain the name '{owner.name}' (or '{owner.family}')"
        if isinstance(owner, Form):
            if _has_words(e.quote, owner.form, case=True):
                return None
            return f"the quote does not contain the spelling '{owner.form}'"
        return self._states_value(owner, e.quote, value, seed)

    def _states_value(self, fact: Fact, quote: str, value: Value | None, seed: Seed) -> str | None:
        if value is None:
            return None  # free text: the quote itself is the evidence
        mentions = scan(quote, self.index, self.judge.nouns, ref=seed.date)
        named = {m.name.entry for m in mentions if m.kind == "name" and m.name}
        shown = value.show() if not isinstance(value, PersonRef) else self.ledger.display_name(value.id)
        if fact.type in ("title", "count") and fact.subjects and (fact.type == "title" or fact.unit == "years"):
            missing = [s for s in fact.subjects if s not in named]
            if missing:
                return f"the quote does not name {self.ledger.display_name(missing[0])}, whom the fact is about"
        said = _stated(fact, value, quote, mentions, seed)
        if said is True:
            return None
        found = ", ".join(f"'{m.text}'" for m in said) if said else ""
        return f"the quote does not state {fact.type} '{shown}'" + (f"; it says {found}" if found else "")

    def precision(self, fact: Fact) -> list[Diagnostic]:
        """A date-time fact with a time needs a quote that gives the time, not only the day."""
        value = fact.value
        if not isinstance(value, Moment) or not value.has_time:
            return []
        for e in fact.evidence:
            seed = self._seed(e.seed)
            if seed is None or seed.find(e.quote) is None:
                return []
            for m in scan(e.quote, self.index, frozenset(), ref=seed.date):
                if m.kind == "moment" and m.value.has_time and value.agrees(m.value, seed.date)[0]:
                    return []
        return [self.ledger.error(fact.path + ("value",), f"fact '{fact.id}' gives a time of day, but none of its "
                                                          "quotes states it", "F204")]

    # -- (c): what the seeds say -------------------------------------------------------------------
    def findings(self) -> list[Finding]:
        """Every statement in the seeds that disagrees with the ledger, recorded or not."""
        if self._findings is None:
            self._findings = [f for seed in self.corpus if seed.problem is None for f in self._scan_seed(seed)]
        return self._findings

    def _scan_seed(self, seed: Seed) -> list[Finding]:
        out = []
        for sentence in seed.sentences:
            mentions = scan(sentence.text, self.index, self.judge.nouns, ref=seed.date)
            names = [m.name for m in mentions if m.kind == "name" and m.name]
            for m in mentions:
                if m.kind == "name":
                    if m.name and m.name.status in MISSPELT_STATUSES:
                        entry = self.ledger.glossary[m.name.entry]
                        out.append(Finding(seed, sentence, m, None, entry, self._name_recorded(entry, m, seed, sentence)))
                    continue
                verdict = self.judge.judge(m, sentence.text, 0, names=names, ref=seed.date)
                if verdict is None or verdict.agrees:
                    continue
                recorded = verdict.variant is not None and _covers(verdict.variant.evidence, seed, sentence, m)
                out.append(Finding(seed, sentence, m, verdict, None, recorded))
        return out

    @staticmethod
    def _name_recorded(entry: Entry, m: Mention, seed: Seed, sentence: Sentence) -> bool:
        wrong = m.name.wrong or m.text if m.name else m.text
        for form in entry.misspellings:
            if form.form.lower() == wrong.lower() and _covers(form.evidence, seed, sentence, m):
                return True
        return False

    def unrecorded(self) -> list[Diagnostic]:
        out = []
        for f in self.findings():
            if f.recorded:
                continue
            quote = f"\"{shorten(f.sentence.text, 110)}\""
            if f.verdict is not None:
                fact = f.verdict.fact
                ours = fact.evidence[0]
                out.append(self.ledger.error(
                    fact.path + ("value",) if fact.raw is not None else fact.path,
                    f"conflict: seed {f.where} says '{f.mention.text}' ({quote}), but fact '{fact.id}' is "
                    f"{fact.show(self.ledger.glossary)} ({ours.seed.split('_')[0]}: \"{shorten(ours.quote, 70)}\"); "
                    f"record it under 'variants:' with that quote, or fix the fact [{f.verdict.reason()}]", "F301"))
            elif f.entry is not None:
                out.append(self.ledger.error(
                    f.entry.path + ("name",),
                    f"seed {f.where} spells '{f.mention.name.wrong or f.mention.text}' ({quote}), not "
                    f"'{f.mention.name.expected}' ({f.entry.name}): add it to 'misspellings:' (or 'variants:') "
                    "with that quote", "F302"))
        return out


# -- helpers -----------------------------------------------------------------------------------------

def _not_found(seed: Seed, quote: str) -> str:
    msg = f"quote not found in seed {seed.file} (only whitespace and typographic quotes may differ)"
    near = seed.closest(quote)
    if near is None or near.ratio < 0.4:
        return msg
    return (f"{msg}; closest passage at {seed.file}:{near.line}:{near.col}: \"{shorten(near.text, 100)}\" "
            f"({near.difference})")


def _has_words(text: str, words: str, case: bool) -> bool:
    flags = 0 if case else re.IGNORECASE
    return re.search(rf"(?<![\w-]){re.escape(normalise(words))}(?![\w])", normalise(text), flags) is not None


def _covers(evidence: list[Evidence], seed: Seed, sentence: Sentence, m: Mention) -> bool:
    """Does one of these quotes, in this seed, include the mention?"""
    at = sentence.start + m.start
    for e in evidence:
        if e.seed != seed.file:
            continue
        span = seed.locate(e.quote)
        if span and span[0] <= at < span[1]:
            return True
    return False


def _numbers(quote: str) -> set[float]:
    found = {n for n in (read_number(m.group()) for m in re.finditer(rf"(?<![\w.,]){NUMBER}(?![\w])", quote,
                                                                       re.IGNORECASE)) if n is not None}
    found |= {float(v) for k, v in _COLLECTIVE.items() if re.search(rf"\b{k}\b", quote, re.IGNORECASE)}
    return found


def _stated(fact: Fact, value: Value, quote: str, mentions: list[Mention], seed: Seed) -> bool | list[Mention]:
    """True when a mention in the quote states *value*; else the mentions of the kind found."""
    if isinstance(value, Designation):
        said = [m for m in mentions if m.kind == "designation"]
        return True if any(m.value == value for m in said) else said
    if isinstance(value, Duration):
        said = [m for m in mentions if m.kind == "duration" and not m.vague]
        return True if any(value.agrees(m.value)[0] for m in said) else said
    if isinstance(value, Moment):
        said = [m for m in mentions if m.kind == "moment"]
        return True if any(value.agrees(m.value, seed.date)[0] for m in said) else said
    if isinstance(value, Count) and fact.unit == "years":
        said = [m for m in mentions if m.kind == "age" and m.subject in fact.subjects]
        return True if any(value.agrees(m.value)[0] for m in said) else said
    if isinstance(value, Count) and value.unit in ("km", "mi"):
        said = [m for m in mentions if m.kind == "count" and m.value.unit in ("km", "mi")]
        return True if any(value.agrees(m.value)[0] for m in said) else said
    if isinstance(value, Count):
        return True if value.n in _numbers(quote) else []
    if isinstance(value, Site):
        said = [m for m in mentions if m.kind == "site"]
        return True if any(m.value == value for m in said) else said
    if isinstance(value, PersonRef):
        said = [m for m in mentions if m.kind == "name"]
        return True if any(m.value == value.id for m in said) else said
    if isinstance(value, Words):
        roles = roles_in(value.text)
        if roles:
            return True if roles & roles_in(quote) else [m for m in mentions if m.kind == "role"]
        return True if _has_words(quote, value.text, case=False) else []
    return True
