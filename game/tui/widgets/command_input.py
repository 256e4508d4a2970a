"""The command line: an Input with history (Up/Down) and Tab completion.

The parent sets :attr:`CommandInput.words` (what completion may offer) after
every turn; the widget posts :class:`CommandInput.Completions` so the parent can
show the choices, and :class:`CommandInput.HelpWanted` for ``?`` on an empty line.
"""

from __future__ import annotations

from typing import Callable

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from ...engine.parser import MAX_INPUT
from ..completion import Completer, Options, Words
from ..history import History


class CommandInput(Input):
    """Where the player types commands."""

    ALLOW_MAXIMIZE = False  # (the palette's Maximize would show the command line alone, the story hidden)

    BINDINGS = [
        Binding("tab", "complete(1)", "Complete the word (again: next choice)", show=False),
        Binding("shift+tab", "complete(-1)", "Previous completion", show=False),
        Binding("up", "history(-1)", "Previous command", show=False),
        Binding("down", "history(1)", "Next command", show=False),
    ]
    """Completion and history; typing and editing are the Input's own."""

    class Completions(Message):
        """Completion choices to show (none: hide them); *index* is the one in the line, or -1."""

        def __init__(self, options: Options, index: int) -> None:
            super().__init__()
            self.options = options
            self.index = index

    class HelpWanted(Message):
        """``?`` typed on an empty line: the player wants the help screen."""

    def __init__(self, words: Callable[[], Words] | None = None, **kwargs) -> None:
        super().__init__(max_length=MAX_INPUT, select_on_focus=False, compact=True, **kwargs)
        self.words = words  # set by the parent: called when Tab is pressed, so it is always current
        self.history = History()
        self.completer = Completer()

    # Textual calls these handlers before the Input's own; prevent_default() skips the Input's.
    async def _on_key(self, event: events.Key) -> None:
        if event.character == "?" and not self.value:
            event.stop()
            event.prevent_default()
            self.post_message(self.HelpWanted())
        elif event.key == "enter":
            # Submitted here rather than by the Input's binding: a binding runs only once the key has
            # bubbled up to the app (the screen and the app have no Enter of their own to give it).
            event.stop()
            event.prevent_default()
            await self.action_submit()

    def _on_paste(self, event: events.Paste) -> None:
        # A paste too long for the line is cut to fit (the Input would refuse it whole, with a bell).
        event.stop()
        event.prevent_default()
        room = (self.max_length or MAX_INPUT) - len(self.value) + len(self.selected_text)
        line = (event.text.splitlines() or [""])[0][:max(room, 0)]
        if line:
            start, end = sorted(self.selection)
            self.replace(line, start, end)

    def action_complete(self, step: int) -> None:
        """Tab: extend the word being typed, or step through the choices."""
        if self.words is None:
            return
        line = self.completer.tab(self.value, self.words(), step)
        if line != self.value:
            self.value = line
            self.cursor_position = len(line)
            self.completer.line = line  # the Changed event this causes must not reset the cycle
        elif not self.completer.options.tails:
            self.app.bell()
        self._offer(self.completer.options, self.completer.index)

    def action_history(self, step: int) -> None:
        """Up and Down: browse earlier commands."""
        line = self.history.previous(self.value) if step < 0 else self.history.next()
        if line is not None:
            self.value = line
            self.cursor_position = len(line)

    def remember(self, command: str) -> None:
        """Keep a submitted command for Up; forget any completion in progress."""
        self.history.add(command)
        self.completer.reset()
        self._offer(Options(), -1)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # nothing above the command line needs it (and each step up costs the turn time)
        # Typing anything other than what completion put there starts a new completion.
        if event.value != self.completer.line and self.completer.line is not None:
            self.completer.reset()
            self._offer(Options(), -1)

    _offered: tuple = ((), -1)  # the choices last posted: none

    def _offer(self, options: Options, index: int) -> None:
        """Post the choices to show, unless they are those shown already (most turns: none, again)."""
        if (options.tails, index) != self._offered:
            self._offered = (options.tails, index)
            self.post_message(self.Completions(options, index))
