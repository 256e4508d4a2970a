"""Read statements of fact out of text: designations, durations, dates and times, ages,
counts, launch sites, roles and names.

Each scanner is a regular expression with a reader for what it matches, so what
counts as a mention is written down here and nowhere else. The scanners only
read; :mod:`attribution` decides which fact a mention speaks about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import zones
from .names import NameIndex, NameMention, scan_names
from .values import MONTHS, WEEKDAYS, Count, Duration, Moment, Site, read_designation

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
# Words that multiply what comes before them: "three thousand", "five hundred", "a dozen".
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1000000, "dozen": 12}
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_SMALL = "|".join(sorted((w for w in NUMBER_WORDS if w not in MULTIPLIERS), key=len, reverse=True))
# 1 to 99 in words ("twenty-five"), then at most "hundred" and "thousand"/"million" groups after it:
# "three thousand five hundred", "one hundred and twenty". A bare "hundred" or "dozen" still reads.
_WORDS_1_99 = rf"(?:{_SMALL})(?:-(?:{_UNITS}))?"
_WORDS_1_999 = rf"(?:(?:{_WORDS_1_99}|a)\s+hundred(?:\s+(?:and\s+)?{_WORDS_1_99})?|{_WORDS_1_99}|hundred|dozen)"
_WORD_NUMBER = rf"(?:(?:{_WORDS_1_999}|a)\s+(?:thousand|million)(?:,?\s+(?:and\s+)?{_WORDS_1_999})?|{_WORDS_1_999}" \
               rf"|a\s+dozen)"
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+(?:thousand|million))?|{_WORD_NUMBER})"


def read_number(text: str) -> float | None:
    """``3,000`` -> 3000; ``twelve`` -> 12; ``twenty-five`` -> 25; ``three thousand five hundred``
    -> 3500; ``3 thousand`` -> 3000; ``a``/``an`` -> 1."""
    t = " ".join(text.lower().replace(",", "").split())
    if t in ("a", "an"):
        return 1
    try:
        return float(t)
    except ValueError:
        pass
    total, group = 0.0, 0.0
    for word in t.replace("-", " ").split():
        if word == "and":
            continue
        if word == "a":
            group += 1
        elif word in MULTIPLIERS and MULTIPLIERS[word] >= 1000:
            total += (group or 1) * MULTIPLIERS[word]
            group = 0
        elif word in MULTIPLIERS:
            group = (group or 1) * MULTIPLIERS[word]
        elif word in NUMBER_WORDS:
            group += NUMBER_WORDS[word]
        else:
            try:
                group += float(word)
            except ValueError:
                return None
    return total + group


@dataclass(frozen=True)
class Mention:
    """A statement of a fact's kind found in text, and its value."""

    kind: str  # designation, duration, moment, count, age, site, role, name
    text: str
    start: int
    end: int
    value: Any = None
    subject: str | None = None  # glossary id: whose age, whose role
    noun: str | None = None  # what a count counts; a role's word
    vague: bool = False  # "two or three months": stated as a range, not checked
    name: NameMention | None = None


# -- designations ----------------------------------------------------------------------------------

_DESIGNATION = re.compile(
    r"(?<![\w-])#?(?:[Ss]oyuz[\s-]?)?(?:MS|TMA-M|TMA)[\s-]?\d{1,3}(?![\w-])"
    r"|(?<![\w-])[Ss]oyuz[\s-]?2\.1[a-z](?![\w])"
    r"|\bExpedition\s+\d{1,3}\b")


def scan_designations(text: str) -> list[Mention]:
    out = []
    for m in _DESIGNATION.finditer(text):
        value = read_designation(m.group())
        if value is not None:
            out.append(Mention("designation", m.group(), m.start(), m.end(), value))
    return out


# -- durations -------------------------------------------------------------------------------------

_DURATION = re.compile(
    rf"(?<![\w.,:-])(?:(?P<low>{NUMBER})\s+(?:or|to)\s+)?(?P<num>{NUMBER}|an?)(?:\s+|-)"
    r"(?P<unit>minute|hour|day|week|month|year)s?\b(?:['\u2019](?!\w))?", re.IGNORECASE)


