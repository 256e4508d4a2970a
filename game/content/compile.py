"""Turn validated scene files into a :class:`Story`, noting where every id is defined and used.

The index it keeps (definitions and references with their file positions) is what
the cross-file checks read, so a problem is reported where the author wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine.story import Action, Ending, Exit, FactView, Quote, Scene, Story, Thing, minutes
from .yaml_source import Path_, Source


@dataclass
class Place:
    """Where something is written: a file and a path inside it."""

    src: Source
    path: Path_

    def error(self, message: str, code: str, key: bool = False) -> Any:
        return self.src.error(self.path, message, code, key=key)


@dataclass
class Index:
    """Definitions and uses of ids across all files."""

    defs: dict[str, list[tuple[str, Place]]] = field(default_factory=dict)
    refs: list[tuple[str, str, Place]] = field(default_factory=list)  # (kind wanted, id, place)
    story_place: list[Place] = field(default_factory=list)

    def define(self, kind: str, ident: str, place: Place) -> None:
        self.defs.setdefault(ident, []).append((kind, place))

    def use(self, kind: str, ident: str, place: Place) -> None:
        self.refs.append((kind, ident, place))


_COND_REFS = {"flags": "flag", "not_flags": "flag-absent", "has": "item", "lacks": "item-absent",
              "visited": "scene", "not_visited": "scene"}
_EFFECT_REFS = {"set": "flag-set", "clear": "flag-clear", "give": "item-given", "take": "item",
                "move": "scene", "end": "ending"}


def _words(name: str, aliases: list[str] | None) -> tuple[str, ...]:
    """Every way the player may name a thing: its aliases and its name, lowercased."""
    out = [a.lower() for a in aliases or []]
    out.append(name.lower())
    return tuple(dict.fromkeys(out))


class Compiler:
    """Collects scene files into one story."""

    def __init__(self) -> None:
        self.index = Index()
        self.scenes: dict[str, Scene] = {}
        self.things: dict[str, Thing] = {}
        self.endings: dict[str, Ending] = {}
        self.actions: list[Action] = []
        self.header: dict[str, Any] | None = None
        self.facts: dict[str, FactView] = {}
        self.stated: dict[str, list[str]] = {}  # scene or ending id -> ids of the facts it states

    def add(self, src: Source, bad: list[Path_] = ()) -> None:  # type: ignore[assignment]
        """Add one file. Elements under a *bad* path (schema errors) only register their ids,
        so one broken scene does not make every reference to it an error too."""
        data = src.data
        if not isinstance(data, dict):
            return

        def ok(path: Path_) -> bool:
            return not any(b[:len(path)] == path or path[:len(b)] == b for b in bad)

        if isinstance(data.get("story"), dict):
            self.index.story_place.append(Place(src, ("story",)))
            if self.header is None and ok(("story",)):
                self.header = data["story"]
                self._story(src, data["story"])
            elif self.header is None and isinstance(data["story"].get("endings"), list):  # a broken header: keep its endings known
                for i, e in enumerate(data["story"]["endings"]):
                    if isinstance(e, dict) and isinstance(e.get("id"), str):
                        self.index.define("ending", e["id"], Place(src, ("story", "endings", i, "id")))
        for key in ("scenes", "items", "people", "actions"):
            elements = data.get(key)
            if not isinstance(elements, list):
                continue
            for i, raw in enumerate(elements):
                path = (key, i)
                if not ok(path):
                    self._salvage(src, path, raw, key)
                elif key == "scenes":
                    self._scene(src, path, raw)
                elif key == "items":
                    self._thing(src, path, raw, "item", None)
                elif key == "people":
                    self._thing(src, path, raw, "person", None)
                else:
                    self.actions.append(self._action(src, path, raw, f"global-{len(self.actions) + 1}"))

    def _salvage(self, src: Source, path: Path_, raw: Any, key: str) -> None:
        kind = {"scenes": "scene", "items": "item", "people": "person", "actions": "action"}[key]
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            self.index.define(kind, raw["id"], Place(src, path + ("id",)))
        if kind == "scene" and isinstance(raw, dict):
            for sub, sub_kind in (("objects", "object"), ("people", "person")):
                things = raw.get(sub)
                for i, t in enumerate(things if isinstance(things, list) else []):  # a faulted scene: any shape
                    if isinstance(t, dict) and isinstance(t.get("id"), str):
                        self.index.define(sub_kind, t["id"], Place(src, path + (sub, i, "id")))

    def _story(self, src: Source, raw: dict[str, Any]) -> None:
        self.index.use("scene", raw["start"], Place(src, ("story", "start")))
        for i, e in enumerate(raw["endings"]):
            place = Place(src, ("story", "endings", i, "id"))
            self.index.define("ending", e["id"], place)
            self.endings.setdefault(e["id"], Ending(e["id"], e["title"], e["text"], e.get("win", False)))

    def _scene(self, src: Source, path: Path_, raw: dict[str, Any]) -> None:
        sid = raw["id"]
        self.index.define("scene", sid, Place(src, path + ("id",)))
        scene = Scene(sid, raw["title"], raw["prose"], raw.get("chapter"))
        scene.enter = raw.get("enter", [])
        self._effects(src, path + ("enter",), scene.enter)
        for i, ex in enumerate(raw.get("exits", [])):
            p = path + ("exits", i)
            self.index.use("scene", ex["to"], Place(src, p + ("to",)))
            if "when" in ex:
                self._condition(src, p + ("when",), ex["when"])
            scene.exits.append(Exit(
                to=ex["to"], dir=ex.get("dir"), name=ex.get("name"),
                words=_words(ex["name"], ex.get("aliases")) if "name" in ex else tuple(ex.get("aliases", [])),
                when=ex.get("when"), blocked=ex.get("blocked"), say=ex.get("say"),
                minutes=minutes(ex.get("minutes"))))
        for key, kind in (("objects", "object"), ("people", "person")):
            for i, t in enumerate(raw.get(key, [])):
                scene.things.append(self._thing(src, path + (key, i), t, kind, sid))
        for i, pid in enumerate(raw.get("cast", [])):
            self.index.use("person", pid, Place(src, path + ("cast", i)))
            scene.things.append(pid)
        for i, a in enumerate(raw.get("actions", [])):
            scene.actions.append(self._action(src, path + ("actions", i), a, f"{sid}-{i + 1}"))
        self.scenes.setdefault(sid, scene)

    def _thing(self, src: Source, path: Path_, raw: dict[str, Any], kind: str, home: str | None) -> str:
        tid = raw["id"]
        self.index.define(kind, tid, Place(src, path + ("id",)))
        if "when" in raw:
            self._condition(src, path + ("when",), raw["when"])
        thing = Thing(
            id=tid, kind=kind, name=raw["name"], description=raw["description"],
            words=_words(raw["name"], raw.get("aliases")), portable=raw.get("portable", False),
            fixed=raw.get("fixed"), when=raw.get("when"), home=home, talk=raw.get("talk"),
            topics=dict(raw.get("topics", {})))
        if kind == "item":
            thing.portable = True
        self.things.setdefault(tid, thing)
        return tid

    def _action(self, src: Source, path: Path_, raw: dict[str, Any], auto_id: str) -> Action:
        verbs = raw["verb"] if isinstance(raw["verb"], list) else [raw["verb"]]
        aid = raw.get("id", auto_id)
        if "id" in raw:
            self.index.define("action", aid, Place(src, path + ("id",)))
        for key in ("object", "with"):
            if key in raw:
                self.index.use("thing", raw[key], Place(src, path + (key,)))
        if "when" in raw:
            self._condition(src, path + ("when",), raw["when"])
        self._effects(src, path + ("do",), raw["do"])
        return Action(aid, tuple(verbs), raw["do"], raw.get("object"), raw.get("with"),
                      raw.get("when"), raw.get("otherwise"), raw.get("once", False))

    def _condition(self, src: Source, path: Path_, cond: dict[str, Any]) -> None:
        for key, value in cond.items():
            if key in _COND_REFS:
                for i, ident in enumerate(value):
                    self.index.use(_COND_REFS[key], ident, Place(src, path + (key, i)))
            elif key == "any":
                for i, sub in enumerate(value):
                    self._condition(src, path + ("any", i), sub)
            elif key == "not":
                self._condition(src, path + ("not",), value)

    def _effects(self, src: Source, path: Path_, effects: list[dict[str, Any]]) -> None:
        for i, eff in enumerate(effects):
            p = path + (i,)
            for key, value in eff.items():
                if key in _EFFECT_REFS:
                    self.index.use(_EFFECT_REFS[key], value, Place(src, p + (key,)))
                elif key == "if":
                    self._condition(src, p + ("if",), value)
                elif key in ("then", "else"):
                    self._effects(src, p + (key,), value)

    def add_facts(self, views: dict[str, dict[str, Any]], stated: dict[str, list[str]]) -> None:
        """The ledger's facts (plain data from game.facts) and the facts each scene or ending states,
        from its 'facts:' list and from what its text says."""
        self.facts = {fid: FactView(v["id"], v["statement"], v["value"],
                                    tuple(Quote(q["seed"], q["date"], q["quote"], q.get("headline", ""))
                                          for q in v["quotes"]), v.get("disputed"))
                      for fid, v in views.items()}
        self.stated = stated

    def story(self) -> Story:
        """The story, once every file is added and the checks found no errors."""
        assert self.header is not None
        h = self.header
        for owner, ids in self.stated.items():
            target = self.scenes.get(owner) or self.endings.get(owner)
            if target is not None:
                target.facts = [i for i in ids if i in self.facts]
        return Story(
            title=h["title"], start=h["start"], clock=h["clock"], scenes=self.scenes,
            things=self.things, endings=self.endings, actions=self.actions, intro=h.get("intro"),
            player=h.get("player"), max_score=h.get("max_score", 0) or _sum_scores(self),
            wait_minutes=minutes(h.get("wait", 5)), facts=self.facts)


def _sum_scores(c: Compiler) -> int:
    """Without a declared maximum, the most a player can score is every positive award once."""
    total = 0

    def walk(effects: list[dict[str, Any]]) -> None:
        nonlocal total
        for eff in effects:
            if isinstance(eff.get("score"), int) and eff["score"] > 0:
                total += eff["score"]
            walk(eff.get("then", []))
            walk(eff.get("else", []))

    for scene in c.scenes.values():
        walk(scene.enter)
    for action in [a for s in c.scenes.values() for a in s.actions] + c.actions:
        walk(action.effects)
    return total
