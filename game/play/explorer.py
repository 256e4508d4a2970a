"""The explorer: play every path of the story breadth-first and find what no player can reach.

Every state is expanded with the commands a player could type that might change
something there (exits, the actions in reach, take and drop, wait; with
``thorough`` every verb of the vocabulary with every object in scope), each played
through the real ``step``. States are deduplicated by the engine's canonical hash
of what can still matter: the turn count and score are left out (no condition
reads them), and a mission clock past the last time any condition mentions is
one "late" clock (no condition can tell two such times apart). That keeps the
state space finite when a player waits forever, without merging states that
could play differently.

Breadth-first order gives the shortest command path to every state. After the
search, states that can reach an ending are marked backwards from the endings;
any other state is a softlock. When ``max_states`` stops the search early, the
states not yet expanded are given the benefit of the doubt, so every softlock
reported is real.
"""

from __future__ import annotations

import time
from array import array
from collections import deque
from operator import itemgetter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from ..engine import events as ev
from ..engine.parser import tokens
from ..engine.state import State, new_state
from ..engine.step import step
from ..engine.story import Action, Exit, Story, Thing
from ..engine.vocabulary import ARTICLES, DIRECTION_WORDS, META_VERBS, PREPOSITIONS, VERB_PHRASES
from ..engine.world import in_scope, match
from ..collector import paused
from ..files import write_atomic
from . import targets
from .coverage import ExitKey, Universe, custom_verbs, universe
from .record import dump, story_folders
from .render import clock_text

DEFAULT_MAX_STATES = 200_000
_VOLATILE = ("turns", "pending", "it", "score")


# -- what can matter about a state ----------------------------------------------------------------

