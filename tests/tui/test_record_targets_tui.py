"""``record FILE`` and ``--record FILE`` in the Textual game refuse what the plain mode refuses
(game/play/targets.py): the story's own folder above all, which the command line names to the recorder."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from game.engine.story import Story
from game.play import record
from game.tui.app import create_app

from .conftest import MISSION
from .helpers import last_turn, new_game, type_command
from .terminal import in_terminal


async def test_record_in_the_game_refuses_the_story_folder_and_goes_on(
        mission: Story, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = tmp_path / "mission"
    shutil.copytree(MISSION, story)
    scene = (story / "story.yaml").read_bytes()
    monkeypatch.setattr(record, "STORY_FOLDERS", [story])  # as `challenge STORY` sets it
    app = create_app(mission, cursor_blink=False)
    async with app.run_test(size=(200, 30)) as pilot:
        await new_game(pilot)
        await type_command(pilot, f"record {story / 'story.yaml'}")
        assert last_turn(pilot) == (
            f"> record {story / 'story.yaml'}\nWill not write {story / 'story.yaml'}: it is inside the story's "
            f"folder {story}, where every .yaml file is read as part of the story; choose a file outside it. "
            "Not recording.")
        await type_command(pilot, "record a\0b.yaml")
        assert last_turn(pilot).endswith(
            "Could not write a\\x00b.yaml: a file name cannot contain a NUL character. Not recording.")
        await type_command(pilot, "take checklist")
        assert "checklist" in last_turn(pilot)
    assert (story / "story.yaml").read_bytes() == scene


def test_in_a_terminal_the_record_flag_refuses_the_story_folder(data_dir: Path, tmp_path: Path) -> None:
    story = tmp_path / "mission"
    shutil.copytree(MISSION, story)
    target = story / "mine.yaml"
    status, seen = in_terminal(["--record", str(target), str(story)], [(b"New game", b"n")], data_dir,
                               size=(400, 30), then=signal.SIGTERM)  # wide: the message on one line
    text = seen.decode("utf-8", "replace")
    assert status == 0 and "Traceback" not in text
    assert f"Cannot record to {target}: it is inside the story's folder {story}" in text
    assert not target.exists()
