"""Text with clickable commands: exits, people and items in the log and the side panel."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Static


class CommandChosen(Message):
    """The player clicked a link that stands for *command*; the play screen runs it."""

    def __init__(self, command: str) -> None:
        super().__init__()
        self.command = command


class LinkText(Static):
    """A Static whose command links (see ``story_text.command_link``) post :class:`CommandChosen`."""

    def action_run_command(self, command: str) -> None:
        self.post_message(CommandChosen(command))
