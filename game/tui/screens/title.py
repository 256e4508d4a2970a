"""The title screen: new game, continue, load, help, quit."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ... import __version__

MENU = (
    ("new", "New game", "n"),
    ("continue", "Continue", "c"),
    ("load", "Load a saved game", "l"),
    ("help", "Help", "h"),
    ("quit", "Quit", "q"),
)
"""Menu entries: id, label, key."""

SUBTITLE = "A documentary text adventure about Soyuz MS-19"


class TitleScreen(Screen[None]):
    """The first screen. Choices are carried out by the app (see ``ChallengeApp.menu``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"app.menu('{ident}')", label, show=False) for ident, label, key in MENU),
        Binding("question_mark", "app.help", "Help", show=False),
    ]
    """A letter for each menu entry, as well as arrows and Enter; ? is help, as in the game."""

    def __init__(self, title: str, can_continue: bool) -> None:
        super().__init__()
        self.story_title = title
        self.can_continue = can_continue

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Label(Content(self.story_title), id="game-title")
            yield Label(SUBTITLE, id="game-subtitle")
            with Center():
                yield OptionList(*[Option(Content.assemble((key.upper(), "bold $text-accent"), "  ", label),
                                          id=ident, disabled=ident == "continue" and not self.can_continue)
                                   for ident, label, key in MENU], id="menu")
            # The keys are on the menu and in this line: no footer, whose bindings bar would say
            # the same again (and is the costliest part of the first frame to build).
            yield Label(f"version {__version__} · F1 help · Ctrl+P commands", id="title-hint")

    def on_mount(self) -> None:
        menu = self.query_one("#menu", OptionList)
        menu.highlighted = 1 if self.can_continue else 0
        menu.focus()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        await self.app.run_action(f"menu('{event.option.id}')")

    def set_title(self, title: str) -> None:
        """The story's own title, once it has loaded."""
        self.story_title = title
        self.query_one("#game-title", Label).update(Content(title))
