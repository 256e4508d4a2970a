"""The plain mode keeps a long game's commands compactly until a recording asks for them."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import load_fixture, recorded_both_ways


def test_recording_later_keeps_every_command_when_there_are_hundreds_of_different_ones(tmp_path: Path) -> None:
    # The pending commands are kept as small indexes into the distinct ones, widened past 256 of them.
    story = load_fixture("tiny")
    commands = [f"x thing{i}" for i in range(300)] + ["take red key", "x thing7"]
    steps = recorded_both_ways(story, commands, tmp_path)
    assert steps[0] == steps[1] and [s["do"] for s in steps[1]] == commands
