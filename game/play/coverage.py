"""Coverage: which scenes, exits, actions and objects a set of runs exercised.

The engine's trace events say what fired: ``move`` events name the scene left,
the scene entered and the exit taken; ``action`` events name the action. Objects
count as exercised when a command referred to them (resolved in scope, as the
engine would) or when one changed hands. The explorer reports against the same
:class:`Universe`, so "never reached" means the same thing in both tools.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..engine import events as ev
from ..engine.events import Event
from ..engine.parser import Parsed, parse
from ..engine.state import State
from ..engine.story import Story
from ..engine.vocabulary import BUILTIN_VERBS
from ..engine.world import in_scope, match

ExitKey = tuple[str, int]  # (scene id, index in the scene's exits)


@dataclass
class Universe:
    """Everything in a story that a run could exercise, each with a label for reports."""

    scenes: dict[str, str]
    exits: dict[ExitKey, str]
    actions: dict[str, str]
    objects: dict[str, str]
    endings: dict[str, str]


def universe(story: Story) -> Universe:
    """The scenes, exits, actions, objects and endings of *story*, in story order."""
    exits: dict[ExitKey, str] = {}
    actions: dict[str, str] = {}
    objects: dict[str, str] = {}
    for sid, scene in story.scenes.items():
        for i, e in enumerate(scene.exits):
            exits[(sid, i)] = f"{sid}: {e.label} -> {e.to}"
        for a in scene.actions:
            actions[a.id] = f"{a.id} ({sid}: {_verb_phrase(story, a)})"
        for tid in scene.things:
            objects.setdefault(tid, f"{tid} ({sid})")
    for a in story.actions:
        actions[a.id] = f"{a.id} (everywhere: {_verb_phrase(story, a)})"
    for tid in story.things:
        objects.setdefault(tid, tid)
    return Universe(
        scenes={sid: f"{sid} ({s.title})" for sid, s in story.scenes.items()},
        exits=exits, actions=actions, objects=objects,
        endings={eid: f"{eid} ({e.title})" for eid, e in story.endings.items()})


def _verb_phrase(story: Story, action: Any) -> str:
    words = [action.verbs[0]]
    for tid in (action.object, action.with_):
        if tid:
            thing = story.things.get(tid)
            words.append(thing.name if thing else tid)
    return " ".join(words)


def custom_verbs(story: Story) -> dict[str, str]:
    """The verbs the story's actions add, as the parser is given them (builtin synonyms folded in)."""
    return {word: BUILTIN_VERBS.get(name, name) for word, name in story.custom_verbs().items()
            if word not in BUILTIN_VERBS}


def referred(story: Story, before: State, after: State, command: str | None, verbs: dict[str, str]) -> set[str]:
    """The things *command* referred to, as the engine resolved them in *before*, plus any that changed hands."""
    found: set[str] = set()
    if command:
        parsed = parse(command, verbs)
        if isinstance(parsed, Parsed) and parsed.nouns:
            scope = in_scope(story, before)
            for phrase in parsed.nouns:
                things = match(phrase, scope).things
                if len(things) == 1:
                    found.add(things[0].id)
    if after.get("it") and after["it"] != before.get("it"):
        found.add(after["it"])  # answers to "which do you mean" and pronouns
    found |= set(before["inventory"]) ^ set(after["inventory"])
    return found


# -- facts ------------------------------------------------------------------------------------------

FactsShown = Callable[[Story, list[Event]], set[str]]


def facts_interface() -> tuple[FactsShown, Callable[[Story], list[str]]]:
    """How to tell which ledger facts a run showed: ``(facts_shown, fact_ids)``.

    The fact ledger (game/facts) owns what counts as showing a fact. If it offers
    ``game.facts.coverage.facts_shown(story, events)`` and ``fact_ids(story)``, those
    are used. Otherwise the ledger's own attribution on the compiled story is: the
    facts each scene and ending states (``Scene.facts``, ``Ending.facts``, worked out
    by game/facts from their texts) and the facts the ``sources`` command listed.
    Without a ledger (``Story.facts`` empty) there is nothing to report; the text is
    never scanned here for anything that looks like a fact.
    """
    try:
        from ..facts import coverage as facts  # type: ignore[attr-defined]
    except ImportError:
        facts = None
    shown = getattr(facts, "facts_shown", None)
    ids = getattr(facts, "fact_ids", None)
    if callable(shown) and callable(ids):
        return shown, ids
    return _attributed_shown, _attributed_ids


