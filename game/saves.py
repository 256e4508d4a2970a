"""Saved games: one JSON file per named slot, written so a crash never loses one.

A save is written to a temporary file in the same folder, flushed and fsynced,
then renamed over the old one (game.files.write_atomic, durable): the rename is
atomic, so the slot holds either the old save or the new, never half of one.
Every save names its format version, the story's title and fingerprint, and
(from format 2) a checksum of everything else, so damage is told apart from a
save of another story or version, and a damaged file is never loaded as a wrong
game.

Restoring never writes: a save that cannot be loaded is left as it was, and the
game in progress goes on. Only a regular file of a save's size is read (a slot that is
a named pipe or a link to a device is refused, never waited on or read without end),
and only a state the engine can play is restored (game.engine.state.problems: ids of
this story, counts and the clock in range, text that can be written again); a state
that would be refused is not written either, so no save, and no autosave made at a
crash, holds a game that could not be restored or would crash again. A save made before the story changed is restored as far
as the story still has what it refers to (scenes, items, endings, actions: all by
id), and the notes say precisely what could not be.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

from .engine.session import UNDO_DEPTH
from .engine.state import MAX_COUNT, State, problems, quote_id, shape_problems
from .engine.story import Action, Story, Thing
from .engine.vocabulary import VERB_PHRASES
from .files import NotRead, read_regular, write_atomic
from .paths import autosave_path, saves_dir

SAVE_FORMAT = 2  # 2 adds "checksum" and "title"; format 1 saves (no checksum) are still read
GAME_ID = "the-challenge"
AUTOSAVE = "autosave"
MAX_SAVE_BYTES = 16_000_000  # a real save is a few kilobytes (the autosave, with its undo history, ~1 MB at most)
_SLOT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,39}$")
_STALE_TEMP = 600  # seconds: a temporary file this old is left from a write that was killed


class SaveError(Exception):
    """A save could not be written or read; the message says why, for the player, and *short*
    says it in a few words for the list of saved games."""

    def __init__(self, message: str, short: str = "cannot be loaded") -> None:
        super().__init__(message)
        self.short = short


@dataclass
class SlotInfo:
    """What the save and load screens list."""

    name: str
    path: Path
    saved_at: str  # ISO 8601, UTC; "" when the file is unreadable
    scene: str
    clock: str = ""  # the mission clock in the save ("2021-10-05T07:30Z"), when recorded
    score: int | None = None
    damaged: bool = False  # cannot be loaded; *problem* says why in a few words
    problem: str = ""

    @property
    def saved_local(self) -> str:
        """When it was saved, in the player's own time zone: ``2025-11-21 17:45``; as stored, with
        its zone (``9999-12-31 23:59 UTC``), when that time cannot be shown in the player's own
        zone (too near the end of the calendar); "" when it is not a time. Never raises: the load
        screen lists whatever the files say."""
        try:
            moment = datetime.fromisoformat(self.saved_at)
        except ValueError:
            return ""
        try:
            return _minute(moment.astimezone())
        except (OverflowError, ValueError, OSError):
            zone = moment.tzname() if moment.tzinfo is not None else None
            return _minute(moment) + (f" {zone}" if zone else "")


def _minute(moment: datetime) -> str:
    # By hand, not strftime: the C library writes year 1 as "1" on some systems and "0001" on others.
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}"


def slot_path(name: str) -> Path:
    """The file for slot *name*; names are checked so a slot cannot point outside the folder."""
    name = name.strip() or "default"
    if not _SLOT.match(name):
        raise SaveError(f"'{name[:40]}' is not a usable save name: use letters, digits, spaces, - and _ "
                        "(at most 40).")
    return saves_dir() / f"{name}.json"


# -- writing ---------------------------------------------------------------------------------------

def write(name: str, state: State, story: Story, history: Sequence[State] = ()) -> Path:
    """Save *state* to slot *name*, atomically; *history* is the undo history to keep with it."""
    path = slot_path(name)
    scene = story.scenes.get(state.get("scene", ""))
    kept = list(history)[-UNDO_DEPTH:]  # oldest first, as the undo deque holds them
    record: dict[str, Any] = {
        "format": SAVE_FORMAT,
        "game": GAME_ID,
        "title": story.title,
        "story": story.fingerprint,
        "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        # Copies of what the load screen lists, so listing never needs the story.
        "scene": scene.title if scene else "",
        "clock": state.get("clock", ""),
        "score": state.get("score", 0),
        "state": state,
    }
    if kept:
        record["history"] = kept
    # Auto-numbered action ids ("quarters-2") are positions: what each done one was lets a
    # changed story find it again (see _done_ids).
    signatures = _signatures(story)
    done = {aid for s in [state, *kept] for aid in s.get("done", [])}
    record["actions"] = {aid: signatures[aid] for aid in sorted(done) if aid in signatures}
    # A save that its own restore would refuse is no save: say so now, not when it is needed
    # (and an autosave made at a crash can never hold a state that crashes again on Continue).
    wrong = problems(story, state)
    if wrong:
        raise SaveError(f"Could not save: the game could not be written down ({'; '.join(wrong)}). "
                        "Your game goes on.")
    try:
        record["checksum"] = checksum(record)
        data = json.dumps(record, indent=1, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError) as exc:  # a bug: the state should always be plain JSON
        raise SaveError(f"Could not save: the game could not be written down ({exc}). Your game goes on.") from exc
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _clear_stale_temps(path)
        write_atomic(path, data, durable=True)
    except OSError as exc:
        raise SaveError(f"Could not save to {path}: {exc.strerror or exc}. Your game is not lost; "
                        "try another name or free some space.") from exc
    return path


def checksum(record: dict[str, Any]) -> str:
    """SHA-256 of the record without its checksum, in one canonical spelling: any change to
    the values (not merely to the file's spacing) changes it. Public for tools and tests that
    edit a save on purpose: they seal it again with ``record["checksum"] = checksum(record)``."""
    body = {k: v for k, v in record.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _clear_stale_temps(path: Path) -> None:
    """Remove this slot's temporary files left by writes that were killed (a live write's is young)."""
    now = time.time()
    for tmp in path.parent.glob(f".{path.stem}.*.tmp"):  # slot names hold no glob characters
        try:
            if now - tmp.stat().st_mtime > _STALE_TEMP:
                tmp.unlink()
        except OSError:
            pass


# -- reading ---------------------------------------------------------------------------------------

def read(name: str, story: Story) -> tuple[State, list[str]]:
    """The state saved in slot *name*, and notes about what changed since; raises SaveError."""
    state, notes, _ = read_game(name, story)
    return state, notes


def read_game(name: str, story: Story) -> tuple[State, list[str], list[State]]:
    """As :func:`read`, with the undo history saved with the state (oldest first; the autosave has one)."""
    path = slot_path(name)
    raw = _read_bytes(path, name)
    record = _record(raw, str(path), sealed=True)
    state, notes = _state(record, story, str(path))
    return state, notes, _history(record, story)


def parse(raw: bytes, story: Story, where: str) -> tuple[State, list[str]]:
    """Check a save record's bytes and return its state; raises SaveError with the reason.

    A checksum is verified when the record has one, but not required: this also vets
    records made in memory (live reload carries a game into a changed story this way).
    Files are read with :func:`read`, which requires the checksum of a format 2 save."""
    return _state(_record(raw, where, sealed=False), story, where)


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return _read_file(path)
    except FileNotFoundError:
        raise SaveError(f"There is no save called '{name}'.") from None


def _read_file(path: Path) -> bytes:
    """The bytes of the save file *path*, read without ever hanging or reading without end
    (game.files.read_regular: only a regular file, or a link to one, and no more than
    MAX_SAVE_BYTES); raises SaveError (FileNotFoundError when there is none)."""
    try:
        return read_regular(path, MAX_SAVE_BYTES)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise SaveError(f"Could not read {path}: {exc.strerror or exc}.", "cannot be read") from exc
    except NotRead as exc:
        if exc.kind == "a folder":
            raise SaveError(f"{path} is a folder, not a save; it was left untouched.", "a folder, not a save") from None
        if exc.kind is not None:
            raise SaveError(f"{path} is {exc.kind}, not a file, so it cannot be a save; it was left untouched.",
                            f"{exc.kind}, not a file") from None
        size = f"more than {MAX_SAVE_BYTES:,}" if exc.at_least else f"{exc.size:,}"
        raise SaveError(f"{path} is {size} bytes: too big to be a save of this game; it was left untouched.",
                        "too big") from None


def _record(raw: bytes, where: str, sealed: bool) -> dict[str, Any]:
    """The save's JSON, checked to be a whole save of this game in a format this version reads.
    *sealed*: a format 2 record must carry its checksum (every file this version writes does)."""
    try:
        record: Any = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # bad UTF-8 or JSON, a 5,000-digit number, deep nesting
        pos = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise SaveError(f"{where} is damaged or truncated{pos}; it was left untouched.", "damaged") from None
    if not isinstance(record, dict) or record.get("game") != GAME_ID:
        raise SaveError(f"{where} is not a save of this game; it was left untouched.", "not a save of this game")
    fmt = record.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
        raise SaveError(f"{where} is damaged: it has no format version; it was left untouched.", "damaged")
    if fmt > SAVE_FORMAT:
        raise SaveError(f"{where} was made by a newer version of the game (save format {fmt}; "
                        f"this version reads {SAVE_FORMAT}). Update the game to load it; it was left untouched.",
                        "made by a newer version")
    sealed_with = record.get("checksum")
    if sealed_with is not None or (sealed and fmt >= 2):
        if not isinstance(sealed_with, str) or sealed_with != checksum(record):
            raise SaveError(f"{where} is damaged: its contents do not match its checksum; it was left untouched.",
                            "damaged")
    return record


def _state(record: dict[str, Any], story: Story, where: str) -> tuple[State, list[str]]:
    """The saved state, vetted against *story*, and notes about what changed since."""
    state: Any = record.get("state")
    wrong = shape_problems(state)
    if wrong:
        raise SaveError(f"{where} cannot be restored: it is damaged ({'; '.join(wrong)}); it was left untouched.")
    title = record.get("title")
    if isinstance(title, str) and title != story.title:
        raise SaveError(f"{where} is a save of another story, '{_printable(title[:80])}', not of "
                        f"'{story.title}'; it was left untouched.")
    changed = record.get("story") != story.fingerprint
    if not changed:
        # A save of this very story has nothing to leave out: anything that does not fit is
        # damage, not a change of the story, and is refused rather than quietly mended.
        wrong = problems(story, state)
        if wrong:
            raise SaveError(f"{where} cannot be restored: it does not fit this story ({'; '.join(wrong)}); "
                            "it was left untouched.")
    state, lost = _fit(state, story, _saved_signatures(record))
    wrong = problems(story, state)
    if wrong:
        why = "the story has changed since it was saved" if changed else "it does not fit this story"
        raise SaveError(f"{where} cannot be restored: {why} ({'; '.join(wrong)}); it was left untouched.")
    notes = []
    if changed:
        notes.append("The story has changed since this save was made; "
                     + ("everything it refers to still exists, so it was restored." if not lost
                        else "it was restored, except:"))
        notes += [f"- {line}" for line in lost]
    return state, notes


def _history(record: dict[str, Any], story: Story) -> list[State]:
    """The saved undo history: the newest run of states *story* can still play (older ones are dropped)."""
    kept: list[State] = []
    history = record.get("history")
    signatures = _saved_signatures(record)
    for past in reversed(history if isinstance(history, list) else []):
        if shape_problems(past):
            break
        past, _ = _fit(past, story, signatures)
        if problems(story, past):
            break  # undo must step back through turns in order: stop at the first that cannot be played
        kept.append(past)
    return kept[::-1]


# -- vetting a saved state -------------------------------------------------------------------------

def _fit(state: State, story: Story, signatures: dict[str, str]) -> tuple[State, list[str]]:
    """A copy of *state* without what *story* no longer has; and, for the player, what was left out.

    The scene the player stands in (and the ending of a finished game) are not left out
    here: without them there is no game, and :func:`problems` says so."""
    state = dict(state)
    lost: list[str] = []
    things = story.things
    state["visited"] = [v for v in state["visited"] if v in story.scenes]  # nothing depends on a lost one
    inventory = []
    for item in state["inventory"]:
        thing = things.get(item)
        if thing is None:
            lost.append(f"the item {quote_id(item)} you carried is no longer in the story.")
        elif thing.kind == "person" or not thing.portable:
            lost.append(f"{_unmovable(thing)} you carried {_why_unmovable(thing, 'carried')}")
        else:
            inventory.append(item)
    state["inventory"] = inventory
    placed: dict[str, str | None] = {}
    for item, where in state["placed"].items():
        if item not in things:
            continue  # an item the story no longer has is nowhere to be put back
        thing = things[item]
        if thing.kind == "person" or not thing.portable:
            lost.append(f"{_unmovable(thing)} you had moved {_why_unmovable(thing, 'moved')}")
            continue
        if where is not None and where not in story.scenes:
            lost.append(f"the {thing.name} was left in {quote_id(where)}, which is no longer in the story: "
                        "it is back where the story first puts it.")
            continue
        placed[item] = where
    state["placed"] = placed
    state["done"], forgotten = _done_ids(state["done"], story, signatures)
    lost += [f"the one-time action {quote_id(aid)} you had done is not in the story as it was: "
             "it counts as not done." for aid in forgotten]
    if state["it"] is not None and state["it"] not in things:
        state["it"] = None
    if state["pending"] is not None and not _question_fits(state["pending"], story):
        state["pending"] = None  # a question about things the story no longer has: simply not asked
    return state, lost


def _unmovable(thing: Thing) -> str:
    return f"the item {quote_id(thing.id)}" if thing.kind == "person" else f"the {thing.name}"


def _why_unmovable(thing: Thing, done: str) -> str:
    """Why a thing the save had carried or moved is where the story puts it now."""
    if thing.kind == "person":
        return f"is a person in the story now ({thing.name}), who is back where the story puts them."
    return f"can no longer be {done} in the story: it is back where the story first puts it."


def _printable(text: str) -> str:
    """*text* as it can be shown: a lone surrogate (JSON can spell one) would make printing fail."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _question_fits(pending: dict[str, Any], story: Story) -> bool:
    verbs = set(VERB_PHRASES) | set(story.custom_verbs().values())
    return pending["verb"] in verbs and all(c in story.things for c in pending["candidates"])


