"""Save, load, quit and continue, and the ending: the dialogs, driven by keys."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from textual.widgets import Input, Label, OptionList

from game import saves
from game.engine.session import Session
from game.tui.app import ChallengeApp, create_app
from game.tui.screens.dialogs import ConfirmScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.saves import LoadScreen, SaveScreen
from game.tui.screens.title import TitleScreen

from .helpers import label, last_turn, new_game, type_command, wait_for_screen


async def test_save_by_name_writes_one_json_file_per_slot(app: ChallengeApp, data_dir: Path) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await type_command(pilot, "take checklist")
        await type_command(pilot, "save before the pad")
        assert last_turn(pilot) == "> save before the pad\nSaved as 'before the pad'."
        record = json.loads((data_dir / "saves" / "before the pad.json").read_text())
        assert record["format"] == saves.SAVE_FORMAT and record["story"] == pilot.app.story.fingerprint
        assert record["state"]["inventory"] == ["checklist"]
        await type_command(pilot, "save o'brien")
        assert "is not a usable save name" in last_turn(pilot)


async def test_the_save_screen_names_slots_and_checks_names(app: ChallengeApp, data_dir: Path) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, SaveScreen)
        box = pilot.app.screen.query_one("#slot-name", Input)
        assert box.value == "default"
        box.value = ""
        await pilot.press(*"bad/name", "enter")
        assert "'bad/name' is not a usable save name" in label(pilot, "#save-error")
        box.value = "my run"
        await pilot.press("enter")
        await wait_for_screen(pilot, PlayScreen)
        assert last_turn(pilot) == "Saved as 'my run'."
        assert (data_dir / "saves" / "my run.json").is_file()
        await type_command(pilot, "save")  # the command opens the same screen, suggesting the last name
        await wait_for_screen(pilot, SaveScreen)
        assert pilot.app.screen.query_one("#slot-name", Input).value == "my run"
        slots = pilot.app.screen.query_one("#slots", OptionList)
        assert str(slots.get_option_at_index(0).prompt).startswith("my run  saved ")
        await pilot.press("escape")
        await wait_for_screen(pilot, PlayScreen)


async def test_load_screen_restores_a_slot(app: ChallengeApp, data_dir: Path) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await type_command(pilot, "take checklist")
        await type_command(pilot, "save one")
        await type_command(pilot, "north")
        assert label(pilot, "#where") == "Ground › Launch pad"
        await pilot.press("ctrl+o")
        await wait_for_screen(pilot, LoadScreen)
        prompt = str(pilot.app.screen.query_one("#slots", OptionList).get_option_at_index(0).prompt)
        assert prompt.endswith("\n  Hangar · 5 Oct 2021, 06:00 GMT · score 0")
        await pilot.press("enter")
        await wait_for_screen(pilot, PlayScreen)
        assert label(pilot, "#where") == "Ground › Hangar"
        assert last_turn(pilot).startswith("Restored 'one'.\n\nHangar\n")
        await type_command(pilot, "restore nothing")
        assert last_turn(pilot) == "> restore nothing\nThere is no save called 'nothing'."


async def test_delete_a_save_from_the_load_screen(app: ChallengeApp, data_dir: Path) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await type_command(pilot, "save one")
        await pilot.press("ctrl+o")
        await wait_for_screen(pilot, LoadScreen)
        await pilot.press("delete")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_for_screen(pilot, LoadScreen)
        await pilot.pause()
        assert not (data_dir / "saves" / "one.json").exists()
        assert "There are no saved games yet." in [str(x.visual) for x in pilot.app.screen.query(Label)][1]


async def test_quit_asks_then_autosaves_and_continue_resumes(app: ChallengeApp, mission, data_dir: Path) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await type_command(pilot, "take checklist")
        await type_command(pilot, "north")
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("n")  # stay
        await wait_for_screen(pilot, PlayScreen)
        await type_command(pilot, "quit")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
    assert pilot.app.return_code == 0
    assert saves.has_autosave()

    again = type(app)(mission, cursor_blink=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, TitleScreen)
        menu = pilot.app.screen.query_one("#menu", OptionList)
        assert not menu.get_option("continue").disabled and menu.highlighted == 1
        await pilot.press("enter")  # Continue is highlighted
        await wait_for_screen(pilot, PlayScreen)
        assert label(pilot, "#where") == "Ground › Launch pad"
        assert pilot.app.screen.session.state["inventory"] == ["checklist"]
        await pilot.press("ctrl+z")  # the turns before quitting can still be undone
        await pilot.pause()
        assert label(pilot, "#where") == "Ground › Hangar"


async def test_the_ending_screen_sums_up_the_run_then_undo_or_start_again(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        first = await new_game(pilot)
        for command in ["take checklist", "north", "up", "buckle", "wait"]:
            await type_command(pilot, command)
        await wait_for_screen(pilot, EndingScreen)
        assert label(pilot, ".dialog-title") == "The end: Launched"
        cells = [str(s.visual) for s in pilot.app.screen.query("#summary Static")]
        assert cells == ["Score", "15 of 15", "Turns", "5", "Mission time", "5 Oct 2021, 07:30 GMT",
                         "Scenes", "Hangar → Launch pad → Cabin", "Carried", "checklist"]
        await pilot.press("u")  # undo the last move
        await wait_for_screen(pilot, PlayScreen)
        assert pilot.app.screen.session.state["ended"] is None
        assert label(pilot, "#score") == "Score 5/15"
        await type_command(pilot, "abort")
        await wait_for_screen(pilot, EndingScreen)
        assert label(pilot, ".dialog-title") == "The end: Scrubbed"
        await pilot.press("n")  # a new game
        await wait_for_screen(pilot, PlayScreen)
        assert pilot.app.screen is not first
        assert label(pilot, "#where") == "Ground › Hangar"


async def test_quitting_a_finished_game_leaves_nothing_to_continue(app: ChallengeApp, mission, data_dir) -> None:
    session = Session(mission)
    session.start()
    saves.autosave(session.state, mission)  # an earlier game, kept when it was quit
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, TitleScreen)
        await pilot.press("c")
        await wait_for_screen(pilot, PlayScreen)
        for command in ["take checklist", "north", "up", "abort"]:
            await type_command(pilot, command)
        await wait_for_screen(pilot, EndingScreen)
        await pilot.press("q")  # no question asked: there is nothing left to lose
        await pilot.pause()
    assert pilot.app.return_code == 0
    assert not saves.has_autosave()


async def test_a_damaged_autosave_is_reported_on_the_title_screen(app: ChallengeApp, data_dir: Path) -> None:
    (data_dir / "saves").mkdir(parents=True)
    (data_dir / "saves" / "autosave.json").write_text('{"game": "the-challenge", "format": 1, "state": {')
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, TitleScreen)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TitleScreen)
        [note] = pilot.app._notifications
        assert "is damaged or truncated" in note.message


async def test_record_writes_the_game_as_a_walkthrough(mission, data_dir: Path, tmp_path: Path) -> None:
    walkthrough = tmp_path / "mine.yaml"
    app = create_app(mission, cursor_blink=False, record_to=walkthrough)  # as `challenge --record FILE` does
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await type_command(pilot, "take checklist")
        await type_command(pilot, "north")
        await pilot.press("ctrl+z")
        await pilot.pause()
        await type_command(pilot, "record off")
        assert last_turn(pilot) == f"> record off\nRecording stopped; the walkthrough is in {walkthrough}."
    steps = yaml.safe_load(walkthrough.read_text())["steps"]
    assert [s["do"] for s in steps] == ["take checklist", "north", "undo"]
    assert steps[1]["location"] == "pad" and steps[2]["location"] == "hangar"
