"""The story map: scenes, the ways between them, the conditions on those ways, and the endings.

It is built from the scene files as read (``LoadResult.sources``), not from the
compiled story, so an author gets a map of a story that does not load yet: that
is when "unreachable" and "dead end" are worth seeing. Reachability ignores
conditions, as ``challenge check`` does; ``challenge explore`` plays them for real.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..content.loader import LoadResult, is_ledger
from ..content.yaml_source import Source

ANYWHERE = "*"  # the source of an edge from a top-level action: it applies in every scene

EXIT, MOVE, END = "exit", "move", "end"


@dataclass
class SceneNode:
    """A scene on the map."""

    id: str
    title: str
    chapter: str | None
    file: str
    line: int


@dataclass
class EndingNode:
    """An ending on the map."""

    id: str
    title: str
    win: bool
    file: str
    line: int


@dataclass
class Edge:
    """A way from a scene (or from anywhere) to a scene or an ending."""

    source: str  # a scene id, or ANYWHERE
    target: str  # a scene id (EXIT, MOVE) or an ending id (END)
    kind: str  # EXIT, MOVE or END
    label: str  # 'east (the corridor)', 'sleep', 'use binoculars', 'on arrival'
    conditions: tuple[dict[str, Any], ...]  # all must hold; an 'else' branch is {'not': cond}
    file: str
    line: int

    @property
    def condition(self) -> str:
        """The conditions in a few words ('' when the way is always open)."""
        return "; ".join(describe(c) for c in self.conditions)


@dataclass
class StoryMap:
    """Everything ``challenge graph`` draws."""

    title: str
    start: str | None
    scenes: dict[str, SceneNode] = field(default_factory=dict)
    endings: dict[str, EndingNode] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # files that could not be read: not on the map

    def edges_from(self, source: str) -> list[Edge]:
        return [e for e in self.edges if e.source == source]

    def broken(self, edge: Edge) -> bool:
        """Does *edge* lead to a scene or ending that no file defines?"""
        return edge.target not in (self.endings if edge.kind == END else self.scenes)

    def order(self) -> list[str]:
        """Scene ids in story order: by the fewest scene changes made by actions ('sleep' moves the
        story on) and then the fewest exits taken from the start; scenes no way reaches come last,
        in file order."""
        if self.start not in self.scenes:
            return list(self.scenes)
        everywhere = [e for e in self.edges_from(ANYWHERE) if e.kind == MOVE]
        best: dict[str, tuple[int, int]] = {}
        queue: list[tuple[int, int, int, str]] = [(0, 0, 0, self.start)]
        tick = 0  # ties keep the order in which the files list the ways
        while queue:
            acts, steps, _, sid = heapq.heappop(queue)
            if sid in best:
                continue
            best[sid] = (acts, steps)
            for e in self.edges_from(sid) + everywhere:
                if e.kind != END and e.target in self.scenes and e.target not in best:
                    tick += 1
                    heapq.heappush(queue, (acts + (e.kind == MOVE), steps + 1, tick, e.target))
        return sorted(best, key=lambda s: best[s]) + [s for s in self.scenes if s not in best]

    def reached(self) -> set[str]:
        """Scenes some way leads to from the start, whatever the conditions."""
        if self.start not in self.scenes:
            return set()
        everywhere = [e.target for e in self.edges_from(ANYWHERE) if e.kind == MOVE]
        seen, todo = {self.start}, [self.start]
        while todo:
            sid = todo.pop()
            for target in [e.target for e in self.edges_from(sid) if e.kind != END] + everywhere:
                if target in self.scenes and target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    def unreachable(self) -> list[str]:
        """Scenes no exit or move leads to from the start (empty when there is no start to go from)."""
        if self.start not in self.scenes:
            return []
        reached = self.reached()
        return [s for s in self.scenes if s not in reached]

    def dead_ends(self) -> list[str]:
        """Scenes with no way on of their own: no exit, no move, no ending.

        A top-level action's way counts only when it has no condition. That is stricter than
        ``challenge check``, which counts any, but a way out that opens only at some hour is no
        way out of a scene the author forgot to link onward.
        """
        if any(not e.conditions for e in self.edges_from(ANYWHERE)):
            return []
        return [s for s in self.scenes if not self.edges_from(s)]

    def endings_unused(self) -> list[str]:
        """Endings no effect ever ends the story with."""
        used = {e.target for e in self.edges if e.kind == END}
        return [i for i in self.endings if i not in used]

    def sources_of(self, ending: str) -> list[str]:
        """The scenes (or ANYWHERE) that can end the story with *ending*, without repeats."""
        return list(dict.fromkeys(e.source for e in self.edges if e.kind == END and e.target == ending))


def build(result: LoadResult) -> StoryMap:
    """The map of the story in *result*'s files, whatever could be read of them."""
    smap = StoryMap(title="", start=None)
    for src in result.sources:
        if not isinstance(src.data, dict):
            smap.unread.append(src.file)
        elif not is_ledger(src):
            _add_file(smap, src)
    return smap