def _done_ids(done: list[str], story: Story, saved: dict[str, str]) -> tuple[list[str], list[str]]:
    """The one-time actions done, by their ids in *story*; and the ids that no longer name them.

    An action without an id of its own is numbered by its place in its scene, so an action
    added before it moves it to another number: the signature saved with it finds it again."""
    now = _signatures(story)
    by_signature: dict[str, list[str]] = {}
    for aid, sig in now.items():
        by_signature.setdefault(sig, []).append(aid)
    kept: list[str] = []
    forgotten: list[str] = []
    for aid in done:
        sig = saved.get(aid)
        if sig is not None and now.get(aid) != sig and len(by_signature.get(sig, [])) == 1:
            aid = by_signature[sig][0]  # the same action, at another place
        elif aid not in now or (sig is not None and now[aid] != sig):
            # Gone, or another action has its number now: marking that one done could lock
            # the player out of it, so the action done counts as not done instead.
            forgotten.append(aid)
            continue
        if aid not in kept:
            kept.append(aid)
    return kept, forgotten


def _signatures(story: Story) -> dict[str, str]:
    """Each action's id -> what identifies it whatever its place: its scene, verbs, objects and
    conditions (not its texts, which an author may polish without making it another action)."""
    def signature(owner: str, action: Action) -> str:
        what = [owner, list(action.verbs), action.object, action.with_, action.when, action.once]
        return hashlib.blake2b(json.dumps(what, sort_keys=True).encode(), digest_size=8).hexdigest()

    out: dict[str, str] = {}
    for sid, scene in story.scenes.items():
        for action in scene.actions:
            out.setdefault(action.id, signature(sid, action))
    for action in story.actions:
        out.setdefault(action.id, signature("", action))
    return out


