"""The world's rules: what holds, what is in reach, and what effects do.

A :class:`Turn` wraps one working copy of the state and collects the events the
turn produces; ``step`` creates one per command and returns its state and events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import events as ev
from .events import Event
from .state import State
from .story import Condition, Effect, Story, Thing, add_minutes, minutes

MAX_MOVES_PER_TURN = 32  # 'enter' effects that move on again: stop a loop in the story, not the game


def holds(cond: Condition | None, s: State) -> bool:
    """Does *cond* hold in state *s*?"""
    if not cond:
        return True
    for key, value in cond.items():
        if key == "flags":
            ok = all(f in s["flags"] for f in value)
        elif key == "not_flags":
            ok = not any(f in s["flags"] for f in value)
        elif key == "has":
            ok = all(i in s["inventory"] for i in value)
        elif key == "lacks":
            ok = not any(i in s["inventory"] for i in value)
        elif key == "visited":
            ok = all(v in s["visited"] for v in value)
        elif key == "not_visited":
            ok = not any(v in s["visited"] for v in value)
        elif key == "after":
            ok = s["clock"] >= value  # same fixed-width format: string order is time order
        elif key == "before":
            ok = s["clock"] < value
        elif key == "any":
            ok = any(holds(c, s) for c in value)
        elif key == "not":
            ok = not holds(value, s)
        else:  # pragma: no cover - the schema admits no other key
            ok = False
        if not ok:
            return False
    return True


def item_location(story: Story, s: State, thing: Thing) -> str | None:
    """The scene an item lies in (None when held or nowhere)."""
    if thing.id in s["inventory"]:
        return None
    if thing.id in s["placed"]:
        return s["placed"][thing.id]
    return thing.home


def present(story: Story, s: State, scene_id: str | None = None) -> list[Thing]:
    """The things in a scene the player can see, in the order the story lists them."""
    sid = scene_id or s["scene"]
    scene = story.scenes[sid]
    things, inventory, placed = story.things, s["inventory"], s["placed"]
    out = []
    for tid in scene.things:
        thing = things[tid]
        # item_location(), inlined: this runs for every thing in reach, several times a turn.
        if thing.portable and (tid in inventory or (placed[tid] if tid in placed else thing.home) != sid):
            continue
        if thing.when is None or holds(thing.when, s):
            out.append(thing)
    # Items dropped here from elsewhere. A long game places many items; list.index scans for the
    # few placed here at C speed, where a Python loop over every entry cost most of a turn.
    if placed:
        where = list(placed.values())
        i = where.index(sid) if sid in where else -1
        if i >= 0:
            ids = list(placed)
            while i >= 0:
                tid = ids[i]
                if tid not in scene.things and tid in things:
                    out.append(things[tid])
                try:
                    i = where.index(sid, i + 1)
                except ValueError:
                    i = -1
    return out


def in_scope(story: Story, s: State) -> list[Thing]:
    """What the player can refer to: what is here and what they carry."""
    held = [story.things[i] for i in s["inventory"] if i in story.things]
    return present(story, s) + held


@dataclass
class Match:
    """The things a noun phrase may mean, best first; *exact* when an alias matched whole."""

    things: list[Thing]
    exact: bool = False


def match(phrase: tuple[str, ...], things: list[Thing]) -> Match:
    """Things whose names contain every word of *phrase*; an exact alias beats a partial match."""
    text = " ".join(phrase)
    exact = [t for t in things if text in t.words]
    if exact:
        return Match(_unique(exact), True)
    partial = [t for t in things if all(any(w in _split(a) for a in t.words) for w in phrase)]
    return Match(_unique(partial))


def _unique(things: list[Thing]) -> list[Thing]:
    seen: dict[str, Thing] = {}
    for t in things:
        seen.setdefault(t.id, t)
    return list(seen.values())


_split_cache: dict[str, tuple[str, ...]] = {}


def _split(alias: str) -> tuple[str, ...]:
    words = _split_cache.get(alias)
    if words is None:
        words = _split_cache[alias] = tuple(alias.split())
    return words


class Turn:
    """One turn in progress: the working state and the events so far."""

    def __init__(self, story: Story, state: State) -> None:
        self.story = story
        self.s = state
        self.events: list[Event] = []
        self.moves = 0

    def say(self, text: str, kind: str = ev.TEXT, **data: Any) -> None:
        self.events.append(Event(kind, text, data))

    # -- effects -------------------------------------------------------------------------------------
    def apply(self, effects: list[Effect]) -> None:
        """Carry out *effects* in order; stop when one ends the story."""
        for eff in effects:
            if self.s["ended"] is not None:
                return
            if "if" in eff:
                self.apply(eff["then"] if holds(eff["if"], self.s) else eff.get("else", []))
                continue
            (key, value), = eff.items()
            getattr(self, "_eff_" + key)(value)

    def _eff_say(self, text: str) -> None:
        self.say(text)

    def _eff_set(self, flag: str) -> None:
        if flag not in self.s["flags"]:
            self.s["flags"].append(flag)

    def _eff_clear(self, flag: str) -> None:
        if flag in self.s["flags"]:
            self.s["flags"].remove(flag)

    def _eff_give(self, item: str) -> None:
        if item not in self.s["inventory"]:
            self.s["inventory"].append(item)
        self.s["placed"].pop(item, None)

    def _eff_take(self, item: str) -> None:
        if item in self.s["inventory"]:
            self.s["inventory"].remove(item)
        self.s["placed"][item] = None

    def _eff_move(self, scene: str) -> None:
        self.say("", ev.MOVE, **{"from": self.s["scene"], "to": scene, "exit": None})
        self.enter(scene)

    def _eff_advance(self, value: int | str) -> None:
        self.advance(minutes(value))

    def _eff_clock(self, clock: str) -> None:
        if clock != self.s["clock"]:
            self.s["clock"] = clock
            self.say("", ev.CLOCK, clock=clock)

    def _eff_score(self, points: int) -> None:
        self.s["score"] += points
        self.say("", ev.SCORE, delta=points, total=self.s["score"], max=self.story.max_score)

    def _eff_end(self, ending_id: str) -> None:
        ending = self.story.endings[ending_id]
        self.s["ended"] = ending_id
        self.say(ending.text, ev.ENDING, id=ending_id, title=ending.title, win=ending.win,
                 score=self.s["score"], max=self.story.max_score, turns=self.s["turns"])

    # -- movement and description ------------------------------------------------------------------
    def advance(self, delta: int) -> None:
        if delta:
            self.s["clock"] = add_minutes(self.s["clock"], delta)
            self.say("", ev.CLOCK, clock=self.s["clock"])

    def enter(self, scene_id: str) -> None:
        """Move the player to *scene_id*, describe it and run its 'enter' effects."""
        self.moves += 1
        if self.moves > MAX_MOVES_PER_TURN:
            self.say("(The story loops here; you stay where you are.)", ev.ERROR, reason="loop")
            return
        self.s["scene"] = scene_id
        if scene_id not in self.s["visited"]:
            self.s["visited"].append(scene_id)
        self.describe()
        self.apply(self.story.scenes[scene_id].enter)

    def describe(self) -> None:
        """The scene as 'look' shows it: title, prose, people, items, exits."""
        scene = self.story.scenes[self.s["scene"]]
        self.say(scene.title, ev.TITLE, scene=scene.id, chapter=scene.chapter)
        self.say(scene.prose, ev.PROSE)
        here = present(self.story, self.s)
        people = [t for t in here if t.kind == "person"]
        items = [t for t in here if t.portable]
        if people:
            self.say("With you: " + _join([p.name for p in people]) + ".", ev.PEOPLE,
                     things=[{"id": p.id, "name": p.name} for p in people])
        if items:
            self.say("You can see " + _join([_the(i.name) for i in items]) + " here.", ev.ITEMS,
                     things=[{"id": i.id, "name": i.name} for i in items])
        self.list_exits()

    def list_exits(self) -> None:
        exits = [e for e in self.story.scenes[self.s["scene"]].exits if holds(e.when, self.s) or e.blocked]
        if not exits:
            return
        shown = [{"label": e.label, "command": e.dir or f"go {e.words[0] if e.words else e.to}", "to": e.to}
                 for e in exits]
        self.say("Exits: " + ", ".join(x["label"] for x in shown) + ".", ev.EXITS, exits=shown)


def _the(name: str) -> str:
    """'the screenplay', but 'Anton Shkaplerov' and 'Soyuz MS-19' as they are."""
    return name if name[:1].isupper() else "the " + name


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
