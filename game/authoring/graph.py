"""The story map drawn three ways: text for a terminal, Mermaid for Markdown, DOT for Graphviz.

All three show the same :class:`StoryMap`: scenes grouped by chapter, exits (solid)
and moves made by actions (dashed), each with its condition, the endings, and
what is wrong with the shape of the story (unreachable scenes, dead ends, ways
that lead to no scene, endings nothing leads to).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable

from .storymap import ANYWHERE, END, EXIT, Edge, StoryMap, describe

WIDTH = 80  # the text form fits a plain terminal
LABEL_WIDTH = 32  # a label longer than this pushes its own arrow right, not every arrow of its scene


def problems(smap: StoryMap) -> list[str]:
    """What is wrong with the story's shape, one line each, ``file:line: what`` so editors can jump."""
    out = []
    for sid in smap.unreachable():
        s = smap.scenes[sid]
        out.append(f"{s.file}:{s.line}: scene '{sid}' is unreachable: no exit or move leads to it from "
                   f"the start scene '{smap.start}'")
    for sid in smap.dead_ends():
        s = smap.scenes[sid]
        out.append(f"{s.file}:{s.line}: scene '{sid}' is a dead end: it has no exit, no move and no ending")
    # With a file unread, a missing id may well be in it: say so rather than call it unknown.
    some = " that could be read" if smap.unread else ""
    for e in smap.edges:
        if smap.broken(e):
            what = "ending" if e.kind == END else "scene"
            out.append(f"{e.file}:{e.line}: '{e.label}' in {_where(e.source)} leads to '{e.target}', "
                       f"but no {what}{some} has that id")
    for eid in smap.endings_unused():
        ending = smap.endings[eid]
        out.append(f"{ending.file}:{ending.line}: ending '{eid}' is never reached: no 'end' effect names it")
    if smap.start is not None and smap.start not in smap.scenes and smap.scenes:
        out.append(f"the start scene '{smap.start}' is not defined")
    for file in smap.unread:
        out.append(f"{file}:1: this file could not be read (run 'challenge check'): what it holds is not "
                   "on the map")
    return out


def _where(source: str) -> str:
    return "a top-level action" if source == ANYWHERE else f"scene '{source}'"


# -- text ------------------------------------------------------------------------------------------

def text(smap: StoryMap, width: int = WIDTH) -> str:
    """The map for a terminal: one block per scene, in story order, with its ways out."""
    scenes, endings = len(smap.scenes), len(smap.endings)
    lines = [f"Story map: {smap.title or '(untitled)'}",
             f"{scenes} scene{'s' * (scenes != 1)}, {endings} ending{'s' * (endings != 1)}; "
             f"the story starts in {smap.start or '(no start scene)'}.",
             "Key: -> exit   => move or ending by an action   if: its condition   * start",
             "     ! unreachable (nothing leads here)   x dead end (no way on)"]
    unreachable, dead = set(smap.unreachable()), set(smap.dead_ends())
    for chapter, sids in _chapters(smap):
        lines += ["", (chapter or "(no chapter)").upper()]
        for sid in sids:
            lines += _scene_lines(smap, sid, unreachable, dead, width)
    anywhere = smap.edges_from(ANYWHERE)
    if anywhere:
        lines += ["", "IN EVERY SCENE (top-level actions)"] + _ways(smap, anywhere, width)
    if smap.endings:
        lines += ["", "ENDINGS"]
        pad = max(len(eid) for eid in smap.endings)
        for eid, ending in smap.endings.items():
            sources = [("every scene" if s == ANYWHERE else s) for s in smap.sources_of(eid)]
            reached = f"from {', '.join(sources)}" if sources else "NEVER REACHED"
            line = f"  {eid.ljust(pad)}  {ending.title}{' (win)' if ending.win else ''}: {reached}"
            lines += textwrap.wrap(line, width, subsequent_indent=" " * 6, break_on_hyphens=False)
    found = problems(smap)
    lines += ["", "PROBLEMS" if found else "No unreachable scenes, dead ends or unused endings."]
    for p in found:
        lines += textwrap.wrap(p, width, initial_indent="  ", subsequent_indent="      ", break_on_hyphens=False)
    return "\n".join(lines) + "\n"


