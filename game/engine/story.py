"""The compiled story: the data the engine walks.

The content loader builds it from scene files after they validate; the engine
never reads files. Conditions and effects stay plain dicts and lists exactly as
the schema describes them, so there is one format to learn and to document.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from ..value import FrozenValue, Value

DIRECTIONS = ("north", "south", "east", "west", "northeast", "northwest",
              "southeast", "southwest", "up", "down", "in", "out")

Condition = dict  # dict[str, Any]: a condition as the schema describes it
Effect = dict  # dict[str, Any]: an effect as the schema describes it


class Exit(Value):
    """A way from one scene to another."""

    __slots__ = ("to", "dir", "name", "words", "when", "blocked", "say", "minutes")

    def __init__(self, to: str, dir: str | None = None, name: str | None = None, words: tuple[str, ...] = (),
                 when: Condition | None = None, blocked: str | None = None, say: str | None = None,
                 minutes: int = 0) -> None:
        self.to = to
        self.dir = dir
        self.name = name
        self.words = words
        self.when = when
        self.blocked = blocked
        self.say = say
        self.minutes = minutes

    @property
    def label(self) -> str:
        """How the exit is listed to the player."""
        if self.dir and self.name:
            return f"{self.dir} ({self.name})"
        return self.dir or self.name or self.to


class Thing(Value):
    """Something with a name the parser knows: an object, an item or a person."""

    __slots__ = ("id", "kind", "name", "description", "words", "portable", "fixed", "when", "home", "talk",
                 "topics")

    def __init__(self, id: str, kind: str, name: str, description: str, words: tuple[str, ...] = (),
                 portable: bool = False, fixed: str | None = None, when: Condition | None = None,
                 home: str | None = None, talk: str | None = None, topics: dict[str, str] | None = None) -> None:
        self.id = id
        self.kind = kind  # "object", "item" or "person"
        self.name = name
        self.description = description
        self.words = words
        self.portable = portable
        self.fixed = fixed
        self.when = when
        self.home = home  # the scene it starts in, if any
        self.talk = talk
        self.topics = {} if topics is None else topics


class Action(Value):
    """A verb (with optional objects) that a scene, or the whole story, answers specially."""

    __slots__ = ("id", "verbs", "effects", "object", "with_", "when", "otherwise", "once")

    def __init__(self, id: str, verbs: tuple[str, ...], effects: list[Effect], object: str | None = None,
                 with_: str | None = None, when: Condition | None = None, otherwise: str | None = None,
                 once: bool = False) -> None:
        self.id = id
        self.verbs = verbs
        self.effects = effects
        self.object = object
        self.with_ = with_
        self.when = when
        self.otherwise = otherwise
        self.once = once


class Scene(Value):
    """A location or moment of the story."""

    __slots__ = ("id", "title", "prose", "chapter", "enter", "exits", "things", "actions", "facts")

    def __init__(self, id: str, title: str, prose: str, chapter: str | None = None,
                 enter: list[Effect] | None = None, exits: list[Exit] | None = None,
                 things: list[str] | None = None, actions: list[Action] | None = None,
                 facts: list[str] | None = None) -> None:
        self.id = id
        self.title = title
        self.prose = prose
        self.chapter = chapter
        self.enter = [] if enter is None else enter
        self.exits = [] if exits is None else exits
        self.things = [] if things is None else things  # ids of objects and people here
        self.actions = [] if actions is None else actions
        self.facts = [] if facts is None else facts  # ids of the ledger facts this scene states


class Ending(Value):
    """A named way for the story to end."""

    __slots__ = ("id", "title", "text", "win", "facts")

    def __init__(self, id: str, title: str, text: str, win: bool = False, facts: list[str] | None = None) -> None:
        self.id = id
        self.title = title
        self.text = text
        self.win = win
        self.facts = [] if facts is None else facts  # ids of the ledger facts the ending states


class Quote(FrozenValue):
    """A seed article's words behind a fact."""

    __slots__ = ("seed", "date", "quote", "headline")

    def __init__(self, seed: str, date: str, quote: str, headline: str = "") -> None:
        self.seed = seed  # the seed's file name
        self.date = date  # the seed's date, YYYY-MM-DD
        self.quote = quote
        self.headline = headline


class FactView(FrozenValue):
    """A fact from the ledger as the game shows it: what it says and where it comes from."""

    __slots__ = ("id", "statement", "value", "quotes", "disputed")

    def __init__(self, id: str, statement: str, value: str, quotes: tuple[Quote, ...] = (),
                 disputed: str | None = None) -> None:
        self.id = id
        self.statement = statement
        self.value = value
        self.quotes = quotes
        self.disputed = disputed  # how the seeds disagree, and what the game follows


class Story(Value):
    """Everything the engine needs to play."""

    __slots__ = ("title", "start", "clock", "scenes", "things", "endings", "actions", "intro", "player",
                 "max_score", "wait_minutes", "fingerprint", "facts")

    def __init__(self, title: str, start: str, clock: str, scenes: dict[str, Scene], things: dict[str, Thing],
                 endings: dict[str, Ending], actions: list[Action] | None = None, intro: str | None = None,
                 player: str | None = None, max_score: int = 0, wait_minutes: int = 5, fingerprint: str = "",
                 facts: dict[str, FactView] | None = None) -> None:
        self.title = title
        self.start = start
        self.clock = clock
        self.scenes = scenes
        self.things = things
        self.endings = endings
        self.actions = [] if actions is None else actions  # apply in every scene
        self.intro = intro
        self.player = player
        self.max_score = max_score
        self.wait_minutes = wait_minutes
        self.fingerprint = fingerprint
        self.facts = {} if facts is None else facts  # the ledger's facts, by id

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


CLOCK_YEARS = (1900, 2099)  # the years a clock may show: the scene schema's and a save's, and where it stops
_END_OF_CLOCK = datetime(CLOCK_YEARS[1], 12, 31, 23, 59, tzinfo=timezone.utc)
_MINUTES_TO_END = 200 * 366 * 1440  # more than the whole range: timedelta cannot overflow


@lru_cache(maxsize=65536)  # the explorer adds the same few deltas to the same few times, many times
def add_minutes(clock: str, delta: int) -> str:
    """The clock *delta* minutes later; it stops at the last minute of 2099. Stories and saves are
    checked to keep clocks in 1900-2099 and waits under 1,000 days, but an endless game of long waits
    could still run off the calendar, and a step must never raise."""
    later = parse_clock(clock) + timedelta(minutes=min(delta, _MINUTES_TO_END))
    return format_clock(min(later, _END_OF_CLOCK))

