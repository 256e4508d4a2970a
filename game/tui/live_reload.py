"""Live reload in the Textual game: the ``reload`` command, and ``challenge --watch``.

The app owns one :class:`LiveReload`. Reading the files (YAML, schema, facts: a
few hundred milliseconds) happens in a thread; switching the game to the new
story (``game.authoring.reload``) happens on the app's own loop, between turns.
With ``--watch`` a small worker polls the scene files' times and sizes twice a
second (``game.authoring.watch``) and reloads once a change has settled, so a
file caught half-written by its editor is not reported as broken.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine import events as ev
from ..engine.events import Event

if TYPE_CHECKING:
    from textual.app import App

    from ..authoring.reload import Outcome, Reloader
    from ..content.loader import LoadResult
    from .screens.play import PlayScreen

POLL_SECONDS = 0.5


class LiveReload:
    """Reloads the story of a running game, by hand or whenever its files change."""

    def __init__(self, app: App[int], load: Callable[[], LoadResult] | None,
                 watch: list[str | Path] | None = None) -> None:
        """*load* reads the story's files (None: the game was given a story, so there is nothing to
        reload); *watch* lists the files or folders to poll (None: reload only by hand)."""
        self.app = app
        self._load = load
        self._reloader: Reloader | None = None
        self._lock = threading.Lock()  # the story loader's thread may be the first to want it
        self.watch = watch
        self.poll_seconds = POLL_SECONDS

    @property
    def reloader(self) -> Reloader | None:
        """The reloader (None without a *load*); made on first use, since importing it imports the
        whole content loader, which the title screen's first frame must not wait for."""
        if self._load is None:
            return None
        with self._lock:
            if self._reloader is None:
                from ..authoring.reload import Reloader

                self._reloader = Reloader(self._load)
            return self._reloader

    def remembering(self, load: Callable[[], LoadResult]) -> Callable[[], LoadResult]:
        """*load*, also noting what it read: the first reload can then say which files changed."""
        def load_and_note() -> LoadResult:
            result = load()
            if self.reloader is not None and self.reloader.texts is None and result.ok:
                self.reloader.remember(result)
            return result
        return load_and_note

    def start(self) -> None:
        """Start watching the files, with ``--watch``."""
        if self.watch and self._load is not None:
            self.app.run_worker(self._watch(self.watch), name="watch scene files", group="watch",
                                exit_on_error=False)

    def reload(self, command: str | None = None) -> None:
        """Reload now (the ``reload`` command, typed as *command*); the outcome goes to the story log."""
        if self.reloader is None:
            self._show([Event(ev.TEXT, "[There is nothing to reload: this game was not started from scene "
                                       "files.]")], command)
            return
        self.app.run_worker(self._reload(command, by_hand=True), group="reload", exit_on_error=False)

    async def _watch(self, paths: list[str | Path]) -> None:
        from ..authoring.watch import stamps

        seen = await asyncio.to_thread(stamps, paths)
        while True:
            await asyncio.sleep(self.poll_seconds)
            now = await asyncio.to_thread(stamps, paths)
            if now == seen:
                continue
            # Wait for the change to settle: editors may write a file in several steps.
            while True:
                await asyncio.sleep(self.poll_seconds)
                settled = await asyncio.to_thread(stamps, paths)
                if settled == now:
                    break
                now = settled
            seen = now
            await self._reload(None, by_hand=False)

    async def _reload(self, command: str | None, by_hand: bool) -> None:
        reloader = self.reloader
        assert reloader is not None
        try:
            result = await asyncio.to_thread(reloader.load)
        except Exception as exc:  # a bug in the loader must not end the game being played
            self._show([Event(ev.ERROR, f"The story could not be reloaded: {type(exc).__name__}: {exc}")],
                       command)
            return
        game = self._game()
        if game is None:  # on the title screen: new games start in the new story
            if result.ok and result.story is not None:
                self.app.story = result.story  # type: ignore[attr-defined]
                reloader.remember(result)
                self.app.notify("The story was reloaded.", markup=False)
            else:
                self.app.notify(f"The story has {len(result.errors)} error(s) and was not reloaded; "
                                "run 'challenge check' for details.", severity="error", markup=False)
            return
        outcome = reloader.apply(game.session, result)
        if outcome.story is not None:
            self.app.story = outcome.story  # type: ignore[attr-defined]  # 'New game' plays it too
        if outcome.quiet and not by_hand:
            return  # a file touched or saved again as it was: nothing to say
        game.recorder.story = game.session.story  # a reload is not a turn: nothing is recorded
        game.show(outcome.events, command)
        if not by_hand and self.app.screen is not game:
            self._notify(outcome)  # the log says it all, but the player is looking at something else

    def _notify(self, outcome: Outcome) -> None:
        """A watched change while a dialog covers the game: a toast, as the story log is out of sight."""
        from ..authoring.reload import REFUSED, RELOADED, STRANDED, UNCHANGED

        if outcome.status in (RELOADED, UNCHANGED):
            self.app.notify(outcome.events[0].text.strip("[]"), title="Story reloaded", markup=False, timeout=4)
        elif outcome.status == REFUSED:
            self.app.notify("The scene files have errors; the game goes on in the story as it was. "
                            "The errors are in the story log.", title="Not reloaded", severity="error",
                            markup=False, timeout=8)
        elif outcome.status == STRANDED:
            self.app.notify(outcome.events[0].text, title="Not reloaded", severity="warning", markup=False,
                            timeout=8)

    def _show(self, events: list[Event], command: str | None) -> None:
        game = self._game()
        if game is not None:
            game.show(events, command)
        else:
            self.app.notify(" ".join(e.text for e in events), markup=False)

    def _game(self) -> PlayScreen | None:
        from .screens.play import PlayScreen

        return next((s for s in self.app.screen_stack if isinstance(s, PlayScreen)), None)
