"""The ending screen: how the story ended, the score, and a summary of the run."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, Static

from ..panel_data import RunSummary
from ..story_text import reflow
from ..widgets.two_columns import TwoColumns
from .dialogs import Dialog


def summary_rows(run: RunSummary) -> list[tuple[str, str]]:
    """The run in a few rows: score, turns, mission time, scenes, what was carried."""
    return [
        ("Score", f"{run.score} of {run.max_score}"),
        ("Turns", str(run.turns)),
        ("Mission time", run.clock),
        ("Scenes", " → ".join(run.visited)),
        ("Carried", ", ".join(run.carried) or "nothing"),
    ]


class EndingScreen(Dialog[str | None]):
    """Shown when the story ends; dismissed with "undo", "load", "new", "quit", or None to read the log."""

    BINDINGS = [
        Binding("u", "choose('undo')", "Undo last move"),
        Binding("l", "choose('load')", "Load"),
        Binding("n", "choose('new')", "New game"),
        Binding("q", "choose('quit')", "Quit"),
        Binding("escape", "choose(None)", "Back to the story"),
    ]
    """One key per way on from the end."""

    def __init__(self, run: RunSummary) -> None:
        super().__init__()
        self.run = run

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="ending"):
            title = f"The end: {self.run.ending}"
            yield Label(Content(title), classes="dialog-title " + ("win" if self.run.win else "loss"))
            with VerticalScroll(id="ending-body"):
                yield Static(Content(reflow(self.run.text)), id="ending-text")
                yield TwoColumns(summary_rows(self.run), id="summary")
            with Horizontal(classes="buttons"):
                yield Button("Undo (u)", id="undo", compact=True)
                yield Button("Load (l)", id="load", compact=True)
                yield Button("New (n)", id="new", variant="primary", compact=True)
                yield Button("Quit (q)", id="quit", variant="error", compact=True)

    def on_mount(self) -> None:
        self.query_one("#new", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
