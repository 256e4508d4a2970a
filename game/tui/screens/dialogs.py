"""What every dialog shares (:class:`Dialog`), and a yes/no confirmation (quit, delete a save)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, ScreenResultType
from textual.widgets import Button, Label


class Dialog(ModalScreen[ScreenResultType]):
    """A dialog over the game or the title screen."""

    CSS_PATH = "../dialogs.tcss"  # read when a dialog first opens (app.tcss says why)


class ConfirmScreen(Dialog[bool]):
    """A question with two answers; dismissed with True for yes, False for no."""

    BINDINGS = [
        Binding("y", "choose(True)", "Yes"),
        Binding("n,escape", "choose(False)", "No"),
    ]
    """Y answers yes; N or Escape answers no."""

    def __init__(self, title: str, text: str, yes: str, no: str) -> None:
        super().__init__()
        self.title_text, self.text, self.yes, self.no = title, text, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.title_text), classes="dialog-title")
            yield Label(Content(self.text), classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(Content(f"{self.yes} (y)"), id="yes", variant="error", compact=True)
                yield Button(Content(f"{self.no} (n)"), id="no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_choose(self, answer: bool) -> None:
        self.dismiss(answer)
