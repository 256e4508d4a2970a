"""The story log: one widget per turn in a scrolling column, oldest dropped past a bound."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content

from .links import LinkText

MAX_TURNS = 200  # turns kept on screen; older ones are dropped so memory stays flat in long sessions


class TurnText(LinkText):
    """The text of one turn."""


class StoryLog(VerticalScroll, can_focus=False):
    """Everything said so far, newest at the bottom.

    Not focusable: the command line keeps the keyboard, and PageUp/PageDown on
    the play screen scroll this log.
    """

    def add_turn(self, content: Content) -> TurnText:
        """Show one more turn and scroll so that its start is in view."""
        entry = TurnText(content, classes="turn")
        if self._fits(content):
            # A turn that fits lands at the bottom: anchored, the log scrolls there in the same
            # layout pass that places the new text (a frame sooner than scrolling afterwards).
            self.anchor()
        else:
            # A turn taller than the log is read from its top, as in a paged interpreter: that
            # needs its place, so the scroll waits for the layout.
            self.anchor(False)
            self.call_after_refresh(self.scroll_to_widget, entry, top=True, animate=False)
        self.mount(entry)
        extra = len(self.children) - MAX_TURNS
        if extra > 0:
            self.remove_children(list(self.children[:extra]))
        return entry

    def _fits(self, content: Content) -> bool:
        """Will *content* fit in the log's height? Before the first layout there is no height to go by."""
        view = self.scrollable_content_region
        if view.height <= 0 or view.width <= 1:
            return False
        # One column spare, for a scroll bar that may appear with this turn.
        return len(content.wrap(view.width - 1)) < view.height

    def on_resize(self) -> None:
        # Text rewraps at the new width, so the old scroll offset points somewhere
        # arbitrary: show the newest text again, as a terminal does.
        self.call_after_refresh(self.scroll_end, animate=False)
