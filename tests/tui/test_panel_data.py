"""What the status line, the side panel and the ending screen show, read from the state."""

from __future__ import annotations

from game.engine.story import FactView, Quote, Story
from game.tui import panel_data as data
from game.tui.story_text import source_lines
from game.tui.widgets.side_panel import crew_text, inventory_text, objectives_text

from ..conftest import played


def test_status(mission: Story) -> None:
    s = played(mission, ["take checklist", "north"])
    assert data.status(mission, s.state) == data.Status("Ground", "Launch pad", "5 Oct 2021, 06:30 GMT", 0, 15, 2)


def test_objectives_show_progress_and_what_blocks_the_way(mission: Story) -> None:
    o = data.objectives(mission, played(mission, []).state)
    assert o.ways_on == [data.WayOn("north (the pad road)", "north",
                                    "You are not going anywhere without the checklist.")]
    assert (o.score, o.max_score, o.visited, o.scenes) == (0, 15, 1, 3)
    assert o.chapters == [("Ground", True), ("Flight", False)]
    text = objectives_text(o).plain
    assert "Scenes reached: 1 of 3" in text and "You are not going anywhere without the checklist." in text
    opened = data.objectives(mission, played(mission, ["take checklist"]).state)
    assert opened.ways_on == [data.WayOn("north (the pad road)", "north", None)]


def test_inventory_lists_what_is_carried_and_what_is_around(mission: Story) -> None:
    inv = data.inventory(mission, played(mission, ["take checklist"]).state)
    assert [t.name for t in inv.carried] == ["checklist"]
    assert [t.name for t in inv.around] == ["safety poster", "Engineer Petrova"]
    assert inventory_text(inv).plain.startswith("Carrying\n• checklist\n\nAround you\n• safety poster")


def test_crew_dossier_holds_the_people_met_so_far(mission: Story) -> None:
    here = data.crew(mission, played(mission, []).state)
    assert [(m.person.name, m.here) for m in here] == [("Engineer Petrova", True)]
    away = data.crew(mission, played(mission, ["take checklist", "north"]).state)
    assert [(m.person.name, m.here) for m in away] == [("Engineer Petrova", False)]
    text = crew_text(mission, here).plain
    assert text.startswith("You\nYou are the test pilot, ready for anything.\n\nEngineer Petrova  (here)")
    assert "Ask about: weather, rocket" in text


def test_sources_come_from_the_engines_sources_command(mission: Story) -> None:
    # The test story states no fact from the ledger: the engine says so, and the tab repeats it.
    found = data.sources(mission, played(mission, []).state)
    assert found == data.Sources([], "Nothing in Hangar is drawn from the news articles.")
    assert source_lines(found.facts, found.empty) == [("empty", "Nothing in Hangar is drawn from the news articles.")]


def test_source_lines_give_each_fact_with_its_quotes() -> None:
    fact = FactView("launch-time", "The Soyuz lifted off at 08:55 GMT.", "08:55",
                    (Quote("003_251bfa7a82e3aae7.txt", "2021-10-05", "lifted off at 08:55 GMT"),),
                    disputed="One seed says 4:40; the game follows the others.")
    assert source_lines([fact], "") == [
        ("fact", "The Soyuz lifted off at 08:55 GMT."),
        ("quote", "“lifted off at 08:55 GMT”"),
        ("source", "— article 003, 5 Oct 2021"),
        ("note", "Note: One seed says 4:40; the game follows the others.")]


def test_run_summary(mission: Story) -> None:
    s = played(mission, ["take checklist", "north", "up", "buckle", "wait"])
    run = data.run_summary(mission, s.state)
    assert (run.ending, run.win, run.score, run.max_score, run.turns) == ("Launched", True, 15, 15, 5)
    assert run.visited == ["Hangar", "Launch pad", "Cabin"]
    assert run.carried == ["checklist"]
    assert run.clock == "5 Oct 2021, 07:30 GMT"
