"""The compiled story: the data the engine walks.

The content loader builds it from scene files after they validate; the engine
never reads files. Conditions and effects stay plain dicts and lists exactly as
the schema describes them, so there is one format to learn and to document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timedelta, timezone
import re
from typing import Any

DIRECTIONS = ("north", "south", "east", "west", "northeast", "northwest",
              "southeast", "southwest", "up", "down", "in", "out")

Condition = dict[str, Any]
Effect = dict[str, Any]


@dataclass
class Exit:
    """A way from one scene to another."""

    to: str
    dir: str | None = None
    name: str | None = None
    words: tuple[str, ...] = ()
    when: Condition | None = None
    blocked: str | None = None
    say: str | None = None
    minutes: int = 0

    @property
    def label(self) -> str:
        """How the exit is listed to the player."""
        if self.dir and self.name:
            return f"{self.dir} ({self.name})"
        return self.dir or self.name or self.to


@dataclass
class Thing:
    """Something with a name the parser knows: an object, an item or a person."""

    id: str
    kind: str  # "object", "item" or "person"
    name: str
    description: str
    words: tuple[str, ...] = ()
    portable: bool = False
    fixed: str | None = None
    when: Condition | None = None
    home: str | None = None  # the scene it starts in, if any
    talk: str | None = None
    topics: dict[str, str] = field(default_factory=dict)


@dataclass
class Action:
    """A verb (with optional objects) that a scene, or the whole story, answers specially."""

    id: str
    verbs: tuple[str, ...]
    effects: list[Effect]
    object: str | None = None
    with_: str | None = None
    when: Condition | None = None
    otherwise: str | None = None
    once: bool = False


@dataclass
class Scene:
    """A location or moment of the story."""

    id: str
    title: str
    prose: str
    chapter: str | None = None
    enter: list[Effect] = field(default_factory=list)
    exits: list[Exit] = field(default_factory=list)
    things: list[str] = field(default_factory=list)  # ids of objects and people here
    actions: list[Action] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)  # ids of the ledger facts this scene states


@dataclass
class Ending:
    """A named way for the story to end."""

    id: str
    title: str
    text: str
    win: bool = False
    facts: list[str] = field(default_factory=list)  # ids of the ledger facts the ending states


@dataclass(frozen=True)
class Quote:
    """A seed article's words behind a fact."""

    seed: str  # the seed's file name
    date: str  # the seed's date, YYYY-MM-DD
    quote: str
    headline: str = ""


@dataclass(frozen=True)
class FactView:
    """A fact from the ledger as the game shows it: what it says and where it comes from."""

    id: str
    statement: str
    value: str
    quotes: tuple[Quote, ...] = ()
    disputed: str | None = None  # how the seeds disagree, and what the game follows


@dataclass
class Story:
    """Everything the engine needs to play."""

    title: str
    start: str
    clock: str
    scenes: dict[str, Scene]
    things: dict[str, Thing]
    endings: dict[str, Ending]
    actions: list[Action] = field(default_factory=list)  # apply in every scene
    intro: str | None = None
    player: str | None = None
    max_score: int = 0
    wait_minutes: int = 5
    fingerprint: str = ""
    facts: dict[str, FactView] = field(default_factory=dict)  # the ledger's facts, by id

    def custom_verbs(self) -> dict[str, str]:
        """Every verb word that actions introduce, mapped to itself.

        A word keeps its own meaning: 'give' in one scene's list of synonyms must not turn
        'give' into 'use' in every other scene. Actions match on the word the player typed.
        """
        return {word: word for action in self.all_actions() for word in action.verbs}

    def all_actions(self) -> list[Action]:
        """Scene actions then global ones."""
        out = [a for scene in self.scenes.values() for a in scene.actions]
        return out + list(self.actions)


_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")


def minutes(value: int | str | None) -> int:
    """Minutes from the schema's ``minutes`` form: ``30`` or ``"1h30m"``."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    m = _DURATION.match(value)
    if not m:
        raise ValueError(f"not a duration: {value!r}")
    d, h, mi = (int(g) if g else 0 for g in m.groups())
    return d * 1440 + h * 60 + mi


CLOCK_FORMAT = "%Y-%m-%dT%H:%MZ"


def parse_clock(text: str) -> datetime:
    """The mission clock's GMT time from ``YYYY-MM-DDTHH:MMZ``."""
    return datetime.strptime(text, CLOCK_FORMAT).replace(tzinfo=timezone.utc)


def format_clock(moment: datetime) -> str:
    """The inverse of :func:`parse_clock`."""
    return moment.strftime(CLOCK_FORMAT)


_END_OF_CLOCK = datetime(2099, 12, 31, 23, 59, tzinfo=timezone.utc)
_MINUTES_TO_END = 200 * 366 * 1440  # more than the whole range: timedelta cannot overflow


@lru_cache(maxsize=65536)  # the explorer adds the same few deltas to the same few times, many times
def add_minutes(clock: str, delta: int) -> str:
    """The clock *delta* minutes later; it stops at the last minute of 2099. Stories and saves are
    checked to keep clocks in 1900-2099 and waits under 1,000 days, but an endless game of long waits
    could still run off the calendar, and a step must never raise."""
    later = parse_clock(clock) + timedelta(minutes=min(delta, _MINUTES_TO_END))
    return format_clock(min(later, _END_OF_CLOCK))

