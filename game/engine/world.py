"""The world's rules: what holds, what is in reach, and what effects do.

A :class:`Turn` wraps one working copy of the state and collects the events the
turn produces; ``step`` creates one per command and returns its state and events.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (game/value.py says why)
if TYPE_CHECKING:
    from typing import Any

from . import events as ev
from .events import Event
from ..value import Value
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
        if thing.portable and (tid in inventory or placed.get(tid, thing.home) != sid):
            continue
        if thing.when is None or holds(thing.when, s):
            out.append(thing)
    # Items dropped here from elsewhere, by the placed dict's index (see _placed_indexes).
    if placed:
        found = _placed_indexes.get(id(placed))
        index = found[2] if found is not None and found[0] is placed and found[1] is story else \
            placed_index(story, placed)
        if index:  # (empty until something is put down in a scene that does not list it)
            for tid in index.get(sid, ()):
                if tid not in scene.things and tid in things:
                    out.append(things[tid])
    return out


# id(a state's 'placed' dict) -> (the dict and the story, kept alive so the ids stay theirs; the index:
# scene -> the items placed there that the scene does not list itself, in the dict's order).
# A long game places many items, and scanning them all for the few in one scene cost most of a
# turn. A state's dict never changes once its turn is over, so its index holds; a turn that moves
# an item derives the new dict's index from the old one (Turn.place), and an item put back where
# it started (the usual case) changes nothing in it, so the two share one.
Index = dict[str | None, tuple[str, ...]]
_placed_indexes: dict[int, tuple[dict[str, str | None], Story, Index]] = {}
PLACED_INDEXES = 16  # the states in play (a turn and the one before, the explorer's few); each holds a dict


def _foreign(story: Story, item: str, where: str | None) -> bool:
    """Is *item* in *where* only because it was put there (not listed by that scene)?"""
    scene = story.scenes.get(where) if where is not None else None
    return scene is None or item not in scene.things


def _known_index(story: Story, placed: dict[str, str | None]) -> Index | None:
    found = _placed_indexes.get(id(placed))
    return found[2] if found is not None and found[0] is placed and found[1] is story else None


def _remember_index(story: Story, placed: dict[str, str | None], index: Index) -> None:
    if len(_placed_indexes) >= PLACED_INDEXES:
        del _placed_indexes[next(iter(_placed_indexes))]  # the oldest: the current states' stay
    _placed_indexes[id(placed)] = (placed, story, index)


def placed_index(story: Story, placed: dict[str, str | None]) -> Index:
    """The items of *placed* that lie in a scene not listing them, by scene, in *placed*'s order.
    *placed* must not change afterwards (except through :meth:`Turn.place` and :meth:`Turn.unplace`)."""
    index = _known_index(story, placed)
    if index is None:
        lists: dict[str | None, list[str]] = {}
        for tid, where in placed.items():
            if _foreign(story, tid, where):
                lists.setdefault(where, []).append(tid)
        index = {where: tuple(ids) for where, ids in lists.items()}
        _remember_index(story, placed, index)
    return index


def in_scope(story: Story, s: State) -> list[Thing]:
    """What the player can refer to: what is here and what they carry."""
    out = present(story, s)
    if s["inventory"]:  # (most turns the hands are empty: no list to build)
        things = story.things
        out += [things[i] for i in s["inventory"] if i in things]
    return out


class Match(Value):
    """The things a noun phrase may mean, best first; *exact* when an alias matched whole."""

    __slots__ = ("things", "exact")

    def __init__(self, things: list[Thing], exact: bool = False) -> None:
        self.things = things
        self.exact = exact


def match(phrase: tuple[str, ...], things: list[Thing]) -> Match:
    """Things whose names contain every word of *phrase*; an exact alias beats a partial match."""
    text = " ".join(phrase)
    exact = [t for t in things if text in t.words]
    if exact:
        return Match(exact if len(exact) == 1 else _unique(exact), True)
    return Match(_partial(phrase, things))


def matching(phrase: tuple[str, ...], things: list[Thing]) -> list[Thing]:
    """``match(phrase, things).things``, for the engine's every turn: one call, no Match to build."""
    text = phrase[0] if len(phrase) == 1 else " ".join(phrase)
    exact = []
    for t in things:  # (a loop, not a comprehension: scopes are short, and this saves a call)
        if text in t.words:
            exact.append(t)
    if exact:
        return exact if len(exact) == 1 else _unique(exact)
    return _partial(phrase, things)


