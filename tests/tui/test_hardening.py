"""The Textual game under stress: hostile input, resize storms down to 40x12, quitting at awkward
moments, a closed terminal, and a bug of ours. It never crashes or garbles; if it ever does crash,
the game is kept in the autosave slot and one line says where.
"""

from __future__ import annotations

import json
import signal
import threading
from itertools import combinations
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Footer, TabbedContent

from game import saves
from game.engine.session import Session
from game.engine.state import problems
from game.engine.story import Story
from game.tui.app import EXIT_CRASH, ChallengeApp, create_app
from game.tui.screens.dialogs import ConfirmScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.saves import LoadScreen, SaveScreen
from game.tui.screens.title import TitleScreen
from game.tui.story_text import visible
from game.tui.widgets.command_input import CommandInput
from game.tui.widgets.status_line import StatusLine
from game.tui.widgets.story_log import StoryLog

from .conftest import MISSION
from .helpers import last_turn, new_game, turns, type_command, wait_for_screen
from .terminal import in_terminal

ROOT = Path(__file__).parent.parent.parent


def state_is_sound(screen: PlayScreen) -> None:
    state = screen.session.state
    assert problems(screen.story, state) == []
    assert json.loads(json.dumps(state)) == state


async def paste(pilot, text: str) -> None:
    """Paste *text* into the command line, as a terminal's bracketed paste delivers it, and press Enter."""
    pilot.app.screen.query_one(CommandInput).post_message(events.Paste(text))
    await pilot.pause()
    await pilot.press("enter")


# -- hostile input -----------------------------------------------------------------------------------

HOSTILE = [
    "x" * 100_000,  # a 100,000-character line
    "take " + "checklist " * 20_000 + "\nnorth\nnorth",  # a huge paste of several lines: the first is taken
    "[/oops] [bold]x[/bold] [link=https://example.com]y[/link] $accent {{x}} %s \\[",
    "\x00\x01\x07\x1b[2J\x1b]0;title\x07\x7f\x9b",  # NUL, bell, a screen clear, a title change, C1
    "ключ 🚀 \u202eevil\u202c \u200d\u200b e\u0301 漢字 \U0001F469\u200d\U0001F680",  # RTL, joiners, wide
    "\ud800 lone surrogate",
    "look\x08\x08\x08\x08",
    "   ",
]


