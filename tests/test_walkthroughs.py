"""Every walkthrough under tests/walkthroughs/ is its own test, played on the shipped story.

A failing walkthrough fails its test with the runner's own report: the file:line
of each expectation that did not hold, the command, and the output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.loader import load_story
from game.engine.story import Story
from game.paths import scenes_dir
from game.play import runner

WALKTHROUGHS = sorted((Path(__file__).parent / "walkthroughs").glob("*.yaml"))


@pytest.fixture(scope="module")
def shipped() -> Story:
    result = load_story([scenes_dir()])
    assert result.ok, [d.format() for d in result.errors]
    assert result.story is not None
    return result.story


def test_there_is_a_walkthrough_for_every_ending_and_together_they_visit_every_scene(shipped: Story) -> None:
    ended, visited = set(), set()
    for path in WALKTHROUGHS:
        result = runner.run_file(path, shipped)
        assert result.ok, "\n" + result.report()
        final = result.turns[-1].after
        if final["ended"]:
            ended.add(final["ended"])
        visited |= set(final["visited"])
    assert ended == set(shipped.endings)
    assert visited == set(shipped.scenes)


@pytest.mark.parametrize("path", WALKTHROUGHS, ids=[p.stem for p in WALKTHROUGHS])
def test_walkthrough(path: Path, shipped: Story) -> None:
    result = runner.run_file(path, shipped)
    assert result.ok, "\n" + result.report()
