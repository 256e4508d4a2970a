"""Saved games: one JSON file per named slot, written so a crash never loses one.

A save is written to a temporary file in the same folder, flushed and fsynced,
then renamed over the old one: the rename is atomic, so the slot holds either
the old save or the new, never half of one. Every save names its format version
and the story's fingerprint, so a save from another story or version is told
apart from a damaged one.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .engine.state import State, problems
from .engine.story import Story
from .paths import data_dir

SAVE_FORMAT = 1
GAME_ID = "the-challenge"
_SLOT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,39}$")
AUTOSAVE = "autosave"


class SaveError(Exception):
    """A save could not be written or read; the message says why, for the player."""


@dataclass
class SlotInfo:
    """What the save and load screens list."""

    name: str
    path: Path
    saved_at: str
    scene: str


def saves_dir() -> Path:
    return data_dir() / "saves"


def slot_path(name: str) -> Path:
    """The file for slot *name*; names are checked so a slot cannot point outside the folder."""
    name = name.strip() or "default"
    if not _SLOT.match(name):
        raise SaveError(f"'{name[:40]}' is not a usable save name: use letters, digits, spaces, - and _ "
                        "(at most 40).")
    return saves_dir() / f"{name}.json"


def write(name: str, state: State, story: Story) -> Path:
    """Save *state* to slot *name*, atomically."""
    path = slot_path(name)
    scene = story.scenes.get(state.get("scene", ""))
    record = {
        "format": SAVE_FORMAT,
        "game": GAME_ID,
        "story": story.fingerprint,
        "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "scene": scene.title if scene else "",
        "state": state,
    }
    data = json.dumps(record, indent=1, ensure_ascii=False).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(path.parent)
    except OSError as exc:
        raise SaveError(f"Could not save to {path}: {exc.strerror or exc}. Your game is not lost; "
                        "try another name or free some space.") from exc
    return path


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where directories can't be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read(name: str, story: Story) -> tuple[State, list[str]]:
    """The state saved in slot *name*, and notes about what changed since; raises SaveError."""
    path = slot_path(name)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SaveError(f"There is no save called '{name}'.") from None
    except OSError as exc:
        raise SaveError(f"Could not read {path}: {exc.strerror or exc}.") from exc
    return parse(raw, story, str(path))


def parse(raw: bytes, story: Story, where: str) -> tuple[State, list[str]]:
    """Check a save file's bytes and return its state; raises SaveError with the reason."""
    try:
        record: Any = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        pos = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise SaveError(f"{where} is damaged or truncated{pos}; it was left untouched.") from None
    if not isinstance(record, dict) or record.get("game") != GAME_ID:
        raise SaveError(f"{where} is not a save of this game.")
    fmt = record.get("format")
    if not isinstance(fmt, int):
        raise SaveError(f"{where} has no format version; it is damaged.")
    if fmt > SAVE_FORMAT:
        raise SaveError(f"{where} was made by a newer version of the game (save format {fmt}; "
                        f"this version reads {SAVE_FORMAT}). Update the game to load it.")
    state = record.get("state")
    wrong = problems(story, state)
    if wrong:
        changed = " The story has changed since it was saved:" if record.get("story") != story.fingerprint \
            else " It is damaged:"
        raise SaveError(f"{where} cannot be restored.{changed} " + "; ".join(wrong) + ".")
    notes = []
    if record.get("story") != story.fingerprint:
        notes.append("The story has changed since this save was made; everything it refers to still "
                     "exists, so it was restored.")
    state["visited"] = [v for v in state["visited"] if v in story.scenes]
    state["inventory"] = [i for i in state["inventory"] if i in story.things]
    return state, notes


def slots() -> list[SlotInfo]:
    """Saved slots, newest first; unreadable files are listed with what is known."""
    out = []
    folder = saves_dir()
    if not folder.is_dir():
        return out
    for path in folder.glob("*.json"):
        try:
            record = json.loads(path.read_text("utf-8"))
            out.append(SlotInfo(path.stem, path, str(record.get("saved_at", "")), str(record.get("scene", ""))))
        except (OSError, ValueError):
            out.append(SlotInfo(path.stem, path, "", "(damaged)"))
    return sorted(out, key=lambda s: s.saved_at, reverse=True)
