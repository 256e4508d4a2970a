"""``challenge new`` and ``challenge graph``: the author's commands on the command line.

Exit status: 0 when done, 1 when the file could not be written or the story could
not be read at all, 2 for a command line argparse cannot make sense of.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..argparser import ArgumentParser


def _new_parser() -> argparse.ArgumentParser:
    p = ArgumentParser(
        prog="challenge new",
        description="Write a new scene file from a commented template, and say how to link it into the story "
                    "(docs/authoring.md).")
    p.add_argument("kind", choices=("scene",), help="what to make (a scene)")
    p.add_argument("id", metavar="ID", help="the new scene's id: lowercase words joined by hyphens (viewing-stand)")
    p.add_argument("--in", dest="folder", type=Path, metavar="FOLDER",
                   help="the folder to write ID.yaml in (default: the story's own folder, scenes/)")
    p.add_argument("--from", dest="link_from", metavar="SCENE",
                   help="the scene the new one will be reached from (default: the start scene): the new "
                        "scene's exit leads back there, and the advice names where to add the exit to it")
    return p


def cmd_new(argv: list[str]) -> int:
    """``challenge new scene ID``: 0 when the file was written."""
    args = _new_parser().parse_args(argv)
    from .template import NewSceneError, advice, new_scene

    try:
        made = new_scene(args.id, args.folder, args.link_from)
    except NewSceneError as exc:
        print(f"challenge new: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(advice(made))
    return 0


def _graph_parser() -> argparse.ArgumentParser:
    p = ArgumentParser(
        prog="challenge graph",
        description="The story map: scenes by chapter, exits (->) and moves by actions (=>) with their "
                    "conditions, the endings, and unreachable scenes and dead ends.")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="scene files or folders (default: the shipped story)")
    p.add_argument("--format", choices=("text", "mermaid", "dot"), default="text",
                   help="text for a terminal (default), mermaid for Markdown, dot for Graphviz")
    return p


def cmd_graph(argv: list[str]) -> int:
    """``challenge graph``: 0 when a map was drawn (even of a story with errors), 1 when nothing could be."""
    args = _graph_parser().parse_args(argv)
    from ..content.loader import load_story
    from ..paths import scenes_dir
    from .graph import FORMATS
    from .storymap import build

    result = load_story(args.paths or [scenes_dir()])
    smap = build(result)
    if not smap.scenes:
        for d in result.errors:
            print(d.format(), file=sys.stderr)
        print("challenge graph: no scenes could be read, so there is no map to draw", file=sys.stderr)
        return 1
    sys.stdout.write(FORMATS[args.format](smap))
    if result.errors:
        # The map shows what could be read; the errors themselves are check's to list.
        print(f"challenge graph: the story has {len(result.errors)} error(s); the map shows what could be "
              "read. Run 'challenge check' for the list.", file=sys.stderr)
    return 0