def _scene_lines(smap: StoryMap, sid: str, unreachable: set[str], dead: set[str], width: int) -> list[str]:
    """A scene's heading line (its mark, id, title and what is wrong with it), then its ways out."""
    mark = "*" if sid == smap.start else "!" if sid in unreachable else "x" if sid in dead else " "
    notes = [n for n, on in (("UNREACHABLE", sid in unreachable), ("DEAD END", sid in dead)) if on]
    head = f"{mark} {sid}  {smap.scenes[sid].title}" + (f"  [{', '.join(notes)}]" if notes else "")
    return [head] + _ways(smap, smap.edges_from(sid), width)


def _ways(smap: StoryMap, edges: list[Edge], width: int) -> list[str]:
    """The lines for a scene's ways out: ``    east (the corridor)  -> corridor`` and conditions below."""
    pad = min(max((len(e.label) for e in edges), default=0), LABEL_WIDTH)
    out = []
    for e in edges:
        arrow = "->" if e.kind == EXIT else "=>"
        target = f"ending {e.target}" if e.kind == END else e.target
        if smap.broken(e):
            target += f"  [NO SUCH {'ENDING' if e.kind == END else 'SCENE'}]"
        out.append(f"    {e.label.ljust(pad)}  {arrow} {target}")
        if e.conditions:
            out += _condition_lines(e, " " * (4 + pad + 5), width)
    return out


def _condition_lines(e: Edge, indent: str, width: int) -> list[str]:
    """``if A; B`` on one line when it fits, else ``if A`` then ``and B``, a part a line."""
    one = f"{indent}if {e.condition}"
    if len(one) <= width:
        return [one]
    parts = [p for c in e.conditions for p in describe(c).split("; ")]
    out = []
    for n, part in enumerate(parts):
        out += textwrap.wrap(("if " if n == 0 else "and ") + part, width, initial_indent=indent,
                             subsequent_indent=indent + "    ", break_on_hyphens=False)
    return out


# -- Mermaid ---------------------------------------------------------------------------------------

def mermaid(smap: StoryMap) -> str:
    """A Mermaid flowchart (GitHub and most Markdown viewers draw it in a ```mermaid block)."""
    node = _node_ids(smap)
    unreachable, dead = set(smap.unreachable()), set(smap.dead_ends())
    lines = ["flowchart TD"]
    if smap.title:
        lines.insert(0, f"---\ntitle: {json.dumps(smap.title)}\n---")  # a JSON string is a YAML string
    for n, (chapter, sids) in enumerate(_chapters(smap)):
        inner = "    " if chapter else "  "
        if chapter:
            lines.append(f'  subgraph chapter{n}["{_mm(chapter)}"]')
        for sid in sids:
            lines.append(f'{inner}{node(sid)}["{_mm(smap.scenes[sid].title)}<br/>{sid}"]')
        if chapter:
            lines.append("  end")
    for eid, ending in smap.endings.items():
        lines.append(f'  {node("end:" + eid)}(["END: {_mm(ending.title)}"])')
    if smap.edges_from(ANYWHERE):
        lines.append(f'  {node(ANYWHERE)}{{{{"in every scene"}}}}')
    missing = sorted({e.target for e in smap.edges if smap.broken(e)})
    for target in missing:
        lines.append(f'  {node("missing:" + target)}["? {_mm(target)}"]')
    for e in smap.edges:
        label = e.label + (f" if {e.condition}" if e.conditions else "")
        arrow = "-->" if e.kind == EXIT else "-.->"
        lines.append(f'  {node(e.source)} {arrow}|"{_mm(label)}"| {_target(e, smap, node)}')
    lines.append("  classDef start stroke-width:3px")
    lines.append("  classDef ending fill:#e8f4e8,stroke:#2a7a2a")
    lines.append("  classDef problem fill:#fde2e2,stroke:#c62828,stroke-width:2px")
    if smap.start in smap.scenes:
        lines.append(f"  class {node(smap.start)} start")
    if smap.endings:
        lines.append(f"  class {','.join(node('end:' + e) for e in smap.endings)} ending")
    flagged = [node(s) for s in smap.scenes if s in unreachable or s in dead] + \
              [node("missing:" + t) for t in missing]
    if flagged:
        lines.append(f"  class {','.join(flagged)} problem")
    return "\n".join(lines) + "\n"


