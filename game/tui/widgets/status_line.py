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
        self._set("#where", where)
        self._set("#clock", status.clock)
        self._set("#score", f"Score {status.score}/{status.max_score}")

    def _set(self, selector: str, text: str) -> None:
        label = self.query_one(selector, Label)
        if str(label.content) == text:
            return  # unchanged (most turns change one label, if any): a label updated is a region to redraw
        content = Content(text)
        # A label of the same width is repainted, not laid out again: the clock and the score keep
        # their width most turns, and the location fills what is left (1fr) whatever its length.
        same_width = selector == "#where" or content.cell_length == Content(str(label.content)).cell_length
        label.update(content, layout=not same_width)
