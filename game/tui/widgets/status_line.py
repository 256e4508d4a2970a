"""The status line: chapter and location on the left; mission time (GMT) and score on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label

from ..panel_data import Status


class StatusLine(Horizontal):
    """One line at the top of the play screen, in the tradition of IF status bars."""

    def compose(self) -> ComposeResult:
        yield Label(id="where")
        yield Label(id="clock")
        yield Label(id="score")

    shown: Status | None = None

    def show(self, status: Status) -> None:
        """Show *status* (names from the story are plain text, never markup)."""
        if status == self.shown:
            return  # most turns change nothing here: a label updated is a label laid out again
        self.shown = status
        where = f"{status.chapter} › {status.location}" if status.chapter else status.location
        self.query_one("#where", Label).update(Content(where))
        self.query_one("#clock", Label).update(Content(status.clock))
        self.query_one("#score", Label).update(Content(f"Score {status.score}/{status.max_score}"))