def _attributed_ids(story: Story) -> list[str]:
    """The ledger facts the story states somewhere, in story order."""
    owners = list(story.scenes.values()) + list(story.endings.values())
    known = getattr(story, "facts", {}) or {}
    return list(dict.fromkeys(f for o in owners for f in getattr(o, "facts", []) if f in known))


def _attributed_shown(story: Story, events: list[Event]) -> set[str]:
    """Facts of the scenes described, the endings reached, and those the sources command listed."""
    shown: set[str] = set()
    for e in events:
        if e.kind == ev.TITLE and e.data.get("scene") in story.scenes:
            shown.update(getattr(story.scenes[e.data["scene"]], "facts", []))
        elif e.kind == ev.ENDING and e.data.get("id") in story.endings:
            shown.update(getattr(story.endings[e.data["id"]], "facts", []))
        elif e.kind == getattr(ev, "SOURCES", "sources"):
            shown.update(f["id"] for f in e.data.get("facts", []) if isinstance(f, dict) and "id" in f)
    return shown


# -- collecting -------------------------------------------------------------------------------------

@dataclass
class Coverage:
    """What the runs so far exercised."""

    story: Story
    scenes: set[str] = field(default_factory=set)
    exits: set[ExitKey] = field(default_factory=set)
    actions: set[str] = field(default_factory=set)
    objects: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    events: list[Event] = field(default_factory=list)
    runs: int = 0
    commands: int = 0

    def __post_init__(self) -> None:
        self._verbs = custom_verbs(self.story)

    def add_run(self, turns: Iterable[Any]) -> None:
        """Add the turns of one run (runner ``Turn`` objects: command, before, after, events)."""
        self.runs += 1
        for turn in turns:
            self.add_turn(turn.command, turn.before, turn.after, turn.events)

    def add_turn(self, command: str | None, before: State, after: State, events: list[Event]) -> None:
        if command is not None:
            self.commands += 1
        self.scenes.add(before["scene"])
        self.scenes.add(after["scene"])
        if after.get("ended"):
            self.endings.add(after["ended"])
        for e in events:
            if e.kind == ev.MOVE:
                self.scenes.add(e.data["to"])
                if e.data.get("exit") is not None:
                    self.exits.add((e.data["from"], e.data["exit"]))
            elif e.kind == ev.ACTION:
                self.actions.add(e.data["id"])
        self.objects |= referred(self.story, before, after, command, self._verbs)
        self.events += events

    def report(self) -> list[str]:
        """The coverage report: shares, what was never reached, and the facts shown."""
        u = universe(self.story)
        rows = [("scenes", u.scenes, self.scenes), ("exits", u.exits, self.exits),
                ("actions", u.actions, self.actions), ("objects", u.objects, self.objects),
                ("endings", u.endings, self.endings)]
        out = [f"Coverage of {self.runs} walkthrough{'s' if self.runs != 1 else ''} "
               f"({self.commands} command{'s' if self.commands != 1 else ''}):"]
        for name, all_, seen in rows:
            out.append(f"  {name:<8} {share(len(set(all_) & seen), len(all_))}")
        missing = [(name, [label for key, label in all_.items() if key not in seen]) for name, all_, seen in rows]
        if any(labels for _, labels in missing):
            out.append("Never reached:")
            for name, labels in missing:
                out += [f"  {name[:-1]:<7} {label}" for label in labels]
        else:
            out.append("Every scene, exit, action, object and ending was reached.")
        out += self.facts_report()
        return out

    def facts_report(self) -> list[str]:
        """The ledger facts the runs showed, of those the story states."""
        ledger = getattr(self.story, "facts", None)
        if not ledger:
            return ["Facts: ledger not available"]
        shown_of, ids_of = facts_interface()
        ids = ids_of(self.story)
        shown = shown_of(self.story, self.events)
        n = len(set(ids) & shown)
        pct = 100 if not ids else round(100 * n / len(ids))
        out = [f"Facts shown to the player: {n} of the {len(ids)} the story states ({pct}%); "
               f"the ledger holds {len(ledger)}."]
        missed = [f for f in ids if f not in shown]
        if missed:
            out.append("  never shown: " + ", ".join(missed))
        return out


def share(n: int, total: int) -> str:
    """``2 of 3 (67%)``; an empty category is fully covered."""
    pct = 100 if total == 0 else round(100 * n / total)
    return f"{n} of {total} ({pct}%)"