def _partial(phrase: tuple[str, ...], things: list[Thing]) -> list[Thing]:
    return _unique([t for t in things if all(any(w in _split(a) for a in t.words) for w in phrase)])


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

    __slots__ = ("story", "s", "given", "events", "moves")

    def __init__(self, story: Story, state: State) -> None:
        self.story = story
        # A shallow copy: the lists and the 'placed' dict stay shared with *state* until the turn
        # changes one (``own``), so the many turns that change none of them copy nothing, and
        # states in the undo history share what they have in common.
        self.s = state.copy()
        self.given = state
        self.events: list[Event] = []
        self.moves = 0

    def own(self, key: str) -> Any:
        """The container ``s[key]``, safe to change: copied from the given state on first use."""
        value = self.s[key]
        if value is self.given[key]:  # still the given state's: copy it (once; the copy is ours)
            value = self.s[key] = value.copy()
        return value

    def place(self, item: str, where: str | None) -> None:
        """Record that *item* lies in scene *where* (None: nowhere), keeping the index current."""
        if where == self.story.things[item].home:
            # Back where the story put it: 'placed' holds only items away from home, so this is the
            # same as never moved (and shown in the same place). A long game's states then do not
            # each carry a copy of every item ever put down where it started.
            self.unplace(item)
            return
        placed = self.s["placed"]
        found = _placed_indexes.get(id(placed))  # _known_index(), inlined: every drop comes here
        index = found[2] if found is not None and found[0] is placed and found[1] is self.story else None
        if placed is self.given["placed"]:  # own("placed"), inlined
            placed = self.s["placed"] = placed.copy()
        if item in placed:
            # The item keeps its place in the dict's order, so its place among the others in
            # *where* is not simply last: rebuild the index when it is next needed.
            placed[item] = where
            _placed_indexes.pop(id(placed), None)
            return
        placed[item] = where
        if index is not None:
            scene = self.story.scenes.get(where) if where is not None else None
            if scene is None or item not in scene.things:  # _foreign(), inlined
                index = dict(index)  # indexes are shared between states: never change one
                index[where] = index.get(where, ()) + (item,)
            _remember_index(self.story, placed, index)

    def unplace(self, item: str) -> None:
        """*item* is no longer placed anywhere (the player holds it)."""
        placed = self.s["placed"]
        if item not in placed:
            return
        found = _placed_indexes.get(id(placed))  # _known_index(), inlined: every take comes here
        index = found[2] if found is not None and found[0] is placed and found[1] is self.story else None
        if placed is self.given["placed"]:  # own("placed"), inlined
            placed = self.s["placed"] = placed.copy()
        old = placed.pop(item)
        if index is None:
            _placed_indexes.pop(id(placed), None)
            return
        if item in index.get(old, ()):
            index = dict(index)
            rest = tuple(t for t in index[old] if t != item)
            if rest:
                index[old] = rest
            else:
                del index[old]
        _remember_index(self.story, placed, index)

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
            _EFFECTS[key](self, value)

    def _eff_say(self, text: str) -> None:
        self.say(text)

    def _eff_set(self, flag: str) -> None:
        if flag not in self.s["flags"]:
            self.own("flags").append(flag)

    def _eff_clear(self, flag: str) -> None:
        if flag in self.s["flags"]:
            self.own("flags").remove(flag)

    def _eff_give(self, item: str) -> None:
        if item not in self.s["inventory"]:
            self.own("inventory").append(item)
        self.unplace(item)

    def _eff_take(self, item: str) -> None:
        if item in self.s["inventory"]:
            self.own("inventory").remove(item)
        self.place(item, None)

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
        visited = self.s["visited"]
        # 'scene_id in visited', but without walking a long list on every move: where the scene
        # was found last time is a hint, checked against this list before it is believed.
        at = _visited_at.get(scene_id)
        if at is None or at >= len(visited) or visited[at] != scene_id:
            if len(_visited_at) >= 65536:  # stories come and go (reloads, tests): keep it bounded
                _visited_at.clear()
            try:
                _visited_at[scene_id] = visited.index(scene_id)
            except ValueError:
                _visited_at[scene_id] = len(visited)
                self.own("visited").append(scene_id)
        self.describe()
        enter = self.story.scenes[scene_id].enter
        if enter:
            self.apply(enter)

    def describe(self) -> None:
        """The scene as 'look' shows it: title, prose, people, items, exits."""
        s, events = self.s, self.events
        scene = self.story.scenes[s["scene"]]
        events.append(Event(ev.TITLE, scene.title, {"scene": scene.id, "chapter": scene.chapter}))
        events.append(Event(ev.PROSE, scene.prose, {}))
        here = present(self.story, s)
        if here:
            # (an entry keeps its things alive, so a match of ids is a match of the things)
            ids = tuple(map(id, here))
            found = _here_listings.get(ids)
            if found is None:
                found = _here_listing(here, ids)
            if found[1] is not None:
                events.append(Event(ev.PEOPLE, found[1], found[2]))
            if found[3] is not None:
                events.append(Event(ev.ITEMS, found[3], found[4]))
        self.list_exits()

    def list_exits(self) -> None:
        """The exits the player can see: the open ones, and the closed ones that say why."""
        all_exits = self.story.scenes[self.s["scene"]].exits
        found = _exit_listings.get(id(all_exits))
        if found is None or found[0] is not all_exits:
            if len(_exit_listings) >= 4096:  # stories come and go (reloads, tests)
                _exit_listings.clear()
            # (an exit is hidden while its condition fails, unless it says why it is closed)
            hidden = [e for e in all_exits if e.when is not None and not e.blocked]
            found = _exit_listings[id(all_exits)] = (all_exits, hidden, {})
        hidden, listings = found[1], found[2]
        s = self.s
        mask = tuple([holds(e.when, s) for e in hidden]) if hidden else ()
        listing = listings.get(mask)
        if listing is None:
            closed = [e for e, open_ in zip(hidden, mask) if not open_]
            shown = [{"label": e.label, "command": e.dir or f"go {e.words[0] if e.words else e.to}", "to": e.to}
                     for e in all_exits if not any(e is c for c in closed)]
            text = "Exits: " + ", ".join(x["label"] for x in shown) + "." if shown else ""
            listing = listings[mask] = (text, {"exits": shown} if shown else None)
        if listing[1] is not None:
            self.events.append(Event(ev.EXITS, listing[0], listing[1]))


