"""The Textual app: the title screen first, then the game.

:func:`create_app` builds it (tests call it directly, with a story in hand).
From the command line the story is loaded *after* the first frame, in a thread,
so the title screen appears as fast as a bare Textual app's; if the story turns
out to be broken the app exits with status 1 and the errors are printed.
"""

from __future__ import annotations

import asyncio
import gc
import json
import select
import signal
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.events import DescendantFocus
from textual.screen import Screen
from textual.worker import Worker, WorkerFailed

from ..paths import autosave_path, data_dir
from .live_reload import LiveReload
from .screens.title import TitleScreen

if TYPE_CHECKING:
    from ..content.loader import LoadResult
    from ..engine.events import Event
    from ..engine.session import Session
    from ..engine.story import Story

DARK, LIGHT = "textual-dark", "textual-light"
EXIT_CRASH = 70  # the exit status of a bug of ours, as game/cli.py gives it too
DEFAULT_TITLE = "The Challenge: First Film in Orbit"  # shown until the story (and its own title) loads
SETTLE_AFTER = 1.0  # seconds after a game starts: by then Textual has let go of the game it replaced


class ChallengeApp(App[int]):
    """The terminal game."""

    CSS_PATH = "app.tcss"
    TITLE = DEFAULT_TITLE
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]
    """F1 help everywhere; Ctrl+Q asks before leaving a game in progress."""

    # Classes for small terminals (down to 40x12), which app.tcss uses to fit the screens and
    # dialogs in; the play screen has horizontal breakpoints of its own, for its side panel.
    HORIZONTAL_BREAKPOINTS = [(0, "-cramped"), (60, "-roomy")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]

    def __init__(self, story: Story | None = None, load: Callable[[], LoadResult] | None = None,
                 cursor_blink: bool = True, record_to: Path | None = None,
                 watch: list[str | Path] | None = None) -> None:
        super().__init__()
        if story is None and load is None:
            raise ValueError("create the app with a story or a way to load one")
        self.story = story
        # The 'reload' command, and --watch (*watch*: the scene files or folders to poll).
        self.live = LiveReload(self, load, watch)
        self._load = self.live.remembering(load) if load is not None else None
        self.record_to = record_to  # --record FILE: each game is written there as a walkthrough
        self.load_result: LoadResult | None = None  # kept when loading fails, for the CLI to report
        self.cursor_blink = cursor_blink
        self.crash_line: str | None = None  # set when a bug of ours ends the app: what is printed on the way out
        self._story_worker: Worker[LoadResult] | None = None
        self._hung_up = False

    def get_default_screen(self) -> Screen:
        """The title screen is the bottom of the stack, not pushed over Textual's blank default
        screen: that one would be laid out (and resized, and restyled) for nothing before the first
        frame, and the title's first frame would then be drawn as an update of it, in two writes."""
        title = self.story.title if self.story else DEFAULT_TITLE
        return TitleScreen(title, _has_autosave())

    def on_mount(self) -> None:
        self.theme = _saved_theme() or DARK
        self.live.start()
        self._keep_the_game_on_hangup()
        if self.story is None:
            # After the first frame: the title screen does not need the story to appear.
            self.call_after_refresh(self._start_loading)

    # -- the story -----------------------------------------------------------------------------------
    def _start_loading(self) -> None:
        assert self._load is not None
        self._story_worker = self.run_worker(self._load, thread=True, exit_on_error=False)

    async def get_story(self) -> Story | None:
        """The story, waiting for the loader if it is still at work; None (and exiting) if it is broken."""
        if self.story is None:
            if self._story_worker is None:  # a key pressed before the first frame was even drawn
                self._start_loading()
            assert self._story_worker is not None
            try:
                result = await self._story_worker.wait()
            except WorkerFailed:
                return None  # on_worker_state_changed reports it and exits
            # Take the result here: the worker's state-change message may still be queued behind the key
            # that brought us here, and a choice made while the story loads must not be dropped.
            self._loaded(result)
        return self.story

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self._story_worker and event.worker.is_finished:
            self._loaded(event.worker.result)

    def _loaded(self, result: LoadResult | None) -> None:
        """The loader has finished (told once by get_story, once by the worker's message: either may be
        first)."""
        if self.story is not None or self.load_result is not None:
            return
        if result is None or not result.ok:
            self.load_result = result
            error = self._story_worker.error if self._story_worker is not None else None
            self.exit(1, return_code=1,
                      message=None if result else f"challenge: could not load the story: {error}")
            return
        self.story = result.story
        title = self.screen_stack[0] if self.screen_stack else None
        if isinstance(title, TitleScreen):  # (under a dialog, perhaps: it is the bottom of the stack)
            title.set_title(self.story.title)

    # -- starting and ending games --------------------------------------------------------------------
    async def action_menu(self, choice: str) -> None:
        """A title-screen choice (also reachable from the command palette)."""
        if choice == "help":
            self.action_help()
            return
        if choice == "quit":
            self.exit(0)
            return
        story = await self.get_story()
        if story is None:
            return
        from .. import saves
        from ..engine.session import Session

        if choice == "new":
            self.start(Session(story))
        elif choice == "continue" and not saves.has_autosave():
            self.notify("There is no game to continue yet: start a new one.", markup=False)
        elif choice == "continue":
            self._resume(saves.AUTOSAVE)
        elif choice == "load":
            from .screens.saves import LoadScreen

            self.push_screen(LoadScreen(), lambda name: self._resume(name) if name else None)

    def _resume(self, name: str) -> None:
        """Play the game saved in slot *name* (Continue is the autosave)."""
        from .. import saves
        from ..engine.session import Session
        from .screens.play import restored

        assert self.story is not None
        try:
            state, notes, history = saves.read_game(name, self.story)
        except saves.SaveError as exc:
            self.notify(str(exc), title="Cannot load", severity="error", markup=False, timeout=8)
            return
        session = Session(self.story, state)
        session.history.extend(history)  # Continue can undo the turns played before quitting
        self.start(session, restored(session, name, notes), "default" if name == saves.AUTOSAVE else name)

    def start(self, session: Session, opening: list[Event] | None = None, slot: str = "default") -> None:
        """Play *session* (new, or restored with an *opening* to show); replaces the title or the last game."""
        from .screens.play import PlayScreen

        screen = PlayScreen(session, opening, slot, self.record_to)
        # Dialogs (the ending screen, the load screen) close first, so the game is on top.
        while len(self.screen_stack) > 1 and self.screen.is_modal:
            self.pop_screen()
        if isinstance(self.screen, TitleScreen):
            self.push_screen(screen)  # the title is the bottom of the stack (get_default_screen): it stays
        else:
            self.switch_screen(screen)
        self.set_timer(SETTLE_AFTER, _settle_memory)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # Snapshot tests need a cursor that stays put; players get the usual blink.
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    async def action_quit(self) -> None:
        """Ctrl+Q: from a game, ask first (and keep the game); elsewhere, leave at once."""
        from .screens.play import PlayScreen

        game = next((s for s in self.screen_stack if isinstance(s, PlayScreen)), None)
        if game is None:
            self.exit(0)
        elif self.screen is game:
            game.action_quit()
        # else a dialog is open over the game: it is closed first (Escape), then the game asks

    # -- a bug of ours -------------------------------------------------------------------------------
    def _handle_exception(self, error: Exception) -> None:
        """Textual calls this for an exception no handler caught (in a handler, a callback, a worker);
        the app then ends. Keep the game in the autosave slot and the traceback in crash.log first, and
        print one line saying where both are, not the screenful of traceback Textual would print.

        It overrides Textual's own (a private hook: Textual is pinned, and tests/tui/test_hardening.py
        breaks if it changes) and keeps what it does: run_test still re-raises the error for tests."""
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        if self.crash_line is None:
            self.crash_line = _after_crash(error, self._game_in_progress())
            self.exit(EXIT_CRASH, return_code=EXIT_CRASH, message=Text(self.crash_line))
        self.bell()
        self._close_messages_no_wait()

    def _keep_the_game_on_hangup(self) -> None:
        """A closed terminal (SIGHUP) or a plain ``kill`` (SIGTERM) would end the process at once and
        lose the game since the last save: end it as quitting does instead, autosave first."""
        if self.is_headless:
            return  # tests: no terminal to lose, and no signals of their own to take over
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self._hang_up)
        except (AttributeError, NotImplementedError, RuntimeError, ValueError):
            pass  # no such signals (Windows), or not the main thread
        self._watch_the_terminal()

    def _watch_the_terminal(self) -> None:
        """A terminal can also vanish without a SIGHUP (a pseudo-terminal whose other end is closed by a
        program that never made it our controlling terminal). Textual's input thread would then read
        nothing, forever, at full speed: notice the hang-up on stdin and leave as a SIGHUP would."""
        try:
            poller = select.poll()
            poller.register(sys.__stdin__.fileno(), select.POLLIN)  # POLLHUP comes whatever is asked for
        except (AttributeError, OSError, ValueError):
            return  # no poll (Windows) or no stdin: nothing to watch

        def check() -> None:
            if any(mask & (select.POLLHUP | select.POLLNVAL) for _, mask in poller.poll(0)):
                self._hang_up()

        self.set_interval(1.0, check, name="terminal watch")

    def _hang_up(self) -> None:
        from .. import saves

        if self._hung_up:
            return  # the signal and the terminal watch may both see the same hang-up
        self._hung_up = True
        session = self._game_in_progress()
        if session is not None and not session.state["ended"]:
            try:
                saves.autosave(session.state, session.story, session.history)
            except saves.SaveError:
                pass  # nothing to tell it to: the terminal may be gone
        self.exit(0)

    def _game_in_progress(self) -> Session | None:
        from .screens.play import PlayScreen

        game = next((s for s in self.screen_stack if isinstance(s, PlayScreen)), None)
        return game.session if game is not None else None

    def action_help(self) -> None:
        """F1: the commands and keys."""
        from .screens.help import HelpScreen
        from .screens.play import PlayScreen
        from .widgets.command_input import CommandInput

        if any(isinstance(s, HelpScreen) for s in self.screen_stack):
            return
        self.push_screen(HelpScreen([PlayScreen, CommandInput, type(self)]))

    def action_toggle_dark(self) -> None:
        """Switch between the dark and the light theme (remembered for next time)."""
        self.theme = LIGHT if self.theme == DARK else DARK
        _save_theme(self.theme)

    def action_show_help_panel(self) -> None:
        # Textual's keys panel would take a third of the screen's width from the right, beside the side
        # panel (on a narrow screen, nothing was left for the story): the game's own help lists the keys.
        self.action_help()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: the game's commands, then Textual's own (theme, keys, screenshot)."""
        from .screens.play import PlayScreen

        if isinstance(screen, PlayScreen):
            yield SystemCommand("Save game", "Save under a name (Ctrl+S)", screen.action_save)
            yield SystemCommand("Load game", "Load a saved game (Ctrl+O)", screen.action_load)
            yield SystemCommand("Undo", "Take back the last move (Ctrl+Z)", screen.action_undo)
            yield SystemCommand("Side panel", "Show or hide the side panel (F2)", screen.action_toggle_panel)
            for tab, label in (("objectives", "Objectives"), ("inventory", "Inventory"), ("crew", "Crew dossier"),
                               ("sources", "Sources")):
                yield SystemCommand(label, f"Show the {label.lower()} tab", partial(screen.action_show_tab, tab))
            yield SystemCommand("New game", "Start again from the beginning", partial(self.action_menu, "new"))
        elif isinstance(screen, TitleScreen):
            yield SystemCommand("New game", "Start from the beginning", partial(self.action_menu, "new"))
            yield SystemCommand("Load game", "Load a saved game", partial(self.action_menu, "load"))
        yield SystemCommand("Help", "Commands and keys (F1)", self.action_help)
        yield SystemCommand("Dark or light", "Switch between the dark and light theme (Ctrl+T)",
                            self.action_toggle_dark)
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit", "Keys"):  # Help (above) lists every key; see action_show_help_panel
                yield command
        yield SystemCommand("Quit", "Leave the game (Ctrl+Q); a game in progress is kept", self.action_quit)


def _settle_memory() -> None:
    """Once a game is on screen: what is alive now (the story, the app, the screen) lives as long as
    the game, so take it out of the collector's full passes (``gc.freeze``). Each pass would trace it
    all again: a pause of tens of milliseconds every dozen turns or so. The last game's leftovers are
    collected first (``unfreeze``, ``collect``), so starting games again and again holds no more: which is
    why it waits (SETTLE_AFTER), as Textual still refers to the replaced game for a few frames."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _after_crash(error: BaseException, session: Session | None) -> str:
    """Write the traceback to crash.log and the game (if any) to the autosave slot; return the one
    line to print. Nothing here may raise: it runs because something already did."""
    import traceback

    what = " ".join(f"{type(error).__name__}: {error}".split())[:200]
    log = data_dir() / "crash.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        details = f"details are in {log}"
    except OSError:
        details = "the details could not be written down"
    kept = ""
    if session is not None:
        try:
            from .. import saves

            path = saves.autosave(session.state, session.story, session.history)
            kept = f" Your game is saved in {path}: choose Continue to go on."
        except Exception as exc:  # noqa: BLE001 - a crash while crashing must still print its line
            kept = f" Your game could not be saved ({' '.join(str(exc).split())[:120]})."
    return f"challenge: internal error ({what}); this is a bug, {details}.{kept}"