def _conditions(story: Story) -> Iterator[dict[str, Any]]:
    """Every condition the story can test, nested ones included."""
    def in_effects(effects: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for eff in effects:
            if "if" in eff:
                yield eff["if"]
                yield from in_effects(eff.get("then", []))
                yield from in_effects(eff.get("else", []))

    def nested(cond: dict[str, Any]) -> Iterator[dict[str, Any]]:
        yield cond
        for sub in cond.get("any", []):
            yield from nested(sub)
        if "not" in cond:
            yield from nested(cond["not"])

    roots: list[dict[str, Any]] = []
    for scene in story.scenes.values():
        roots += [e.when for e in scene.exits if e.when]
        roots += list(in_effects(scene.enter))
    for action in story.all_actions():
        if action.when:
            roots.append(action.when)
        roots += list(in_effects(action.effects))
    roots += [t.when for t in story.things.values() if t.when]
    for root in roots:
        yield from nested(root)


class StateKey:
    """The canonical key of a state (a hashable tuple), with what no condition can observe left out.

    Like :func:`game.engine.state.canonical` (every field of the state, lists as sets),
    but many times as fast, which matters as it runs once per command played: no JSON
    and no digest. Each list (and the 'placed' dict) stands in the key as a small number,
    the same for the same contents in any order; as a turn shares the containers it did
    not change with the state before (the engine copies on write), most of a new state's
    containers were numbered already and are found by identity. The fields are listed
    once, from a fresh state, so a field the engine adds later is part of the key too.
    """

    BOUND = 100_000  # sets of containers remembered by identity (kept alive so their ids stay theirs)

    def __init__(self, story: Story) -> None:
        times = [c[k] for c in _conditions(story) for k in ("after", "before") if k in c]
        # Past the latest time any condition mentions, every condition answers the same forever.
        self.late: str | None = max(times) if times else None
        # Only the scenes some condition asks about are observable in 'visited': two states that
        # differ in any other visited scene behave the same from then on.
        self.watched = frozenset(scene for c in _conditions(story) for k in ("visited", "not_visited")
                                 for scene in c.get(k, ()))
        fields = [(k, type(v)) for k, v in sorted(new_state(story).items())
                  if k not in _VOLATILE and (k != "visited" or self.watched)]
        self._plain = _getter([k for k, kind in fields if kind is not list and kind is not dict and k != "clock"])
        self._clock = any(k == "clock" for k, _ in fields)
        containers = [k for k, kind in fields if kind is list or kind is dict]
        self._boxes = _getter(containers)
        # For each container field: its name; id(container) -> its number; contents -> number.
        self._tables: list[tuple[str, dict[int, int], dict[tuple[Any, ...], int]]] = \
            [(k, {}, {}) for k in containers]
        # The ids of a state's containers, together -> their numbers, together, as one number: a
        # turn that changed none of them (a wait, a talk, most moves) is answered in one look-up.
        self._by_ids: dict[tuple[int, ...], int] = {}
        self._combined: dict[tuple[int, ...], int] = {}
        self._alive: list[Any] = []  # the containers known by identity, kept so their ids stay theirs

    def __call__(self, s: State) -> tuple[Any, ...]:
        late = self.late
        if not self._clock or late is None:
            clock = ""
        else:
            clock = s["clock"]
            if clock >= late:
                clock = "late"
        boxes = self._boxes(s)
        ids = tuple(map(id, boxes))
        number = self._by_ids.get(ids)
        if number is None:
            number = self._number(boxes, ids)
        return self._plain(s), clock, number  # hashable as it is; hashed once, in C

    def _number(self, boxes: tuple[Any, ...], ids: tuple[int, ...]) -> int:
        if len(self._alive) >= self.BOUND:  # forget the identities (never the numbers): bounded memory
            self._alive.clear()
            self._by_ids.clear()
            for _, by_id, _ in self._tables:
                by_id.clear()
        numbers = []
        for (k, by_id, by_view), v in zip(self._tables, boxes):
            number = by_id.get(id(v))
            if number is None:
                if k == "visited":
                    view = tuple(sorted(x for x in v if x in self.watched))
                elif isinstance(v, dict):
                    view = tuple(sorted(v.items()))  # keys are unique, so the order is the keys' order
                else:
                    view = tuple(sorted(v))
                number = by_id[id(v)] = by_view.setdefault(view, len(by_view))
            numbers.append(number)
        self._alive.append(boxes)  # (keeps every container of *boxes* alive, so *ids* stay theirs)
        combined = self._by_ids[ids] = self._combined.setdefault(tuple(numbers), len(self._combined))
        return combined


def _getter(names: list[str]) -> Callable[[State], tuple[Any, ...]]:
    """A function giving the values of *names* in a state, as a tuple (itemgetter, but always a tuple)."""
    if len(names) > 1:
        return itemgetter(*names)
    return lambda s: tuple(s[k] for k in names)


# -- what a player could type ---------------------------------------------------------------------

class Commands:
    """The commands to try in a state, drawn from the vocabulary and the things in scope.

    By default only those that can change the world: the built-in look, examine,
    inventory, talk, ask, use, score and help never do unless an action answers
    them, and every action in reach is tried directly. ``thorough`` adds every verb
    with every object in scope, to check that shortcut (the tests compare the two).
    """

    def __init__(self, story: Story, thorough: bool = False) -> None:
        self.story = story
        self.thorough = thorough
        self.verbs = custom_verbs(story)
        self._phrases: dict[tuple[str, tuple[str, ...]], str | None] = {}
        self.unnameable: set[tuple[str, str]] = set()  # (thing, scene): no alias names it alone
        self.custom = sorted(set(self.verbs.values()) - set(VERB_PHRASES))
        self._memo: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[str]] = {}

    def phrase(self, thing: Thing, scope: list[Thing], scene: str) -> str | None:
        """Words that name *thing* and nothing else in *scope*, as a player would type them."""
        key = (thing.id, tuple(t.id for t in scope))
        if key not in self._phrases:
            self._phrases[key] = self._find_phrase(thing, scope)
            if self._phrases[key] is None:
                self.unnameable.add((thing.id, scene))
        return self._phrases[key]

    @staticmethod
    def _find_phrase(thing: Thing, scope: list[Thing]) -> str | None:
        for alias in thing.words:
            words = tuple(w for w in tokens(alias) if w not in ARTICLES)
            if not words or any(w in PREPOSITIONS for w in words):
                continue  # the parser would cut the phrase at the preposition
            if match(words, scope).things == [thing]:
                return " ".join(words)
        return None

    def direction(self, d: str) -> str:
        # A story verb may shadow a bare direction word; "go DIR" always means the direction.
        return d if d not in self.verbs else f"go {d}"

    def exit(self, e: Exit) -> str | None:
        if e.dir:
            return self.direction(e.dir)
        for alias in e.words:
            words = [w for w in tokens(alias) if w not in ARTICLES]
            if words:
                return "go " + " ".join(words)
        return "go " + e.to.replace("-", " ")

    def action(self, a: Action, scope: list[Thing], scene: str) -> str | None:
        words = [a.verbs[0]]
        for tid, joint in ((a.object, ""), (a.with_, "with")):
            if not tid:
                continue
            thing = next((t for t in scope if t.id == tid), None)
            name = self.phrase(thing, scope, scene) if thing else None
            if name is None:
                return None
            words += [joint, name] if joint else [name]
        return " ".join(words)

    def __call__(self, s: State) -> list[str]:
        """The commands to try in *s* (a list shared with other states: never change it)."""
        story = self.story
        scene = story.scenes[s["scene"]]
        scope = in_scope(story, s)
        # The commands depend only on the scene, what is in scope and what of it is held: many
        # states share those, so work them out once.
        key = (scene.id, tuple(t.id for t in scope), tuple(s["inventory"]))
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._commands(s, scene, scope)
        return found

    def _commands(self, s: State, scene: Any, scope: list[Thing]) -> list[str]:
        story = self.story
        out = [c for c in (self.exit(e) for e in scene.exits) if c]
        for a in scene.actions + story.actions:
            c = self.action(a, scope, scene.id)
            if c:
                out.append(c)
        for t in scope:
            if t.portable:
                name = self.phrase(t, scope, scene.id)
                if name:
                    out.append(("drop " if t.id in s["inventory"] else "take ") + name)
        out.append("wait")
        if self.thorough:
            out += self._every_verb(scope, scene.id)
        return list(dict.fromkeys(out))

    def _every_verb(self, scope: list[Thing], scene: str) -> list[str]:
        names = [n for n in (self.phrase(t, scope, scene) for t in scope) if n]
        out = [self.direction(d) for d in dict.fromkeys(DIRECTION_WORDS.values())]
        out += ["take all", "drop all"]
        for verb in [v for v in VERB_PHRASES if v not in META_VERBS and v != "go"] + self.custom:
            out.append(verb)
            out += [f"{verb} {n}" for n in names]
        for verb in self.custom:
            out += [f"{verb} {a} with {b}" for a in names for b in names if a != b]
        return out


