"""The command line's history: Up and Down through earlier commands, like a shell.

Kept apart from the widget so the rules (bounded, no repeats in a row, the draft
line kept while browsing) are tested without a terminal.
"""

from __future__ import annotations

from collections import deque

HISTORY_SIZE = 100  # commands remembered; bounded so a long session keeps flat memory


class History:
    """Earlier commands, oldest first, and where the player is browsing them."""

    def __init__(self, size: int = HISTORY_SIZE) -> None:
        self.items: deque[str] = deque(maxlen=size)
        self.pos: int | None = None  # index being shown, None when editing a new line
        self.draft = ""  # the unfinished line, given back after browsing past the newest

    def add(self, command: str) -> None:
        """Remember *command* (blank lines and a repeat of the last one are not kept)."""
        self.pos = None
        self.draft = ""
        if command.strip() and (not self.items or self.items[-1] != command):
            self.items.append(command)

    def previous(self, current: str) -> str | None:
        """The command before the one shown (Up); None at the oldest."""
        if not self.items:
            return None
        if self.pos is None:
            self.draft = current
            self.pos = len(self.items) - 1
        elif self.pos > 0:
            self.pos -= 1
        else:
            return None
        return self.items[self.pos]

    def next(self) -> str | None:
        """The command after the one shown (Down); the draft after the newest; None when not browsing."""
        if self.pos is None:
            return None
        if self.pos < len(self.items) - 1:
            self.pos += 1
            return self.items[self.pos]
        self.pos = None
        return self.draft
