"""The Textual game under a Pilot: Enter pressed to the turn's output on screen."""

from __future__ import annotations

import asyncio
import time

from .harness import Config, Row, Stats

# A round of commands on the shipped story that stays in its first scenes; each prints something.
COMMANDS = ("look", "examine screenplay", "take screenplay", "inventory", "drop screenplay", "examine window")


async def _enter_to_output(count: int) -> list[float]:
    from game.content.loader import load_story
    from game.paths import scenes_dir
    from game.tui.app import create_app
    from game.tui.screens.play import PlayScreen
    from game.tui.widgets.command_input import CommandInput
    from game.tui.widgets.story_log import StoryLog

    story = load_story([scenes_dir()]).story
    app = create_app(story=story, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")  # the title screen: a new game
        for _ in range(100):
            if isinstance(app.screen, PlayScreen):
                break
            await pilot.pause(0.02)
        await pilot.pause()
        return await _timed_commands(pilot, app.screen.query_one(StoryLog), app.screen.query_one(CommandInput),
                                     count)


async def _timed_commands(pilot, log, box, count: int) -> list[float]:
    """Type *count* commands into *box*, each timed from Enter to its turn's first line in *log*."""
    from textual import events

    out = []
    for i in range(count):
        box.insert_text_at_cursor(COMMANDS[i % len(COMMANDS)])
        await pilot.pause()
        last = log.children[-1]
        t = time.perf_counter()
        # The key as the terminal driver delivers it (Pilot's own press adds tens of ms of
        # waiting of its own); done when the turn's first line is on the screen, inside the log's
        # visible part. The check is kept cheap (no DOM query): it runs between every two steps
        # of the app's own work, which it would otherwise slow down.
        pilot.app.post_message(events.Key("enter", "\r"))
        while not _shown(log, last):
            await asyncio.sleep(0)
        out.append(time.perf_counter() - t)
    return out


# What the yardstick says to every command: about as long as a turn of the game.
_REPLY = ("Crew quarters\nA plain room at the cosmodrome, the bags half packed. Through the window the steppe "
          "is still grey.\n\nWith you: Yulia Peresild.\nExits: east (the corridor).")


def _minimal_app():
    """The yardstick: Textual alone, as plainly as it is written. An Input under a scrolling column;
    Enter mounts the reply as a Static at the bottom (anchored, as the game's log is)."""
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Input, Static

    class Minimal(App):
        CSS = """
        #log { height: 1fr; padding: 0 1 0 2; }
        #log > Static { margin-bottom: 1; }
        #command { border: none; height: 1; }
        """

        def compose(self) -> ComposeResult:
            with VerticalScroll(id="log"):
                yield Static(_REPLY)
            yield Input(compact=True, id="command")

        def on_input_submitted(self, event: Input.Submitted) -> None:
            event.input.value = ""
            log = self.query_one("#log")
            log.anchor()
            log.mount(Static(f"> {event.value}\n{_REPLY}"))

    return Minimal()


async def _minimal_enter_to_output(count: int) -> list[float]:
    from textual.containers import VerticalScroll
    from textual.widgets import Input

    app = _minimal_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        box = app.query_one("#command", Input)
        box.focus()
        await pilot.pause()
        return await _timed_commands(pilot, app.query_one("#log", VerticalScroll), box, count)


def _shown(log, before) -> bool:
    """Has a turn after *before* been laid out with its first line in the log's visible part?"""
    turn = log.children[-1]
    if turn is before:
        return False
    region = turn.region  # the empty region until the turn has been placed on the screen
    return region.height > 0 and log.content_region.y <= region.y < log.content_region.bottom


def enter_to_output(config: Config) -> list[Row]:
    count = config.n(60, 6)
    times = asyncio.run(_enter_to_output(count + 6))[6:]  # the first turns warm the caches up
    minimal = asyncio.run(_minimal_enter_to_output(count + 6))[6:]
    return [Row("tui-enter", f"Textual: Enter pressed to output on screen (Pilot, {count} commands)", "ms",
                Stats.of(times), "a minimal Textual app: Enter mounts a Static in a scrolling column",
                Stats.of(minimal), "median <= 16 ms", 0.016, "value",
                note="per-command median, min and max over the commands; the yardstick is for information "
                     "(the target is the median itself): what Textual alone takes on this machine")]
