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
from typing import Any, Sequence

from .engine.session import UNDO_DEPTH
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
    saved_at: str  # ISO 8601, UTC; "" when the file is unreadable
    scene: str
    clock: str = ""  # the mission clock in the save ("2021-10-05T07:30Z"), when recorded
    score: int | None = None
    damaged: bool = False

    @property
    def saved_local(self) -> str:
        """When it was saved, in the player's own time zone: ``2025-11-21 17:45``."""
        try:
            moment = datetime.fromisoformat(self.saved_at)
        except ValueError:
            return ""
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def saves_dir() -> Path:
    """The folder of save files, under the data directory."""
    return data_dir() / "saves"


def slot_path(name: str) -> Path:
    """The file for slot *name*; names are checked so a slot cannot point outside the folder."""
    name = name.strip() or "default"
    if not _SLOT.match(name):
        raise SaveError(f"'{name[:40]}' is not a usable save name: use letters, digits, spaces, - and _ "
                        "(at most 40).")
    return saves_dir() / f"{name}.json"


def write(name: str, state: State, story: Story, history: Sequence[State] = ()) -> Path:
    """Save *state* to slot *name*, atomically; *history* is the undo history to keep with it."""
    path = slot_path(name)
    scene = story.scenes.get(state.get("scene", ""))
    record = {
        "format": SAVE_FORMAT,
        "game": GAME_ID,
        "story": story.fingerprint,
        "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        # Copies of what the load screen lists, so listing never needs the story.
        "scene": scene.title if scene else "",
        "clock": state.get("clock", ""),
        "score": state.get("score", 0),
        "state": state,
    }
    if history:
        record["history"] = list(history)[-UNDO_DEPTH:]  # oldest first, as the undo deque holds them
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
    state, notes, _ = read_game(name, story)
    return state, notes


def read_game(name: str, story: Story) -> tuple[State, list[str], list[State]]:
    """As :func:`read`, with the undo history saved with the state (oldest first; the autosave has one)."""
    path = slot_path(name)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SaveError(f"There is no save called '{name}'.") from None
    except OSError as exc:
        raise SaveError(f"Could not read {path}: {exc.strerror or exc}.") from exc
    record = _record(raw, str(path))
    state, notes = _state(record, story, str(path))
    return state, notes, _history(record, story)


def parse(raw: bytes, story: Story, where: str) -> tuple[State, list[str]]:
    """Check a save file's bytes and return its state; raises SaveError with the reason."""
    return _state(_record(raw, where), story, where)


def _record(raw: bytes, where: str) -> dict[str, Any]:
    """The save's JSON, checked to be a save of this game in a format this version reads."""
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
    return record


def _state(record: dict[str, Any], story: Story, where: str) -> tuple[State, list[str]]:
    """The saved state, vetted against *story*, and notes about what changed since."""
    state: Any = record.get("state")
    wrong = problems(story, state)
    if wrong:
        changed = " The story has changed since it was saved:" if record.get("story") != story.fingerprint \
            else " It is damaged:"
        raise SaveError(f"{where} cannot be restored.{changed} " + "; ".join(wrong) + ".")
    notes = []
    if record.get("story") != story.fingerprint:
        notes.append("The story has changed since this save was made; everything it refers to still "
                     "exists, so it was restored.")
    _tidy(state, story)
    return state, notes


def _tidy(state: State, story: Story) -> None:
    """Forget visited scenes and carried items the story no longer has (nothing depends on them)."""
    state["visited"] = [v for v in state["visited"] if v in story.scenes]
    state["inventory"] = [i for i in state["inventory"] if i in story.things]


def _history(record: dict[str, Any], story: Story) -> list[State]:
    """The saved undo history: the newest run of states *story* can still play (older ones are dropped)."""
    kept: list[State] = []
    history = record.get("history")
    for past in reversed(history if isinstance(history, list) else []):
        if problems(story, past):
            break  # undo must step back through turns in order: stop at the first that cannot be played
        _tidy(past, story)
        kept.append(past)
    return kept[::-1]


def slots() -> list[SlotInfo]:
    """Saved slots, newest first; unreadable files are listed (as damaged) so they can be seen."""
    out: list[SlotInfo] = []
    folder = saves_dir()
    if not folder.is_dir():
        return out
    for path in folder.glob("*.json"):
        if not _SLOT.match(path.stem):
            continue  # not a name the game could have written, nor load
        try:
            record = json.loads(path.read_text("utf-8"))
            if not isinstance(record, dict):
                raise ValueError("not a save")
            score = record.get("score")
            out.append(SlotInfo(path.stem, path, str(record.get("saved_at", "")), str(record.get("scene", "")),
                                str(record.get("clock", "")), score if isinstance(score, int) else None))
        except (OSError, ValueError):
            out.append(SlotInfo(path.stem, path, "", "(damaged)", damaged=True))
    return sorted(out, key=lambda s: s.saved_at, reverse=True)


def autosave(state: State, story: Story, history: Sequence[State] = ()) -> Path:
    """Keep the game in the autosave slot (on quit), with its undo history, for the title screen's Continue."""
    return write(AUTOSAVE, state, story, history)


def has_autosave() -> bool:
    """Is there a game to continue? (A file check only: cheap enough for the first frame.)"""
    return slot_path(AUTOSAVE).is_file()


def delete(name: str) -> None:
    """Remove slot *name*; a slot that is already gone is not an error."""
    path = slot_path(name)
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise SaveError(f"Could not delete {path}: {exc.strerror or exc}.") from exc
