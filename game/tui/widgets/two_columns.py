"""Two columns of plain text, the second wrapping on its own (help keys, the run summary)."""

from __future__ import annotations

from textual.containers import Grid
from textual.content import Content
from textual.widgets import Static


class TwoColumns(Grid):
    """Rows of (label, text); cells are plain text, never markup. A row without text spans both columns."""

    DEFAULT_CSS = """
    TwoColumns {
        grid-size: 2;
        grid-columns: auto 1fr;
        grid-gutter: 0 2;
        height: auto;
        & > Static { height: auto; }
        & > .left { text-style: bold; }
        & > .whole { column-span: 2; }
    }
    """

    def __init__(self, rows: list[tuple[str, str]], id: str | None = None, classes: str = "") -> None:
        cells: list[Static] = []
        for left, right in rows:
            if right:
                cells += [Static(Content(left), classes="left"), Static(Content(right), classes="right")]
            else:  # a row with nothing to explain takes the whole width, not the left column's
                cells.append(Static(Content(left), classes="left whole"))
        super().__init__(*cells, id=id, classes=classes)