def _saved_signatures(record: dict[str, Any]) -> dict[str, str]:
    actions = record.get("actions")
    if not isinstance(actions, dict):
        return {}
    return {k: v for k, v in actions.items() if isinstance(k, str) and isinstance(v, str)}


# -- listing and managing slots --------------------------------------------------------------------

def slots() -> list[SlotInfo]:
    """Saved slots, newest first; unreadable or damaged files are listed (as damaged) so they can be seen."""
    out: list[SlotInfo] = []
    folder = saves_dir()
    if not folder.is_dir():
        return out
    for path in folder.glob("*.json"):
        if not _SLOT.match(path.stem):
            continue  # not a name the game could have written, nor load
        try:
            record = _record(_read_file(path), str(path), sealed=True)
            score = record.get("score")
            # (What the file says, made printable: a lone surrogate would stop the screen drawing.)
            out.append(SlotInfo(path.stem, path, _printable(str(record.get("saved_at", ""))),
                                _printable(str(record.get("scene", ""))), _printable(str(record.get("clock", ""))),
                                score if isinstance(score, int) and not isinstance(score, bool)
                                and abs(score) <= MAX_COUNT else None))
        except SaveError as exc:
            out.append(SlotInfo(path.stem, path, "", "(damaged)", damaged=True, problem=exc.short))
        except (OSError, ValueError):
            out.append(SlotInfo(path.stem, path, "", "(damaged)", damaged=True, problem="cannot be read"))
    return sorted(out, key=lambda s: s.saved_at, reverse=True)


def autosave(state: State, story: Story, history: Sequence[State] = ()) -> Path:
    """Keep the game in the autosave slot (on quit), with its undo history, for the title screen's Continue."""
    return write(AUTOSAVE, state, story, history)


def has_autosave() -> bool:
    """Is there a game to continue? (A file check only: cheap enough for the first frame.)"""
    return autosave_path().is_file()


def delete(name: str) -> None:
    """Remove slot *name*; a slot that is already gone is not an error."""
    path = slot_path(name)
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise SaveError(f"Could not delete {path}: {exc.strerror or exc}.") from exc
