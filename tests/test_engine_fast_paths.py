"""The engine's and the renderer's fast paths give the answers the plain ways give.

Each turn takes shortcuts (issue #9): lines() appends a clean one-line text as it is instead of
joining, cleaning and splitting the whole turn; describe() has a case for a scene with one thing;
_resolve() uses ``matching`` (``match`` without its wrapper); 'visited' is checked through a hint
of where each scene was last found; a turn copies the state's containers only when it first
changes one, telling them apart by identity. These tests hold each shortcut to the long way.
"""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import write_rooms, yardstick_commands
from game.content.loader import load_story
from game.engine import events as ev
from game.engine.events import Event
from game.engine.state import new_state
from game.engine.step import start, step
from game.engine.story import Story
from game.engine.vocabulary import BUILTIN_VERBS, DIRECTION_WORDS
from game.engine.world import MAX_MOVES_PER_TURN, Turn, holds, item_location, match, matching
from game.paths import scenes_dir
from game.play.render import clean, clock_text, lines

from .conftest import load_fixture

SHIPPED = load_story([scenes_dir()]).story
TINY = load_fixture("tiny")


# -- the renderer ------------------------------------------------------------------------------------

def reference_lines(events: list[Event]) -> list[str]:
    """lines() the long way, as it was first written: every line joined, cleaned once, split."""
    out: list[str] = []
    clock_at, clock, bare_title = -1, "", False
    for e in events:
        if e.kind in (ev.TEXT, ev.PROSE):
            if e.text:
                out.append(e.text.rstrip("\n"))
        elif e.kind == ev.META:
            pass
        elif e.kind == ev.CLOCK:
            clock_at, clock = len(out), e.data["clock"]
        elif e.kind == ev.TITLE:
            if out:
                out.append("")
            else:
                bare_title = True
            out.append(e.text)
        elif e.kind == ev.SCORE and e.data.get("delta"):
            d = e.data["delta"]
            out.append(f"[Your score has {'gone up' if d > 0 else 'gone down'} by {abs(d)} "
                       f"point{'s' if abs(d) != 1 else ''}.]")
        elif e.kind == ev.ENDING:
            out += ["", f"*** {e.data['title']} ***", e.text.rstrip("\n"),
                    f"You scored {e.data['score']} out of {e.data['max']}, in {e.data['turns']} "
                    f"turn{'s' if e.data['turns'] != 1 else ''}.", "(The story is over: undo, restore or quit.)"]
        elif e.text:
            out.append(e.text.rstrip("\n"))
    if clock_at >= 0:
        shown = f"[Mission clock: {clock_text(clock)}]"
        out[clock_at:clock_at] = [shown, ""] if clock_at == 0 and bare_title else [shown]
    return clean("\n".join(out)).split("\n") if out else []


KINDS = [ev.TITLE, ev.PROSE, ev.TEXT, ev.PEOPLE, ev.ITEMS, ev.EXITS, ev.INVENTORY, ev.ERROR, ev.QUESTION,
         ev.SCORE, ev.CLOCK, ev.ENDING, ev.META, ev.HELP, ev.SOURCES, ev.ACTION, ev.MOVE]
# What a text may hold that clean() must deal with: control characters, line breaks of every kind,
# a '>' that would open a line, and ordinary printable text, ASCII or not.
PIECES = st.sampled_from(["a", "The widget", " ", ">", "> x", "\n", "\n\n", "\r", "\r\n", "\t", "\x01", "\x1b[31m",
                          "\x7f", "\x85", "\x9f", "\u2028", "\xa0", "é", "—", "\x0c"])
TEXTS = st.lists(PIECES, max_size=6).map("".join)


@st.composite
def turn_events(draw: st.DrawFn) -> list[Event]:
    out = []
    for kind in draw(st.lists(st.sampled_from(KINDS), max_size=7)):
        data: dict = {}
        if kind == ev.CLOCK:
            data = {"clock": draw(st.sampled_from(["2021-10-05T08:55Z", "2021-10-04T23:01Z"]))}
        elif kind == ev.SCORE:
            data = {"delta": draw(st.sampled_from([0, 1, -1, 5])), "total": 1, "max": 10}
        elif kind == ev.ENDING:
            data = {"title": draw(TEXTS), "score": 1, "max": 10, "turns": draw(st.sampled_from([1, 7]))}
        out.append(Event(kind, draw(TEXTS), data))
    return out


