"""Names in text: which glossary entry a name means, and whether it is spelt right.

Rules, in order, for each run of capitalised words:

1. an accepted spelling (canonical, or a listed variant), whole or its family part
   alone ("Peresild", "Novitsky"), is a name;
2. a spelling the glossary lists as a misspelling ("Perselid") is a known misspelling;
3. an unknown word close to a family name is a suspected misspelling: within one
   edit for names of 6-7 letters, two for longer ones (a swap of two neighbouring
   letters counts one). Shorter family names ("Ernst") and given names are judged
   only beside the rest of the name ("Konstantin Ernest", "Yulya Peresild").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ledger import Entry, Ledger
from .text import edit_distance

ACCEPTED = "accepted"
VARIANT = "variant"
MISSPELT = "misspelling"
SUSPECT = "suspect"
MISSPELT_STATUSES = (MISSPELT, SUSPECT)  # the spellings a checker reports

_TOKEN = re.compile(r"(?<![@#\w])[^\W\d_][\w\u2019'.-]*")
_POSSESSIVE = re.compile(r"(?:['\u2019]s?|[.-])$")


@dataclass(frozen=True)
class NameMention:
    """A name found in text."""

    entry: str  # glossary id
    text: str  # as written
    start: int
    end: int
    status: str  # accepted, variant, misspelling, suspect
    expected: str = ""  # the right spelling of the part that is wrong
    wrong: str = ""  # the wrong part as written
    distance: int = 0


@dataclass
class _Part:
    entry: str
    part: str  # "given", "family", "full"
    canonical: str
    status: str


@dataclass
class NameIndex:
    """Every spelling of every glossary entry, by lowercase token sequence."""

    forms: dict[tuple[str, ...], list[_Part]] = field(default_factory=dict)
    families: list[tuple[str, Entry]] = field(default_factory=list)  # accepted single-word family forms
    givens: dict[str, set[str]] = field(default_factory=dict)  # accepted given name -> entry ids
    given_of: dict[str, set[str]] = field(default_factory=dict)  # entry id -> accepted given names
    entries: dict[str, Entry] = field(default_factory=dict)
    max_len: int = 1

    def add(self, form: str, part: _Part) -> None:
        key = tuple(w.lower() for w in form.split())
        self.forms.setdefault(key, []).append(part)
        self.max_len = max(self.max_len, len(key))


def _split(entry: Entry, form: str) -> tuple[str, str]:
    """A spelling split into (given, family), aligned with the canonical name's parts."""
    words = form.split()
    fam_words = len(entry.family.split())
    canon_words = len(entry.name.split())
    if len(words) == canon_words:
        return " ".join(words[:canon_words - fam_words]), " ".join(words[canon_words - fam_words:])
    if entry.given and len(words) == 1:
        # One word: the part it resembles most.
        if edit_distance(form.lower(), entry.given.lower()) < edit_distance(form.lower(), entry.family.lower()):
            return form, ""
        return "", form
    return "", form


def build_index(ledger: Ledger) -> NameIndex:
    index = NameIndex(entries=dict(ledger.glossary))
    given_count: dict[str, int] = {}
    for entry in ledger.glossary.values():
        if entry.given:
            given_count[entry.given.lower()] = given_count.get(entry.given.lower(), 0) + 1
    for entry in ledger.glossary.values():
        spellings = [(entry.name, ACCEPTED)] + [(f.form, VARIANT) for f in entry.variants] \
            + [(f.form, MISSPELT) for f in entry.misspellings]
        for form, status in spellings:
            given, family = _split(entry, form)
            if given and family:
                index.add(form, _Part(entry.id, "full", entry.name, status))
            if family:
                index.add(family, _Part(entry.id, "family", entry.family, status))
                if status != MISSPELT and " " not in family:
                    index.families.append((family, entry))
            if given:
                if status != MISSPELT:
                    index.givens.setdefault(given.lower(), set()).add(entry.id)
                    index.given_of.setdefault(entry.id, set()).add(given.lower())
                # A given name alone names someone only when no one else shares it.
                if given_count.get(entry.given.lower(), 0) == 1 or status == MISSPELT:
                    index.add(given, _Part(entry.id, "given", entry.given, status))
    return index


