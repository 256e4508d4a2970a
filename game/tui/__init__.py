"""The Textual front end. Importing this package imports Textual: only ``challenge`` in a terminal does."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ..content.loader import LoadResult


def run(load: Callable[[], LoadResult], record_to: Path | None = None,
        watch: list[str | Path] | None = None) -> tuple[int, LoadResult | None]:
    """Play in the terminal; *load* runs once the title screen is up; *record_to* is --record FILE;
    *watch* (--watch) the scene files or folders whose changes reload the story.

    Returns the exit status, and the load result when the story was refused for
    its errors (the caller reports them, once Textual has given the terminal back).
    """
    from .app import create_app

    app = create_app(load=load, record_to=record_to, watch=watch)
    status = app.run()
    failed = app.load_result if app.load_result is not None and not app.load_result.ok else None
    return (status if isinstance(status, int) else 0), failed
