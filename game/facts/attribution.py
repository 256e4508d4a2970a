"""Which fact does a mention speak about, and does it agree?

The rules, applied to every mention the scanners find:

1. Candidates are the facts of the mention's kind: designations of the same family
   (Soyuz MS, Soyuz-2.1, Expedition), durations, date-times, counts of the same
   noun, numbered sites; an age or a role goes to the facts about that person.
2. Each candidate scores its cues (a fact's subjects count as cues when named): 4 for
   one in the mention's own clause, 2 elsewhere in its sentence, at most 1 for the rest
   of the paragraph; the person a text describes or quotes counts 2.
3. The highest score wins; a tie goes to the fact in the mention's unit, then to the
   nearest cue. With no cue at all, the fact marked ``default`` for the kind (and the
   same unit) is meant; with no default the mention is not judged.
4. The mention agrees when its value equals a winner's value (times compared in
   GMT, durations in the same unit, designations by family and number). If not,
   it contradicts the winner, and, when it equals one of the winner's recorded
   variants, that variant is named too.

Every verdict carries the cue words that decided it, so each report can say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .ledger import Fact, Ledger, Variant
from .mentions import ROLE_CLASSES, Mention, roles_in
from .names import NameMention
from .text import word_spans
from .values import Count, Designation, Duration, Moment, Site

# Which mention kinds each fact type answers.
_KIND_TYPES = {"designation": "designation", "duration": "duration", "moment": "datetime", "count": "count",
               "site": "place", "age": "count", "role": "title"}


@dataclass(frozen=True)
class Verdict:
    """The judgement on one mention."""

    mention: Mention
    fact: Fact
    agrees: bool
    hits: tuple[str, ...] = ()  # the cue words that tied the mention to the fact
    by_default: bool = False
    variant: Variant | None = None  # the recorded variant the mention equals, if it contradicts
    why: str = ""  # e.g. the time-zone conversion

    def reason(self) -> str:
        """Why the mention was taken to be about this fact, in words."""
        if self.mention.kind in ("age", "role"):
            return f"said of {self.mention.name.text if self.mention.name else self.mention.subject}"
        if self.by_default:
            return f"no cue words nearby; '{self.fact.id}' is the ledger's default for this kind of mention"
        return "matched by the words " + ", ".join(f"'{h}'" for h in self.hits)


def _cue_tokens(cue: str) -> tuple[str, ...]:
    return tuple(w for w, _, _ in word_spans(cue))


# Endings a cue word may take ("launch" matches "launched"; "back" does not match "backup").
_ENDINGS = ("", "s", "es", "ed", "d", "led", "ing", "ling", "er", "ers", "off")


def _word_matches(cue: str, word: str) -> bool:
    return word.startswith(cue) and word[len(cue):] in _ENDINGS


def _positions(words: list[str]) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        where.setdefault(w, []).append(i)
    return where


def _find_cues(cues: list[tuple[str, tuple[str, ...]]], words: list[str],
               where: dict[str, list[int]] | None = None) -> list[tuple[str, int, int]]:
    """Each cue found in *words*, once, with the index of its first and last word."""
    where = where if where is not None else _positions(words)
    hits = []
    for cue, toks in cues:
        if not toks:
            continue
        n = len(toks)
        starts = sorted(i for e in _ENDINGS for i in where.get(toks[0] + e, ()))
        for i in starts:
            if i + n <= len(words) and all(_word_matches(t, w) for t, w in zip(toks[1:], words[i + 1:i + n])):
                hits.append((cue, i, i + n - 1))
                break
    return hits


# A clause ends at these marks or before these words: a cue in the mention's own clause
# outweighs one elsewhere in the sentence ("spend 17 days ..., which should result in up
# to 40 minutes of scenes": '40 minutes' goes with 'scenes', not with 'spend').
_CLAUSE_END = re.compile(r"[,;:\u2014\u2013]|\s-\s|\b(?:which|who|though|although|while|whereas|but)\b",
                         re.IGNORECASE)
CLAUSE, SENTENCE, CONTEXT = 4, 2, 1


def _clause(sentence: str, lo: int, hi: int) -> tuple[int, int]:
    """The clause of *sentence* around ``[lo, hi)``."""
    start = 0
    for m in _CLAUSE_END.finditer(sentence, 0, lo):
        start = m.end()
    m = _CLAUSE_END.search(sentence, hi)
    return start, m.start() if m else len(sentence)


class Judge:
    """Attributes mentions to the facts of one ledger."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.facts = [f for f in ledger.facts.values() if f.scan and f.value is not None]
        self.cues = {f.id: [(c, _cue_tokens(c)) for c in f.cues] for f in self.facts}
        self.nouns = frozenset(n for f in self.facts if f.type == "count" for n in f.nouns)

    def candidates(self, m: Mention) -> list[Fact]:
        kind = _KIND_TYPES.get(m.kind)
        out = []
        for f in self.facts:
            if f.type != kind:
                continue
            v = f.value
            if m.kind == "designation" and not (isinstance(v, Designation) and v.family == m.value.family):
                continue
            if m.kind == "site" and not isinstance(v, Site):
                continue
            if m.kind == "age" and not (f.unit == "years" and m.subject in f.subjects):
                continue
            if m.kind == "count" and (f.unit == "years" or not self._counts_same(f, m)):
                continue
            if m.kind == "role" and m.subject not in f.subjects:
                continue
            out.append(f)
        return out

    @staticmethod
    def _counts_same(f: Fact, m: Mention) -> bool:
        if m.noun in f.nouns:
            return True
        lengths = ("km", "mi")
        return isinstance(f.value, Count) and f.value.unit in lengths and m.value.unit in lengths

    def judge(self, m: Mention, sentence: str, offset: int, context: str = "",
              names: list[NameMention] = (), context_names: list[NameMention] = (),  # type: ignore[assignment]
              ref: date | None = None, speaker: set[str] = frozenset()) -> Verdict | None:  # type: ignore[assignment]
        """The verdict on *m*, found in *sentence* (which starts at *offset* in the scanned text).

        *speaker*: the glossary ids of whom the text describes or quotes (a person's description,
        talk and topics); they weigh as much as a name in the sentence."""
        if m.kind == "name" or m.vague:
            return None
        facts = self.candidates(m)
        if not facts:
            return None
        if m.kind == "role":
            return self._role(m, facts)
        if m.kind == "age":
            return self._compare(m, facts, (), False, ref)
        lo, hi = m.start - offset, m.end - offset
        spans = [(w, a, b) for w, a, b in word_spans(sentence) if b <= lo or a >= hi]
        words = [w for w, _, _ in spans]
        at = sum(1 for _, _, b in spans if b <= lo)  # the mention sits before words[at]
        c_lo, c_hi = _clause(sentence, lo, hi)
        around = [w for w, _, _ in word_spans(context)]
        where, where_around = _positions(words), _positions(around)
        here = [n for n in names if not (n.start < m.end and m.start < n.end)]
        near = {n.entry for n in context_names}
        ranked: list[tuple[tuple[int, int, int], Fact, tuple[str, ...]]] = []
        for f in facts:
            score, nearest, hits = 0, 10 ** 6, []
            for cue, i, j in _find_cues(self.cues[f.id], words, where):
                a, b = spans[i][1], spans[j][2]
                score += CLAUSE if c_lo <= a and b <= c_hi else SENTENCE
                nearest = min(nearest, i - at if i >= at else at - 1 - j)
                hits.append(cue)
            for n in here:
                if n.entry in f.subjects:
                    score += CLAUSE if c_lo <= n.start - offset and n.end - offset <= c_hi else SENTENCE
                    hits.append(self.ledger.display_name(n.entry))
            # The rest of the paragraph only hints: one point at most, however many cues it holds.
            nearby = [c for c, _, _ in _find_cues(self.cues[f.id], around, where_around) if c not in hits]
            if nearby:
                score += CONTEXT
                hits += nearby
            for s in f.subjects:
                name = self.ledger.display_name(s)
                if s in speaker and name not in hits:
                    score += SENTENCE  # whom the text describes or quotes
                    hits.append(name)
                elif s in near and name not in hits and not nearby:
                    score += CONTEXT
                    hits.append(name)
            ranked.append(((score, _same_unit(f, m), -nearest), f, tuple(hits)))
        top = max(r for r, _, _ in ranked)
        if top[0] > 0:
            best = [(f, hits) for r, f, hits in ranked if r == top]
            return self._compare(m, [f for f, _ in best], dict((f.id, h) for f, h in best), False, ref)
        defaults = [f for f in facts if f.default and _default_fits(f, m)]
        if not defaults:
            return None
        return self._compare(m, defaults, {}, True, ref)

    def _compare(self, m: Mention, facts: list[Fact], hits: dict[str, tuple[str, ...]] | tuple[()],
                 by_default: bool, ref: date | None) -> Verdict:
        hits = hits or {}
        for f in facts:
            ok, why = _agrees(f.value, m.value, ref)
            if ok:
                return Verdict(m, f, True, hits.get(f.id, ()), by_default, why=why)
        # Contradiction: name the fact in the same unit first, then the ledger's order.
        facts = sorted(facts, key=lambda f: not _same_unit(f, m))
        chosen = facts[0]
        _, why = _agrees(chosen.value, m.value, ref)
        variant = next((v for f in facts for v in f.variants if v.value is not None and _variant_equal(v, m, ref)), None)
        if variant is not None:
            chosen = next(f for f in facts if variant in f.variants)
        return Verdict(m, chosen, False, hits.get(chosen.id, ()), by_default, variant, why)

    def _role(self, m: Mention, facts: list[Fact]) -> Verdict:
        said = ROLE_CLASSES.get(m.noun or "", m.noun)
        for f in facts:
            if said in roles_in(str(f.raw)):
                return Verdict(m, f, True)
        variant = next((v for f in facts for v in f.variants if said in roles_in(str(v.raw))), None)
        chosen = next((f for f in facts if variant in f.variants), facts[0]) if variant else facts[0]
        return Verdict(m, chosen, False, variant=variant)


def _same_unit(f: Fact, m: Mention) -> bool:
    """Same kind of unit: minutes to weeks, or months and years (a year is not a long 12 days)."""
    if isinstance(f.value, Duration) and isinstance(m.value, Duration):
        return f.value.amount()[0] == m.value.amount()[0]
    return True


def _default_fits(f: Fact, m: Mention) -> bool:
    """A default fact answers only mentions in its own unit ("17 days", not "an hour"), and a
    bare clock time with no cue is no claim at all."""
    if isinstance(f.value, Duration) and isinstance(m.value, Duration):
        return f.value.unit == m.value.unit
    return not (isinstance(m.value, Moment) and m.value.has_time)


def _agrees(value: object, said: object, ref: date | None) -> tuple[bool, str]:
    if isinstance(value, Moment):
        return value.agrees(said, ref)
    return value.agrees(said)  # type: ignore[union-attr]


def _variant_equal(v: Variant, m: Mention, ref: date | None) -> bool:
    if isinstance(v.value, Moment) and isinstance(m.value, Moment):
        ok, _ = v.value.agrees(m.value, ref)
        return ok
    ok, _ = _agrees(v.value, m.value, ref)
    return ok
