"""The game state: a plain JSON value, so saving, undo, replay and exploring are trivial.

Never mutate a state you were given: :func:`copy_state` before changing one, so
older states (the undo history, the explorer's frontier) stay as they were. This
matters all the more because ``step`` copies on write: the state it returns shares
every list (and the 'placed' dict) that the turn did not change with the one it was given.
"""

from __future__ import annotations

import re
from datetime import datetime

from .story import CLOCK_FORMAT, CLOCK_YEARS, Story

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (game/value.py says why)
if TYPE_CHECKING:
    from typing import Any

STATE_VERSION = 1
State = dict  # dict[str, Any]: only JSON values

_LIST_KEYS = ("flags", "inventory", "visited", "done")


def new_state(story: Story, seed: int = 0) -> State:
    """The state before the first turn, in the story's start scene."""
    return {
        "version": STATE_VERSION,
        "scene": story.start,
        "flags": [],
        "inventory": [],
        "placed": {},  # item id -> scene id (or None: nowhere) for items moved from home
        "visited": [story.start],
        "done": [],  # ids of 'once' actions already carried out
        "clock": story.clock,
        "score": 0,
        "turns": 0,
        "seed": seed,
        "ended": None,
        "pending": None,  # an unanswered "which do you mean" question
        "it": None,  # what "it" refers to
    }


def copy_state(state: State) -> State:
    """A copy safe to change: the containers are new, the strings shared."""
    new = dict(state)
    for key in _LIST_KEYS:
        new[key] = list(state[key])
    new["placed"] = dict(state["placed"])
    return new


def canonical(state: State, volatile: tuple[str, ...] = ("turns", "pending", "it")) -> str:
    """A stable hash of what matters for play (turn count and parser memory left out)."""
    view = {k: v for k, v in state.items() if k not in volatile}
    view["flags"] = sorted(view["flags"])
    view["visited"] = sorted(view["visited"])
    view["done"] = sorted(view["done"])
    view["inventory"] = sorted(view["inventory"])
    import hashlib  # (here: playing never needs these two; saves, the explorer and tools do)
    import json

    blob = json.dumps(view, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(blob.encode(), digest_size=16).hexdigest()


# What a state may hold, whatever the story. A restored save must not make the engine raise:
# the clock stays in CLOCK_YEARS (story.py), far from the ends of datetime's range (year 1 and 9999),
# so any wait or advance the engine adds is still a time; the counts stay far below what it could not
# print or save.
MAX_COUNT = 10**9  # score (either way) and turns: no game comes near
MAX_SEED = 2**63
_CLOCK = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}Z")  # ASCII digits only, unlike \d


