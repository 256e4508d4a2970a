"""Where the shipped story, seeds and the player's saves live.

An installed wheel carries scenes and seeds inside the package (``game/_story``);
a source checkout uses the top-level folders, so the same code runs from both.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (game/value.py says why)
if TYPE_CHECKING:
    from pathlib import Path

_PACKAGE = os.path.dirname(os.path.realpath(__file__))


def _shipped(name: str) -> str:
    inside = os.path.join(_PACKAGE, "_story", name)
    if os.path.isdir(inside):
        return inside
    return os.path.join(os.path.dirname(_PACKAGE), name)


def scenes_folder() -> str:
    """The story that ships with the game, as a string: what a warm start of the plain mode uses,
    as importing pathlib would cost it more than the rest of its file handling."""
    return _shipped("scenes")


def scenes_dir() -> Path:
    """The story that ships with the game (:func:`scenes_folder`)."""
    from pathlib import Path

    return Path(scenes_folder())


def seeds_dir() -> Path:
    """The five seed articles the facts are checked against."""
    from pathlib import Path

    return Path(_shipped("seeds"))


def data_dir() -> Path:
    """The player's own files (saves): ``$CHALLENGE_DATA_DIR``, else XDG's data home."""
    from pathlib import Path

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
