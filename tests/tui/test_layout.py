"""Sizes: usable at 80x24, nothing overlapping down to 60x20, resizing at any moment."""

from __future__ import annotations

from itertools import combinations

from textual.widgets import Footer, TabbedContent

from game.tui.app import ChallengeApp
from game.tui.screens.dialogs import ConfirmScreen
from game.tui.widgets.command_input import CommandInput
from game.tui.widgets.status_line import StatusLine
from game.tui.widgets.story_log import StoryLog

from .helpers import new_game, type_command, wait_for_screen


def assert_tiled(screen) -> None:
    """The play screen's parts lie inside the screen and none overlaps another."""
    parts = [screen.query_one(StatusLine), screen.query_one(StoryLog), screen.query_one("#prompt-row"),
             screen.query_one(Footer)]
    panel = screen.query_one(TabbedContent)
    if panel.display:
        parts.append(panel)
    area = screen.region
    for part in parts:
        assert part.region.area > 0 and area.contains_region(part.region), part
    for a, b in combinations(parts, 2):
        assert not a.region.overlaps(b.region), (a, b)


async def test_at_60x20_the_panel_steps_aside_and_f2_brings_it_back(app: ChallengeApp) -> None:
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await new_game(pilot)
        panel = screen.query_one(TabbedContent)
        assert not panel.display
        assert_tiled(screen)
        await pilot.press("f2")
        await pilot.pause()
        assert panel.display
        assert_tiled(screen)
        assert screen.query_one(StoryLog).size.width >= 20  # the story still has room to be read


async def test_resizing_at_any_time(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        await type_command(pilot, "take checklist")
        for size in [(60, 20), (120, 40), (40, 12), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            if size >= (60, 20):
                assert_tiled(screen)
        assert screen.query_one(TabbedContent).display  # back at 80 columns: the panel is back
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.resize_terminal(60, 20)  # a dialog open while the terminal shrinks
        await pilot.pause()
        await pilot.press("n")
        await type_command(pilot, "north")
        assert screen.query_one(CommandInput).has_focus


async def test_a_turn_redraws_only_the_story_column(app: ChallengeApp, monkeypatch) -> None:
    """The command line is under the story, beside the panel, and a turn that changes neither the
    clock, the place nor the score leaves the status line alone: what a turn changes is then one
    column, and Textual redraws the box around what changed, without the panel."""
    from textual._compositor import Compositor
    from textual.widgets import Label

    async with app.run_test(size=(100, 30)) as pilot:
        screen = await new_game(pilot)
        panel = screen.query_one("#panel")
        assert screen.query_one("#prompt-row").region.right <= panel.region.x
        assert screen.query_one(StoryLog).region.right <= panel.region.x
        await type_command(pilot, "look")
        await pilot.pause()
        updated, dirty = [], []
        monkeypatch.setattr(Label, "update", lambda self, *a, **k: updated.append(self.id))
        real = Compositor.render_update

        def render_update(self, *args, **kwargs):
            dirty.extend(self._dirty_regions)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Compositor, "render_update", render_update)
        await type_command(pilot, "look")  # a turn more: only the turn count changes
        await pilot.pause()
        assert updated == []  # the status line: nothing changed
        assert dirty and all(region.right <= panel.region.x for region in dirty)


async def test_the_palette_offers_nothing_that_hides_the_story(app: ChallengeApp) -> None:
    """Textual's keys panel would be split off the screen's right beside the side panel (at 60 columns
    with the panel open, nothing was left of the story): the palette offers the game's Help instead."""
    from game.tui.screens.help import HelpScreen

    async with app.run_test(size=(60, 20)) as pilot:
        screen = await new_game(pilot)
        titles = [c.title for c in pilot.app.get_system_commands(screen)]
        assert "Help" in titles and "Keys" not in titles
        assert "Maximize" not in titles  # of the command line: it would hide the story
        await pilot.press("f2")
        await pilot.pause()
        pilot.app.action_show_help_panel()  # as any way left to it would
        await wait_for_screen(pilot, HelpScreen)
        assert not screen.query("HelpPanel")
        await pilot.press("escape")
        await wait_for_screen(pilot, type(screen))
        assert_tiled(screen)
