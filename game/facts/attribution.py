"""Which fact does a mention speak about, and does it agree?

The rules, applied to every mention the scanners find (docs/facts.md has examples):

1. Candidates are the facts of the mention's kind: designations of the same family
   (Soyuz MS, Soyuz-2.1, Expedition), durations, date-times, counts of the same
   noun, numbered sites; an age or a role goes to the facts about that person.
2. Ties. Each candidate scores its cues (a fact's subjects count as cues when named): 4 for
   one in the mention's own clause, 2 elsewhere in its sentence, at most 1 for the rest of
   the paragraph; the person a text describes or quotes counts 2. A score of 1 (the
   paragraph only) is a *weak* tie.
3. The winner. The highest score wins; a tie goes to the fact in the mention's unit family,
   then to the nearest cue. With no cue at all, the fact marked ``default`` for the kind
   (and unit family) is the winner, a weak one; with no default there is none. Durations
   have three unit families, minutes and hours, days and weeks, months and years: a fact
   of the mention's family with a cue in the sentence, or else that family's default, wins
   before any fact of another family, however strong its cues ("twelve days ... with the
   footage" is the 12-day stay, not the 40 minutes of footage).
4. The verdict. The mention agrees when its value equals a winner's (times compared in
   GMT, durations in the same unit, designations by family and number). If not:
   a. when the winner is weak, a candidate whose value the mention equals is the fact
      meant: the one with a cue, else the default, else the only fact with that value
      ("The hatch to the Soyuz MS-18.": no cue, and the return craft is the only Soyuz
      MS-18); several such facts and none of them cued leave the mention unjudged. Uncued,
      neither a fact the game may not state nor a bare weekday ("Sunday") is taken this way;
   b. a date with no time of day is judged against a date-time fact only on a cue in its
      own sentence: with a weak winner it is not judged ("Sunday, 3 October 2021" heading
      a scene sets the scene; it does not date the launch);
   c. otherwise the mention contradicts the winner and, when it equals one of the
      winner's recorded variants, that variant is named too. A cue of another fact in the
      sentence does not excuse it: in "Yulia and Klim fly home on the Soyuz MS-19" *home*,
      nearest, makes it the return craft, and *fly* does not make it the launch craft.
5. Roles. A role said of a person ("director Klim Shipenko", "Yulia, the doctor,") agrees
   with any title the ledger gives that person, compared by role class (actor/actress,
   cosmonaut/astronaut, commander/captain are one class). A title fact with ``cues`` is a
   role in a setting (Peresild plays the doctor in the film): it counts only where one of
   its cue words is in the sentence or its paragraph. Otherwise the role contradicts the
   person's title, and the report names the setting's title when the role is one.

Every verdict carries the cue words that decided it, so each report can say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .ledger import Fact, Ledger, Variant
from .mentions import ROLE_CLASSES, Mention, roles_in
from .names import NameMention
from .text import word_spans
from .values import Count, Designation, Duration, Moment, Site

# Which mention kinds each fact type answers.
_KIND_TYPES = {"designation": "designation", "duration": "duration", "moment": "datetime", "count": "count",
               "site": "place", "age": "count", "role": "title"}

# Unit families of durations: a stay in days is not weighed against minutes of footage.
_FAMILIES = {"minute": "minutes", "hour": "minutes", "day": "days", "week": "days", "month": "months",
             "year": "months"}


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
    rule: str = ""  # "same value" when rule 4a found the fact by the value the mention states

    def reason(self) -> str:
        """Why the mention was taken to be about this fact, in words."""
        if self.mention.kind in ("age", "role"):
            return f"said of {self.mention.name.text if self.mention.name else self.mention.subject}"
        if self.rule == "same value" and not self.hits:
            return f"no cue words nearby; '{self.fact.id}' is the fact with this value"
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


@dataclass
class _Tie:
    """What ties one candidate fact to a mention."""

    fact: Fact
    score: int = 0
    nearest: int = 10 ** 6  # words between the mention and the nearest cue in its sentence
    hits: list[str] = field(default_factory=list)  # every cue and subject found, in order
    cue_words: bool = False  # a cue word (not a name) in the sentence or the paragraph


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

        *context* is the rest of the paragraph; *names* the names in the sentence, *context_names*
        those in the rest of the paragraph; *speaker* the glossary ids of whom the text describes
        or quotes (a person's description, talk and topics): they weigh as much as a name in the
        sentence. Returns None when the mention is not judged."""
        if m.kind == "name" or m.vague:
            return None
        facts = self.candidates(m)
        if not facts:
            return None
        if m.kind == "age":
            ages = [_Tie(f) for f in facts]
            agree = next((t.fact for t in ages if _agrees(t.fact.value, m.value, ref)[0]), None)
            return Verdict(m, agree, True) if agree else self._contradiction(m, ages, False, ref)
        ties = self._ties(m, facts, sentence, offset, context, names, context_names, speaker)
        if m.kind == "role":
            return self._role(m, ties)

        # Rule 3: the winner, among the facts of the mention's unit family first.
        pool = _family_first(m, ties)
        key = lambda t: (t.score, _same_family(t.fact, m), -t.nearest)  # noqa: E731
        top = max(pool, key=key)
        if top.score > 0:
            winners = [t for t in pool if key(t) == key(top)]
            by_default, weak = False, top.score <= CONTEXT
        else:
            winners = [t for t in pool if t.fact.default and _default_fits(t.fact, m)]
            by_default, weak = True, True
        for t in winners:
            ok, why = _agrees(t.fact.value, m.value, ref)
            if ok:
                return Verdict(m, t.fact, True, tuple(t.hits), by_default, why=why)

        # Rule 4: a weak winner gives way to a fact whose value the mention states.
        holders = [t for t in ties if _holds(t.fact.value, m.value) and _agrees(t.fact.value, m.value, ref)[0]]
        if weak:  # a: nothing stronger than the paragraph says otherwise
            cued = [t for t in holders if t.score > 0]
            # A fact the game may not state is meant only when cued: "in 2020" alone is no claim
            # about the unresolved date of the Hollywood announcement. Nor does a weekday alone
            # name a day: many days are Sundays.
            holders = cued or [t for t in holders if t.fact.usable and not _weekday_only(m)]
            pick = max(cued, key=lambda t: t.score) if cued else next(
                (t for t in holders if t.fact.default), holders[0] if len(holders) == 1 else None)
            if pick is not None:
                return Verdict(m, pick.fact, True, tuple(pick.hits), rule="same value")
            if holders:
                return None  # true of several facts, and nothing says which
        if not winners:
            return None
        if weak and isinstance(m.value, Moment) and not m.value.has_time:
            return None  # b: a date needs a cue in its own sentence to contradict a date-time fact
        return self._contradiction(m, winners, by_default, ref)

    def _ties(self, m: Mention, facts: list[Fact], sentence: str, offset: int, context: str,
              names: list[NameMention], context_names: list[NameMention], speaker: set[str]) -> list[_Tie]:
        """Rule 2: each candidate's score, hits and nearest cue."""
        lo, hi = m.start - offset, m.end - offset
        spans = [(w, a, b) for w, a, b in word_spans(sentence) if b <= lo or a >= hi]
        words = [w for w, _, _ in spans]
        at = sum(1 for _, _, b in spans if b <= lo)  # the mention sits before words[at]
        c_lo, c_hi = _clause(sentence, lo, hi)
        around = [w for w, _, _ in word_spans(context)]
        where, where_around = _positions(words), _positions(around)
        here = [n for n in names if not (n.start < m.end and m.start < n.end)]
        near = {n.entry for n in context_names}
        ties = []
        for f in facts:
            t = _Tie(f)
            for cue, i, j in _find_cues(self.cues[f.id], words, where):
                a, b = spans[i][1], spans[j][2]
                t.score += CLAUSE if c_lo <= a and b <= c_hi else SENTENCE
                t.nearest = min(t.nearest, i - at if i >= at else at - 1 - j)
                t.hits.append(cue)
                t.cue_words = True
            for n in here:
                if n.entry in f.subjects:
                    t.score += CLAUSE if c_lo <= n.start - offset and n.end - offset <= c_hi else SENTENCE
                    name = self.ledger.display_name(n.entry)
                    t.hits.append(name)
            # The rest of the paragraph only hints: one point at most, however many cues it holds.
            nearby = [c for c, _, _ in _find_cues(self.cues[f.id], around, where_around) if c not in t.hits]
            if nearby:
                t.score += CONTEXT
                t.hits += nearby
                t.cue_words = True
            for s in f.subjects:
                name = self.ledger.display_name(s)
                if s in speaker and name not in t.hits:
                    t.score += SENTENCE  # whom the text describes or quotes
                    t.hits.append(name)
                elif s in near and name not in t.hits and not nearby:
                    t.score += CONTEXT
                    t.hits.append(name)
            ties.append(t)
        return ties

    def _contradiction(self, m: Mention, winners: list[_Tie], by_default: bool, ref: date | None) -> Verdict:
        """Rule 4d: name the winner in the mention's unit family first, then in the ledger's order;
        when the mention equals a recorded variant, the fact that records it."""
        ranked = sorted(winners, key=lambda t: not _same_family(t.fact, m))
        chosen = ranked[0]
        _, why = _agrees(chosen.fact.value, m.value, ref)
        variant = next((v for t in ranked for v in t.fact.variants
                        if v.value is not None and _agrees(v.value, m.value, ref)[0]), None)
        if variant is not None:
            chosen = next(t for t in ranked if variant in t.fact.variants)
        return Verdict(m, chosen.fact, False, tuple(chosen.hits), by_default, variant, why)

    def _role(self, m: Mention, ties: list[_Tie]) -> Verdict:
        """Rule 5."""
        said = ROLE_CLASSES.get(m.noun or "", m.noun)
        titles = [t for t in ties if not t.fact.cues]
        settings = [t for t in ties if t.fact.cues]
        for t in titles + [t for t in settings if t.cue_words]:
            if said in roles_in(str(t.fact.raw)):
                return Verdict(m, t.fact, True, tuple(t.hits))
        pool = titles or settings
        variant = next((v for t in pool for v in t.fact.variants if said in roles_in(str(v.raw))), None)
        chosen = next((t.fact for t in pool if variant in t.fact.variants), pool[0].fact) if variant else pool[0].fact
        why = ""
        setting = next((t.fact for t in settings if said in roles_in(str(t.fact.raw))), None)
        if setting is not None:
            cues = ", ".join(f"'{c}'" for c in setting.cues[:3])
            why = (f"the ledger gives '{m.text}' only in a setting (fact '{setting.id}': "
                   f"{setting.statement.rstrip('.')}): say it where the sentence or its paragraph speaks of "
                   f"that, with words such as {cues}")
        return Verdict(m, chosen, False, variant=variant, why=why)


