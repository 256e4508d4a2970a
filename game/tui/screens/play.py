"""The play screen: status line, story log, side panel, command line and footer.

It holds the :class:`Session` and does what the engine cannot: it shows events,
and carries out the ``meta`` events (save, restore, quit) the engine hands back.
Every rule of the game stays in the engine.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.events import DescendantFocus
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from ... import saves
from ...authoring.reload import wants_reload
from ...engine import events as ev
from ...engine.events import Event
from ...engine.session import Session
from ...engine.story import Story
from ...play import record
from .. import panel_data
from ..completion import Options, Words, words_for
from ..story_text import turn_content
from ..widgets.command_input import CommandInput
from ..widgets.links import CommandChosen
from ..widgets.side_panel import SidePanel
from ..widgets.status_line import StatusLine
from ..widgets.story_log import StoryLog
from .dialogs import ConfirmScreen
from .ending import EndingScreen
from .saves import LoadScreen, SaveScreen


class PlayScreen(Screen[None]):
    """Where the game is played."""

    CSS_PATH = "../play.tcss"  # read when the first game starts, not before the title screen's first frame

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+o", "load", "Load"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("f2", "toggle_panel", "Panel"),
        Binding("f3", "show_tab('sources')", "Sources"),
        Binding("f4", "show_tab('objectives')", "Goals", show=False),
        Binding("f5", "show_tab('inventory')", "Items", show=False),
        Binding("f6", "show_tab('crew')", "Crew", show=False),
        Binding("pageup", "scroll_log(-1)", "Scroll the story up", show=False),
        Binding("pagedown", "scroll_log(1)", "Scroll the story down", show=False),
        Binding("ctrl+t", "app.toggle_dark", "Dark or light theme", show=False),
    ]
    """Keys of the play screen; the help screen lists them all, the footer the common ones."""

    # Below 76 columns the side panel would squeeze the story: it hides until F2 asks for it.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-normal")]

    def __init__(self, session: Session, opening: list[Event] | None = None, slot: str = "default",
                 record_to: Path | None = None) -> None:
        """Play *session*: a new game when there is no *opening* to show (a restored one has)."""
        super().__init__()
        self.session = session
        # Always kept, so 'record FILE' can write the game from its beginning (as in the plain mode):
        # made before a new game's opening runs, so a recording starts where the story does.
        self.recorder = record.Recorder(session.story, record.start_of(session.story, session.state))
        if opening is None:
            opening = session.start()
        if record_to is not None:  # --record FILE
            try:
                self.recorder.to(record_to)
            except OSError as exc:
                self.recorder.stop()
                opening = opening + said([f"Cannot record to {record_to}: {exc.strerror or exc}."])
        self.opening = opening
        self.panel_open: bool | None = None  # None: as the width decides; True/False: the player chose
        self.last_slot = slot  # the save screen suggests it
        self._could_undo = False

    @property
    def story(self) -> Story:
        return self.session.story

    def compose(self) -> ComposeResult:
        # No containers: Textual draws, for every frame, each widget whose container overlaps what
        # changed, so the story column and the command line sit straight on the screen. The status line,
        # the footer and then the panel are split off the screen's edges, in that order (CSS), and
        # what is left is the story column: a turn changes only that column, and Textual redraws the box
        # around what changed (the panel stays as it was drawn).
        yield StatusLine(id="status")
        yield StoryLog(id="log")
        yield Static(id="hint")
        with Horizontal(id="prompt-row"):
            yield Label(">", id="prompt")
            yield CommandInput(self.current_words, id="command", placeholder="Type a command, or ? for help")
        yield Footer()
        yield SidePanel(id="panel")

    def on_mount(self) -> None:
        self.query_one(StoryLog).add_turn(turn_content(self.opening))
        self.refresh_view()
        self.query_one(CommandInput).focus()
        if self.session.state["ended"]:
            self.call_after_refresh(self.show_ending)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # The command line keeps the keyboard: a click on a tab or the log must not take it away.
        box = self.query_one(CommandInput)
        if event.widget is not box:
            box.focus()

    # -- the game ------------------------------------------------------------------------------------
    def current_words(self) -> Words:
        """Completion's vocabulary for the state now (save names too, for save and restore)."""
        names = tuple(s.name for s in saves.slots() if not s.damaged)
        return words_for(self.story, self.session.state, names)

    @on(Input.Submitted, "#command")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        command = event.value
        box = self.query_one(CommandInput)
        box.value = ""
        if not command.strip():
            return  # a stray Enter is not worth a "beg your pardon" in a window that shows the prompt
        box.remember(command)
        self.play(command)

    @on(CommandChosen)
    def _clicked(self, event: CommandChosen) -> None:
        event.stop()
        self.query_one(CommandInput).remember(event.command)
        self.play(event.command)

    def play(self, command: str) -> None:
        """Play one command and show what happened."""
        if wants_reload(command, self.story):  # the story's files read again (game/tui/live_reload.py)
            self.app.live.reload(command)  # type: ignore[attr-defined]
            return
        reply = record.command(self.recorder, command, self.story)
        if reply is not None:  # 'record FILE' / 'record off'
            self.show(said(reply), command)
            return
        events = self.session.submit(command)
        events = events + said(self.recorder.note(command, events, self.session.state))
        for e in [e for e in events if e.kind == ev.META]:
            events = events + self.meta(e.data["action"], e.data.get("name", ""))
        self.show(events, command)
        if any(e.kind == ev.ENDING for e in events):
            self.show_ending()

    def show(self, events: list[Event], command: str | None = None) -> None:
        """Add a turn to the log and bring the status line and panel up to date."""
        self.query_one(StoryLog).add_turn(turn_content(events, command))
        self.refresh_view()

    def refresh_view(self) -> None:
        """Bring the status line, the side panel and the footer up to date with the state."""
        state = self.session.state
        self.query_one(StatusLine).show(panel_data.status(self.story, state))
        self.query_one(SidePanel).show(self.story, state)
        can_undo = bool(self.session.history)
        if can_undo != self._could_undo:  # the footer redraws itself on a refresh: only when undo changes
            self._could_undo = can_undo
            self.refresh_bindings()

    def show_ending(self) -> None:
        """Open the ending screen over the game."""
        run = panel_data.run_summary(self.story, self.session.state)
        self.app.push_screen(EndingScreen(run), self._after_ending)

    def _after_ending(self, choice: str | None) -> None:
        if choice == "undo":
            self.action_undo()
        elif choice == "load":
            self.action_load()
        elif choice == "new":
            self.app.call_later(self.app.run_action, "menu('new')")
        elif choice == "quit":
            self.leave()

    # -- meta commands: what the engine leaves to the front end ----------------------------------------
    def meta(self, action: str, name: str) -> list[Event]:
        """Carry out save, restore or quit; returns what to say (a dialog, if one opens, says it later)."""
        if action == "quit":
            self.action_quit()
        elif action == "save" and name:
            return self.save(name)
        elif action == "save":
            self.action_save()
        elif action == "restore" and name:
            return self.restore(name)
        elif action == "restore":
            self.action_load()
        return []

    def save(self, name: str) -> list[Event]:
        """Save to slot *name*; returns what to say about it."""
        try:
            saves.write(name, self.session.state, self.story)
        except saves.SaveError as exc:
            return [Event(ev.ERROR, str(exc))]
        self.last_slot = name
        return [Event(ev.TEXT, f"Saved as '{name}'.")]

    def restore(self, name: str) -> list[Event]:
        """Load slot *name* (undo goes back to before it); returns what to say and show."""
        try:
            state, notes = saves.read(name, self.story)
        except saves.SaveError as exc:
            return [Event(ev.ERROR, str(exc))]
        self.session.replace(state)
        if name != saves.AUTOSAVE:  # the autosave is the game's own slot, not one to suggest
            self.last_slot = name
        if state["ended"]:
            self.call_after_refresh(self.show_ending)
        return restored(self.session, name, notes) + said(self.recorder.restart(state))

    def leave(self) -> None:
        """Quit now: keep the game for Continue (a finished one is not worth continuing)."""
        try:
            if self.session.state["ended"]:
                saves.delete(saves.AUTOSAVE)
            else:
                saves.autosave(self.session.state, self.story, self.session.history)
        except saves.SaveError as exc:
            # Quitting must not strand the player; say why the game was not kept, on the way out.
            self.app.exit(message=str(exc))
            return
        self.app.exit()

    # -- actions -------------------------------------------------------------------------------------
    def action_quit(self) -> None:
        """Ask before quitting; the game is kept in the autosave slot."""
        if self.session.state["ended"]:
            self.leave()
            return
        note = "Your game is kept: choose Continue on the title screen next time."
        self.app.push_screen(ConfirmScreen("Quit the game?", note, "Quit", "Stay"),
                             lambda yes: self.leave() if yes else None)

    def action_save(self) -> None:
        """Open the save screen."""
        self.app.push_screen(SaveScreen(self.last_slot), lambda name: self.show(self.save(name)) if name else None)

    def action_load(self) -> None:
        """Open the load screen."""
        self.app.push_screen(LoadScreen(), lambda name: self.show(self.restore(name)) if name else None)

    def action_undo(self) -> None:
        """Take back a turn: the same as typing undo (and recorded as such)."""
        self.play("undo")

    def action_toggle_panel(self) -> None:
        """Show or hide the side panel."""
        panel = self.query_one(SidePanel)
        self.panel_open = not panel.display
        self._apply_panel()

    def action_show_tab(self, tab: str) -> None:
        """Open the side panel at one of its tabs."""
        self.panel_open = True
        self._apply_panel()
        self.query_one(SidePanel).active = tab

    def _apply_panel(self) -> None:
        self.set_class(self.panel_open is True, "-panel-open")
        self.set_class(self.panel_open is False, "-panel-closed")

    def action_scroll_log(self, pages: int) -> None:
        """PageUp and PageDown scroll the story while the command line keeps the keyboard."""
        log = self.query_one(StoryLog)
        log.scroll_page_down() if pages > 0 else log.scroll_page_up()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo" and not self.session.history:
            return None  # shown greyed out: there is nothing to undo yet
        return True

    # -- completion choices --------------------------------------------------------------------------
    @on(CommandInput.Completions)
    def _completions(self, event: CommandInput.Completions) -> None:
        event.stop()
        hint = self.query_one("#hint", Static)
        hint.update(choices_text(event.options, event.index))
        hint.display = bool(event.options.tails) and len(event.options.tails) > 1

    @on(CommandInput.HelpWanted)
    async def _help(self) -> None:
        await self.app.run_action("help")


def said(lines: list[str]) -> list[Event]:
    """Lines from the front end itself (the recorder, the loader), as events the log shows."""
    return [Event(ev.TEXT, line) for line in lines]


def restored(session: Session, name: str, notes: list[str]) -> list[Event]:
    """What to show after loading slot *name*: the loader's notes, then where the player stands."""
    done = "Continuing your last game." if name == saves.AUTOSAVE else f"Restored '{name}'."
    return said(notes + [done]) + session.look()


def choices_text(options: Options, index: int) -> Content:
    """Completion choices in one line, the one in the command line highlighted."""
    parts = [Content.styled(t, "reverse" if i == index else "") for i, t in enumerate(options.tails)]
    return Content("  ").join(parts)
