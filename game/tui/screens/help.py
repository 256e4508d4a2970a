"""The help screen (F1 or ``?``): the game's commands and every key.

The commands are the parser's own help text and the keys are read from the
bindings of the play screen, the command line and the app, so this screen can
never drift from what the commands and keys really do.
"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import Label, Static

from ...engine.vocabulary import HELP_TEXT
from ..widgets.two_columns import TwoColumns
from .dialogs import Dialog

MOUSE_HELP = [
    ("Click", "An underlined exit, person or item: go there or look at it"),
    ("Wheel", "Scroll the story"),
    ("Ctrl+P", "Command palette: every command by name"),
]

_KEY_NAMES = {"pageup": "PgUp", "pagedown": "PgDn", "escape": "Esc", "question_mark": "?"}
_ROW = re.compile(r"^ {2}(\S.*?) {2,}(\S.*)$")  # "  look (l)        describe where you are"


def key_name(key: str) -> str:
    """A key as people write it: ``ctrl+s`` is ``Ctrl+S``, ``pageup`` is ``PgUp``."""
    *mods, last = key.strip().split("+")
    last = _KEY_NAMES.get(last, last.upper() if len(last) == 1 else last.title())
    return "+".join([m.title() for m in mods] + [last])


def key_rows(binding_sources: list[type[DOMNode]]) -> list[tuple[str, str]]:
    """(keys, what they do) for every described binding of *binding_sources*, first seen wins."""
    rows: dict[str, tuple[str, str]] = {}
    for source in binding_sources:
        for binding in source.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description or binding.system:
                continue
            keys = " / ".join(key_name(k) for k in binding.key.split(","))
            rows.setdefault(binding.action, (keys, binding.description))
    return list(rows.values())


def command_rows(help_text: str = HELP_TEXT) -> tuple[list[str], list[tuple[str, str]]]:
    """The parser's help text split into prose lines and (command, meaning) rows, so rows can wrap in columns."""
    prose: list[str] = []
    rows: list[tuple[str, str]] = []
    for line in help_text.splitlines():
        m = _ROW.match(line)
        if m:
            rows.append((m.group(1), m.group(2)))
        elif line.startswith("  ") and line.strip():
            rows.append((line.strip(), ""))
        elif line.strip():
            prose.append(line.strip())
    return prose, rows


class HelpScreen(Dialog[None]):
    """Commands and keys, over whatever screen was showing."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close help")]
    """Escape, F1 or Q closes it."""

    def __init__(self, binding_sources: list[type[DOMNode]]) -> None:
        super().__init__()
        self.binding_sources = binding_sources

    def compose(self) -> ComposeResult:
        prose, rows = command_rows()
        with Vertical(classes="dialog"):
            yield Label("Help", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Label("Commands", classes="section first")
                if prose:
                    yield Static(Content(prose[0]), classes="help-prose")
                yield TwoColumns(rows, id="help-commands", classes="help-table")
                for line in prose[1:]:
                    yield Static(Content(line), classes="help-prose")
                yield Label("Keys", classes="section")
                yield TwoColumns(key_rows(self.binding_sources) + MOUSE_HELP, id="help-keys", classes="help-table")
            yield Label("↑ ↓ PgUp PgDn scroll · Escape closes", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
