"""Reload the story under a game in progress, keeping the player where they are.

Both front ends use this: the ``reload`` command (plain mode and Textual game) and
``challenge --watch`` (the Textual game, when a scene file changes). The rules:

- files with errors are not taken: the game goes on in the story it had, and the
  errors are shown as ``challenge check`` prints them;
- the player's state is carried over only when every id it needs still exists
  (``game.engine.state.problems``: the scene, what is carried, the ending), and
  then exactly as a restored save is (``game.saves.parse``), which says what it
  could not keep; otherwise the game goes on in the story it had, and says why;
- the undo history is kept as far back as it can be played in the new story.

Loading (slow: YAML, schema, facts) and applying (quick: swapping the session's
story) are separate, so the Textual game can load in a thread.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import saves
from ..content.loader import LoadResult
from ..engine import events as ev
from ..engine.events import Event
from ..engine.session import UNDO_DEPTH, Session
from ..engine.state import State, problems
from ..engine.story import Story

RELOADED = "reloaded"  # the session plays the new story now
UNCHANGED = "unchanged"  # the files say what they said
REFUSED = "refused"  # the files have errors: the old story goes on
STRANDED = "stranded"  # the new story loads, but this game cannot go on in it: the old story goes on

MAX_SHOWN = 12  # diagnostics listed in the game; 'challenge check' has the rest


@dataclass
class Outcome:
    """What a reload did, and what to show the player."""

    status: str
    events: list[Event] = field(default_factory=list)  # plain text, never markup
    story: Story | None = None  # the story the files hold now, when they load (also when STRANDED)
    quiet: bool = False  # nothing worth saying unless asked (files saved again as they were)


class Reloader:
    """Reloads one game's story; remembers each file's text, to say which files changed."""

    def __init__(self, load: Callable[[], LoadResult], loaded: LoadResult | None = None) -> None:
        """*load* reads the story's files again; *loaded* is what the game was started with, if known."""
        self.load = load
        self.texts: dict[str, str] | None = _texts(loaded) if loaded is not None else None
        self.troubled = False  # the last reload was refused: saying the files are fine again is news

    def remember(self, result: LoadResult) -> None:
        """Note the files of a story that is now being played (to say later which changed)."""
        self.texts = _texts(result)

    def reload(self, session: Session) -> Outcome:
        """Load the files and, if they are fit, switch *session* to them (the ``reload`` command)."""
        return self.apply(session, self.load())

    def apply(self, session: Session, result: LoadResult) -> Outcome:
        """Switch *session* to the story in *result*, if it loaded and the game can go on in it."""
        if not result.ok or result.story is None:
            self.troubled = True
            return Outcome(REFUSED, refusal(result))
        new = result.story
        if new.fingerprint == session.story.fingerprint:
            self.remember(result)
            if self.troubled:  # the author put right what was refused: the story goes on as it was
                self.troubled = False
                return Outcome(UNCHANGED, [Event(ev.TEXT, "[The scene files are fine again: they hold the story "
                                                          "you are playing.]")], new)
            return Outcome(UNCHANGED, [Event(ev.TEXT, "[The story files have not changed.]")], new, quiet=True)
        old = session.story
        wrong = "; ".join(problems(new, session.state))
        try:
            state, notes = (session.state, []) if wrong else carry(session.state, old, new)
        except saves.SaveError as exc:  # vetted as a save is, it does not fit
            wrong = str(exc)
        if wrong:
            self.troubled = True
            return Outcome(STRANDED, [Event(ev.ERROR, "The story was not reloaded: your game cannot go on in "
                                        f"the new version ({wrong}). You are still playing the story "
                                        "as it was: go to another scene and reload again.")], new)
        self.troubled = False
        changed = self._changes(result)
        session.story = new
        session.state = state
        session.history = deque(carry_history(list(session.history), old, new), maxlen=UNDO_DEPTH)
        title = new.scenes[session.state["scene"]].title
        note = f"[The story was reloaded{': ' + changed if changed else ''}. You are still in: {title}.]"
        out = [Event(ev.TEXT, note, {"reload": True})]
        out += [Event(ev.TEXT, f"[{n}]", {"reload": True}) for n in notes]
        warnings = len(result.diagnostics) - len(result.errors)
        if warnings:
            out.append(Event(ev.TEXT, f"[It has {warnings} warning{'s' * (warnings != 1)}: "
                                      "run 'challenge check' to read them.]", {"reload": True}))
        return Outcome(RELOADED, out + session.look(), new)

    def _changes(self, result: LoadResult) -> str:
        """Which files changed since the story last loaded, in a few words ('' when not known)."""
        before, after = self.texts, _texts(result)
        self.texts = after
        if before is None:
            return ""
        parts = []
        for label, files in (("changed", [f for f in after if f in before and after[f] != before[f]]),
                             ("new", [f for f in after if f not in before]),
                             ("removed", [f for f in before if f not in after])):
            if files:
                shown = ", ".join(files) if len(files) <= 3 else f"{len(files)} files"
                parts.append(f"{label} {shown}")
        return "; ".join(parts)


def wants_reload(text: str, story: Story) -> bool:
    """Is *text* the front end's ``reload`` command? ``reload`` alone, or ``reload story`` (the only
    form when the story has a verb 'reload' of its own: there may be a camera to reload)."""
    words = text.lower().split()
    if not words or words[0] != "reload":
        return False
    return words[1:] == ["story"] or (len(words) == 1 and "reload" not in story.custom_verbs())


def refusal(result: LoadResult) -> list[Event]:
    """Why the files were not taken: a sentence, then the errors as ``challenge check`` prints them."""
    errors = result.errors
    n = len(errors)
    head = (f"The story was not reloaded: the scene files have {n} error{'s' * (n != 1)}. "
            "You are still playing the story as it was; fix the files and reload.")
    listed = [d.format() for d in errors[:MAX_SHOWN]]
    if n > MAX_SHOWN:
        listed.append(f"... and {n - MAX_SHOWN} more: run 'challenge check' for them all.")
    return [Event(ev.ERROR, head, {"reload": True}), Event(ev.ERROR, "\n".join(listed), {"diagnostics": True})]


def carry(state: State, old: Story, new: Story) -> tuple[State, list[str]]:
    """*state* made fit for *new* exactly as a save restored into it would be (a copy, without what the
    new story no longer has), and what could not be kept. Raises SaveError when it cannot be played."""
    record = {"format": saves.SAVE_FORMAT, "game": saves.GAME_ID, "story": old.fingerprint, "state": state}
    carried, notes = saves.parse(json.dumps(record).encode("utf-8"), new, "the game in progress")
    # The notes speak of a save ("...since this save was made; it was restored, except:"): keep
    # only the details, which are the news here.
    return carried, [n[2:] for n in notes if n.startswith("- ")]


def carry_history(history: list[State], old: Story, new: Story) -> list[State]:
    """The newest run of past states (oldest first) the new story can play: undo steps back through
    turns in order, so it stops at the first that cannot be played."""
    kept: list[State] = []
    for past in reversed(history):
        if problems(new, past):
            break
        try:
            kept.append(carry(past, old, new)[0])
        except saves.SaveError:
            break
    return kept[::-1]


def _texts(result: LoadResult) -> dict[str, str]:
    """Each file's name and a digest of its text."""
    return {src.file: hashlib.sha256(src.text.encode("utf-8", "replace")).hexdigest() for src in result.sources}
