"""The plain mode keeps a long game's commands compactly until a recording asks for them."""

from __future__ import annotations

import io
from pathlib import Path

import yaml

from game.play.plain import PlainGame
from tests.conftest import load_fixture


def test_recording_later_keeps_every_command_when_there_are_hundreds_of_different_ones(tmp_path: Path) -> None:
    # The pending commands are kept as small indexes into the distinct ones, widened past 256 of them.
    story = load_fixture("tiny")
    commands = [f"x thing{i}" for i in range(300)] + ["take red key", "x thing7"]
    eager = PlainGame(story, io.StringIO())
    eager.recorder.to(tmp_path / "eager.yaml")
    eager.run(io.StringIO("\n".join(commands) + "\n"))
    lazy = PlainGame(story, io.StringIO())
    lazy.run(io.StringIO("\n".join(commands + [f"record {tmp_path / 'lazy.yaml'}"]) + "\n"))
    steps = [yaml.safe_load((tmp_path / f"{name}.yaml").read_text())["steps"] for name in ("eager", "lazy")]
    assert steps[0] == steps[1] and [s["do"] for s in steps[1]] == commands
