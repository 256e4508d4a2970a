"""The story log: one widget per recent turn in a scrolling column, older turns folded together,
the oldest dropped past a bound."""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.content import Content

from .links import LinkText

MAX_TURNS = 200  # turns kept on screen; older ones are dropped so memory stays flat in long sessions
FOLD = 20  # the newest turns keep a widget each; older ones are folded together, FOLD to a widget
# (A fold is dropped whole: the log keeps between MAX_TURNS - FOLD + 1 and MAX_TURNS turns, so MAX_TURNS
# is to be well above FOLD.)

# Why fold: Textual lays out every child of the log on every turn (a new child is a new layout), so
# the cost of a turn grew with the turns kept: 200 widgets made Enter-to-output several frames long.
# Folded, the log holds at most FOLD + 1 turns and MAX_TURNS / FOLD folds; a fold shows its turns
# exactly as they were (one blank line between turns, as the margin below each turn made).


class TurnText(LinkText):
    """The text of one turn."""

    count = 1  # turns shown


class FoldedTurns(LinkText):
    """Several older turns in one widget, shown as they were (their links still work)."""

    def __init__(self, turns: list[Content]) -> None:
        super().__init__(Content("\n\n").join(turns), classes="turn")
        self.count = len(turns)


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
            # layout pass that places the new text (a frame sooner than scrolling afterwards). That
            # scroll calls no watcher, so the scroll bar is put away here.
            self.anchor()
            self.remove_class("-reading")
        else:
            # A turn taller than the log is read from its top, as in a paged interpreter: that
            # needs its place, so the scroll waits for the layout.
            self.anchor(False)
            self.call_after_refresh(self.scroll_to_widget, entry, top=True, animate=False)
        self.mount(entry)
        self._tidy([c for c in self.children if c.display])  # (not those being removed: display is off)
        return entry

    def _tidy(self, children: list) -> None:
        """Fold and drop the oldest turns of *children*, the log as it is now (a widget removed
        stays among ``self.children`` until Textual has pruned it: the count goes by this list)."""
        gone = []
        single = [c for c in children if isinstance(c, TurnText)]
        if len(single) > FOLD:  # the oldest FOLD become one widget, of the same height
            oldest = single[:FOLD]
            folded = FoldedTurns([t.content for t in oldest])
            self.mount(folded, before=oldest[0])
            at = children.index(oldest[0])
            children[at:at + FOLD] = [folded]
            gone += oldest
        extra = sum(c.count for c in children) - MAX_TURNS  # keep MAX_TURNS: the oldest go (a fold whole)
        for child in children:
            if extra <= 0:
                break
            gone.append(child)
            extra -= child.count
        if gone:
            self.remove_children(gone)

    def _fits(self, content: Content) -> bool:
        """Will *content* fit in the log's height? Before the first layout there is no height to go by."""
        view = self.scrollable_content_region
        if view.height <= 0 or view.width <= 1:
            return False
        # One column spare for a scroll bar that may appear with this turn; once there is one, the width
        # the turn will have, so the height is worked out once (Content keeps it for the layout).
        width = view.width if self.show_vertical_scrollbar else view.width - 1
        return content.get_height({}, width) < view.height

    def on_mount(self) -> None:
        self.watch(self.vertical_scrollbar, "grabbed", self._show_bar, init=False)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._show_bar()

    def _show_bar(self, *_: object) -> None:
        """Show the scroll bar (play.tcss) while the player reads back, anywhere but at the end, and
        while it is held: a bar dragged to the end and put away under the pointer would keep the mouse."""
        self.set_class(not self.is_vertical_scroll_end or self.vertical_scrollbar.grabbed is not None, "-reading")

    _width = 0  # the width the text was last wrapped at

    def on_resize(self, event: events.Resize) -> None:
        # Text rewraps at a new width, so the old scroll offset points somewhere arbitrary: show the
        # newest text again, as a terminal does. (Every turn resizes the log's content too, and
        # needs no scroll: it is anchored, or scrolled to the turn's start.)
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self.scroll_end, animate=False)
