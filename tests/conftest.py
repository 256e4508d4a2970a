"""Shared fixtures: the small test story, and a data dir that keeps tests out of the real home."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.loader import load_story
from game.engine.story import Story

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves made by any test land in a temporary folder, never in the tester's home; so does the
    cache of loaded stories (game/content/cache.py), fresh for each test."""
    monkeypatch.setenv("CHALLENGE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("CHALLENGE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def load_fixture(name: str) -> Story:
    result = load_story([FIXTURES / name])
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.story is not None
    return result.story


@pytest.fixture(scope="session")
def tiny() -> Story:
    """A five-minute story with every engine feature: see fixtures/tiny/story.yaml."""
    return load_fixture("tiny")
