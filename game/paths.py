"""Where the shipped story, seeds and the player's saves live.

An installed wheel carries scenes and seeds inside the package (``game/_story``);
a source checkout uses the top-level folders, so the same code runs from both.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE / "_story" / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def scenes_dir() -> Path:
    """The story that ships with the game."""
    return _shipped("scenes")


def seeds_dir() -> Path:
    """The five seed articles the facts are checked against."""
    return _shipped("seeds")


def data_dir() -> Path:
    """The player's own files (saves): ``$CHALLENGE_DATA_DIR``, else XDG's data home."""
    override = os.environ.get("CHALLENGE_DATA_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "the-challenge"


def saves_dir() -> Path:
    """The folder of save files (one JSON file per slot), under the data directory."""
    return data_dir() / "saves"


def autosave_path() -> Path:
    """The autosave slot's file. Here, not in game.saves, so the title screen can ask whether there is a
    game to continue without importing the saves module (and with it the engine) before its first frame."""
    return saves_dir() / "autosave.json"
