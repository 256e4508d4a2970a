"""Playing through the Textual interface: real keys in, the screen's widgets and text checked."""

from __future__ import annotations

from textual import events
from textual.widgets import OptionList, Static, TabbedContent

from game.tui.app import ChallengeApp, create_app
from game.tui.screens.help import HelpScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets import story_log
from game.tui.widgets.command_input import CommandInput
from game.tui.widgets.story_log import StoryLog, TurnText

from .helpers import label, last_turn, new_game, turns, type_command, wait_for_screen


async def test_title_screen_offers_the_menu_and_continue_waits_for_a_game(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, TitleScreen)
        assert label(pilot, "#game-title") == "Test Mission"
        menu = pilot.app.screen.query_one("#menu", OptionList)
        assert [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)] == [
            "N  New game", "C  Continue", "L  Load a saved game", "H  Help", "Q  Quit"]
        assert menu.get_option("continue").disabled  # nothing to continue yet


async def test_a_new_game_shows_the_opening_and_the_status_line(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        assert turns(pilot)[0].startswith("A test mission for the terminal interface.")
        assert label(pilot, "#where") == "Ground › Hangar"
        assert label(pilot, "#clock") == "5 Oct 2021, 06:00 GMT"
        assert label(pilot, "#score") == "Score 0/15"
        assert screen.focused is screen.query_one(CommandInput)


async def test_commands_play_and_the_status_line_follows(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await type_command(pilot, "take checklist")
        assert last_turn(pilot) == "> take checklist\nYou take the checklist."
        await type_command(pilot, "north")
        assert last_turn(pilot).startswith("> north\nYou walk out along the pad road.")
        assert label(pilot, "#where") == "Ground › Launch pad"
        assert label(pilot, "#clock") == "5 Oct 2021, 06:30 GMT"
        assert pilot.app.screen.query_one(CommandInput).value == ""


async def test_a_misspelt_command_gets_a_suggestion(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await type_command(pilot, "tkae checklist")
        assert last_turn(pilot) == "> tkae checklist\nI don't know the verb 'tkae'. Did you mean 'take'?"


async def test_tab_completes_and_shows_the_choices(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        box = screen.query_one(CommandInput)
        hint = screen.query_one("#hint", Static)
        await pilot.press("t", "a", "k", "tab")
        assert box.value == "take "
        await pilot.press("c", "tab")
        assert box.value == "take checklist"
        await pilot.press("enter")
        assert last_turn(pilot) == "> take checklist\nYou take the checklist."
        await pilot.press("t", "a", "l", "tab")
        assert box.value == "talk"
        await pilot.press("tab")
        assert box.value == "talk to"
        assert hint.display and str(hint.visual) == "talk to  talk  talk with"
        await pilot.press("space")  # typing on ends the completion and hides the choices
        await pilot.pause()
        assert not hint.display
        await pilot.press("ctrl+u", *"tal", "tab", "tab")
        assert hint.display
        await pilot.press("enter")  # so does playing the command
        await pilot.pause()
        assert not hint.display


async def test_the_choices_are_posted_only_when_they_change(app: ChallengeApp, monkeypatch) -> None:
    """Every message costs the turn time on its way up: a turn with no choices to clear posts none."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        box = screen.query_one(CommandInput)
        posted: list[CommandInput.Completions] = []
        real = CommandInput.post_message

        def post(self, message):
            if isinstance(message, CommandInput.Completions):
                posted.append(message)
            return real(self, message)

        monkeypatch.setattr(CommandInput, "post_message", post)
        await type_command(pilot, "look")
        assert posted == []
        await pilot.press(*"tal", "tab", "tab")  # two choices and more: shown
        await pilot.pause()
        assert posted[-1].options.tails == ("talk to", "talk", "talk with") and box.value == "talk to"
        posted.clear()
        await pilot.press("enter")  # played: the choices are cleared, once
        await pilot.pause()
        assert [(m.options.tails, m.index) for m in posted] == [((), -1)]
        assert not screen.query_one("#hint", Static).display


async def test_up_and_down_browse_earlier_commands(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        box = screen.query_one(CommandInput)
        await type_command(pilot, "look")
        await type_command(pilot, "x poster")
        await pilot.press("up")
        assert box.value == "x poster"
        await pilot.press("up")
        assert box.value == "look"
        await pilot.press("down", "down")
        assert box.value == ""


async def test_player_markup_and_escapes_are_shown_literally(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await pilot.press(*"[b]x[/] \\", "enter")  # typed key by key
        assert last_turn(pilot).startswith("> [b]x[/] \\\n")
        typed = "[bold red]x[/] [link=https://example.com]y[/link] [/oops] $accent"
        await type_command(pilot, typed)
        assert last_turn(pilot).startswith("> " + typed + "\n")
        pilot.app.screen.query_one(CommandInput).post_message(events.Paste("look \x1b[31m red\x07"))
        await pilot.pause()
        await pilot.press("enter")
        assert last_turn(pilot).startswith("> look ␛[31m red␇\n")


async def test_a_very_long_line_wraps_inside_the_log(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        box = pilot.app.screen.query_one(CommandInput)
        box.post_message(events.Paste("x" * 2000 + "\nsecond line"))
        await pilot.pause()
        assert box.value == "x" * 500  # cut to fit: the parser reads no more than this either
        await pilot.press("enter")
        entry = pilot.app.screen.query(TurnText).last()
        log = pilot.app.screen.query_one(StoryLog)
        assert entry.size.width <= log.size.width and entry.size.height >= 500 // log.size.width


async def test_clicking_an_exit_runs_its_command(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await type_command(pilot, "take checklist")
        await type_command(pilot, "look")
        x, y = link_position(pilot, "north")
        await pilot.click(offset=(x, y))
        await pilot.pause()
        assert label(pilot, "#where") == "Ground › Launch pad"
        assert last_turn(pilot).startswith("> north\n")


def link_position(pilot, command: str) -> tuple[int, int]:
    """Where on screen the last link that runs *command* is drawn."""
    screen = pilot.app.screen
    found = None
    for y in range(screen.size.height):
        for x in range(screen.size.width):
            meta = screen.get_style_at(x, y).meta
            if meta.get("@click") == ("run_command", (command,)):
                found = (x, y)
    assert found, f"no link for {command!r} on screen"
    return found


async def test_help_opens_with_f1_or_question_mark_and_lists_commands_and_keys(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)
        keys = pilot.app.screen.query_one("#help-keys")
        cells = [str(s.visual) for s in keys.query(Static)]
        assert ["Ctrl+S", "Save", "Ctrl+Z", "Undo", "F3", "Sources"] == [
            c for c in cells if c in ("Ctrl+S", "Save", "Ctrl+Z", "Undo", "F3", "Sources")]
        assert "Tab" in cells and "Complete the word (again: next choice)" in cells
        commands = [str(s.visual) for s in pilot.app.screen.query_one("#help-commands").query(Static)]
        assert "examine THING (x)" in commands
        await pilot.press("escape")
        await wait_for_screen(pilot, type(screen))
        await pilot.press("?")
        await wait_for_screen(pilot, HelpScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, type(screen))
        await pilot.press("x", " ", "?")  # not on an empty line: it is just a character
        assert screen.query_one(CommandInput).value == "x ?"


async def test_side_panel_tabs_and_sources(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        panel = screen.query_one(TabbedContent)
        assert panel.display and panel.active == "objectives"
        await pilot.press("f3")
        await pilot.pause()
        assert panel.active == "sources"
        assert [str(s.visual) for s in screen.query("#sources-list Static")] == [
            "Nothing in Hangar is drawn from the news articles."]
        await pilot.press("f5")
        await type_command(pilot, "take checklist")
        assert str(screen.query_one("#inventory-text", Static).visual).startswith("Carrying\n• checklist")
        await pilot.press("f2")
        await pilot.pause()
        assert not panel.display


async def test_undo_many_steps_with_ctrl_z(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        assert screen.check_action("undo", ()) is None  # greyed out: nothing to undo yet
        for command in ["take checklist", "north", "up"]:
            await type_command(pilot, command)
        assert label(pilot, "#where") == "Flight › Cabin"
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert label(pilot, "#where") == "Ground › Hangar"
        assert last_turn(pilot) == "> undo\n[Previous turn undone. You are back in: Hangar.]"
        await type_command(pilot, "undo")
        assert screen.session.state["inventory"] == []
        before = turns(pilot)
        await pilot.press("ctrl+z")  # nothing left to undo: the key does nothing
        await pilot.pause()
        assert turns(pilot) == before


async def test_the_log_is_bounded(app: ChallengeApp, monkeypatch) -> None:
    monkeypatch.setattr(story_log, "MAX_TURNS", 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        for i in range(4):
            await type_command(pilot, f"x poster {i}")
        assert len(turns(pilot)) == 3  # the opening and the first command are gone
        assert turns(pilot)[0].startswith("> x poster 1")


async def played_log(app: ChallengeApp, commands: list[str]) -> tuple[list[str], int, list[type]]:
    """The log's texts widget by widget, its height in lines, and its widgets' kinds after *commands*."""
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        for command in commands:
            await type_command(pilot, command)
        await pilot.pause()
        log = pilot.app.screen.query_one(StoryLog)
        children = [c for c in log.children if c.display]
        return [str(c.visual) for c in children], log.virtual_size.height, [type(c) for c in children]


COMMANDS = ["x poster", "look", "take checklist", "i", "drop checklist", "x window", "wait"] * 2


async def test_older_turns_are_folded_and_read_as_before(mission, data_dir, monkeypatch) -> None:
    monkeypatch.setattr(story_log, "FOLD", 1000)
    whole, whole_height, kinds = await played_log(create_app(mission, cursor_blink=False), COMMANDS)
    assert set(kinds) == {TurnText} and len(whole) == len(COMMANDS) + 1
    monkeypatch.setattr(story_log, "FOLD", 4)
    folded, folded_height, kinds = await played_log(create_app(mission, cursor_blink=False), COMMANDS)
    # 15 turns: three folds of 4, then the 3 newest on their own; the same text, the same height.
    assert kinds == [story_log.FoldedTurns] * 3 + [TurnText] * 3
    assert "\n\n".join(folded) == "\n\n".join(whole) and folded_height == whole_height


async def test_the_bound_counts_folded_turns(mission, data_dir, monkeypatch) -> None:
    monkeypatch.setattr(story_log, "FOLD", 3)
    monkeypatch.setattr(story_log, "MAX_TURNS", 7)
    texts, _, kinds = await played_log(create_app(mission, cursor_blink=False), COMMANDS[:11])
    # 12 turns (the opening and 11 commands), folded 3 to a widget: whole folds go, 6 turns are kept.
    assert kinds == [story_log.FoldedTurns, TurnText, TurnText, TurnText]
    assert texts[0].startswith("> x window") and texts[-1].startswith("> i\n")


async def test_dark_and_light_themes(app: ChallengeApp, data_dir) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        assert pilot.app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert pilot.app.theme == "textual-light"
    assert '"textual-light"' in (data_dir / "settings.json").read_text()  # remembered for next time


async def test_title_keys_continue_without_a_game_and_help(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, TitleScreen)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TitleScreen)
        assert [n.message for n in pilot.app._notifications] == ["There is no game to continue yet: start a new one."]
        await pilot.press("?")
        await wait_for_screen(pilot, HelpScreen)


# -- where the log scrolls to ------------------------------------------------------------------------

def first_visible_line(log: StoryLog, turn: TurnText) -> int:
    """The row of *turn*'s first line within the log's visible part (negative: scrolled above it)."""
    return turn.region.y - log.content_region.y


def scroll_bar_shown(log: StoryLog) -> bool:
    """Is the log's scroll bar on the screen? (Shown only while the player reads back.)"""
    return log.vertical_scrollbar.region.width == 1


async def test_a_short_turn_lands_at_the_bottom_with_all_of_it_in_view(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        log = screen.query_one(StoryLog)
        for command in ("look", "x poster", "take checklist", "inventory"):
            await type_command(pilot, command)
            await pilot.pause()
            turn = log.children[-1]
            assert log.scroll_y == log.max_scroll_y  # the newest text is at the bottom
            assert 0 <= first_visible_line(log, turn) and turn.region.bottom <= log.content_region.bottom
            assert not scroll_bar_shown(log)
        assert log.max_scroll_y > 0  # by now the log is longer than the screen


async def test_a_turn_taller_than_the_log_is_shown_from_its_top(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        log = screen.query_one(StoryLog)
        await type_command(pilot, "help")  # the list of commands: longer than the log is high
        await pilot.pause()
        turn = log.children[-1]
        assert turn.region.height > log.content_region.height
        assert first_visible_line(log, turn) == 0  # its first line ("> help") at the top of the log
        assert scroll_bar_shown(log)  # there is more below
        # the next short turn brings the view back down to the newest text
        await type_command(pilot, "look")
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y
        assert not scroll_bar_shown(log)


async def test_a_new_turn_brings_a_log_scrolled_back_to_the_newest_text(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        log = screen.query_one(StoryLog)
        for command in ("look", "x poster", "look"):
            await type_command(pilot, command)
        await pilot.pause()
        width = log.children[-1].region.width
        assert not scroll_bar_shown(log)
        await pilot.press("pageup")
        await pilot.pause()
        assert log.scroll_y < log.max_scroll_y  # reading back
        assert scroll_bar_shown(log) and log.children[-1].region.width == width  # the text keeps its width
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y and not scroll_bar_shown(log)
        await pilot.press("pageup")
        await type_command(pilot, "x checklist")
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y
        assert not scroll_bar_shown(log) and log.children[-1].region.width == width
        assert "pre-flight checklist" in last_turn(pilot)


async def test_the_scroll_bar_dragged_to_the_end_stays_while_it_is_held(app: ChallengeApp) -> None:
    """Put away under the pointer, a held bar kept the mouse: dragging back up did nothing, and later
    mere hovering over the story scrolled it."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        log = screen.query_one(StoryLog)
        for command in ("look", "x poster", "look", "help", "look"):
            await type_command(pilot, command)
        await pilot.press("pageup")
        await pilot.pause()
        bar = log.vertical_scrollbar
        x, top, bottom = bar.region.x, bar.region.y, bar.region.bottom - 1
        await pilot.mouse_down(offset=(x, (top + bottom) // 2))
        for y in range((top + bottom) // 2, bottom + 2):
            await pilot.hover(offset=(x, y))
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y and scroll_bar_shown(log)  # at the end, still held: shown
        for y in range(bottom, top - 1, -1):
            await pilot.hover(offset=(x, y))
        await pilot.pause()
        assert log.scroll_y < log.max_scroll_y // 2  # dragged back up
        for y in range(top, bottom + 2):
            await pilot.hover(offset=(x, y))
        await pilot.mouse_up(offset=(x, bottom))
        await pilot.pause()
        assert bar.grabbed is None and pilot.app.mouse_captured is None
        assert log.scroll_y == log.max_scroll_y and not scroll_bar_shown(log)  # let go at the end: put away
        await pilot.hover(offset=(10, 3))
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y  # hovering over the story scrolls nothing


async def test_tabs_out_of_view_are_brought_up_to_date_when_opened(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        await type_command(pilot, "take checklist")  # the Goals tab is in view; Items is not
        await pilot.press("f5")
        await pilot.pause()
        assert str(screen.query_one("#inventory-text", Static).visual).startswith("Carrying\n• checklist")
        await pilot.press("f4")
        await type_command(pilot, "drop checklist")
        await pilot.press("f5")
        await pilot.pause()
        assert str(screen.query_one("#inventory-text", Static).visual).startswith("Carrying\nNothing.")


async def test_a_panel_hidden_while_turns_go_by_is_up_to_date_when_shown(app: ChallengeApp) -> None:
    async with app.run_test(size=(60, 24)) as pilot:  # narrow: the panel hides until F2
        screen = await new_game(pilot)
        panel = screen.query_one(TabbedContent)
        assert not panel.display
        await type_command(pilot, "take checklist")
        await type_command(pilot, "north")
        await pilot.press("f2")
        await pilot.pause()
        assert panel.display
        text = str(screen.query_one("#objectives-text", Static).visual)
        assert "Scenes reached: 2 of 3" in text


async def test_a_game_on_screen_is_kept_out_of_the_collectors_full_passes(app: ChallengeApp, monkeypatch) -> None:
    import gc
    import weakref

    from game.tui import app as app_module
    from game.tui.screens.play import PlayScreen

    monkeypatch.setattr(app_module, "SETTLE_AFTER", 0.5)
    gc.unfreeze()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            first = await new_game(pilot)
            for _ in range(30):  # settled SETTLE_AFTER seconds after the game started
                await pilot.pause(0.1)
                if gc.get_freeze_count():
                    break
            tracked = {id(o) for o in gc.get_objects()}  # the generations the collector still traces
            assert gc.get_freeze_count() > 0 and id(first) not in tracked and id(first.session) not in tracked
            gone = weakref.ref(first)
            del first, tracked
            await pilot.app.run_action("menu('new')")  # a new game replaces this one
            for _ in range(30):  # and is not kept: it is freed once the new game has settled
                await pilot.pause(0.1)
                if gone() is None:
                    break
            assert isinstance(pilot.app.screen, PlayScreen) and gone() is None
    finally:
        gc.unfreeze()