_MERMAID_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", ";": "#59;", "|": "#124;"}


def _mm(text: str) -> str:
    """Text safe inside a quoted Mermaid label, on one line: what Mermaid would read as syntax
    (quotes, brackets, the statement separator, the edge-label bar) written as its entity codes."""
    return "".join(_MERMAID_ENTITIES.get(c, c) for c in " ".join(text.split()))


def _node_ids(smap: StoryMap) -> Callable[[str], str]:
    """Mermaid node names: scene ids with hyphens would read as arrows, and 'end' is a keyword."""
    def node(key: str) -> str:
        if key == ANYWHERE:
            return "anywhere"
        kind, _, ident = key.rpartition(":")
        prefix = {"": "s_", "end": "e_", "missing": "m_"}[kind]
        return prefix + ident.replace("-", "_")
    return node


def _target(e: Edge, smap: StoryMap, node: Callable[[str], str]) -> str:
    if smap.broken(e):
        return node("missing:" + e.target)
    return node(("end:" if e.kind == END else "") + e.target)


def _chapters(smap: StoryMap) -> list[tuple[str | None, list[str]]]:
    """Scenes grouped by chapter, chapters in story order (a chapter is one group, wherever it recurs)."""
    groups: dict[str | None, list[str]] = {}
    for sid in smap.order():
        groups.setdefault(smap.scenes[sid].chapter, []).append(sid)
    return list(groups.items())


# -- DOT -------------------------------------------------------------------------------------------

def dot(smap: StoryMap) -> str:
    """A Graphviz digraph: ``challenge graph --format dot | dot -Tsvg > map.svg``."""
    unreachable, dead = set(smap.unreachable()), set(smap.dead_ends())
    lines = ["digraph story {",
             f"  graph [label={_q(smap.title)}, labelloc=t, fontname=Helvetica, rankdir=TB];",
             "  node [shape=box, style=rounded, fontname=Helvetica];",
             "  edge [fontname=Helvetica, fontsize=10];"]
    for n, (chapter, sids) in enumerate(_chapters(smap)):
        inner = "    " if chapter else "  "
        if chapter:
            lines += [f"  subgraph cluster_{n} {{", f"    label={_q(chapter)};", "    style=dashed;"]
        for sid in sids:
            attrs = [f"label={_q(smap.scenes[sid].title + chr(10) + sid)}"]
            if sid == smap.start:
                attrs.append("penwidth=3")
            if sid in unreachable or sid in dead:
                note = "unreachable" if sid in unreachable else "dead end"
                attrs += ['style="rounded,filled"', 'fillcolor="#fde2e2"', 'color="#c62828"', f"xlabel={_q(note)}"]
            lines.append(f"{inner}{_q(sid)} [{', '.join(attrs)}];")
        if chapter:
            lines.append("  }")
    for eid, ending in smap.endings.items():
        lines.append(f"  {_q('end:' + eid)} [shape=doubleoctagon, style=filled, fillcolor=\"#e8f4e8\", "
                     f"label={_q('END: ' + ending.title)}];")
    if smap.edges_from(ANYWHERE):
        lines.append(f"  {_q(ANYWHERE)} [shape=hexagon, label=\"in every scene\"];")
    for target in sorted({e.target for e in smap.edges if smap.broken(e)}):
        lines.append(f"  {_q('missing:' + target)} [label={_q('? ' + target)}, color=\"#c62828\", "
                     f"fontcolor=\"#c62828\"];")
    for e in smap.edges:
        label = e.label + (f"\nif {e.condition}" if e.conditions else "")
        target = ("missing:" if smap.broken(e) else "end:" if e.kind == END else "") + e.target
        style = "" if e.kind == EXIT else ", style=dashed"
        lines.append(f"  {_q(e.source)} -> {_q(target)} [label={_q(label)}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped, line breaks as DOT's own ``\\n``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "\\n".join(escaped.splitlines() or [""]) + '"'


FORMATS: dict[str, Callable[[StoryMap], str]] = {"text": text, "mermaid": mermaid, "dot": dot}
