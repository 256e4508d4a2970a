"""What the Pilot tests do again and again: start a game, type, read the screen's widgets."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Label

from game.tui.screens.play import PlayScreen
from game.tui.widgets.command_input import CommandInput
from game.tui.widgets.story_log import TurnText


async def new_game(pilot: Pilot) -> PlayScreen:
    """From the title screen, start a new game and wait for the play screen."""
    await pilot.press("n")
    await wait_for_screen(pilot, PlayScreen)
    return pilot.app.screen  # type: ignore[return-value]


async def wait_for_screen(pilot: Pilot, kind: type, tries: int = 50) -> None:
    """Screen switches take a moment: wait until *kind* is on top (never a fixed sleep)."""
    for _ in range(tries):
        if isinstance(pilot.app.screen, kind):
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{kind.__name__} did not appear; the screen is {type(pilot.app.screen).__name__}")


async def type_command(pilot: Pilot, command: str) -> None:
    """Put *command* in the command line and press Enter.

    The text goes in as one paste would (Pilot needs ~60 ms a key, and the test
    suite has a time budget); tests about typing itself press every key. Pilot's
    press returns once the screen has handled the key, so the turn is shown.
    """
    box = pilot.app.screen.query_one(CommandInput)
    box.insert_text_at_cursor(command)
    await pilot.press("enter")


def turns(pilot: Pilot) -> list[str]:
    """The plain text of every turn in the story log."""
    return [str(t.visual) for t in pilot.app.screen.query(TurnText)]


def last_turn(pilot: Pilot) -> str:
    return turns(pilot)[-1]


def label(pilot: Pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Label).visual)