# -- the search -----------------------------------------------------------------------------------

@dataclass
class Softlock:
    """A way into states from which no ending can be reached."""

    path: list[str]  # the shortest command path into it
    scene: str
    state: State
    ways: int = 1  # other entries into stuck states by the same command in the same scene


@dataclass
class Exploration:
    """What a search found."""

    story: Story
    universe: Universe
    states: int = 0
    moves: int = 0  # commands played
    seconds: float = 0.0
    complete: bool = True
    max_states: int = DEFAULT_MAX_STATES
    endings: dict[str, list[str]] = field(default_factory=dict)  # ending id -> shortest path
    scenes: set[str] = field(default_factory=set)
    actions: set[str] = field(default_factory=set)
    exits: set[ExitKey] = field(default_factory=set)
    softlocks: list[Softlock] = field(default_factory=list)
    stuck_states: int = 0
    unnameable: set[tuple[str, str]] = field(default_factory=set)
    # each exception the engine raised -> (the shortest path to it, how many commands raised it)
    crashes: dict[str, tuple[list[str], int]] = field(default_factory=dict)

    @property
    def unreached_endings(self) -> list[str]:
        return [e for e in self.story.endings if e not in self.endings]

    @property
    def ok(self) -> bool:
        """No softlock, no engine error, and every ending reachable."""
        return not self.softlocks and not self.unreached_endings and not self.crashes

    @property
    def rate(self) -> float:
        return self.states / self.seconds if self.seconds > 0 else float(self.states)


