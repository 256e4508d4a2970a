"""``challenge new scene ID``: a valid, commented scene file, and how to link it in."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from game.authoring import template
from game.content import schema
from game.content.loader import load_story
from game.content.yaml_source import load_text

from .conftest import FIXTURES

ROOT = Path(__file__).parent.parent
SCHEMA = ROOT / "game" / "content" / "scene.schema.json"


def challenge(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """The tiny story in a folder of its own, with a subfolder for new scenes."""
    folder = tmp_path / "story"
    shutil.copytree(FIXTURES / "tiny", folder)
    (folder / "rooms").mkdir()
    return folder


def test_a_new_scene_file_loads_and_says_how_to_link_it_in(story: Path, tmp_path: Path) -> None:
    done = challenge("new", "scene", "boiler-room", "--in", "story/rooms", "--from", "garden", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    path = story / "rooms" / "boiler-room.yaml"
    text = path.read_text("utf-8")
    # The modeline points editors at the published schema, relative to the file.
    modeline = text.splitlines()[0]
    assert modeline.startswith("# yaml-language-server: $schema=")
    assert (path.parent / modeline.split("=", 1)[1]).resolve() == SCHEMA.resolve()
    scene = yaml.safe_load(text)["scenes"][0]
    assert scene["id"] == "boiler-room" and scene["title"] == "Boiler room"
    assert scene["exits"] == [{"dir": "south", "to": "garden"}]  # garden's north is free; back is south
    assert "chapter" not in scene  # the garden has none to copy
    assert done.stdout.splitlines()[:9] == [
        "Wrote story/rooms/boiler-room.yaml:",
        "the scene 'boiler-room', with an exit south back to 'garden'.",
        "",
        "Link it in: in story/story.yaml, in the scene 'garden' (line 80),",
        "add an exit to the new scene under 'exits:' (add that key if the scene has none):",
        "",
        "      - dir: north",
        "        name: the boiler room",
        "        to: boiler-room",
    ]
    # Until it is linked in, the one problem is that nothing leads to it; the advice says so.
    assert done.stdout.splitlines()[-2:] == [
        "What 'challenge check' says about the new file now:",
        "  story/rooms/boiler-room.yaml:7:9: error: scene 'boiler-room' is unreachable from the start scene "
        "'hall' (no exit or 'move' leads here)"]
    # Following the advice links it in: the story is clean.
    story_file = story / "story.yaml"
    story_file.write_text(story_file.read_text("utf-8").replace(
        "    exits:\n      - dir: west\n        name: the gate",
        "    exits:\n      - dir: north\n        name: the boiler room\n        to: boiler-room\n"
        "      - dir: west\n        name: the gate"), "utf-8")
    checked = challenge("check", "story", cwd=tmp_path)
    assert checked.stdout == "0 errors, 0 warnings in 2 files\n", checked.stdout
    played = subprocess.run([sys.executable, "-m", "game", "--plain", "story"], input="east\nnorth\nsouth\n",
                            capture_output=True, text=True, cwd=tmp_path, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "Boiler room\nWrite what the player sees here" in played.stdout


def test_the_template_copies_the_chapter_and_uncommented_examples_are_valid(story: Path) -> None:
    text = template.render("boiler-room", "hall", "out", story / "x.yaml", chapter='Act "one": the hall')
    data = yaml.safe_load(text)
    assert data["scenes"][0]["chapter"] == 'Act "one": the hall'
    # Every commented example line is YAML of the same shape: uncommented, the file still holds a scene.
    uncommented = "\n".join(line.replace("# ", "", 1) if line.lstrip().startswith("# ") and
                            line.startswith("    ") else line for line in text.splitlines())
    scene = yaml.safe_load(uncommented)["scenes"][0]
    assert {"objects", "people", "actions", "enter", "facts"} <= set(scene)
    assert [d.format() for _, d in schema.validate(load_text(uncommented, "x.yaml"))] == []


def test_bad_requests_are_refused_with_the_reason(story: Path, tmp_path: Path) -> None:
    cases = [
        (["Boiler Room"], "challenge new: 'Boiler Room' is not a valid id: use lowercase letters and digits "
                          "joined by hyphens (e.g. 'boiler-room')"),
        (["red-key"], "challenge new: the id 'red-key' is already used at story/story.yaml:27:13; ids are "
                      "shared by scenes, objects, people and endings: choose another"),
        (["boiler-room", "--from", "gardn"], "challenge new: --from: there is no scene 'gardn' in the story "
                                             "(did you mean 'garden'?)"),
    ]
    for args, message in cases:
        done = challenge("new", "scene", *args, "--in", "story/rooms", cwd=tmp_path)
        assert (done.returncode, done.stderr.strip(), done.stdout) == (1, message, ""), args
    (story / "rooms" / "taken.yaml").write_text("# an author's own file\n", "utf-8")
    done = challenge("new", "scene", "taken", "--in", "story/rooms", cwd=tmp_path)
    assert done.stderr.strip() == ("challenge new: story/rooms/taken.yaml already exists; choose another id "
                                   "or another folder (--in)")
    assert (story / "rooms" / "taken.yaml").read_text("utf-8") == "# an author's own file\n"  # untouched
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = challenge("new", "scene", "lost", "--in", "elsewhere", cwd=tmp_path)
    assert done.stderr.strip() == ("challenge new: elsewhere is not in a story folder: no file in it or above it "
                                   "holds the story header ('story:'). Give --in a folder of your story, "
                                   "e.g. --in scenes/baikonur")
    assert not any(elsewhere.iterdir())
    done = challenge("new", "room", "lost", cwd=tmp_path)
    assert done.returncode == 2 and "invalid choice: 'room'" in done.stderr


def test_without_in_the_file_goes_to_the_story_folder(story: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("game.paths.scenes_folder", lambda: str(story))
    made = template.new_scene("cellar", None, None)
    assert made.path == story / "cellar.yaml"
    assert (made.link.scene, made.link.dir, made.back) == ("hall", "south", "north")  # the start scene
    result = load_story([story])
    assert [d.code for d in result.diagnostics] == ["E240"]  # unreachable, and nothing else


def test_a_new_scene_in_the_shipped_story_checks_clean_once_linked(tmp_path: Path) -> None:
    scenes = tmp_path / "scenes"
    shutil.copytree(ROOT / "scenes", scenes)
    made = template.new_scene("training-hall", scenes / "prelaunch", "corridor")
    assert made.diagnostics == [f"{made.path}:7:9: error: scene 'training-hall' is unreachable from the start "
                                "scene 'crew-quarters' (no exit or 'move' leads here)"]
    assert yaml.safe_load(made.path.read_text("utf-8"))["scenes"][0]["chapter"] == "The day before"
    corridor = scenes / "prelaunch" / "corridor.yaml"
    corridor.write_text(corridor.read_text("utf-8").replace(
        "    exits:\n", "    exits:\n      - dir: up\n        name: the training hall\n        to: training-hall\n", 1),
        "utf-8")
    result = load_story([scenes])
    assert result.ok, [d.format() for d in result.diagnostics]


def test_a_scene_with_every_direction_taken_is_linked_by_name(story: Path) -> None:
    exits = "".join(f"      - {{dir: {d}, to: garden}}\n" for d in template.OPPOSITE)
    (story / "rooms" / "crossroads.yaml").write_text(
        "scenes:\n  - id: crossroads\n    title: Crossroads\n    prose: Ways everywhere.\n    exits:\n" + exits,
        "utf-8")
    made = template.new_scene("lookout", story / "rooms", "crossroads")
    assert (made.link.dir, made.back) == (None, "out")
    advice = template.advice(made).splitlines()
    snippet = advice[advice.index("      # every direction is taken there: a name alone will do ('go ...')"):][:3]
    assert yaml.safe_load("\n".join(line[6:] for line in snippet[1:])) == [{"name": "the lookout",
                                                                         "to": "lookout"}]

