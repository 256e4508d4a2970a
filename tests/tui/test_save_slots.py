"""game/saves.py as the save and load screens use it: slots, autosave, delete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game import saves
from game.engine.session import Session
from game.engine.story import Story


def test_slots_list_newest_first_with_where_and_when(mission: Story, data_dir: Path) -> None:
    session = Session(mission)
    session.start()
    saves.write("first", session.state, mission)
    session.submit("take checklist")
    session.submit("north")
    saves.write("second", session.state, mission)
    record = json.loads((data_dir / "saves" / "second.json").read_text())
    record["saved_at"] = "2099-01-01T12:00:00+00:00"
    record["checksum"] = saves.checksum(record)  # edited on purpose: sealed again, or it reads as damaged
    (data_dir / "saves" / "second.json").write_text(json.dumps(record))
    listed = saves.slots()
    assert [s.name for s in listed] == ["second", "first"]
    assert (listed[0].scene, listed[0].clock, listed[0].score) == ("Launch pad", "2021-10-05T06:30Z", 0)
    assert listed[0].saved_local == "2099-01-01 12:00"  # TZ is UTC in these tests


def test_damaged_and_foreign_files(data_dir: Path) -> None:
    folder = data_dir / "saves"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text("{not json")
    (folder / "not a slot!.json").write_text("{}")  # a name the game never writes: not listed
    (folder / ".first.abc.tmp").write_text("")  # a write in progress: not listed
    listed = saves.slots()
    assert [(s.name, s.damaged, s.saved_local) for s in listed] == [("broken", True, "")]


def test_autosave_and_delete(mission: Story, data_dir: Path) -> None:
    assert not saves.has_autosave()
    session = Session(mission)
    session.start()
    saves.autosave(session.state, mission)
    assert saves.has_autosave()
    state, notes = saves.read(saves.AUTOSAVE, mission)
    assert state == session.state and notes == []
    saves.delete(saves.AUTOSAVE)
    assert not saves.has_autosave()
    saves.delete(saves.AUTOSAVE)  # already gone: fine


def test_delete_refuses_a_name_outside_the_folder(data_dir: Path) -> None:
    with pytest.raises(saves.SaveError, match="is not a usable save name"):
        saves.delete("../escape")


def test_the_autosave_keeps_the_undo_history(mission: Story, data_dir: Path) -> None:
    session = Session(mission)
    session.start()
    for command in ["take checklist", "north", "up"]:
        session.submit(command)
    saves.autosave(session.state, mission, session.history)
    state, notes, history = saves.read_game(saves.AUTOSAVE, mission)
    assert state == session.state and history == list(session.history)
    assert [h["scene"] for h in history] == ["hangar", "hangar", "pad"]
    assert saves.read_game(saves.AUTOSAVE, mission)[2][-1]["scene"] == "pad"


def test_a_history_state_the_story_cannot_play_cuts_the_history_there(mission: Story, data_dir: Path) -> None:
    session = Session(mission)
    session.start()
    for command in ["take checklist", "north", "up"]:
        session.submit(command)
    history = list(session.history)
    history[1] = dict(history[1], scene="gone")  # a scene since removed from the story
    saves.autosave(session.state, mission, history)
    assert [h["scene"] for h in saves.read_game(saves.AUTOSAVE, mission)[2]] == ["pad"]
    assert saves.read("autosave", mission)[0] == session.state  # a plain read ignores the history