def scan_durations(text: str) -> list[Mention]:
    out = []
    for m in _DURATION.finditer(text):
        n = read_number(m.group("num"))
        plural = m.group().rstrip("'\u2019").lower().endswith("s")
        if n is None or (m.group("num").lower() in ("a", "an") and plural):
            continue  # "a months-long stay" states no number
        after = text[m.end():m.end() + 8].lower()
        if after.startswith(("-old", " old")):
            continue  # "37 years old" is an age
        if re.match(r"\s+mark\b", after, re.IGNORECASE):
            continue  # "the ten-minute mark" is a point in a countdown, not a length of time
        out.append(Mention("duration", m.group(), m.start(), m.end(), Duration(n, m.group("unit").lower()),
                           vague=bool(m.group("low"))))
    return out


# -- dates and times -------------------------------------------------------------------------------

_AMPM = r"(?:a\.?m\.?|p\.?m\.?)"
_TIME = re.compile(
    rf"(?<![\w.:,])(?:"
    rf"(?P<h1>\d{{1,2}}):(?P<m1>\d{{2}})(?:\s*(?P<ap1>{_AMPM}))?"
    rf"|(?P<h4>\d{{1,2}})\.(?P<m4>\d{{2}})\s*(?P<ap4>{_AMPM})"
    rf"|(?P<h2>\d{{1,2}})\s*(?P<ap2>{_AMPM})(?P<m2>\d{{2}})?"
    rf"|(?P<h3>[01]\d|2[0-3])(?P<m3>[0-5]\d)(?=\s*(?:GMT|UTC|hours\b))"
    rf")(?![\w:])(?:\s*(?P<zone>{zones.ZONE_RE})(?![\w]))?", re.IGNORECASE)
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|" \
         r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE = re.compile(
    rf"\b{_MONTH}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}})\b)?"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH.replace('month', 'month2')}(?:,?\s+(?P<y2>\d{{4}})\b)?"
    rf"|\b{_MONTH.replace('month', 'month3')}\s+(?P<y3>\d{{4}})\b"
    r"|\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:in|since|by)\s+(?P<y4>(?:19|20)\d{2})\b"
    r"|\b(?P<rel>today|yesterday|tomorrow|(?:earlier\s+|later\s+)?this\s+year|last\s+year|next\s+year)\b")