def _here_listing(here: list[Thing], ids: tuple[int, ...]) -> tuple[list[Thing], str | None, dict[str, Any], str | None, dict[str, Any]]:
    """The people and items lines for the things *here*, worked out once for every scene and turn
    that has those things in view (events never change, so theirs can share the data)."""
    people = [t for t in here if t.kind == "person"]
    items = [t for t in here if t.portable]
    found = (list(here),
             "With you: " + _join([p.name for p in people]) + "." if people else None,
             {"things": [{"id": p.id, "name": p.name} for p in people]},
             "You can see " + _join([_the(i.name) for i in items]) + " here." if items else None,
             {"things": [{"id": i.id, "name": i.name} for i in items]})
    if len(_here_listings) >= 4096:  # stories come and go (reloads, tests)
        _here_listings.clear()
    _here_listings[ids] = found
    return found


# the ids of the things in view, in order -> (those things, kept alive so the ids stay theirs; the
# people line and its data; the items line and its data): see _here_listing.
_here_listings: dict[tuple[int, ...], tuple[list[Thing], str | None, dict[str, Any], str | None, dict[str, Any]]] = {}

# effect name -> what carries it out (the schema admits no other names)
_EFFECTS = {name[len("_eff_"):]: method for name, method in vars(Turn).items() if name.startswith("_eff_")}

# scene id -> its index in the 'visited' list where it was last looked up or added: a hint, only
# believed when the list at hand has the scene at that index (lists that share a history agree).
_visited_at: dict[str, int] = {}

# id(a scene's exit list) -> (the list, kept alive; its exits shown only while their condition holds;
# for each way those conditions have fallen so far (a tuple of booleans), the 'Exits:' text and the
# event's data, or None when no exit shows). Listing the exits is part of describing every scene entered.
_exit_listings: dict[int, tuple[list[Any], list[Any], dict[tuple[bool, ...], tuple[str, dict[str, Any] | None]]]] = {}


def _the(name: str) -> str:
    """'the screenplay', but 'Anton Shkaplerov' and 'Soyuz MS-19' as they are."""
    return name if name[:1].isupper() else "the " + name


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
