"""A game in progress: the current state, undo history and the last command.

``step`` is a pure function of one state; undo and "again" need the turns before
it, so they live here, still free of any I/O. Front ends (plain mode, the Textual
app, the walkthrough runner) each hold one Session.
"""

from __future__ import annotations

from collections import deque

from . import events as ev
from .events import Event
from .parser import parse
from .state import State, new_state
from .step import start, step
from .story import Story

UNDO_DEPTH = 200  # turns kept for undo; bounded so long sessions keep flat memory


class Session:
    """One player's game."""

    def __init__(self, story: Story, state: State | None = None, seed: int = 0) -> None:
        self.story = story
        self.state: State = state if state is not None else new_state(story, seed)
        self.history: deque[State] = deque(maxlen=UNDO_DEPTH)
        self.last_commands: list[str] = []  # what 'again' replays

    def start(self) -> list[Event]:
        """The opening: intro and first scene (only for a new game)."""
        self.state, events = start(self.story, self.state)
        return events

    def look(self) -> list[Event]:
        """Describe the current scene without taking a turn (after restore, reload, undo)."""
        _, events = step(self.story, self.state, "look")
        return events

    def submit(self, command: str) -> list[Event]:
        """Play one command; undo and again are handled here, the rest by ``step``."""
        parsed = parse(command)
        verb = getattr(parsed, "verb", None)
        if verb == "undo":
            return self.undo()
        if verb == "again":
            if not self.last_commands:
                return [Event(ev.ERROR, "There is nothing to repeat yet.", {"reason": "again"})]
            events: list[Event] = []
            for repeated in self.last_commands:
                events += self._play(repeated)
            # The question a repeated command raises was answered last time: don't ask it aloud.
            return [e for e in events if e.kind != ev.QUESTION] if len(self.last_commands) > 1 else events
        asked = self.state["pending"] is not None
        events = self._play(command)
        if not any(e.kind == ev.META for e in events):
            answered = asked and self.state["pending"] is None and not getattr(parsed, "said", "")
            # "take key" / "red": again must repeat both, or it would repeat only "red".
            self.last_commands = self.last_commands[-1:] + [command] if answered else [command]
        return events

    def _play(self, command: str) -> list[Event]:
        new, events = step(self.story, self.state, command)
        if new is not self.state:
            self.history.append(self.state)
            self.state = new
        return events

    def undo(self) -> list[Event]:
        """Go back one turn."""
        if not self.history:
            return [Event(ev.ERROR, "There is nothing to undo.", {"reason": "undo"})]
        self.state = self.history.pop()
        title = self.story.scenes[self.state["scene"]].title
        return [Event(ev.TEXT, f"[Previous turn undone. You are back in: {title}.]", {"undo": True})]

    def replace(self, state: State) -> None:
        """Switch to a restored or reloaded state; the old one can be undone back to."""
        self.history.append(self.state)
        self.state = state