@settings(max_examples=400, deadline=None)
@given(turn_events())
def test_lines_is_the_whole_turn_cleaned_and_split(events: list[Event]) -> None:
    assert lines(events) == reference_lines(events)


def test_lines_keeps_a_clean_text_whole_and_cleans_the_rest() -> None:
    events = [Event(ev.TITLE, "Hall", {}), Event(ev.PROSE, "A hall.\n\n> not a prompt\x07\n", {}),
              Event(ev.TEXT, "Taken.", {})]
    assert lines(events) == ["Hall", "A hall.", "", " > not a prompt", "Taken."]


# -- the world ---------------------------------------------------------------------------------------

def _words(story: Story) -> list[str]:
    nouns = {w for t in story.things.values() for alias in t.words for w in alias.split()}
    return sorted(nouns | {"it", "all", "the", "red", "xyzzy"})


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_matching_is_match_without_the_wrapper(data: st.DataObject) -> None:
    story = data.draw(st.sampled_from([SHIPPED, TINY]))
    things = list(story.things.values())
    scope = data.draw(st.lists(st.sampled_from(things), max_size=8))
    phrase = tuple(data.draw(st.lists(st.sampled_from(_words(story)), min_size=1, max_size=3)))
    assert matching(phrase, scope) == match(phrase, scope).things


def reference_describe(story: Story, s: dict) -> list[dict]:
    """What 'look' shows, the long way round: every thing present sorted into people and items."""
    scene = story.scenes[s["scene"]]
    out = [{"kind": ev.TITLE, "text": scene.title, "data": {"scene": scene.id, "chapter": scene.chapter}},
           {"kind": ev.PROSE, "text": scene.prose}]
    here = [t for t in map(story.things.get, scene.things)
            if (not t.portable or item_location(story, s, t) == scene.id) and holds(t.when, s)]
    # Items put down here that the scene does not list, in the order they were put down.
    here += [story.things[tid] for tid, where in s["placed"].items()
             if where == scene.id and tid not in scene.things and tid in story.things]
    people = [t for t in here if t.kind == "person"]
    items = [t for t in here if t.portable]

    def names(ts: list) -> str:
        return ", ".join(ts[:-1]) + " and " + ts[-1] if len(ts) > 1 else "".join(ts)

    if people:
        out.append({"kind": ev.PEOPLE, "text": "With you: " + names([p.name for p in people]) + ".",
                    "data": {"things": [{"id": p.id, "name": p.name} for p in people]}})
    if items:
        shown = [i.name if i.name[:1].isupper() else "the " + i.name for i in items]
        out.append({"kind": ev.ITEMS, "text": "You can see " + names(shown) + " here.",
                    "data": {"things": [{"id": i.id, "name": i.name} for i in items]}})
    # Exits: the open ones, and the closed ones that say why they are closed.
    shown = [{"label": e.label, "command": e.dir or f"go {e.words[0] if e.words else e.to}", "to": e.to}
             for e in scene.exits if holds(e.when, s) or e.blocked]
    if shown:
        out.append({"kind": ev.EXITS, "text": "Exits: " + ", ".join(x["label"] for x in shown) + ".",
                    "data": {"exits": shown}})
    return out


@pytest.fixture(scope="module")
def rooms(tmp_path_factory: pytest.TempPathFactory) -> Story:
    folder = tmp_path_factory.mktemp("rooms")
    write_rooms(folder, 12)
    story = load_story([folder]).story
    assert story is not None
    return story


def _commands(story: Story, rng: random.Random, n: int) -> list[str]:
    verbs = sorted(set(BUILTIN_VERBS) - {"quit", "save", "restore", "undo", "again"}) + sorted(story.custom_verbs())
    nouns = _words(story)
    out = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.3:
            out.append(rng.choice(sorted(DIRECTION_WORDS)))
        elif roll < 0.4:
            out.append(rng.choice(["take all", "drop all", "look", "i"]))
        else:
            out.append(f"{rng.choice(verbs)} {rng.choice(nouns)}")
    return out


