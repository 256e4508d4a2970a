"""Fixtures for the Textual front end: a fixed story, a private data dir, and a fresh app."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from game.content.loader import load_story
from game.engine.story import Story
from game.tui.app import ChallengeApp, create_app

MISSION = Path(__file__).parent / "fixtures" / "mission"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Saves and settings go to a temporary folder: tests never touch the real home."""
    folder = tmp_path / "data"
    monkeypatch.setenv("CHALLENGE_DATA_DIR", str(folder))
    # Save times are shown in local time: pin the zone so listings are the same everywhere.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    return folder


@pytest.fixture(scope="session")
def mission() -> Story:
    """A small story that does not change as the real one is written (see fixtures/mission)."""
    result = load_story([MISSION])
    assert result.ok and result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


@pytest.fixture
def app(mission: Story, data_dir: Path) -> ChallengeApp:
    """The app as the command line builds it, minus the command line; the cursor does not blink."""
    return create_app(mission, cursor_blink=False)
