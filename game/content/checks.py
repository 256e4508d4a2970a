"""Cross-file checks: ids, references, flags, items and the shape of the story graph.

Each check reports at the place the author wrote the offending id, with a fix
where one can be guessed. These are static checks over what the files say; the
explorer (``challenge explore``) is what plays every path for real.
"""

from __future__ import annotations

from collections import deque
from typing import Any, Iterable

from ..engine.vocabulary import BUILTIN_VERBS
from .compile import Compiler, Place
from .diagnostics import ERROR, WARNING, Diagnostic, did_you_mean

_ARTICLE = {"scene": "a scene", "object": "an object", "item": "an item", "person": "a person",
            "ending": "an ending", "action": "an action"}


def check(c: Compiler, first_file: str | None, complete: bool = True) -> list[Diagnostic]:
    """Every cross-file problem in the compiled files.

    When some file could not be read or validated (*complete* false), the checks that
    need the whole story (flags, items, graph) are left out: they would only echo it.
    """
    out: list[Diagnostic] = []
    out += _story_header(c, first_file if complete else None)  # the story may be in a broken file
    out += _duplicates(c)
    out += _references(c, complete)
    out += _exits(c)
    out += _verbs(c)
    if complete and c.header is not None and c.header["start"] in c.scenes:
        out += _graph(c)
    return out


def _where(place: Place) -> str:
    line, col = place.src.at(place.path)
    return f"{place.src.file}:{line}:{col}"


def _story_header(c: Compiler, first_file: str | None) -> Iterable[Diagnostic]:
    if not c.index.story_place:
        if first_file:
            yield Diagnostic(first_file, 1, 1, ERROR,
                             "no file has a 'story:' section (title, start, clock, endings); add one", "E201")
        return
    first = c.index.story_place[0]
    for extra in c.index.story_place[1:]:
        yield extra.error(f"a second 'story:' section; the story is already defined at {_where(first)}",
                          "E202", key=True)


def _duplicates(c: Compiler) -> Iterable[Diagnostic]:
    for ident, places in c.index.defs.items():
        first_kind, first = places[0]
        for kind, place in places[1:]:
            yield place.error(f"duplicate id '{ident}': already used for {_ARTICLE.get(first_kind, first_kind)} "
                              f"at {_where(first)}", "E203")


def _kinds(c: Compiler, ident: str) -> set[str]:
    kinds = {kind for kind, _ in c.index.defs.get(ident, [])}
    if "salvaged" in kinds:  # from a file with a syntax error: could be anything
        kinds |= {"scene", "object", "item", "person", "ending"}
    return kinds


def _set_flags(c: Compiler) -> set[str]:
    return {ident for kind, ident, _ in c.index.refs if kind == "flag-set"}


def _obtainable(c: Compiler) -> set[str]:
    given = {ident for kind, ident, _ in c.index.refs if kind == "item-given"}
    homed = {t.id for t in c.things.values() if t.portable and t.home}
    return given | homed


def _references(c: Compiler, complete: bool) -> Iterable[Diagnostic]:
    scenes = [i for i, p in c.index.defs.items() if any(k == "scene" for k, _ in p)]
    things = [i for i, p in c.index.defs.items() if any(k in ("object", "item", "person") for k, _ in p)]
    endings = [i for i, p in c.index.defs.items() if any(k == "ending" for k, _ in p)]
    flags = _set_flags(c)
    obtainable = _obtainable(c)
    portable = {t.id for t in c.things.values() if t.portable}
    for kind, ident, place in c.index.refs:
        key = place.path[-1] if not isinstance(place.path[-1], int) else place.path[-2]
        if kind == "scene" and "scene" not in _kinds(c, ident):
            lead = {"to": f"exit '{ident}' points to an unknown scene",
                    "start": f"the start scene '{ident}' is not defined",
                    "move": f"'move' names an unknown scene '{ident}'"}.get(key, f"unknown scene '{ident}'")
            yield place.error(lead + did_you_mean(ident, scenes), "E210")
        elif kind == "person" and "person" not in _kinds(c, ident):
            yield place.error(f"'cast' names an unknown person '{ident}'" + did_you_mean(ident, things)
                              + "; define people who appear in several scenes under a top-level 'people:'",
                              "E217")
        elif kind == "thing" and not _kinds(c, ident) & {"object", "item", "person"}:
            yield place.error(f"'{key}' names an unknown object or person '{ident}'"
                              + did_you_mean(ident, things), "E211")
        elif kind == "ending" and "ending" not in _kinds(c, ident) and c.index.story_place:
            yield place.error(f"unknown ending '{ident}'" + did_you_mean(ident, endings)
                              + "; endings are listed under story: endings:", "E215")
        elif not complete:
            continue
        elif kind in ("item", "item-absent", "item-given"):
            if not _kinds(c, ident) & {"object", "item"}:
                yield place.error(f"unknown item '{ident}'" + did_you_mean(ident, things), "E212")
            elif ident not in portable:
                yield place.error(f"'{ident}' is not portable, so the player can never hold it "
                                  "(add 'portable: true' to it)", "E213")
            elif kind == "item" and ident not in obtainable:
                yield place.error(f"item '{ident}' can never be obtained: it starts in no scene "
                                  "and no effect gives it", "E214")
        elif kind == "flag" and ident not in flags:
            yield place.error(f"flag '{ident}' is read here but never set (no effect says 'set: {ident}')"
                              + did_you_mean(ident, flags), "E216")
        elif kind in ("flag-absent", "flag-clear") and ident not in flags:
            yield _warn(place, f"flag '{ident}' is never set, so this {'check' if kind == 'flag-absent' else 'clear'} "
                        "does nothing" + did_you_mean(ident, flags), "W216")
    for t in c.things.values() if complete else ():
        if t.kind == "item" and t.id not in obtainable:
            place = next(p for k, p in c.index.defs[t.id] if k == "item")
            yield _warn(place, f"item '{t.id}' can never be obtained: no effect gives it", "W214")