@pytest.mark.parametrize("name", ["shipped", "tiny", "rooms"])
def test_branching_play_keeps_every_state_and_the_shortcuts_honest(name: str, rooms: Story) -> None:
    """Play from random earlier states too (as undo and the explorer do), and check each turn:
    a state handed back never changes afterwards; 'visited' gains exactly the scenes entered, once
    each; and 'look' shows what the long way shows."""
    story = {"shipped": SHIPPED, "tiny": TINY, "rooms": rooms}[name]
    rng = random.Random(9)
    first, _ = start(story, new_state(story))
    kept = [(first, json.dumps(first, sort_keys=True))]
    for command in _commands(story, rng, 1500) + (yardstick_commands(150) if name == "rooms" else []):
        state = rng.choice(kept)[0] if rng.random() < 0.2 else kept[-1][0]
        new, events = step(story, state, command)
        entered = [e.data["to"] for e in events if e.kind == ev.MOVE]
        if len(entered) <= MAX_MOVES_PER_TURN:  # (past that, a loop in the story is cut short)
            expected = list(state["visited"])
            expected += [scene for scene in dict.fromkeys(entered) if scene not in expected]
            assert new["visited"] == expected, (command, state["visited"], entered)
        look = Turn(story, new)  # (not step 'look': once the story has ended it is refused)
        look.describe()
        assert [e.to_json() for e in look.events] == reference_describe(story, new), command
        kept.append((new, json.dumps(new, sort_keys=True)))
    for state, snapshot in kept:
        assert json.dumps(state, sort_keys=True) == snapshot


def test_a_stale_visited_hint_is_never_believed(rooms: Story) -> None:
    """The hint says where a scene was last found, in some list; lists of other branches disagree."""
    state = {**new_state(rooms), "scene": "room-2"}

    def north(visited: list[str]) -> list[str]:
        return step(rooms, {**state, "visited": visited}, "north")[0]["visited"]

    assert north(["room-0", "room-1", "room-2"]) == ["room-0", "room-1", "room-2", "room-3"]  # hint: at 3
    assert north(["room-3", "room-2"]) == ["room-3", "room-2"]  # the hint is past the end; now: at 0
    # The hint points inside the list, at another scene; then past the end of a list without it.
    assert north(["room-0", "room-5", "room-2", "room-7"]) == ["room-0", "room-5", "room-2", "room-7", "room-3"]
    assert north(["room-2"]) == ["room-2", "room-3"]


def test_a_scene_with_one_thing_is_described_as_with_several(tiny: Story) -> None:
    garden = {**new_state(tiny), "scene": "garden", "visited": ["hall", "garden"]}
    look = step(tiny, garden, "look")[1]  # the pilot alone
    assert [e.to_json() for e in look] == reference_describe(tiny, garden)
    assert [e.text for e in look if e.kind in (ev.PEOPLE, ev.ITEMS)] == ["With you: " + tiny.things["pilot"].name + "."]
    dropped = {**garden, "placed": {"red-key": "garden"}}  # the pilot and a key
    look = step(tiny, dropped, "look")[1]
    assert [e.to_json() for e in look] == reference_describe(tiny, dropped)
    assert [e.text for e in look if e.kind in (ev.PEOPLE, ev.ITEMS)] == \
        ["With you: " + tiny.things["pilot"].name + ".", "You can see the red key here."]


def test_every_scene_lists_its_exits_as_its_conditions_fall_each_time() -> None:
    """Exit listings are remembered for each way a scene's conditions fall: switching the flags
    and the clock back and forth, in every scene of the shipped story, never shows a stale one."""
    flags = sorted({f for scene in SHIPPED.scenes.values() for e in scene.exits if e.when
                    for f in e.when.get("flags", []) + e.when.get("not_flags", [])})
    assert flags  # (the story has exits that open with a flag: else this checks nothing)
    fresh = new_state(SHIPPED)
    variants = [{}, {"flags": flags}, {"clock": "2021-10-17T12:00Z"}, {"flags": flags[::2]}, {}]
    for sid in SHIPPED.scenes:
        for variant in variants * 2:
            s = {**fresh, "scene": sid, **variant}
            look = Turn(SHIPPED, s)
            look.describe()
            assert [e.to_json() for e in look.events] == reference_describe(SHIPPED, s), (sid, variant)
