"""``challenge graph``: the story map as text, Mermaid and DOT, with what is wrong with the story's shape."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.authoring import graph
from game.authoring.storymap import ANYWHERE, END, EXIT, MOVE, StoryMap, build, describe
from game.content.loader import load_story
from game.paths import scenes_dir

from .conftest import FIXTURES

ROOT = Path(__file__).parent.parent

# A story with every kind of trouble the map marks (the loader reports them as errors too).
TROUBLED = """\
story:
  title: Troubled "story"
  start: lobby
  clock: 2021-10-05T06:00Z
  endings:
    - {id: home, title: Home, win: true, text: You are home.}
    - {id: never, title: Never, text: Nothing leads here.}
scenes:
  - id: lobby
    title: Lobby
    chapter: Act one
    prose: A lobby.
    exits:
      - {dir: north, to: stairs, when: {flags: [lit], has: [lamp]}}
      - {dir: east, name: the annex, to: anex}
    actions:
      - verb: [leave, go home]
        object: lamp
        do:
          - if: {after: 2021-10-05T07:00Z}
            then: [{end: home}]
            else: [{say: Too early.}, {end: hom}]
    objects:
      - {id: lamp, name: lamp, description: A lamp., portable: true}
  - id: stairs
    title: Stairs | up
    chapter: Act one
    prose: Stairs going nowhere.
  - id: attic
    title: Attic
    prose: Nobody comes here.
    exits:
      - {dir: down, to: lobby}
actions:
  - verb: light
    do: [{set: lit}]
