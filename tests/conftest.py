"""Shared fixtures: the small test story, and a data dir that keeps tests out of the real home."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from game.content.loader import load_story
from game.engine.session import Session
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


@pytest.fixture
def here(tmp_path: Path) -> Path:
    """A working folder holding the story 't' (a copy of the tiny fixture); tests name files relative to it."""
    shutil.copytree(FIXTURES / "tiny", tmp_path / "t")
    return tmp_path


def played(story: Story, commands: list[str]) -> Session:
    """A new session of *story* that has played *commands*."""
    session = Session(story)
    session.start()
    for command in commands:
        session.submit(command)
    return session


def sealed_bytes(record: dict) -> bytes:
    """*record* sealed with its checksum as the game seals a save: what a hand-edit that knows the
    format (or a bug of ours) would leave. JSON in ASCII, so a lone surrogate stays an escape."""
    from game import saves

    record["checksum"] = saves.checksum(record)
    return json.dumps(record).encode("utf-8")


def refused_load(name: str, story: Story) -> str:
    """The message for loading save slot *name*, which must fail without touching the file, and be
    printable (a lone surrogate in a message would crash the line that prints it)."""
    from game import saves

    path = saves.slot_path(name)
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(saves.SaveError) as caught:
        saves.read_game(name, story)
    assert (path.read_bytes() if path.is_file() else None) == before
    message = str(caught.value)
    message.encode("utf-8")
    return message


def changed_story(tmp_path: Path, *edits: tuple[str, str]) -> Story:
    """The tiny story with *edits* (old, new) made to its text."""
    folder = tmp_path / "changed"
    shutil.copytree(FIXTURES / "tiny", folder)
    text = (folder / "story.yaml").read_text("utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    (folder / "story.yaml").write_text(text, "utf-8")
    result = load_story([folder])
    assert result.ok and result.story is not None, [d.format() for d in result.diagnostics]
    return result.story


def recorded_both_ways(story: Story, commands: list[str], folder: Path) -> tuple[list, list]:
    """The steps of *commands* recorded from the start (``--record``), and recorded by a ``record FILE``
    typed after them (the plain mode keeps the commands until then): the two must be the same."""
    import yaml

    from game.play.plain import PlainGame

    eager = PlainGame(story, io.StringIO())
    eager.recorder.to(folder / "eager.yaml")
    eager.run(io.StringIO("\n".join(commands) + "\n"))
    lazy = PlainGame(story, io.StringIO())
    lazy.run(io.StringIO("\n".join(commands + [f"record {folder / 'lazy.yaml'}"]) + "\n"))
    eager_steps, lazy_steps = (yaml.safe_load((folder / f"{name}.yaml").read_text())["steps"]
                               for name in ("eager", "lazy"))
    return eager_steps, lazy_steps
