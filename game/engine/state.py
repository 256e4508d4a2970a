"""The game state: a plain JSON value, so saving, undo, replay and exploring are trivial.

Never mutate a state you were given: :func:`copy_state` before changing one, so
older states (the undo history, the explorer's frontier) stay as they were. This
matters all the more because ``step`` copies on write: the state it returns shares
every list (and the 'placed' dict) that the turn did not change with the one it was given.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .story import Story

STATE_VERSION = 1
State = dict[str, Any]

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
    blob = json.dumps(view, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(blob.encode(), digest_size=16).hexdigest()


def problems(story: Story, state: Any) -> list[str]:
    """Why *state* cannot be played in *story* (empty when it can). Used to vet restored saves."""
    if not isinstance(state, dict):
        return ["the saved state is not a mapping"]
    out: list[str] = []
    expected = new_state(story)
    for key, value in expected.items():
        if key not in state:
            out.append(f"the saved state has no '{key}'")
        elif value is not None and not isinstance(state[key], type(value)):
            out.append(f"'{key}' has the wrong type")
    if out:
        return out
    if state["version"] > STATE_VERSION:
        out.append(f"the save is from a newer version of the game (state version {state['version']})")
    if state["scene"] not in story.scenes:
        out.append(f"the scene '{state['scene']}' no longer exists in this story")
    for item in state["inventory"]:
        if item not in story.things:
            out.append(f"the item '{item}' no longer exists in this story")
    if state["ended"] is not None and state["ended"] not in story.endings:
        out.append(f"the ending '{state['ended']}' no longer exists in this story")
    return out
