"""SVG snapshots of each screen at 80x24, on the fixed test story.

Update them after a deliberate change of look with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and review the SVGs in
``__snapshots__/`` (a browser shows them) before committing.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from textual.pilot import Pilot

from game import saves
from game.engine.session import Session
from game.engine.story import FactView, Quote, Story
from game.tui.app import ChallengeApp, create_app
from game.tui.screens.ending import EndingScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.saves import SaveScreen

from .helpers import new_game, type_command, wait_for_screen

SIZE = (80, 24)


def fixed_save(story: Story, name: str, commands: list[str], saved_at: str) -> None:
    """A save with a fixed time stamp, so the listing is the same on every run."""
    session = Session(story)
    session.start()
    for command in commands:
        session.submit(command)
    path = saves.write(name, session.state, story)
    record = json.loads(path.read_text())
    record["saved_at"] = saved_at
    record["checksum"] = saves.checksum(record)  # edited on purpose: sealed again, or it reads as damaged
    path.write_text(json.dumps(record))


async def play(pilot: Pilot, *commands: str) -> None:
    await new_game(pilot)
    for command in commands:
        await type_command(pilot, command)


def test_title_screen(snap_compare, app: ChallengeApp) -> None:
    assert snap_compare(app, terminal_size=SIZE)


def test_play_screen(snap_compare, app: ChallengeApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await play(pilot, "tkae checklist", "take checklist", "x poster")
        await pilot.press(*"ta", "tab")  # the choices line shows
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, app: ChallengeApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await new_game(pilot)
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def with_facts(story: Story) -> Story:
    """The test story with two ledger facts (quoted from the seeds) behind its launch pad."""
    story = copy.deepcopy(story)
    story.facts = {
        "launch-site": FactView("launch-site", "The launch was from Site 31 at the Baikonur Cosmodrome.", "Site 31", (
            Quote("000_8acb0a751fb49325.txt", "2021-10-05", "from Launch Site 31 at Baikonur Cosmodrome, Kazakhstan"),
        )),
        "spacecraft": FactView("spacecraft", "The crew flew in the Soyuz MS-19 spacecraft.", "Soyuz MS-19", (
            Quote("004_c5bbfbc3c969b0b9.txt", "2021-10-05", "the crew traveled in a Soyuz MS-19 spacecraft"),
        ), disputed="Two seeds name other numbers; the game follows the three that say MS-19."),
    }
    story.scenes["pad"].facts = ["launch-site", "spacecraft"]
    return story


def test_sources_tab(snap_compare, mission: Story, data_dir: Path) -> None:
    async def run_before(pilot: Pilot) -> None:
        await play(pilot, "take checklist", "north")
        await pilot.press("f3")
        await pilot.pause()

    assert snap_compare(create_app(with_facts(mission), cursor_blink=False), terminal_size=SIZE,
                        run_before=run_before)


def test_save_screen(snap_compare, app: ChallengeApp, mission: Story, data_dir: Path) -> None:
    fixed_save(mission, "at the pad", ["take checklist", "north"], "2021-10-05T09:30:00+00:00")
    fixed_save(mission, "start", [], "2021-10-05T08:00:00+00:00")

    async def run_before(pilot: Pilot) -> None:
        await play(pilot, "take checklist")
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, SaveScreen)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_ending_screen(snap_compare, app: ChallengeApp) -> None:
    async def run_before(pilot: Pilot) -> None:
        await play(pilot, "take checklist", "north", "up", "buckle", "wait")
        await wait_for_screen(pilot, EndingScreen)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_narrow_play_screen(snap_compare, app: ChallengeApp) -> None:
    """At 60x20 the side panel steps aside and nothing overlaps."""
    async def run_before(pilot: Pilot) -> None:
        await play(pilot, "take checklist", "north")
        assert isinstance(pilot.app.screen, PlayScreen)

    assert snap_compare(app, terminal_size=(60, 20), run_before=run_before)