def _tokens(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in _TOKEN.finditer(text):
        word, start = m.group(), m.start()
        while True:
            trimmed = _POSSESSIVE.sub("", word)
            if trimmed == word or not trimmed:
                break
            word = trimmed
        out.append((word, start, start + len(word)))
    return out


def _gap_ok(text: str, a_end: int, b_start: int) -> bool:
    """Two tokens are one name only when only spaces separate them."""
    return text[a_end:b_start].strip() == "" and b_start - a_end <= 2


def scan_names(text: str, index: NameIndex) -> list[NameMention]:
    """Every name in *text*, with its spelling status."""
    toks = _tokens(text)
    out: list[NameMention] = []
    i = 0
    while i < len(toks):
        if not toks[i][0][:1].isupper():
            i += 1
            continue
        found = _exact(text, toks, i, index)
        if found is None:
            found = _fuzzy(text, toks, i, index)
        if found is None:
            i += 1
            continue
        mention, used = found
        out.append(mention)
        i += used
    return out


def _exact(text: str, toks: list[tuple[str, int, int]], i: int, index: NameIndex) -> tuple[NameMention, int] | None:
    for size in range(min(index.max_len, len(toks) - i), 0, -1):
        run = toks[i:i + size]
        if any(not _gap_ok(text, a[2], b[1]) for a, b in zip(run, run[1:])):
            continue
        key = tuple(w.lower() for w, _, _ in run)
        parts = index.forms.get(key)
        if not parts:
            continue
        part = min(parts, key=lambda p: (p.status == MISSPELT, p.part != "full"))
        start, end = run[0][1], run[-1][2]
        written = text[start:end]
        if part.status == MISSPELT:
            return NameMention(part.entry, written, start, end, MISSPELT, part.canonical, written), size
        # A family name right after a given name that is not this person's: judge the given name.
        if part.part == "family" and i > 0:
            prev = toks[i - 1]
            if prev[0][:1].isupper() and _gap_ok(text, prev[2], run[0][1]):
                wrong = _wrong_given(prev[0], index.entries[part.entry], index)
                if wrong is not None:
                    return NameMention(part.entry, text[prev[1]:end], prev[1], end, SUSPECT,
                                       index.entries[part.entry].given, prev[0], wrong), size
        return NameMention(part.entry, written, start, end, part.status), size
    return None


def _wrong_given(word: str, entry: Entry, index: NameIndex) -> int | None:
    """The distance from *word* to this person's given names, if it looks like a misspelling of one."""
    if not entry.given or word.lower() in index.givens:
        return None
    accepted = index.given_of.get(entry.id, set()) | {entry.given.lower()}
    best = min(edit_distance(word.lower(), g) for g in accepted)
    return best if 0 < best <= 2 and len(word) >= 3 else None


def _limit(form: str) -> int:
    return 1 if len(form) <= 7 else 2


def _fuzzy(text: str, toks: list[tuple[str, int, int]], i: int, index: NameIndex) -> tuple[NameMention, int] | None:
    word, start, end = toks[i]
    low = word.lower()
    if (low,) in index.forms or low in index.givens:
        return None
    best: tuple[int, str, Entry] | None = None
    before = toks[i - 1][0].lower() if i > 0 and _gap_ok(text, toks[i - 1][2], start) else ""
    for family, entry in index.families:
        # A misspelling keeps the first letter (Perselid, Shklaperov); other letters are compared.
        if not entry.fuzzy or family[:1].lower() != low[:1]:
            continue
        paired = before in index.given_of.get(entry.id, ())
        if len(family) < 6 and not paired:
            continue  # short names are judged only beside the given name
        d = edit_distance(low, family.lower(), 2)
        limit = 2 if paired else _limit(family)
        if 0 < d <= limit and (best is None or d < best[0]):
            best = (d, family, entry)
    if best is not None:
        d, family, entry = best
        return NameMention(entry.id, word, start, end, SUSPECT, family, word, d), 1
    return None