def shape_problems(state: Any) -> list[str]:
    """What is wrong with a state whatever the story: missing keys, wrong types, a clock that is
    not a time or is out of range, counts out of range, an item carried twice or both carried and
    put somewhere, text that cannot be written as UTF-8. A damaged or hand-edited save must not
    reach the engine, nor a state that could not be saved again."""
    import json

    if not isinstance(state, dict):
        return ["the saved state is not a mapping"]
    try:
        # Lone surrogates ("\ud800" in the JSON) decode, but can never be written again; checked
        # first, as the messages below quote what the state holds.
        json.dumps(state, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return ["the saved state holds text that is not valid Unicode"]
    except (TypeError, ValueError, RecursionError):
        return ["the saved state is not plain JSON"]
    out: list[str] = []

    def check(key: str, ok: bool) -> None:
        if key not in state:
            out.append(f"the saved state has no '{key}'")
        elif not ok:
            out.append(f"'{key}' has the wrong type")

    def ints(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def strings(value: Any) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)

    check("version", ints(state.get("version")))
    check("scene", isinstance(state.get("scene"), str))
    for key in _LIST_KEYS:
        check(key, strings(state.get(key)))
    placed = state.get("placed")
    check("placed", isinstance(placed, dict)
          and all(isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in placed.items()))
    check("clock", isinstance(state.get("clock"), str) and bool(_CLOCK.fullmatch(state["clock"])))
    for key in ("score", "turns", "seed"):
        check(key, ints(state.get(key)))
    check("ended", state.get("ended") is None or isinstance(state.get("ended"), str))
    check("pending", state.get("pending") is None or _question_shape(state["pending"]))
    check("it", state.get("it") is None or isinstance(state.get("it"), str))
    if out:
        return out
    try:
        datetime.strptime(state["clock"], CLOCK_FORMAT)
    except ValueError:
        out.append("'clock' is not a time")
    else:
        low, high = CLOCK_YEARS
        if not low <= int(state["clock"][:4]) <= high:
            out.append(f"'clock' is outside the years {low} to {high}")
    if state["version"] < 1:
        out.append("'version' is out of range")
    if abs(state["score"]) > MAX_COUNT:
        out.append("'score' is out of range")
    if not 0 <= state["turns"] <= MAX_COUNT:
        out.append("'turns' is out of range")
    if not 0 <= state["seed"] < MAX_SEED:
        out.append("'seed' is out of range")
    seen: set[str] = set()
    for item in state["inventory"]:
        if item in seen:
            out.append(f"{quote_id(item)} is carried twice")
        elif item in placed:
            out.append(f"{quote_id(item)} is both carried and put somewhere")
        seen.add(item)
    return out


def _question_shape(pending: Any) -> bool:
    """Is *pending* an unanswered "which do you mean" as the engine leaves it?"""
    if not isinstance(pending, dict):
        return False
    nouns, index = pending.get("nouns"), pending.get("index")
    return (isinstance(pending.get("verb"), str) and isinstance(pending.get("said"), str)
            and (pending.get("prep") is None or isinstance(pending.get("prep"), str))
            and isinstance(nouns, list) and all(isinstance(n, list) and all(isinstance(w, str) for w in n)
                                                for n in nouns)
            and isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(nouns)
            and isinstance(pending.get("candidates"), list)
            and all(isinstance(c, str) for c in pending["candidates"]))


def problems(story: Story, state: Any) -> list[str]:
    """Why *state* cannot be played in *story* (empty when it can): :func:`shape_problems`, then
    what it refers to. Used to vet restored saves, and states before they are saved."""
    out = shape_problems(state)
    if out:
        return out
    if state["version"] > STATE_VERSION:
        out.append(f"the save is from a newer version of the game (state version {state['version']})")
    if state["scene"] not in story.scenes:
        out.append(f"the scene {quote_id(state['scene'])} no longer exists in this story")
    things = story.things
    for item in state["inventory"]:
        thing = things.get(item)
        if thing is None:
            out.append(f"the item {quote_id(item)} no longer exists in this story")
        elif thing.kind == "person":
            out.append(f"the item {quote_id(item)} is carried, but it is a person in this story")
        elif not thing.portable:
            out.append(f"the item {quote_id(item)} is carried, but it cannot be carried in this story")
    for item, where in state["placed"].items():
        thing = things.get(item)
        if thing is None or not thing.portable or thing.kind == "person":
            out.append(f"the item {quote_id(item)} was moved, but it cannot be moved in this story")
        elif where is not None and where not in story.scenes:
            out.append(f"the item {quote_id(item)} is in the scene {quote_id(where)}, which does not exist "
                       "in this story")
    if state["ended"] is not None and state["ended"] not in story.endings:
        out.append(f"the ending {quote_id(state['ended'])} no longer exists in this story")
    return out


def quote_id(ident: str) -> str:
    """An id from a state, in quotes, for a message: cut short (a damaged save's could be any
    length), and with anything unprintable (a line break, a terminal escape) shown as '?'."""
    if not ident.isprintable():
        ident = "".join(c if c.isprintable() else "?" for c in ident)
    return f"'{ident}'" if len(ident) <= 60 else f"'{ident[:57]}...'"