def explore(story: Story, max_states: int = DEFAULT_MAX_STATES, thorough: bool = False) -> Exploration:
    """Search *story*'s states breadth-first from the opening."""
    # The search keeps every state it finds, and the collector rescanned them over and over (about a
    # seventh of the search's time); states (plain JSON) and events make no reference cycles.
    with paused():
        return _explore(story, max_states, thorough)


def _explore(story: Story, max_states: int, thorough: bool) -> Exploration:
    began = time.perf_counter()
    result = Exploration(story, universe(story), max_states=max_states)
    key_of = StateKey(story)
    commands = Commands(story, thorough)
    root = new_state(story)
    index: dict[tuple[Any, ...], int] = {key_of(root): 0}
    parent = array("i", [-1])
    via = array("i", [-1])  # index into command_names
    command_names: list[str] = []
    command_ids: dict[str, int] = {}
    scene_names = list(story.scenes)
    scene_ids = {sid: i for i, sid in enumerate(scene_names)}
    scene_of = array("H", [scene_ids[root["scene"]]])
    ended: list[int] = []
    # Forward edges in one flat array: the successors of state i are targets[offsets[i]:offsets[i + 1]].
    offsets = array("l", [0])
    targets = array("i")
    doubtful: list[int] = []  # states whose successors were not all kept (the limit, or an engine error)
    frontier: deque[tuple[int, State]] = deque([(0, root)])
    result.scenes.add(root["scene"])
    ACTION, MOVE = ev.ACTION, ev.MOVE  # (locals: looked up for every event of every command)
    while frontier:
        i, s = frontier.popleft()
        succ: dict[int, None] = {}
        if s["ended"] is None:
            for command in commands(s):
                try:
                    new, events = step(story, s, command)
                except Exception as exc:  # an engine bug on some path is a finding, not the end of the search
                    error = f"{type(exc).__name__}: {exc}"
                    if error not in result.crashes:  # breadth-first: the first path is the shortest
                        result.crashes[error] = (_path(i, parent, via, command_names) + [command], 0)
                    path, count = result.crashes[error]
                    result.crashes[error] = (path, count + 1)
                    doubtful.append(i)  # where that command leads is unknown: don't call this state stuck
                    continue
                result.moves += 1
                for e in events:
                    kind = e.kind
                    if kind == ACTION:
                        result.actions.add(e.data["id"])
                    elif kind == MOVE:
                        result.scenes.add(e.data["to"])
                        if e.data.get("exit") is not None:
                            result.exits.add((e.data["from"], e.data["exit"]))
                if new is s:
                    continue
                k = key_of(new)
                j = index.get(k)
                if j is None:
                    if len(index) >= max_states:
                        result.complete = False
                        doubtful.append(i)
                        continue
                    j = len(parent)
                    index[k] = j
                    parent.append(i)
                    if command not in command_ids:
                        command_ids[command] = len(command_names)
                        command_names.append(command)
                    via.append(command_ids[command])
                    scene_of.append(scene_ids[new["scene"]])
                    result.scenes.add(new["scene"])
                    new["pending"] = None  # answering a question is the same as typing the full command
                    frontier.append((j, new))
                    if new["ended"] is not None:
                        ended.append(j)
                        result.endings.setdefault(new["ended"], _path(j, parent, via, command_names))
                if j != i:
                    succ[j] = None
        targets.extend(succ)
        offsets.append(len(targets))
    result.states = len(parent)
    result.unnameable = commands.unnameable
    # States discovered but never expanded (only when the limit stopped the search) count as hopeful.
    expanded = len(offsets) - 1
    hopeful = ended + doubtful + list(range(expanded, result.states))
    result.softlocks, result.stuck_states = _softlocks(story, result.states, expanded, offsets, targets, hopeful,
                                                        parent, via, command_names, scene_of, scene_names)
    result.seconds = time.perf_counter() - began
    return result