def _has_autosave() -> bool:
    """Is there a game to continue? Asked of game.paths, so game.saves (and with it the engine) need
    not be imported before the title screen's first frame."""
    return autosave_path().is_file()


def _settings_path() -> Path:
    """The player's preferences (the theme), beside the saves."""
    return data_dir() / "settings.json"


def _saved_theme() -> str | None:
    """The theme chosen last time, if any (a damaged settings file is ignored)."""
    try:
        theme = json.loads(_settings_path().read_text("utf-8")).get("theme")
    except (OSError, ValueError, AttributeError):
        return None
    return theme if theme in (DARK, LIGHT) else None


def _save_theme(theme: str) -> None:
    """Remember *theme* for next time."""
    path = _settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"theme": theme}), "utf-8")
    except OSError:
        pass  # a preference that cannot be kept is not worth interrupting the game for


def create_app(story: Story | None = None, load: Callable[[], LoadResult] | None = None,
               cursor_blink: bool = True, record_to: Path | None = None,
               watch: list[str | Path] | None = None) -> ChallengeApp:
    """The app, ready to run: with a *story* (tests), or a *load* function called after the first frame;
    with *watch* (files or folders), the story is reloaded whenever one of its files changes."""
    return ChallengeApp(story, load, cursor_blink, record_to, watch)