def _warn(place: Place, message: str, code: str) -> Diagnostic:
    d = place.error(message, code)
    return Diagnostic(d.file, d.line, d.col, WARNING, d.message, d.code)


def _exits(c: Compiler) -> Iterable[Diagnostic]:
    for sid, scene in c.scenes.items():
        seen: dict[str, int] = {}
        for i, ex in enumerate(scene.exits):
            if ex.dir and ex.dir in seen and ex.when is None:
                place = _scene_place(c, sid, ("exits", i, "dir"))
                if place:
                    yield place.error(f"scene '{sid}' already has an exit {ex.dir} (exit {seen[ex.dir] + 1}); "
                                      "give one of them a 'when' or another direction", "E220")
            if ex.dir:
                seen.setdefault(ex.dir, i)


def _scene_place(c: Compiler, sid: str, tail: tuple[Any, ...]) -> Place | None:
    for kind, place in c.index.defs.get(sid, []):
        if kind == "scene":
            return Place(place.src, place.path[:-1] + tail)
    return None


def _verbs(c: Compiler) -> Iterable[Diagnostic]:
    import difflib

    near: dict[str, list[str]] = {}  # a story uses the same few verbs in many scenes: compare each once
    for sid, scene in list(c.scenes.items()) + [("", None)]:
        actions = scene.actions if scene else c.actions
        for i, action in enumerate(actions):
            for word in action.verbs:
                if word in BUILTIN_VERBS:
                    continue
                close = near.get(word)
                if close is None:
                    close = near[word] = difflib.get_close_matches(word, list(BUILTIN_VERBS), n=1, cutoff=0.85)
                if close:
                    place = (_scene_place(c, sid, ("actions", i, "verb")) if scene else None)
                    if place:
                        yield _warn(place, f"'{word}' is a new verb; did you mean the built-in '{close[0]}'?",
                                    "W230")


def _has_way_out(c: Compiler, effects: list[dict[str, Any]]) -> bool:
    for eff in effects:
        if "move" in eff or "end" in eff:
            return True
        if _has_way_out(c, eff.get("then", [])) or _has_way_out(c, eff.get("else", [])):
            return True
    return False


def _moves(effects: list[dict[str, Any]]) -> Iterable[str]:
    for eff in effects:
        if "move" in eff:
            yield eff["move"]
        yield from _moves(eff.get("then", []))
        yield from _moves(eff.get("else", []))


def _graph(c: Compiler) -> Iterable[Diagnostic]:
    assert c.header is not None
    global_moves = [m for a in c.actions for m in _moves(a.effects)]
    seen = {c.header["start"]}
    queue = deque([c.header["start"]])
    while queue:
        scene = c.scenes.get(queue.popleft())
        if scene is None:
            continue
        targets = [e.to for e in scene.exits] + list(_moves(scene.enter)) + global_moves
        targets += [m for a in scene.actions for m in _moves(a.effects)]
        for t in targets:
            if t not in seen:
                seen.add(t)
                queue.append(t)
    global_out = any(_has_way_out(c, a.effects) for a in c.actions)
    # A scene that a misspelt reference was surely meant for is not reported unreachable as well.
    import difflib

    meant = {m for kind, ident, _ in c.index.refs if kind == "scene" and ident not in c.scenes
             for m in difflib.get_close_matches(ident, list(c.scenes), n=1, cutoff=0.6)}
    for sid, scene in c.scenes.items():
        place = _scene_place(c, sid, ("id",))
        if place is None:
            continue
        if sid not in seen and sid not in meant:
            yield place.error(f"scene '{sid}' is unreachable from the start scene '{c.header['start']}' "
                              "(no exit or 'move' leads here)", "E240")
        way_out = (scene.exits or global_out or _has_way_out(c, scene.enter)
                   or any(_has_way_out(c, a.effects) for a in scene.actions))
        if not way_out:
            yield place.error(f"scene '{sid}' is a dead end: it has no exits, and no action moves the "
                              "player on or ends the story", "E241")