def _family(unit: str) -> str:
    return _FAMILIES.get(unit, unit)


def _same_family(f: Fact, m: Mention) -> bool:
    """Same unit family (minutes and hours; days and weeks; months and years); true for non-durations."""
    if isinstance(f.value, Duration) and isinstance(m.value, Duration):
        return _family(f.value.unit) == _family(m.value.unit)
    return True


def _family_first(m: Mention, ties: list[_Tie]) -> list[_Tie]:
    """Rule 3's preference: the facts of the mention's unit family, when one of them has a cue in
    the sentence or is the default for the mention; every candidate otherwise (a cue of the
    family in the paragraph alone does not outweigh a stronger one of another family)."""
    if not isinstance(m.value, Duration):
        return ties
    same = [t for t in ties if _same_family(t.fact, m)]
    if any(t.score >= SENTENCE or (t.fact.default and _default_fits(t.fact, m)) for t in same):
        return same
    return ties


def _default_fits(f: Fact, m: Mention) -> bool:
    """A default fact answers only mentions in its own unit family ("17 days", not "an hour"), and
    a bare clock time with no cue is no claim at all."""
    if isinstance(f.value, Duration) and isinstance(m.value, Duration):
        return _same_family(f, m)
    return not (isinstance(m.value, Moment) and m.value.has_time)


def _weekday_only(m: Mention) -> bool:
    return isinstance(m.value, Moment) and m.value.weekday is not None and m.value.month is None


def _holds(value: object, said: object) -> bool:
    """Is *value* as precise as what was *said*? A fact dated "1998" does not state "17 October",
    though it does not contradict it either."""
    if isinstance(value, Moment) and isinstance(said, Moment):
        if said.hour is not None and value.hour is None:
            return False
        if (said.day is not None or said.weekday is not None) and value.day is None:
            return False
        return not (said.month is not None and value.month is None)
    return True


def _agrees(value: object, said: object, ref: date | None) -> tuple[bool, str]:
    if isinstance(value, Moment):
        return value.agrees(said, ref)
    return value.agrees(said)  # type: ignore[union-attr]
