"""The plain line mode: one command per line in, plain text out.

The prompt is a line holding exactly ``>``, flushed after every turn, and no
other line starts with ``>``; that is the convention screen readers, pipes and
IF regression tools (RegTest's "cheap" mode) rely on.
"""

from __future__ import annotations

from typing import IO, Callable

from .. import saves
from ..engine import events as ev
from ..engine.events import Event
from ..engine.session import Session
from ..engine.story import Story
from . import record
from .render import clean, lines

PROMPT = ">"


class PlainGame:
    """Drives a :class:`Session` from a text stream."""

    def __init__(self, story: Story, out: IO[str], session: Session | None = None,
                 on_turn: Callable[[str, list[Event]], None] | None = None,
                 recorder: record.Recorder | None = None) -> None:
        self.session = session or Session(story)
        self.out = out
        self.on_turn = on_turn
        # Always kept, so 'record FILE' can write the game from its beginning.
        self.recorder = recorder or record.Recorder(story, record.start_of(story, self.session.state))

    def write(self, text_lines: list[str]) -> None:
        for line in text_lines:
            self.out.write(line + "\n")

    def prompt(self) -> None:
        self.out.write(PROMPT + "\n")
        self.out.flush()

    def run(self, commands: IO[str]) -> int:
        """Play until EOF or quit; returns the exit status."""
        self.write(lines(self.session.start()))
        self.prompt()
        for raw in commands:
            if self.turn(raw.rstrip("\r\n")):
                break
            self.prompt()
        self.out.flush()
        return 0

    def turn(self, command: str) -> bool:
        """Play one command; True when the player quits."""
        reply = record.command(self.recorder, command, self.session.story)
        if reply is not None:
            self.write([clean(line) for line in reply])
            return False
        events = self.session.submit(command)
        if self.on_turn:
            self.on_turn(command, events)
        self.write(lines(events))
        self.write([clean(line) for line in self.recorder.note(command, events, self.session.state)])
        for e in events:
            if e.kind == ev.META:
                return self.meta(e.data["action"], e.data.get("name", ""))
        return False

    def meta(self, action: str, name: str) -> bool:
        if action == "quit":
            self.write(["Goodbye."])
            return True
        slot = name or "default"
        try:
            if action == "save":
                path = saves.write(slot, self.session.state, self.session.story)
                self.write([clean(f"Saved as '{slot}' ({path}).")])
            elif action == "restore":
                state, notes = saves.read(slot, self.session.story)
                self.session.replace(state)
                self.write([clean(n) for n in notes] + [clean(f"Restored '{slot}'.")])
                self.write(lines(self.session.look()))
                self.write([clean(line) for line in self.recorder.restart(self.session.state)])
        except saves.SaveError as exc:
            self.write([clean(str(exc))])
        return False