def _path(i: int, parent: array, via: array, names: list[str]) -> list[str]:
    out = []
    while i > 0:
        out.append(names[via[i]])
        i = parent[i]
    return out[::-1]


def _softlocks(story: Story, n: int, expanded: int, offsets: array, targets: array, hopeful: list[int],
               parent: array, via: array, names: list[str], scene_of: array,
               scene_names: list[str]) -> tuple[list[Softlock], int]:
    # Reverse the edges (counting sort into one flat array), then mark backwards from the hopeful states.
    indegree = array("l", bytes(8 * (n + 1)))
    for t in targets:
        indegree[t + 1] += 1
    for i in range(n):
        indegree[i + 1] += indegree[i]
    sources = array("i", bytes(4 * len(targets)))
    fill = array("l", indegree)
    for i in range(expanded):
        for t in targets[offsets[i]:offsets[i + 1]]:
            sources[fill[t]] = i
            fill[t] += 1
    good = bytearray(n)
    queue = deque()
    for h in hopeful:
        if not good[h]:
            good[h] = 1
            queue.append(h)
    while queue:
        t = queue.popleft()
        for i in sources[indegree[t]:indegree[t + 1]]:
            if not good[i]:
                good[i] = 1
                queue.append(i)
    stuck = n - sum(good)
    groups: dict[tuple[int, int], Softlock] = {}
    for i in range(n):
        if good[i] or (i > 0 and not good[parent[i]]):
            continue  # reachable only through another stuck state: reported with that one
        group = (scene_of[i], via[i])
        if group in groups:
            groups[group].ways += 1
            continue
        path = _path(i, parent, via, names)
        groups[group] = Softlock(path, scene_names[scene_of[i]], replay(story, path))
    return list(groups.values()), stuck


def replay(story: Story, path: list[str]) -> State:
    """The state after playing *path* from the opening."""
    s = new_state(story)
    for command in path:
        s, _ = step(story, s, command)
    return s


# -- reporting ------------------------------------------------------------------------------------

def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _route(path: list[str]) -> str:
    return " / ".join(path) if path else "(at the very start)"


def describe_state(story: Story, s: State) -> str:
    """Flags, what the player holds and the mission clock: enough to see why a state is stuck."""
    held = ", ".join(s["inventory"]) if s["inventory"] else "nothing"
    flags = ", ".join(sorted(s["flags"])) if s["flags"] else "none"
    return f"flags: {flags}; holding: {held}; clock: {clock_text(s['clock'])}"