async def test_hostile_lines_each_get_a_sensible_reply(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        for text in HOSTILE:
            before = len(turns(pilot))
            await paste(pilot, text)
            line = text.splitlines()[0][:500]
            if not line.strip():
                assert len(turns(pilot)) == before  # a blank line is not worth a turn
                continue
            turn = last_turn(pilot)
            echo, *reply = turn.split("\n")
            assert echo == "> " + visible(line)  # shown as typed, control codes as pictures
            assert any(r.strip() for r in reply), turn  # and answered
            state_is_sound(screen)
        await type_command(pilot, "take checklist")
        assert last_turn(pilot) == "> take checklist\nYou take the checklist."


async def test_a_flood_of_commands(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        for command in ["take checklist", "north", "south", "drop checklist", "undo", "again", "xyzzy", "i"] * 3:
            await type_command(pilot, command)
        state_is_sound(screen)
        assert len(screen.query_one(StoryLog).children) <= 200
        assert screen.query_one(CommandInput).has_focus


# -- resizing ----------------------------------------------------------------------------------------

STORM = [(40, 12), (120, 40), (41, 13), (80, 24)]


def assert_within(screen, widget) -> None:
    assert widget.region.area > 0 and screen.region.contains_region(widget.region), widget


def assert_tiled(screen: PlayScreen) -> None:
    """The play screen's parts lie inside the screen and none overlaps another."""
    parts = [screen.query_one(StatusLine), screen.query_one(StoryLog), screen.query_one("#prompt-row"),
             screen.query_one(Footer)]
    panel = screen.query_one(TabbedContent)
    if panel.display:
        parts.append(panel)
    for part in parts:
        assert_within(screen, part)
    for a, b in combinations(parts, 2):
        assert not a.region.overlaps(b.region), (a, b)


async def storm(pilot) -> None:
    for size in STORM:
        await pilot.resize_terminal(*size)
        await pilot.pause()
        if size == (40, 12):
            dialog = pilot.app.screen.query(".dialog, #title-box")
            for box in dialog:  # a dialog fits in the smallest terminal (its body scrolls)
                assert_within(pilot.app.screen, box)


async def test_resize_storms_on_every_screen(app: ChallengeApp, data_dir: Path) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, TitleScreen)
        await storm(pilot)
        screen = await new_game(pilot)
        await type_command(pilot, "take checklist")
        log_before = turns(pilot)
        await storm(pilot)
        assert turns(pilot) == log_before  # nothing lost or doubled by the storm
        assert_tiled(screen)
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        for part in (screen.query_one(StatusLine), screen.query_one("#prompt-row")):
            assert_within(screen, part)  # at 40x12 the game is still playable
        await type_command(pilot, "north")
        assert "Launch pad" in last_turn(pilot)
        await pilot.resize_terminal(80, 24)
        for key, kind in (("f1", HelpScreen), ("ctrl+s", SaveScreen), ("ctrl+o", LoadScreen),
                          ("ctrl+q", ConfirmScreen)):
            await pilot.press(key)
            await wait_for_screen(pilot, kind)
            await storm(pilot)
            await pilot.press("escape")
            await wait_for_screen(pilot, PlayScreen)
            assert_tiled(screen)
            assert screen.query_one(CommandInput).has_focus
        for command in ("up", "wait"):
            await type_command(pilot, command)
        await wait_for_screen(pilot, EndingScreen)
        await storm(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, PlayScreen)
        assert_tiled(screen)


async def test_typing_while_the_terminal_shrinks_keeps_every_key(app: ChallengeApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        for i, key in enumerate("take checklist"):
            await pilot.press("space" if key == " " else key)
            if i % 4 == 0:
                await pilot.resize_terminal(*STORM[i % len(STORM)])
        await pilot.press("enter")
        assert last_turn(pilot) == "> take checklist\nYou take the checklist."
        assert screen.session.state["inventory"] == ["checklist"]


# -- keys pressed while the story loads ---------------------------------------------------------------

@pytest.mark.parametrize("key", ["n", "enter"])
async def test_a_choice_made_while_the_story_loads_is_carried_out_when_it_has(key: str, data_dir: Path) -> None:
    """The story loads in a thread after the first frame; a player quick on the keys (or a slow machine)
    chooses New game before it is ready. The choice waits for the story, then happens: it is not dropped."""
    from game.content.loader import load_story

    release = threading.Event()

    def slow_load():
        assert release.wait(10)
        return load_story([MISSION])

    app = create_app(load=slow_load, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, TitleScreen)
        # The key is handled while the loader still waits; it is let go a moment later (pressing
        # returns only once the app has dealt with the key, so the release cannot wait for that).
        letting_go = threading.Timer(0.3, release.set)
        letting_go.start()
        await pilot.press(key)
        letting_go.join()
        await wait_for_screen(pilot, PlayScreen)
        assert app.screen.session.state == Session(app.story).state  # a new game, at its start
        assert "A bright hangar" in "\n".join(turns(pilot))


# -- quitting at awkward moments -----------------------------------------------------------------------

async def test_quitting_with_a_command_half_typed_and_a_paste_pending_keeps_the_game(mission: Story,
                                                                                   data_dir: Path) -> None:
    app = create_app(mission, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await type_command(pilot, "take checklist")
        box = pilot.app.screen.query_one(CommandInput)
        box.post_message(events.Paste("x" * 100_000))
        await pilot.press(*"nor")
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    state, _, _ = saves.read_game(saves.AUTOSAVE, mission)
    assert state["inventory"] == ["checklist"]
    again = create_app(mission, cursor_blink=False)
    async with again.run_test(size=(40, 12)) as pilot:
        await wait_for_screen(pilot, TitleScreen)
        await pilot.press("c")
        await wait_for_screen(pilot, PlayScreen)
        await type_command(pilot, "north")
        assert "Launch pad" in last_turn(pilot)


# -- saves that cannot be loaded ---------------------------------------------------------------------

def bad_saves(story: Story) -> dict[str, tuple[bytes, str]]:
    """Slot name -> (the file's bytes, what loading it must say after the file's path)."""
    session = Session(story)
    session.start()
    session.submit("take checklist")
    path = saves.write("good", session.state, story)
    data = path.read_bytes()
    record = json.loads(data)
    other = {**record, "title": "Another Story"}
    other["checksum"] = saves.checksum(other)
    return {
        "truncated": (data[:200], " is damaged or truncated"),
        "edited": (data.replace(b'"score": 0', b'"score": 7', 1), " is damaged: its contents do not match"),
        "newer": (json.dumps({**record, "format": 99}).encode(), " was made by a newer version of the game"),
        "foreign": (b'{"some": "other program"}', " is not a save of this game"),
        "other story": (json.dumps(other).encode(), " is a save of another story, 'Another Story'"),
    }


async def test_saves_that_cannot_be_loaded_leave_the_game_and_the_files_alone(app: ChallengeApp, mission: Story,
                                                                             data_dir: Path) -> None:
    bad = bad_saves(mission)
    for name, (data, _) in bad.items():
        (data_dir / "saves" / f"{name}.json").write_bytes(data)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await new_game(pilot)
        await type_command(pilot, "north")
        before = json.loads(json.dumps(screen.session.state))
        for name, (data, says) in bad.items():
            await type_command(pilot, f"restore {name}")
            path = data_dir / "saves" / f"{name}.json"
            assert last_turn(pilot).startswith(f"> restore {name}\n{path}{says}"), last_turn(pilot)
            assert last_turn(pilot).endswith("it was left untouched.")
            assert screen.session.state == before and path.read_bytes() == data
        await pilot.press("ctrl+o")  # the load screen lists them, but will not load them
        await wait_for_screen(pilot, LoadScreen)
        listed = {o.id: (o.disabled, str(o.prompt)) for o in pilot.app.screen.query_one("#slots").options}
        assert listed["truncated"] == (True, "truncated  damaged: cannot be loaded")
        assert listed["newer"] == (True, "newer  made by a newer version: cannot be loaded")
        assert listed["foreign"] == (True, "foreign  not a save of this game: cannot be loaded")
        assert listed["good"][0] is False
        await pilot.press("escape")
        await wait_for_screen(pilot, PlayScreen)
        await type_command(pilot, "take checklist")
        assert last_turn(pilot) == "> take checklist\nYou take the checklist."


# -- a bug of ours -----------------------------------------------------------------------------------

def break_on(monkeypatch: pytest.MonkeyPatch, word: str) -> None:
    """Make the engine fail when the player types *word*: a stand-in for a bug."""
    submit = Session.submit

    def failing(self: Session, command: str):
        if command == word:
            raise RuntimeError("injected failure\nwith a second line")
        return submit(self, command)

    monkeypatch.setattr(Session, "submit", failing)


async def test_a_crash_keeps_the_game_and_says_where_in_one_line(app: ChallengeApp, data_dir: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    break_on(monkeypatch, "crash")
    with pytest.raises(RuntimeError, match="injected failure"):  # run_test re-raises it, for tests like this
        async with app.run_test(size=(80, 24)) as pilot:
            await new_game(pilot)
            await type_command(pilot, "take checklist")
            await type_command(pilot, "crash")
            await pilot.pause()
    autosave = data_dir / "saves" / "autosave.json"
    assert app.return_code == EXIT_CRASH
    assert app.crash_line == (f"challenge: internal error (RuntimeError: injected failure with a second line); "
                              f"this is a bug, details are in {data_dir / 'crash.log'}. Your game is saved in "
                              f"{autosave}: choose Continue to go on.")
    assert "RuntimeError: injected failure" in (data_dir / "crash.log").read_text()
    state, _, history = saves.read_game(saves.AUTOSAVE, app.story)
    assert state["inventory"] == ["checklist"] and history


async def test_a_crash_before_any_game_says_so_without_a_save(app: ChallengeApp, data_dir: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_help(self: ChallengeApp) -> None:
        raise ValueError("no help today")

    monkeypatch.setattr(ChallengeApp, "action_help", broken_help)
    with pytest.raises(ValueError):
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_screen(pilot, TitleScreen)
            await pilot.press("f1")
            await pilot.pause()
    assert app.crash_line == (f"challenge: internal error (ValueError: no help today); this is a bug, "
                              f"details are in {data_dir / 'crash.log'}.")
    assert not saves.has_autosave()


# -- in a real terminal ------------------------------------------------------------------------------


CRASHY = """\
import sys
from game.engine.session import Session
submit = Session.submit
def failing(self, command):
    if command == "crash":
        raise RuntimeError("injected failure")
    return submit(self, command)
Session.submit = failing
from game.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_in_a_terminal_a_crash_prints_one_line_and_keeps_the_game(data_dir: Path, mission: Story) -> None:
    status, seen = in_terminal([str(MISSION)], [(b"New game", b"n"), (b"Type a command", b"take checklist\r"),
                                                (b"You take", b"crash\r")], data_dir, code=CRASHY)
    text = seen.decode("utf-8", "replace")
    assert status == EXIT_CRASH
    assert "Traceback" not in text
    line = "challenge: internal error (RuntimeError: injected failure); this is a bug"
    assert line in text and f"Your game is saved in {data_dir / 'saves' / 'autosave.json'}" in text.replace("\r\n", "")
    assert saves.read_game(saves.AUTOSAVE, mission)[0]["inventory"] == ["checklist"]


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM, "close"])
def test_a_closed_terminal_keeps_the_game(sig: signal.Signals, data_dir: Path, mission: Story) -> None:
    status, _ = in_terminal([str(MISSION)], [(b"New game", b"n"), (b"Type a command", b"take checklist\r"),
                                             (b"You take", b"nor")], data_dir, size=(40, 12), then=sig)
    assert status == 0
    assert saves.read_game(saves.AUTOSAVE, mission)[0]["inventory"] == ["checklist"]


@pytest.mark.parametrize("case", ["tag-python-object", "alias-bomb-lists"])
def test_in_a_terminal_a_broken_story_is_refused(case: str, data_dir: Path) -> None:
    folder = ROOT / "tests" / "fixtures" / "broken-corpus" / case
    status, seen = in_terminal([str(folder)], [], data_dir)
    text = seen.decode("utf-8", "replace").replace("\r\n", "\n")
    assert status == 1 and "Traceback" not in text
    errors = [line for line in (folder / "expected.txt").read_text().splitlines() if ": error: " in line]
    for line in errors:
        assert line.split(": error: ")[1] in text
    assert f"challenge: the story has {len(errors)} error(s); run 'challenge check' for details" in text

