"""Time zones as the seeds and the scenes write them: EDT, ET, GMT, "in the UK", Moscow time...

Offsets that depend on the date (ET is EDT in October, EST in December; UK time is
BST in summer) follow the US and EU daylight-saving rules, computed here rather
than read from the system's tz database, which not every machine has.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

# Fixed offsets from GMT, in minutes.
FIXED = {
    "GMT": 0, "UTC": 0, "Z": 0, "EDT": -240, "EST": -300, "BST": 60, "MSK": 180, "CEST": 120, "CET": 60,
    "ALMT": 360,
}

# Zone phrases, longest first, mapped to a zone key: a fixed abbreviation or a region.
PHRASES: list[tuple[str, str]] = [
    (r"Eastern\s+(?:Daylight\s+)?Time", "US-EASTERN"),
    (r"(?:in\s+the\s+UK|UK\s+time|British\s+(?:Summer\s+)?time|London\s+time)", "UK"),
    (r"Moscow\s+time", "MSK"),
    (r"(?:Baikonur|Kazakhstan)\s+time", "ALMT"),
    (r"ET", "US-EASTERN"),
    (r"EDT|EST|GMT|UTC|BST|MSK|CEST|CET|ALMT", ""),
]
ZONE_RE = "|".join(f"(?:{p})" for p, _ in PHRASES)
_PHRASE_RES = [(re.compile(rf"^{p}$", re.IGNORECASE if len(p) > 6 else 0), key) for p, key in PHRASES]

# How each zone is named in messages ("9:55 a.m. UK time").
NAMES = {"US-EASTERN": "ET", "UK": "UK time", "MSK": "Moscow time", "ALMT": "Baikonur time"}


def zone_key(phrase: str) -> str:
    """The zone key for a phrase matched by :data:`ZONE_RE` (``"in the UK"`` -> ``"UK"``)."""
    squeezed = " ".join(phrase.split())
    for pattern, key in _PHRASE_RES:
        if pattern.match(squeezed):
            return key or squeezed.upper()
    raise ValueError(f"unknown time zone {phrase!r}")


def _nth_sunday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))


def _last_sunday(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() + 1) % 7)


def offset(zone: str, on: date) -> int:
    """Minutes east of GMT for *zone* (a key from :func:`zone_key`) on the day *on*."""
    if zone in FIXED:
        return FIXED[zone]
    if re.fullmatch(r"UTC[+-]\d{2}:\d{2}", zone):  # an offset the ledger wrote out
        sign = 1 if zone[3] == "+" else -1
        return sign * (int(zone[4:6]) * 60 + int(zone[7:9]))
    if zone == "US-EASTERN":  # DST from the second Sunday of March to the first Sunday of November
        summer = _nth_sunday(on.year, 3, 2) <= on < _nth_sunday(on.year, 11, 1)
        return -240 if summer else -300
    if zone == "UK":  # BST from the last Sunday of March to the last Sunday of October
        summer = _last_sunday(on.year, 3) <= on < _last_sunday(on.year, 10)
        return 60 if summer else 0
    raise ValueError(f"unknown time zone {zone!r}")


def label(zone: str, on: date) -> str:
    """How a zone is written for a reader: ``EDT`` for ET in October, ``UK time``."""
    if zone == "US-EASTERN":
        return "EDT" if offset(zone, on) == -240 else "EST"
    return NAMES.get(zone, zone)


# The zones a time is shown in when a message lists its equivalents.
SHOWN = ("GMT", "US-EASTERN", "UK", "MSK", "ALMT")


def twelve_hour(moment: datetime) -> str:
    """``4:55 a.m.``"""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'a.m.' if moment.hour < 12 else 'p.m.'}"


def equivalents(utc: datetime) -> list[str]:
    """The same instant in the zones the seeds use: ``08:55 GMT``, ``4:55 a.m. EDT``..."""
    out = []
    for zone in SHOWN:
        local = utc + timedelta(minutes=offset(zone, utc.date()))
        name = label(zone, utc.date())
        out.append(f"{local:%H:%M} {name}" if zone in ("GMT", "MSK", "ALMT") else f"{twelve_hour(local)} {name}")
    return out