"""


@pytest.fixture
def troubled(tmp_path: Path) -> Path:
    folder = tmp_path / "troubled"
    folder.mkdir()
    (folder / "story.yaml").write_text(TROUBLED, "utf-8")
    return folder


def troubled_map(folder: Path) -> StoryMap:
    return build(load_story([folder]))


def test_the_map_of_the_shipped_story() -> None:
    smap = build(load_story([scenes_dir()]))
    assert smap.start == "crew-quarters" and len(smap.scenes) >= 20 and len(smap.endings) == 4
    assert (smap.unreachable(), smap.dead_ends(), smap.endings_unused()) == ([], [], [])
    assert smap.order()[0] == "crew-quarters"
    # Story order: every scene of an act before the action that ends it moves the story on.
    order = smap.order()
    assert order.index("medical-room") < order.index("launch-morning") < order.index("docked")
    text = graph.text(smap)
    assert all(len(line) <= graph.WIDTH for line in text.splitlines()), "the text map must fit 80 columns"
    assert text.endswith("\nNo unreachable scenes, dead ends or unused endings.\n")
    for sid in smap.scenes:
        assert re.search(rf"^[ *] {re.escape(sid)}  ", text, re.M), sid


def test_edges_carry_their_kind_label_and_conditions(troubled: Path) -> None:
    smap = troubled_map(troubled)
    lobby = smap.edges_from("lobby")
    assert [(e.kind, e.label, e.target, e.condition) for e in lobby] == [
        (EXIT, "north", "stairs", "flags lit; has lamp"),
        (EXIT, "east (the annex)", "anex", ""),
        (END, "leave lamp", "home", "after 2021-10-05T07:00Z"),
        (END, "leave lamp", "hom", "not (after 2021-10-05T07:00Z)"),
    ]
    assert smap.edges_from(ANYWHERE) == []  # 'light' moves nobody and ends nothing
    assert lobby[0].file.endswith("story.yaml") and lobby[0].line == 14


def test_what_the_map_marks(troubled: Path) -> None:
    smap = troubled_map(troubled)
    assert smap.unreachable() == ["attic"]
    assert smap.dead_ends() == ["stairs"]
    assert smap.endings_unused() == ["never"]
    assert [e.target for e in smap.edges if smap.broken(e)] == ["anex", "hom"]
    where = str(troubled / "story.yaml")
    assert graph.problems(smap) == [
        f"{where}:29: scene 'attic' is unreachable: no exit or move leads to it from the start scene 'lobby'",
        f"{where}:25: scene 'stairs' is a dead end: it has no exit, no move and no ending",
        f"{where}:15: 'east (the annex)' in scene 'lobby' leads to 'anex', but no scene has that id",
        f"{where}:22: 'leave lamp' in scene 'lobby' leads to 'hom', but no ending has that id",
        f"{where}:7: ending 'never' is never reached: no 'end' effect names it",
    ]


def test_the_text_map(troubled: Path) -> None:
    text = graph.text(troubled_map(troubled))
    assert text.splitlines()[5:21] == [
        "ACT ONE",
        "* lobby  Lobby",
        "    north             -> stairs",
        "                         if flags lit; has lamp",
        "    east (the annex)  -> anex  [NO SUCH SCENE]",
        "    leave lamp        => ending home",
        "                         if after 2021-10-05T07:00Z",
        "    leave lamp        => ending hom  [NO SUCH ENDING]",
        "                         if not (after 2021-10-05T07:00Z)",
        "x stairs  Stairs | up  [DEAD END]",
        "",
        "(NO CHAPTER)",
        "! attic  Attic  [UNREACHABLE]",
        "    down  -> lobby",
        "",
        "ENDINGS",
    ]
    assert "  never  Never: NEVER REACHED" in text
    assert all(len(line) <= graph.WIDTH for line in text.splitlines())


def test_long_conditions_wrap_a_part_a_line() -> None:
    smap = build(load_story([scenes_dir()]))
    text = graph.text(smap)
    assert ("    sleep                => launch-morning\n"
            "                            if flags press-done, reserve-ready\n"
            "                            and has screenplay, medical-clearance\n") in text


def test_conditions_in_words() -> None:
    assert describe({"any": [{"flags": ["a"]}, {"not": {"has": ["b", "c"]}}], "before": "2021-10-05T08:55Z"}) == \
        "before 2021-10-05T08:55Z; (flags a or not (has b, c))"
    assert describe({"not_visited": ["x"], "lacks": ["y"]}) == "lacks y; not visited x"
    assert describe("nonsense") == "?"


def test_mermaid(troubled: Path) -> None:
    text = graph.mermaid(troubled_map(troubled))
    lines = text.splitlines()
    assert lines[:5] == ["---", 'title: "Troubled \\"story\\""', "---", "flowchart TD",
                         '  subgraph chapter0["Act one"]']
    assert '    s_stairs["Stairs #124; up<br/>stairs"]' in lines  # '|' would end an edge label
    assert '  s_lobby -->|"north if flags lit#59; has lamp"| s_stairs' in lines
    assert '  s_lobby -.->|"leave lamp if not (after 2021-10-05T07:00Z)"| m_hom' in lines
    assert '  e_home(["END: Home"])' in lines
    assert "  class s_stairs,s_attic,m_anex,m_hom problem" in lines
    # Node names never hold a hyphen (an arrow to Mermaid) and are never the keyword 'end'.
    names = re.findall(r"^\s+([A-Za-z_][\w]*)[\[(]", text, re.M)
    assert names and all("-" not in n and n != "end" for n in names)


def test_dot(troubled: Path) -> None:
    text = graph.dot(troubled_map(troubled))
    assert text.startswith("digraph story {\n") and text.endswith("}\n")
    assert text.count("{") == text.count("}")
    assert '  graph [label="Troubled \\"story\\"", labelloc=t, fontname=Helvetica, rankdir=TB];' in text
    assert '  "lobby" -> "stairs" [label="north\\nif flags lit; has lamp"];' in text
    assert '  "lobby" -> "missing:hom" [label="leave lamp\\nif not (after 2021-10-05T07:00Z)", style=dashed];' in text
    assert 'xlabel="unreachable"' in text and 'xlabel="dead end"' in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_reads_the_dot_output(troubled: Path) -> None:
    for smap in (troubled_map(troubled), build(load_story([scenes_dir()]))):
        done = subprocess.run(["dot", "-Tsvg"], input=graph.dot(smap), capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "<svg" in done.stdout, done.stderr


def challenge(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)


def test_the_command(troubled: Path, tmp_path: Path) -> None:
    done = challenge("graph", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("Story map: The Challenge: First Film in Orbit\n")
    assert done.stderr == ""
    done = challenge("graph", "--format", "mermaid", "troubled", cwd=tmp_path)
    assert done.returncode == 0 and "flowchart TD" in done.stdout
    # A story with errors still has a map; the errors are check's to list.
    assert done.stderr == ("challenge graph: the story has 4 error(s); the map shows what could be read. "
                           "Run 'challenge check' for the list.\n")
    done = challenge("graph", "--format", "dot", str(FIXTURES / "tiny"), cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("digraph story {")
    empty = tmp_path / "empty"
    empty.mkdir()
    done = challenge("graph", "empty", cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == ["empty:1:1: error: no scene files (*.yaml) found here",
                                        "challenge graph: no scenes could be read, so there is no map to draw"]
    done = challenge("graph", "--format", "svg", cwd=tmp_path)
    assert done.returncode == 2 and "invalid choice: 'svg'" in done.stderr


def test_moves_by_actions_anywhere(tmp_path: Path) -> None:
    smap = build(load_story([scenes_dir()]))
    anywhere = smap.edges_from(ANYWHERE)
    assert [(e.kind, e.label, e.target) for e in anywhere] == [(END, "wait", "left-behind")]
    assert MOVE in {e.kind for e in smap.edges}
    assert smap.sources_of("left-behind") == ["launch-complex", ANYWHERE]


def test_a_file_that_cannot_be_read_is_named_and_its_ids_not_called_unknown(troubled: Path) -> None:
    (troubled / "annex.yaml").write_text("scenes:\n  - id: anex\n    title: [Annex\n", "utf-8")
    smap = troubled_map(troubled)
    assert smap.unread == [str(troubled / "annex.yaml")]
    found = graph.problems(smap)
    assert f"{troubled / 'story.yaml'}:15: 'east (the annex)' in scene 'lobby' leads to 'anex', but no scene " \
           "that could be read has that id" in found
    assert found[-1] == (f"{troubled / 'annex.yaml'}:1: this file could not be read (run 'challenge check'): "
                         "what it holds is not on the map")
