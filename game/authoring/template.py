"""``challenge new scene ID``: a valid, commented scene file, and how to link it into the story.

The file is written so that it loads at once: an id, a title, prose and a way back
out, with every other key shown commented out. Until some scene links to it,
``challenge check`` reports it as unreachable; the advice printed says where to
add the exit that links it in, with a direction that scene does not use yet.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.diagnostics import did_you_mean
from ..files import display_path
from ..content.loader import LoadResult, is_ledger, load_story
from ..content.yaml_source import Source

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SCHEMA = Path(__file__).resolve().parent.parent / "content" / "scene.schema.json"

# Directions in the order a new link is offered, each with the way back.
OPPOSITE = {"north": "south", "south": "north", "east": "west", "west": "east", "up": "down", "down": "up",
            "in": "out", "out": "in", "northeast": "southwest", "southwest": "northeast",
            "northwest": "southeast", "southeast": "northwest"}

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# The scene '{id}', made with 'challenge new scene {id}'.
# Every key is described in docs/authoring.md; your editor completes and checks
# them through the line above. 'challenge check' checks the story, and
# 'challenge graph' shows where this scene fits in it.
scenes:
  - id: {id}{pad_id}# unique in the whole story: exits and moves name it
    title: "{title}"{pad_title}# the heading the player sees
{chapter}    # facts: [launch-site]           # ledger facts this scene states (scenes/facts/ledger.yaml):
    #                                # the 'sources' command shows their seed quotes
    prose: |
      Write what the player sees here, in your own words. Every fact must come
      from the seed articles: "Citing a fact" in docs/authoring.md tells how.
    exits:
      - dir: {back}{pad_back}# north south east west northeast northwest ... up down in out
        to: {home}{pad_home}# the scene it leads to
        # name: the corridor         # what the exit is called: 'go corridor' takes it
        # when: {{has: [screenplay]}}  # open only while this holds...
        # blocked: Not without your screenplay.   # ...and what is said when it does not
        # minutes: 10                # how far going moves the mission clock
    # enter:                         # effects run each time the player arrives
    #   - say: The wind is cold.
    # objects:                       # things here; 'portable: true' makes one an item to take
    #   - id: {id}-notebook
    #     name: notebook
    #     aliases: [notebook, notes]
    #     description: What 'examine notebook' says.
    #     portable: true
    # people:                        # people here (people who travel along: top-level 'people:')
    #   - id: {id}-guide
    #     name: a guide
    #     aliases: [guide]
    #     description: What 'examine guide' says.
    #     talk: What 'talk to guide' says.
    #     topics:
    #       rocket: What 'ask guide about rocket' says.
    # actions:                       # verbs this scene answers in its own way
    #   - verb: [film, shoot]        # a new verb, or a built-in one (examine, take, use, ...)
    #     object: {id}-notebook{pad_object}# optional: the thing the command names
    #     when: {{has: [film-camera]}}   # optional condition...
    #     otherwise: You need a camera.    # ...and what is said when it does not hold
    #     once: true
    #     do:                        # effects, in order: say set clear give take move advance
    #       - say: You film the notebook.   # clock score end, and if/then/else
    #       - set: notebook-filmed
    #       - score: 1
"""


class NewSceneError(Exception):
    """The scene file cannot be written; the message says why and what to do."""


@dataclass
class Link:
    """Where the author should add the exit that leads to the new scene."""

    scene: str
    file: str
    line: int
    dir: str | None  # a direction the scene does not use yet (None: all are taken; use a name)
    chapter: str | None = None


@dataclass
class NewScene:
    """What ``challenge new scene`` wrote, and what to tell the author."""

    path: Path
    scene: str
    link: Link
    back: str  # the new scene's exit back to the linking scene
    diagnostics: list[str]  # what 'challenge check' now says about the new file


def title_of(scene_id: str) -> str:
    """A first title from an id: ``viewing-stand`` -> ``Viewing stand``."""
    return scene_id.replace("-", " ").capitalize()


def schema_reference(file: Path) -> str:
    """The modeline's path to the published schema, relative to *file*'s folder (as the shipped
    scenes have it); absolute where no relative path exists (another drive on Windows)."""
    try:
        return Path(os.path.relpath(SCHEMA, file.resolve().parent)).as_posix()
    except ValueError:
        return SCHEMA.as_uri()


def story_root(folder: Path) -> Path | None:
    """The story *folder* belongs to: the nearest folder, itself or above, with a file that has
    the story header (``story:``) among its scene files."""
    for candidate in [folder, *folder.parents]:
        if candidate.is_dir() and any(_has_header(p) for p in sorted(candidate.glob("*.y*ml"))):
            return candidate
    return None