def report(result: Exploration) -> list[str]:
    """The explorer's findings as lines for the terminal."""
    story, u = result.story, result.universe
    scope = "the whole story" if result.complete else "stopped early"
    out = [f"Explored {_plural(result.states, 'state')} ({_plural(result.moves, 'command')}) in "
           f"{result.seconds:.2f} s, {result.rate:,.0f} states/s: {scope}."]
    if not result.complete:
        out.append(f"  The search reached the limit of {result.max_states:,} states (--max-states) before it "
                   "ran out of new states. Softlocks below are certain; 'not reached' means only 'not within "
                   "the limit'.")
    reached = len(result.endings)
    out.append(f"Endings: {reached} of {len(story.endings)} reachable. Shortest paths:")
    for eid, ending in story.endings.items():
        path = result.endings.get(eid)
        label = f"{eid} ({ending.title}{', a win' if ending.win else ''})"
        if path is None:
            out.append(f"  {label}: NOT REACHABLE" if result.complete else f"  {label}: not reached")
        else:
            out.append(f"  {label}: {_plural(len(path), 'command')}: {_route(path)}")
    missing = [("scene", [v for k, v in u.scenes.items() if k not in result.scenes]),
               ("action", [v for k, v in u.actions.items() if k not in result.actions]),
               ("exit", [v for k, v in u.exits.items() if k not in result.exits]),
               ("ending", [v for k, v in u.endings.items() if k not in result.endings])]
    title = "Never reachable" if result.complete else "Not reached within the limit"
    if any(labels for _, labels in missing):
        out.append(f"{title}:")
        for kind, labels in missing:
            out += [f"  {kind:<7}{label}" for label in labels]
    else:
        out.append(f"{title}: nothing. Every scene, action, exit and ending can be reached.")
    if result.softlocks:
        out.append(f"Softlocks: {_plural(result.stuck_states, 'state')} from which no ending can be reached. "
                   "The shortest way into each:")
        for n, lock in enumerate(result.softlocks, 1):
            title = story.scenes[lock.scene].title
            last = f", by '{lock.path[-1]}'" if lock.path else ""
            more = f" ({lock.ways} ways in)" if lock.ways > 1 else ""
            out.append(f"  {n}. in {lock.scene} ({title}){last}{more}:")
            out.append(f"       {_route(lock.path)}")
            out.append(f"     then {describe_state(story, lock.state)}")
    else:
        out.append("Softlocks: none. An ending can be reached from every state found.")
    if result.unnameable:
        names = ", ".join(f"{t} in {s}" for t, s in sorted(result.unnameable))
        out.append(f"Note: no alias names these on its own where they are, so no command could use them: {names}.")
    if result.crashes:
        out.append("Engine errors: the game raised an exception. The shortest path to each:")
        for n, (error, (path, count)) in enumerate(result.crashes.items(), 1):
            more = f" (raised by {count:,} commands in all)" if count > 1 else ""
            out.append(f"  {n}. {error}{more}:")
            out.append(f"       {_route(path)}")
    verdict = []
    if result.crashes:
        verdict.append(_plural(len(result.crashes), "engine error"))
    if result.softlocks:
        verdict.append(_plural(len(result.softlocks), "softlock"))
    if result.unreached_endings:
        n = len(result.unreached_endings)
        verdict.append(_plural(n, "unreachable ending") if result.complete
                       else _plural(n, "ending") + " not reached")
    out.append("Result: " + (", ".join(verdict) if verdict else "no softlock, every ending reachable") + ".")
    return out


EXPLORER_SIGNATURE = b"# Written by 'challenge explore --write-walkthroughs'."
EXPLORER_OURS = "a walkthrough written by 'challenge explore' (its first line would be \"" + \
    EXPLORER_SIGNATURE.decode() + "\")"


def write_walkthroughs(result: Exploration, folder: Path, story_paths: tuple[Path, ...] = ()) -> list[Path]:
    """Write the shortest path to each reachable ending as a walkthrough file in *folder* (made if it
    is missing, but not its parents); returns the paths. Raises OSError (a :class:`targets.Refused`
    when a file there must not be replaced); *story_paths*: the story's folders, never written into."""
    folder = Path(folder)
    folder.mkdir(exist_ok=True)
    written = []
    for eid, path in result.endings.items():
        steps: list[dict[str, Any]] = []
        s = new_state(result.story)
        for command in path:
            new, _ = step(result.story, s, command)
            entry: dict[str, Any] = {"do": command}
            if new["scene"] != s["scene"]:
                entry["location"] = new["scene"]
            s = new
            steps.append(entry)
        if steps:
            steps[-1]["ended"] = eid
        title = result.story.endings[eid].title
        text = dump(f"ending-{eid}", steps,
                    description=f"The shortest way to the ending '{title}', found by challenge explore.",
                    header=EXPLORER_SIGNATURE.decode() + " Run: challenge run FILE\n")
        target = folder / f"ending-{eid}.yaml"
        # Only a file this command wrote before is replaced, and never one of the story's own.
        try:
            real = targets.check(target, lambda head: head.startswith(EXPLORER_SIGNATURE), EXPLORER_OURS,
                                 story_folders(tuple(story_paths)))
        except targets.Refused as exc:
            raise targets.Refused(f"{target.name}: {exc.strerror}") from None
        write_atomic(real, text)
        written.append(target)
    return written