def _add_file(smap: StoryMap, src: Source) -> None:
    data = src.data
    header = data.get("story")
    if isinstance(header, dict) and smap.start is None:
        smap.title = _text(header.get("title")) or ""
        smap.start = _id(header.get("start"))
        for i, ending in _items(header.get("endings")):
            eid = _id(ending.get("id"))
            if eid and eid not in smap.endings:
                line = src.at(("story", "endings", i))[0]
                smap.endings[eid] = EndingNode(eid, _text(ending.get("title")) or eid, ending.get("win") is True,
                                               src.file, line)
    for i, scene in _items(data.get("scenes")):
        sid = _id(scene.get("id"))
        if sid is None or sid in smap.scenes:
            continue  # a duplicate id is check's to report; the map keeps the first
        where = ("scenes", i)
        smap.scenes[sid] = SceneNode(sid, _text(scene.get("title")) or sid, _text(scene.get("chapter")),
                                     src.file, src.at(where)[0])
        for j, ex in _items(scene.get("exits")):
            target = _id(ex.get("to"))
            if target:
                when = ex.get("when")
                smap.edges.append(Edge(sid, target, EXIT, exit_label(ex), (when,) if isinstance(when, dict) else (),
                                       src.file, src.at(where + ("exits", j, "to"))[0]))
        smap.edges += _effect_edges(sid, "on arrival", _list_any(scene.get("enter")), (), src,
                                    where + ("enter",))
        for j, action in _items(scene.get("actions")):
            smap.edges += _action_edges(sid, action, src, where + ("actions", j))
    for j, action in _items(data.get("actions")):
        smap.edges += _action_edges(ANYWHERE, action, src, ("actions", j))


def _action_edges(source: str, action: dict[str, Any], src: Source, path: tuple[Any, ...]) -> list[Edge]:
    when = action.get("when")
    return _effect_edges(source, action_label(action), _list_any(action.get("do")),
                         (when,) if isinstance(when, dict) else (), src, path + ("do",))


def _effect_edges(source: str, label: str, effects: list[Any], conditions: tuple[dict[str, Any], ...],
                  src: Source, path: tuple[Any, ...]) -> list[Edge]:
    """Edges for the 'move' and 'end' effects in *effects*, through 'if' / 'then' / 'else'."""
    out: list[Edge] = []
    for i, eff in enumerate(effects):
        if not isinstance(eff, dict):
            continue
        for key, kind in (("move", MOVE), ("end", END)):
            target = _id(eff.get(key))
            if target:
                out.append(Edge(source, target, kind, label, conditions, src.file, src.at(path + (i, key))[0]))
        test = eff.get("if")
        if isinstance(test, dict):
            out += _effect_edges(source, label, _list_any(eff.get("then")), conditions + (test,), src,
                                 path + (i, "then"))
            out += _effect_edges(source, label, _list_any(eff.get("else")), conditions + ({"not": test},), src,
                                 path + (i, "else"))
    return out


def exit_label(ex: dict[str, Any]) -> str:
    """An exit as the player knows it: ``east (the corridor)``, ``east`` or ``the bus``."""
    direction, name = _text(ex.get("dir")), _text(ex.get("name"))
    if direction and name:
        return f"{direction} ({name})"
    return direction or name or "?"


def action_label(action: dict[str, Any]) -> str:
    """The command that carries an action out: ``sleep``, ``use binoculars``, ``use key with door``."""
    verb = action.get("verb")
    words = [verb[0] if isinstance(verb, list) and verb else verb]
    if isinstance(action.get("object"), str):
        words.append(action["object"])
    if isinstance(action.get("with"), str):
        words += ["with", action["with"]]
    return " ".join(w for w in words if isinstance(w, str)) or "?"


_LISTED = (("flags", "flags"), ("not_flags", "not flags"), ("has", "has"), ("lacks", "lacks"),
           ("visited", "visited"), ("not_visited", "not visited"))


def describe(cond: Any) -> str:
    """A condition in a few words: ``flags press-done; has screenplay; after 2021-10-05T04:00Z``."""
    if not isinstance(cond, dict):
        return "?"
    parts: list[str] = []
    for key, words in _LISTED:
        if key in cond:
            parts.append(f"{words} {', '.join(map(str, _list_any(cond[key])))}")
    for key in ("after", "before"):
        if key in cond:
            parts.append(f"{key} {cond[key]}")
    if "any" in cond:
        parts.append("(" + " or ".join(describe(c) for c in _list_any(cond["any"])) + ")")
    if "not" in cond:
        inner = describe(cond["not"])
        parts.append(f"not ({inner})" if ";" in inner or " " in inner else f"not {inner}")
    return "; ".join(parts) or "?"


def _id(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _items(value: Any) -> Iterable[tuple[int, dict[str, Any]]]:
    """The mappings in a list, with their places in it (a file that breaks the schema may hold anything)."""
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _list_any(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
