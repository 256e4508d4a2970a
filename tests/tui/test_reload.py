"""Live reload in the Textual game: a scene file changed under a running game, by --watch or 'reload'.

Each test plays a copy of the mission story in a temporary folder and edits it while
the app runs; waits are on conditions (the log showing the outcome), never fixed sleeps.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from game.content.loader import load_story
from game.engine.story import Story
from game.tui.app import ChallengeApp, create_app
from game.tui.screens.help import HelpScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.story_log import TurnText

from .conftest import MISSION
from .helpers import label, last_turn, new_game, turns, type_command, wait_for_screen

OLD_PROSE = "A bright hangar. A checklist lies on the bench by the door,"
NEW_PROSE = "A bright hangar, freshly painted. A checklist lies on the bench by the door,"


@pytest.fixture
def story_dir(tmp_path: Path) -> Path:
    """A copy of the mission story that a test may edit."""
    folder = tmp_path / "mission"
    shutil.copytree(MISSION, folder)
    return folder


def edit(folder: Path, old: str, new: str) -> None:
    """Change the first *old* in the story file to *new*, as an author's editor would: the whole file
    written again."""
    path = folder / "story.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def watching(folder: Path) -> ChallengeApp:
    """The app as 'challenge --watch FOLDER' builds it, polling fast so the tests stay quick."""
    app = create_app(load=lambda: load_story([folder]), cursor_blink=False, watch=[folder])
    app.live.poll_seconds = 0.05
    return app


async def start(pilot: Pilot) -> PlayScreen:
    """A new game, once the story has loaded (the app reads the files after its first frame)."""
    await wait_for_screen(pilot, TitleScreen)
    assert await pilot.app.get_story() is not None  # type: ignore[attr-defined]
    return await new_game(pilot)


async def wait_for_turn(pilot: Pilot, text: str, tries: int = 200) -> str:
    """Wait until a turn in the log contains *text*; returns that turn."""
    for _ in range(tries):
        found = [t for t in turns(pilot) if text in t] if isinstance(pilot.app.screen, PlayScreen) else []
        if found:
            return found[-1]
        await pilot.pause(0.025)
    raise AssertionError(f"no turn says {text!r}; the last is {turns(pilot)[-1]!r}")


async def test_a_changed_scene_file_is_reloaded_and_the_player_stays_put(story_dir: Path, data_dir: Path) -> None:
    app = watching(story_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        await type_command(pilot, "take checklist")
        await type_command(pilot, "north")
        await type_command(pilot, "south")
        assert label(pilot, "#clock") == "5 Oct 2021, 06:30 GMT"
        old_story = screen.session.story
        edit(story_dir, OLD_PROSE, NEW_PROSE)
        turn = await wait_for_turn(pilot, "[The story was reloaded")
        assert turn.startswith("[The story was reloaded: changed ")
        assert "story.yaml. You are still in: Hangar.]" in turn
        assert NEW_PROSE in turn.replace("\n", " ")  # the scene is shown again, as it now reads
        assert screen.session.story is not old_story and screen.session.story is app.story
        state = screen.session.state
        assert (state["scene"], state["inventory"], state["clock"]) == ("hangar", ["checklist"], "2021-10-05T06:30Z")
        assert state["visited"] == ["hangar", "pad"]
        assert label(pilot, "#clock") == "5 Oct 2021, 06:30 GMT"  # the status line is the same game's
        # The undo history came along: undo goes back through the turns played before the reload.
        await type_command(pilot, "undo")
        assert "You are back in: Launch pad." in last_turn(pilot)


async def test_a_broken_file_keeps_the_old_story_and_shows_the_diagnostics(story_dir: Path, data_dir: Path) -> None:
    app = watching(story_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        await type_command(pilot, "take checklist")
        old_story = screen.session.story
        edit(story_dir, "        to: cabin\n", "        to: cabn\n")
        turn = await wait_for_turn(pilot, "The story was not reloaded")
        assert turn.startswith("The story was not reloaded: the scene files have 1 error. You are still "
                               "playing the story as it was; fix the files and reload.")
        assert turn.endswith(f"\n\n{story_dir / 'story.yaml'}:72:13: error: exit 'cabn' points to an unknown scene "
                             "(did you mean 'cabin'?)")
        assert screen.session.story is old_story
        # The game goes on in the old story...
        await type_command(pilot, "north")
        assert label(pilot, "#where") == "Ground › Launch pad"
        # Put right, the files are the story being played again, and the log says so...
        edit(story_dir, "        to: cabn\n", "        to: cabin\n")
        turn = await wait_for_turn(pilot, "fine again")
        assert turn == "[The scene files are fine again: they hold the story you are playing.]"
        # ...and a change is taken as usual.
        edit(story_dir, "The rocket stands on the pad", "The rocket stands tall on the pad")
        turn = await wait_for_turn(pilot, "[The story was reloaded")
        assert "You are still in: Launch pad." in turn and "The rocket stands tall on the pad" in turn


async def test_a_change_made_while_a_dialog_is_open_reaches_the_game_beneath(story_dir: Path,
                                                                             data_dir: Path) -> None:
    app = watching(story_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)
        edit(story_dir, OLD_PROSE, NEW_PROSE)
        for _ in range(200):
            if NEW_PROSE in " ".join(str(t.visual) for t in screen.query(TurnText)).replace("\n", " "):
                break
            await pilot.pause(0.025)
        else:
            raise AssertionError("the game beneath the help screen was not reloaded")
        assert isinstance(pilot.app.screen, HelpScreen)  # the reload did not close what the player reads


async def test_the_reload_command_reloads_by_hand(story_dir: Path, data_dir: Path) -> None:
    app = create_app(load=lambda: load_story([story_dir]), cursor_blink=False)  # no --watch
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        edit(story_dir, OLD_PROSE, NEW_PROSE)
        await type_command(pilot, "reload")
        turn = await wait_for_turn(pilot, "> reload")
        # 'changed': nothing had taken the change before the command asked for it.
        assert turn.startswith("> reload\n[The story was reloaded: changed ")
        assert NEW_PROSE in turn.replace("\n", " ")
        assert screen.session.story is app.story
        await type_command(pilot, "reload")
        assert (await wait_for_turn(pilot, "have not changed")) == "> reload\n[The story files have not changed.]"


async def test_reload_is_refused_when_the_players_scene_is_gone(story_dir: Path, data_dir: Path) -> None:
    app = create_app(load=lambda: load_story([story_dir]), cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        old_story = screen.session.story
        # Rename the scene the player is in (and every reference to it): the files are fine, the game is not.
        path = story_dir / "story.yaml"
        path.write_text(path.read_text("utf-8").replace("hangar", "workshop"), "utf-8")  # every one
        await type_command(pilot, "reload")
        turn = await wait_for_turn(pilot, "> reload")
        assert turn == ("> reload\nThe story was not reloaded: your game cannot go on in the new version (the "
                        "scene 'hangar' no longer exists in this story). You are still playing the story as it "
                        "was: go to another scene and reload again.")
        assert screen.session.story is old_story
        assert app.story is not old_story and "workshop" in app.story.scenes  # 'New game' plays the new one


async def test_reload_in_a_game_given_a_story_says_there_is_nothing_to_reload(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await type_command(pilot, "reload")
        assert last_turn(pilot) == ("> reload\n[There is nothing to reload: this game was not started from scene "
                                    "files.]")


async def test_a_change_seen_on_the_title_screen_is_the_story_a_new_game_plays(story_dir: Path,
                                                                               data_dir: Path) -> None:
    app = watching(story_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, TitleScreen)
        story: Story | None = await app.get_story()
        assert story is not None
        edit(story_dir, OLD_PROSE, NEW_PROSE)
        for _ in range(200):
            if app.story is not story:
                break
            await pilot.pause(0.025)
        assert app.story is not story
        await new_game(pilot)
        assert NEW_PROSE in " ".join(turns(pilot)).replace("\n", " ")
