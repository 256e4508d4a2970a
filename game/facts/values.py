"""Typed fact values: read from the ledger, read from text, compared, and shown.

One class per kind of value, each with the same three abilities: ``parse`` the
ledger's spelling, ``agrees`` with a value read from a sentence (with the reason),
and ``show`` it to a reader. Comparison is exact after normalising: 4:55 a.m. EDT
and 0855 GMT are the same instant; 17 days and 12 days are not the same stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from . import zones

TYPES = ("person", "designation", "count", "duration", "datetime", "place", "title", "text")

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class BadValue(ValueError):
    """A ledger value that does not read as its type."""


# -- designations ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Designation:
    """A spacecraft, rocket or expedition designation: ``Soyuz MS-19``, ``Soyuz-2.1a``, ``Expedition 65``."""

    family: str  # "Soyuz" (a spacecraft), "Soyuz-2.1" (a rocket), "Expedition"
    number: str  # "MS-19", "a", "65"

    def show(self) -> str:
        if self.family == "Soyuz-2.1":
            return f"Soyuz-2.1{self.number}"
        return f"{self.family} {self.number}"

    @staticmethod
    def parse(text: str) -> "Designation":
        found = read_designation(text.strip())
        if found is None:
            raise BadValue(f"'{text}' is not a designation (write e.g. 'Soyuz MS-19', 'Soyuz-2.1a', "
                              "'Expedition 65')")
        return found

    def agrees(self, other: object) -> tuple[bool, str]:
        if not isinstance(other, Designation):
            return False, "not a designation"
        return self == other, ""


_DESIGNATION = re.compile(
    r"^#?(?:(?P<soyuz>Soyuz)[\s-]?)?(?P<series>MS|TMA-M|TMA)[\s-]?(?P<num>\d{1,3})$"
    r"|^Soyuz[\s-]?2\.1(?P<rocket>[a-z])$"
    r"|^Expedition\s+(?P<exp>\d{1,3})$", re.IGNORECASE)


def read_designation(text: str) -> Designation | None:
    """The designation *text* spells, whatever its punctuation (``#SoyuzMS40`` is Soyuz MS-40)."""
    m = _DESIGNATION.match(text)
    if not m:
        return None
    if m.group("rocket"):
        return Designation("Soyuz-2.1", m.group("rocket").lower())
    if m.group("exp"):
        return Designation("Expedition", str(int(m.group("exp"))))
    # One family for every Soyuz spacecraft series, so "Soyuz TMA-19" is compared with "Soyuz MS-19".
    return Designation("Soyuz", f"{m.group('series').upper()}-{int(m.group('num'))}")


# -- counts and quantities -------------------------------------------------------------------------

_UNIT_SCALE = {"km": ("length", 1.0), "mi": ("length", 1.609344), "years": ("age", 1.0)}
_UNIT_ALIASES = {"kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km", "km": "km",
                 "mile": "mi", "miles": "mi", "mi": "mi", "year": "years", "years": "years"}


def unit_key(word: str | None) -> str | None:
    """``kilometres`` -> ``km``; other nouns (applicants, orbits) stay as they are."""
    if word is None:
        return None
    return _UNIT_ALIASES.get(word.lower(), word.lower())


@dataclass(frozen=True)
class Count:
    """A number of something: 3,000 applicants, two orbits, 354 km, an age of 37 years."""

    n: float
    unit: str | None = None

    def show(self) -> str:
        n = int(self.n) if self.n == int(self.n) else self.n
        text = f"{n:,}" if isinstance(n, int) else f"{n:g}"
        if self.unit in ("km", "mi"):
            return f"{text} {self.unit}"
        return text

    @staticmethod
    def parse(value: object, unit: str | None = None) -> "Count":
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise BadValue(f"'{value}' is not a number")
        if isinstance(value, str):
            try:
                value = float(value.replace(",", ""))
            except ValueError:
                raise BadValue(f"'{value}' is not a number") from None
        return Count(float(value), unit_key(unit))

    def agrees(self, other: object) -> tuple[bool, str]:
        if not isinstance(other, Count):
            return False, "not a number"
        a, b = _UNIT_SCALE.get(self.unit or ""), _UNIT_SCALE.get(other.unit or "")
        if a and b and a[0] == b[0] and a[1] != b[1]:
            # A converted figure agrees when it rounds to the stated one (220 miles = 354 km).
            mine, theirs = self.n * a[1], other.n * b[1]
            return abs(mine - theirs) <= 0.01 * max(mine, theirs), f"{other.show()} = {mine / b[1]:.0f} {other.unit}"
        return self.n == other.n, ""


# -- durations -------------------------------------------------------------------------------------

_DURATION_UNITS = {"minute": ("clock", 1), "hour": ("clock", 60), "day": ("clock", 1440),
                   "week": ("clock", 10080), "month": ("calendar", 1), "year": ("calendar", 12)}
_DURATION_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*-?\s*(minute|hour|day|week|month|year)s?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Duration:
    """How long: 12 days, six months, 40 minutes."""

    n: float
    unit: str  # minute, hour, day, week, month, year

    def show(self) -> str:
        n = int(self.n) if self.n == int(self.n) else self.n
        return f"{n} {self.unit}{'' if n == 1 else 's'}"

    @staticmethod
    def parse(text: object) -> "Duration":
        m = _DURATION_TEXT.match(str(text))
        if not m:
            raise BadValue(f"'{text}' is not a duration (write e.g. '12 days', '6 months', '40 minutes')")
        return Duration(float(m.group(1)), m.group(2).lower())

    def amount(self) -> tuple[str, float]:
        scale, factor = _DURATION_UNITS[self.unit]
        return scale, self.n * factor

    def agrees(self, other: object) -> tuple[bool, str]:
        if not isinstance(other, Duration):
            return False, "not a duration"
        (s1, a1), (s2, a2) = self.amount(), other.amount()
        return s1 == s2 and a1 == a2, ""


# -- moments ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Moment:
    """A date, a time of day, or both, to the precision the text gives.

    *zone* is a zone key (``GMT``, ``US-EASTERN``, ``UK``...) or None when the text
    names none. *weekday* (0 = Monday) stands for "on Tuesday".
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    zone: str | None = None
    weekday: int | None = None

    @property
    def has_time(self) -> bool:
        return self.hour is not None

    @property
    def has_day(self) -> bool:
        return self.year is not None and self.month is not None and self.day is not None

    def on(self) -> date | None:
        return date(self.year, self.month, self.day) if self.has_day else None  # type: ignore[arg-type]

    def utc(self, ref: date | None = None) -> datetime | None:
        """The instant in GMT, when the time and its zone are known (*ref* supplies a missing day)."""
        if self.hour is None or self.zone is None:
            return None
        day = self.on() or ref
        if day is None:
            return None
        local = datetime(day.year, day.month, day.day, self.hour, self.minute or 0, tzinfo=timezone.utc)
        return local - timedelta(minutes=zones.offset(self.zone, day))

    def with_day(self, ref: date) -> "Moment":
        """This moment with a missing date taken from *ref* (a seed's dateline)."""
        if self.has_day or self.month is not None or self.weekday is not None:
            return self
        return Moment(ref.year, ref.month, ref.day, self.hour, self.minute, self.zone)

    def show(self) -> str:
        parts = []
        if self.hour is not None:
            utc = self.utc()
            if utc is not None:
                parts.append(f"{utc:%H:%M} GMT")
            else:
                zone = f" {zones.label(self.zone, self.on() or date(2021, 10, 5))}" if self.zone else ""
                parts.append(f"{self.hour:02d}:{self.minute or 0:02d}{zone}" + ("" if zone else " (zone not stated)"))
        day = self.utc().date() if self.utc() is not None else None
        if self.day is not None and self.month is not None:
            d = day or self.on()
            text = f"{d.day} {MONTHS[d.month - 1].title()} {d.year}" if d else f"{self.day} {MONTHS[self.month - 1].title()}"
            parts.append(("on " if parts else "") + text)
        elif self.month is not None:
            parts.append(f"{MONTHS[self.month - 1].title()}" + (f" {self.year}" if self.year else ""))
        elif self.year is not None:
            parts.append(str(self.year))
        elif self.weekday is not None:
            parts.append(WEEKDAYS[self.weekday].title())
        return " ".join(parts)

    def equivalents(self) -> list[str]:
        """The instant in every zone the seeds use (empty when zone or day is unknown)."""
        utc = self.utc()
        return zones.equivalents(utc) if utc else []

    @staticmethod
    def parse(text: object) -> "Moment":
        m = _MOMENT_TEXT.match(str(text).strip())
        if not m:
            raise BadValue(f"'{text}' is not a date-time: write YYYY, YYYY-MM, YYYY-MM-DD, "
                              "YYYY-MM-DDTHH:MMZ (GMT), YYYY-MM-DDTHH:MM+HH:MM, or YYYY-MM-DDTHH:MM "
                              "(time zone unknown)")
        g = m.groupdict()
        zone = None
        if g["z"]:
            zone = "GMT" if g["z"] == "Z" else _offset_zone(g["z"])
        try:
            moment = Moment(int(g["y"]), int(g["mo"]) if g["mo"] else None, int(g["d"]) if g["d"] else None,
                            int(g["h"]) if g["h"] else None, int(g["mi"]) if g["mi"] else None, zone)
            if moment.month is not None and not 1 <= moment.month <= 12:
                raise ValueError("month must be in 1..12")
            if moment.has_day:
                moment.on()
            if moment.hour is not None and not (moment.hour < 24 and (moment.minute or 0) < 60):
                raise ValueError("hour must be in 0..23 and minute in 0..59")
        except ValueError as exc:
            raise BadValue(f"'{text}' is not a date: {exc}") from None
        return moment

    def agrees(self, other: object, ref: date | None = None) -> tuple[bool, str]:
        """Does *other* (read from text) agree with this ledger moment, at *other*'s precision?"""
        if not isinstance(other, Moment):
            return False, "not a date or time"
        if other.weekday is not None and other.month is None:
            mine = self.on()
            if mine is None:
                return False, "the ledger gives no day"
            return mine.weekday() == other.weekday, f"{mine.day} {mine:%B %Y} was a {WEEKDAYS[mine.weekday()].title()}"
        if other.hour is not None:
            ok, why = self._time_agrees(other, ref)
            if not ok:
                return ok, why
        if other.month is not None:
            mine_day = self._local_day(other)
            for field in ("year", "month", "day"):
                theirs = getattr(other, field)
                mine = getattr(mine_day, field) if mine_day else getattr(self, field)
                if theirs is not None and mine is not None and theirs != mine:
                    return False, ""
        elif other.year is not None and self.year is not None and other.hour is None:
            return other.year == self.year, ""
        return True, ""

    def _local_day(self, other: "Moment") -> date | None:
        """This moment's calendar day in *other*'s zone (a launch at 23:00 GMT is next day in Moscow)."""
        utc = self.utc()
        if utc is None:
            return self.on()
        if other.zone is None:
            return utc.date()
        return (utc + timedelta(minutes=zones.offset(other.zone, utc.date()))).date()

    def _time_agrees(self, other: "Moment", ref: date | None) -> tuple[bool, str]:
        mine_utc = self.utc(ref)
        if other.zone is not None:
            if mine_utc is None:
                return False, "the ledger's time has no zone to compare with"
            day = self.on() or ref or mine_utc.date()
            theirs = datetime(day.year, day.month, day.day, other.hour or 0, other.minute or 0, tzinfo=timezone.utc)
            theirs -= timedelta(minutes=zones.offset(other.zone, day))
            same = (theirs.hour, theirs.minute) == (mine_utc.hour, mine_utc.minute)
            return same, f"{other.hour}:{other.minute or 0:02d} {zones.label(other.zone, day)} = {theirs:%H:%M} GMT"
        if mine_utc is None:  # neither side names a zone: compare the clock faces
            return (other.hour, other.minute or 0) == (self.hour, self.minute or 0), ""
        for zone in zones.SHOWN:
            local = mine_utc + timedelta(minutes=zones.offset(zone, mine_utc.date()))
            for hour in {local.hour, local.hour % 12 or 12} if other.hour <= 12 else {local.hour}:
                if (hour, local.minute) == (other.hour, other.minute or 0):
                    return True, f"no time zone given; {other.hour}:{other.minute or 0:02d} matches " \
                                 f"{zones.label(zone, mine_utc.date())}"
        return False, "no time zone given, and it matches none of " + ", ".join(zones.equivalents(mine_utc))


_MOMENT_TEXT = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<mo>\d{2})(?:-(?P<d>\d{2})(?:T(?P<h>\d{2}):(?P<mi>\d{2})"
    r"(?P<z>Z|[+-]\d{2}:\d{2})?)?)?)?$")


def _offset_zone(text: str) -> str:
    """``+03:00`` -> ``MSK``: a named zone when one has that offset, else ``UTC+03:00``."""
    minutes = zones.offset(f"UTC{text}", date(2021, 1, 1))
    return next((name for name, value in zones.FIXED.items() if value == minutes), f"UTC{text}")


# -- places, titles, people ------------------------------------------------------------------------

_SITE = re.compile(r"^(?:Launch\s+)?Site\s+(?:No\.\s*)?(\d+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Site:
    """A numbered launch site: ``Site 31``."""

    number: int

    def show(self) -> str:
        return f"Site {self.number}"

    def agrees(self, other: object) -> tuple[bool, str]:
        return isinstance(other, Site) and other.number == self.number, ""


def read_site(text: str) -> Site | None:
    m = _SITE.match(text.strip())
    return Site(int(m.group(1))) if m else None


@dataclass(frozen=True)
class Words:
    """A place, title or role given as words: compared case-insensitively, whole words."""

    text: str

    def show(self) -> str:
        return self.text

    def agrees(self, other: object) -> tuple[bool, str]:
        return isinstance(other, Words) and _squash(other.text) == _squash(self.text), ""


def _squash(text: str) -> str:
    return " ".join(re.findall(r"[\w.-]+", text.lower()))


@dataclass(frozen=True)
class PersonRef:
    """A person (or any glossary entry), by glossary id."""

    id: str

    def show(self) -> str:
        return self.id

    def agrees(self, other: object) -> tuple[bool, str]:
        return isinstance(other, PersonRef) and other.id == self.id, ""


Value = Designation | Count | Duration | Moment | Site | Words | PersonRef


def parse_value(kind: str, raw: object, unit: str | None = None) -> Value | None:
    """The typed value of a ledger fact; None for free text. Raises :class:`BadValue`."""
    if kind == "designation":
        return Designation.parse(str(raw))
    if kind == "count":
        return Count.parse(raw, unit)
    if kind == "duration":
        return Duration.parse(raw)
    if kind == "datetime":
        return Moment.parse(raw)
    if kind == "place":
        return read_site(str(raw)) or Words(str(raw))
    if kind == "title":
        return Words(str(raw))
    if kind == "person":
        return PersonRef(str(raw))
    return None
