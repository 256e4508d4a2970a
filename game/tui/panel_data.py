"""What the status line, the side panel and the ending screen show, read from the state.

Pure functions of (story, state) that call the engine's own world functions, so
the widgets only lay out what these return and no game rule lives in a widget.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import events as ev
from ..engine.events import Event
from ..engine.state import State, copy_state
from ..engine.story import FactView, Quote, Story, Thing
from ..engine.world import Turn, holds, in_scope, present
from ..play.render import clock_text


@dataclass(frozen=True)
class Status:
    """The status line."""

    chapter: str
    location: str
    clock: str  # as the player reads it: "5 Oct 2021, 06:00 GMT"
    score: int
    max_score: int
    turns: int


def status(story: Story, state: State) -> Status:
    """The status line at *state*."""
    scene = story.scenes[state["scene"]]
    return Status(scene.chapter or "", scene.title, clock_text(state["clock"]), state["score"],
                  story.max_score, state["turns"])


@dataclass(frozen=True)
class WayOn:
    """An exit the scene shows, and why it is closed when it is."""

    label: str
    command: str
    blocked: str | None = None


@dataclass(frozen=True)
class Objectives:
    """The objectives tab: progress, and what stands in the way here."""

    ways_on: list[WayOn]
    score: int
    max_score: int
    visited: int
    scenes: int
    chapters: list[tuple[str, bool]]  # chapter, reached yet
    ended: str | None = None  # the ending's title once the story is over


def objectives(story: Story, state: State) -> Objectives:
    """The objectives tab at *state*."""
    turn = Turn(story, copy_state(state))
    turn.list_exits()  # the engine decides which exits show; we only add whether each is open
    scene = story.scenes[state["scene"]]
    ways: list[WayOn] = []
    for shown in (e for e in turn.events if e.kind == ev.EXITS):
        for item in shown.data["exits"]:
            exit_ = next((x for x in scene.exits if x.to == item["to"] and x.label == item["label"]), None)
            closed = exit_ is not None and not holds(exit_.when, state)
            ways.append(WayOn(item["label"], item["command"], (exit_.blocked if closed and exit_ else None)))
    reached = {story.scenes[v].chapter for v in state["visited"] if v in story.scenes}
    chapters = _chapters(story)
    ending = story.endings.get(state["ended"]) if state["ended"] else None
    return Objectives(ways, state["score"], story.max_score, len(state["visited"]), len(story.scenes),
                      [(c, c in reached) for c in chapters], ending.title if ending else None)


@dataclass(frozen=True)
class Inventory:
    """The inventory tab: what the player carries and what is around them."""

    carried: list[Thing]
    around: list[Thing]


def inventory(story: Story, state: State) -> Inventory:
    """The inventory tab at *state*."""
    carried = [story.things[i] for i in state["inventory"] if i in story.things]
    return Inventory(carried, present(story, state))


@dataclass(frozen=True)
class CrewMember:
    """One entry of the crew dossier: a person met so far."""

    person: Thing
    here: bool  # in reach now, so the links (examine, ask about) work


def crew(story: Story, state: State) -> list[CrewMember]:
    """People of the scenes visited so far, in the order they were met."""
    here = {t.id for t in in_scope(story, state)}
    met: dict[str, Thing] = {}
    for scene_id in state["visited"]:
        scene = story.scenes.get(scene_id)
        for tid in scene.things if scene else ():
            thing = story.things.get(tid)
            if thing is not None and thing.kind == "person":
                met.setdefault(tid, thing)
    return [CrewMember(p, p.id in here) for p in met.values()]


@dataclass(frozen=True)
class Sources:
    """The sources tab: the facts behind the current scene, or why there are none."""

    facts: list[FactView]
    empty: str = ""  # the engine's words when the scene states no fact from the articles


def sources(story: Story, state: State) -> Sources:
    """The facts behind the current scene, as the engine's ``sources`` command gives them.

    Asking the engine (``step`` is pure, so the state is untouched) keeps one
    definition of which facts belong to a scene, ending included.
    """
    from ..engine.step import step

    _, events = step(story, state, "sources")
    for e in events:
        if e.kind == ev.SOURCES:
            facts = facts_of(e)
            return Sources(facts, "" if facts else e.text)
    return Sources([])


def facts_of(e: Event) -> list[FactView]:
    """The facts a ``sources`` event carries, as the engine's own types."""
    return [FactView(f["id"], f["statement"], f.get("value", ""),
                     tuple(Quote(q["seed"], q["date"], q["quote"], q.get("headline", "")) for q in f["quotes"]),
                     f.get("disputed"))
            for f in e.data.get("facts", [])]


@dataclass(frozen=True)
class RunSummary:
    """The ending screen's account of the run."""

    ending: str
    text: str
    win: bool
    score: int
    max_score: int
    turns: int
    clock: str
    visited: list[str]  # scene titles, in the order first reached
    carried: list[str]


def run_summary(story: Story, state: State) -> RunSummary:
    """The ending screen for a *state* whose story has ended."""
    ending = story.endings[state["ended"]]
    return RunSummary(ending.title, ending.text, ending.win, state["score"], story.max_score, state["turns"],
                      clock_text(state["clock"]),
                      [story.scenes[v].title for v in state["visited"] if v in story.scenes],
                      [story.things[i].name for i in state["inventory"] if i in story.things])


_last_chapters: tuple[Story | None, list[str]] = (None, [])  # the story they were worked out for


def _chapters(story: Story) -> list[str]:
    """The story's chapters in the order the story tells them (worked out once per story: the
    panel asks on every turn, and a story never changes once loaded)."""
    global _last_chapters
    if _last_chapters[0] is not story:
        chapters = [story.scenes[sid].chapter for sid in _story_order(story) if story.scenes[sid].chapter]
        _last_chapters = (story, list(dict.fromkeys(chapters)))
    return _last_chapters[1]


def _story_order(story: Story) -> list[str]:
    """Scene ids in the order a player meets them (breadth-first from the start over exits
    and moves), so chapters are listed as the story tells them, not as the files sort."""
    from collections import deque

    def moves(effects: list[dict]) -> list[str]:
        out = []
        for eff in effects:
            if "move" in eff:
                out.append(eff["move"])
            out += moves(eff.get("then", [])) + moves(eff.get("else", []))
        return out

    seen = [story.start]
    queue = deque(seen)
    while queue:
        scene = story.scenes[queue.popleft()]
        targets = moves(scene.enter) + [m for a in scene.actions for m in moves(a.effects)]
        targets += [e.to for e in scene.exits]
        for t in targets:
            if t in story.scenes and t not in seen:
                seen.append(t)
                queue.append(t)
    return seen + [sid for sid in story.scenes if sid not in seen]