def _month(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return next(i for i, m in enumerate(MONTHS, 1) if m.startswith(key))


def scan_times(text: str) -> list[Mention]:
    out = []
    for m in _TIME.finditer(text):
        g = m.groupdict()
        hour_s = g["h1"] or g["h2"] or g["h3"] or g["h4"]
        minute_s = g["m1"] or g["m2"] or g["m3"] or g["m4"] or "0"
        ampm = (g["ap1"] or g["ap2"] or g["ap4"] or "").lower().replace(".", "")
        hour, minute = int(hour_s), int(minute_s)
        if ampm:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        if hour > 23 or minute > 59:
            continue
        zone = zones.zone_key(g["zone"]) if g["zone"] else None
        out.append(Mention("moment", m.group(), m.start(), m.end(), Moment(hour=hour, minute=minute, zone=zone)))
    return out


def scan_dates(text: str, ref: date | None = None) -> list[Mention]:
    """Dates; relative ones ("today", "last year") only when *ref* (the seed's date) is known."""
    out = []
    for m in _DATE.finditer(text):
        g = m.groupdict()
        value: Moment | None = None
        if g["month"] or g["month2"]:
            day = int(g["d1"] or g["d2"])
            year = g["y1"] or g["y2"]
            value = Moment(int(year) if year else None, _month(g["month"] or g["month2"]), day)
            if not 1 <= day <= 31:
                continue
        elif g["month3"]:
            if g["month3"].lower() == "may" and not text[m.start():m.start() + 1].isupper():
                continue
            value = Moment(int(g["y3"]), _month(g["month3"]))
        elif g["weekday"]:
            value = Moment(weekday=WEEKDAYS.index(g["weekday"].lower()))
        elif g["y4"]:
            value = Moment(int(g["y4"]))
        elif g["rel"] and ref is not None:
            rel = " ".join(g["rel"].lower().split())
            if rel in ("today", "yesterday", "tomorrow"):
                d = date.fromordinal(ref.toordinal() + {"today": 0, "yesterday": -1, "tomorrow": 1}[rel])
                value = Moment(d.year, d.month, d.day)
            else:
                value = Moment(ref.year + {"last": -1, "next": 1}.get(rel.split()[0], 0))
        if value is not None:
            start = m.start() if not g["y4"] else m.start("y4")
            end = m.end()
            month = g["month"] or g["month2"] or g["month3"] or ""
            if text[end - 1] == "." and not month.endswith(".") and len(month) > 3 and not text[end - 2].isdigit():
                end -= 1  # "on 17 November." : the full stop ends the sentence, not an abbreviation
            out.append(Mention("moment", text[start:end], start, end, value))
    return out


# -- counts and sites ------------------------------------------------------------------------------

_LENGTH_NOUNS = ("km", "kilometers", "kilometres", "kilometer", "kilometre", "miles", "mile")


def scan_counts(text: str, nouns: frozenset[str]) -> list[Mention]:
    """``3,000 applications``, ``two orbits``, ``354 km``: a number, at most one word, a counted noun."""
    every = sorted(set(nouns) | set(_LENGTH_NOUNS), key=len, reverse=True)
    if not every:
        return []
    pattern = re.compile(rf"(?<![\w.,:-])(?P<num>{NUMBER})(?:\s+[\w-]+)??\s*\(?\s*(?P<noun>{'|'.join(map(re.escape, every))})\b",
                         re.IGNORECASE)
    out = []
    for m in pattern.finditer(text):
        n = read_number(m.group("num"))
        if n is None:
            continue
        noun = m.group("noun").lower()
        unit = {"kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km",
                "miles": "mi", "mile": "mi"}.get(noun, noun if noun == "km" else None)
        out.append(Mention("count", m.group(), m.start(), m.end(), Count(n, unit), noun=noun))
    return out


_SITE = re.compile(r"\b(?:[Ll]aunch\s+)?[Ss]ite\s+(?:No\.?\s*)?(\d{1,3})\b")


def scan_sites(text: str) -> list[Mention]:
    return [Mention("site", m.group(), m.start(), m.end(), Site(int(m.group(1)))) for m in _SITE.finditer(text)]


# -- people: ages and roles ------------------------------------------------------------------------

ROLE_CLASSES = {
    "actress": "actor", "actresses": "actor", "actor": "actor", "actors": "actor",
    "film director": "director", "director": "director", "directors": "director",
    "cinematographer": "camera", "cameraman": "camera", "camera operator": "camera",
    "cosmonaut": "spacefarer", "cosmonauts": "spacefarer", "astronaut": "spacefarer", "astronauts": "spacefarer",
    "commander": "commander", "captain": "commander",
    "co-producer": "producer", "producer": "producer",
    "spokesperson": "spokesperson", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
    "doctor": "doctor", "physician": "doctor", "surgeon": "doctor",
    "flight engineer": "engineer",
}
_ROLE = "|".join(sorted((re.escape(r) for r in ROLE_CLASSES), key=len, reverse=True))
_ROLE_BEFORE = re.compile(rf"(?<![\w-])(?P<role>{_ROLE})\s+$", re.IGNORECASE)
_ROLE_COMMA_BEFORE = re.compile(rf"(?<![\w-])(?P<role>{_ROLE}),\s+$", re.IGNORECASE)
_ROLE_AFTER = re.compile(rf"^,\s+(?:\d{{1,3}},\s+)?(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){{0,2}}?(?P<role>{_ROLE})\b",
                         re.IGNORECASE)
_AGE_AFTER = re.compile(r"^(?:,\s+(?:[a-z][\w-]*\s*){1,3})?,\s+(?P<age>\d{1,3})(?=\s*[,;:.)]|\s*$)|^\s+\((?P<age2>\d{1,3})\)")
_AGE_BEFORE = re.compile(r"(?<![\w.,])(?P<age>\d{1,3})-year-old\s+(?:[a-z][\w-]*\s+){0,3}$")


def roles_in(text: str) -> set[str]:
    """The role classes a title names: "veteran cosmonaut" -> {"spacefarer"}."""
    return {ROLE_CLASSES[m.group().lower()] for m in re.finditer(rf"(?<![\w-])(?:{_ROLE})(?![\w-])", text, re.IGNORECASE)}


def scan_people(text: str, names: list[NameMention], people: set[str]) -> list[Mention]:
    """Ages ("Peresild, 37") and roles ("director Klim Shipenko") attached to names of *people*."""
    out: list[Mention] = []
    starts = {n.start for n in names}
    for n in names:
        if n.entry not in people:
            continue
        before, after = text[max(0, n.start - 60):n.start], text[n.end:n.end + 80]
        m = _AGE_AFTER.match(after)
        if m:
            age = m.group("age") or m.group("age2")
            a = n.end + m.start("age" if m.group("age") else "age2")
            out.append(Mention("age", age, a, a + len(age), Count(float(age), "years"), subject=n.entry, name=n))
        m = _AGE_BEFORE.search(before)
        if m:
            a = n.start - len(before) + m.start("age")
            out.append(Mention("age", m.group("age"), a, a + len(m.group("age")), Count(float(m.group("age")), "years"),
                               subject=n.entry, name=n))
        for pattern in (_ROLE_BEFORE, _ROLE_COMMA_BEFORE):
            m = pattern.search(before)
            if m:
                a = n.start - len(before) + m.start("role")
                out.append(Mention("role", m.group("role"), a, a + len(m.group("role")), m.group("role").lower(),
                                   subject=n.entry, noun=m.group("role").lower(), name=n))
                break
        m = _ROLE_AFTER.match(after)
        if m:
            a = n.end + m.start("role")
            rest = text[n.end + m.end():]
            follows_name = (n.end + m.end() + (len(rest) - len(rest.lstrip()))) in starts
            if not follows_name:  # "Mordovina, Russian cosmonaut Oleg Artemyev": the role is Artemyev's
                out.append(Mention("role", m.group("role"), a, a + len(m.group("role")), m.group("role").lower(),
                                   subject=n.entry, noun=m.group("role").lower(), name=n))
    return out


def scan(text: str, index: NameIndex, nouns: frozenset[str] = frozenset(), people: set[str] | None = None,
         ref: date | None = None) -> list[Mention]:
    """Every mention in *text*, in text order."""
    names = scan_names(text, index)
    found = [Mention("name", n.text, n.start, n.end, n.entry, subject=n.entry, name=n) for n in names]
    found += scan_designations(text) + scan_durations(text) + scan_times(text) + scan_dates(text, ref)
    found += scan_counts(text, nouns) + scan_sites(text)
    if people is None:
        people = {e.id for e in index.entries.values() if e.kind == "person"}
    found += scan_people(text, names, people)
    found = _drop_overlaps(found)
    return sorted(found, key=lambda m: (m.start, m.end))


def _drop_overlaps(found: list[Mention]) -> list[Mention]:
    """A time's digits are not also a count or a duration; the longer or more specific reading wins."""
    rank = {"moment": 0, "designation": 0, "site": 1, "age": 1, "duration": 2, "count": 3, "role": 4, "name": 5}
    kept: list[Mention] = []
    for m in sorted(found, key=lambda m: (rank[m.kind], -(m.end - m.start))):
        if m.kind in ("name", "role") or not any(
                k.kind not in ("name", "role") and m.start < k.end and k.start < m.end for k in kept):
            kept.append(m)
    return kept
