"""The Textual game against the audit's hostile saves: the load screen lists a save time at the end
of the calendar, a device and a socket without crashing or hanging; Continue on an autosave whose
clock would crash the engine says why and stays on the title screen; a crash never leaves such a
game in the autosave (no crash loop)."""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

import pytest
from textual.widgets import OptionList

from game import saves
from game.engine.story import Story
from game.tui.app import ChallengeApp, _after_crash
from game.tui.screens.play import PlayScreen
from game.tui.screens.saves import LoadScreen
from game.tui.screens.title import TitleScreen

from ..conftest import played, sealed_bytes
from .helpers import wait_for_screen

POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="devices and sockets are POSIX")


def sealed(path: Path, **changes: object) -> None:
    """Change the save at *path* and seal it again, as a hand-edit that knows the format would."""
    record = json.loads(path.read_text("utf-8"))
    state = changes.pop("state", None)
    record.update(changes)
    if state:
        record["state"].update(state)
    path.write_bytes(sealed_bytes(record))


@POSIX
async def test_the_load_screen_lists_what_no_save_could_be(app: ChallengeApp, mission: Story, data_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # east of UTC: 9999-12-31 23:59 UTC is past the calendar's end here
    time.tzset()
    session = played(mission, [])
    sealed(saves.write("far", session.state, mission), saved_at="9999-12-31T23:59:59+00:00")
    folder = data_dir / "saves"
    (folder / "null.json").symlink_to("/dev/null")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.json"))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("l")
            await wait_for_screen(pilot, LoadScreen)
            listed = {o.id: (o.disabled, str(o.prompt)) for o in pilot.app.screen.query_one("#slots", OptionList).options}
            assert listed == {
                "far": (False, "far  saved 9999-12-31 23:59 UTC\n  Hangar · 5 Oct 2021, 06:00 GMT · score 0"),
                "null": (True, "null  a device, not a file: cannot be loaded"),
                "sock": (True, "sock  a socket, not a file: cannot be loaded"),
            }
            await pilot.press("enter")  # the far one is first (newest) and loads: only its time was odd
            await wait_for_screen(pilot, PlayScreen)
    finally:
        sock.close()


async def test_continue_on_an_autosave_that_would_crash_says_why(app: ChallengeApp, mission: Story,
                                                                 data_dir: Path) -> None:
    """An autosave left by an older version, holding a clock at the end of the calendar: it was
    restored, and the first 'wait' crashed (and autosaved it again: a loop)."""
    session = played(mission, [])
    path = saves.autosave(session.state, mission)
    sealed(path, state={"clock": "9999-12-31T23:55Z"})
    before = path.read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, TitleScreen)
        await pilot.press("c")
        await pilot.pause()
        assert [n.message for n in pilot.app._notifications] == [
            f"{path} cannot be restored: it is damaged ('clock' is outside the years 1900 to 2099); "
            "it was left untouched."]
        assert isinstance(pilot.app.screen, TitleScreen)
    assert path.read_bytes() == before


def test_a_crash_never_autosaves_a_game_that_would_crash_again(mission: Story, data_dir: Path) -> None:
    session = played(mission, [])
    kept = saves.autosave(session.state, mission).read_bytes()
    session.state = {**session.state, "clock": "9999-12-31T23:55Z"}
    line = _after_crash(OverflowError("date value out of range"), session)
    assert line.startswith("challenge: internal error (OverflowError: date value out of range); this is a bug, "
                           f"details are in {data_dir / 'crash.log'}. Your game could not be saved (Could not save: "
                           "the game could not be written down ('clock' is outside the years 1900 to 2099).")
    assert saves.autosave_path().read_bytes() == kept