def _has_header(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            return any(line.startswith("story:") for line in f)
    except OSError:
        return False


def render(scene_id: str, home: str, back: str, file: Path, chapter: str | None = None) -> str:
    """The template filled in for *scene_id*, with an exit *back* to *home*, in *chapter* if given."""
    def pad(text: str, column: int) -> str:
        return " " * max(1, column - len(text))

    title = title_of(scene_id)
    if chapter:  # the scene it is reached from is in a chapter: most likely this one is too
        line = f"    chapter: {json.dumps(chapter, ensure_ascii=False)}"
        chapter_line = f"{line}{pad(line, 37)}# shown in the status line; a chapter groups scenes\n"
    else:
        chapter_line = "    # chapter: The day before        # shown in the status line; a chapter groups scenes\n"
    return TEMPLATE.format(schema=schema_reference(file), id=scene_id, title=title, home=home, back=back,
                           chapter=chapter_line,
                           pad_id=pad(f"  - id: {scene_id}", 37), pad_title=pad(f'    title: "{title}"', 37),
                           pad_back=pad(f"      - dir: {back}", 37), pad_home=pad(f"        to: {home}", 37),
                           pad_object=pad(f"    #     object: {scene_id}-notebook", 37))


def new_scene(scene_id: str, folder: Path | None, link_from: str | None) -> NewScene:
    """Write ``FOLDER/ID.yaml`` for a new scene; raises NewSceneError with the reason it cannot."""
    from ..paths import scenes_dir

    if not ID.match(scene_id):
        hint = "-".join("".join(c for c in w if c.isalnum()) for w in scene_id.lower().split())
        example = f" (e.g. '{hint}')" if hint and ID.match(hint) else ""
        raise NewSceneError(f"'{scene_id}' is not a valid id: use lowercase letters and digits joined by "
                            f"hyphens{example}")
    folder = folder if folder is not None else scenes_dir()
    if folder.exists() and not folder.is_dir():
        raise NewSceneError(f"{display_path(folder)} is a file, not a folder")
    path = folder / f"{scene_id}.yaml"
    if path.exists():
        raise NewSceneError(f"{display_path(path)} already exists; choose another id or another folder (--in)")
    root = story_root(folder.resolve())
    if root is None:
        raise NewSceneError(f"{display_path(folder)} is not in a story folder: no file in it or above it "
                            "holds the story header ('story:'). Give --in a folder of your story, "
                            "e.g. --in scenes/baikonur")
    result = load_story([root])
    ids = dict(_defined_ids(result))
    if scene_id in ids:
        raise NewSceneError(f"the id '{scene_id}' is already used at {ids[scene_id]}; ids are shared by "
                            "scenes, objects, people and endings: choose another")
    link = _link(result, link_from)
    back = OPPOSITE[link.dir] if link.dir else "out"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as f:  # 'x': never overwrite a file
            f.write(render(scene_id, link.scene, back, path, link.chapter))
    except OSError as exc:
        raise NewSceneError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from exc
    shown = display_path(path.resolve())  # as the loader names it: it reads the story from its resolved root
    after = load_story([root])
    said = [d.format() for d in after.diagnostics if d.file == shown]
    return NewScene(path, scene_id, link, back, said)


def _defined_ids(result: LoadResult) -> Iterator[tuple[str, str]]:
    """Every id the story's files define (scenes, things, people, endings, actions), with its place."""
    for src in result.sources:
        if isinstance(src.data, dict) and not is_ledger(src):
            yield from _ids_in(src, src.data, ())


def _ids_in(src: Source, value: Any, path: tuple[Any, ...]) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            line, col = src.at(path + ("id",))
            yield value["id"], f"{src.file}:{line}:{col}"
        for key, sub in value.items():
            if key not in ("do", "enter", "when", "topics"):  # effects and conditions define no ids
                yield from _ids_in(src, sub, path + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _ids_in(src, sub, path + (i,))


def _link(result: LoadResult, link_from: str | None) -> Link:
    """The scene to link from (*link_from*, else the start scene) and a direction it has free."""
    scenes = {s["id"]: (src, i, s) for src in result.sources if isinstance(src.data, dict)
              for i, s in enumerate(src.data.get("scenes") or [])
              if isinstance(s, dict) and isinstance(s.get("id"), str)}
    wanted = link_from or _start(result)
    if wanted is None or wanted not in scenes:
        if link_from is None:
            raise NewSceneError("the story has no start scene to link from; name one with --from SCENE")
        raise NewSceneError(f"--from: there is no scene '{link_from}' in the story" + did_you_mean(link_from, scenes))
    src, i, scene = scenes[wanted]
    used = {e.get("dir") for e in scene.get("exits") or [] if isinstance(e, dict)}
    free = next((d for d in OPPOSITE if d not in used), None)
    chapter = scene.get("chapter")
    return Link(wanted, src.file, src.at(("scenes", i))[0], free, chapter if isinstance(chapter, str) else None)


def _start(result: LoadResult) -> str | None:
    for src in result.sources:
        header = src.data.get("story") if isinstance(src.data, dict) else None
        start = header.get("start") if isinstance(header, dict) else None
        if isinstance(start, str):
            return start
    return None


def advice(made: NewScene) -> str:
    """What to tell the author after writing the file: where to link it in, and what to run."""
    link = made.link
    name = f"the {title_of(made.scene).lower()}"
    if link.dir is not None:
        exit_lines = [f"      - dir: {link.dir}", f"        name: {name}", f"        to: {made.scene}"]
    else:  # an exit needs a direction or a name: a name alone is taken as 'go ...'
        exit_lines = ["      # every direction is taken there: a name alone will do ('go ...')",
                      f"      - name: {name}", f"        to: {made.scene}"]
    lines = [f"Wrote {display_path(made.path)}:",
             f"the scene '{made.scene}', with an exit {made.back} back to '{link.scene}'.",
             "",
             f"Link it in: in {link.file}, in the scene '{link.scene}' (line {link.line}),",
             "add an exit to the new scene under 'exits:' (add that key if the scene has none):",
             "",
             *exit_lines,
             "",
             "Then:",
             "  challenge check        until it is linked in, check reports the scene as unreachable",
             "  challenge graph        the story map, with the new scene in it",
             "  challenge --watch      play; each time you save a scene file the game reloads it"]
    if made.diagnostics:
        lines += ["", "What 'challenge check' says about the new file now:"]
        lines += [f"  {d}" for d in made.diagnostics]
    return "\n".join(lines) + "\n"
