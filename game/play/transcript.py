"""Classic IF transcripts of walkthrough runs, and blessed transcripts to compare runs against.

A transcript reads like a session at a terminal: the opening text, then each
command after a ``>`` prompt and what the game answered, as Inform's ``script``
command writes it. A blessed transcript is the transcript of a run someone has
checked and accepted (``challenge run --bless``); it lives beside the walkthrough
as ``NAME.transcript``, and later runs must produce exactly the same text.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import display_path
from ..files import write_atomic
from . import targets
from .record import SUFFIXES

if TYPE_CHECKING:  # runner imports this module; the type is only for annotations
    from .runner import RunResult

SUFFIX = ".transcript"
DIFF_CONTEXT = 2


def text(result: RunResult) -> str:
    """The transcript of one run. No paths or dates: a blessed transcript must not depend on them."""
    out = [f"Walkthrough: {result.name}", ""]
    for turn in result.turns:
        if turn.command is not None:
            out.append(f">{turn.command}")
        out += turn.lines
        out.append("")
    return "\n".join(out)


RUN_MARK = b"==== "  # how a file of transcripts begins: its first run's heading
OURS = "a transcript written by 'challenge run' (its first line would begin \"==== \")"


def is_transcripts(head: bytes) -> bool:
    """Whether a file beginning with *head* is one :func:`write` wrote (or one with no runs in it)."""
    return head.startswith(RUN_MARK) or not head.strip()


def write(path: Path, results: list[RunResult]) -> None:
    """Write the transcripts of several runs to one file (``--transcript PATH``).

    The name is the player's, so it is checked first (game/play/targets.py): its folder must exist,
    and a file there is replaced only when it is such a file of transcripts or empty. A ``.yaml``
    name is refused: the file is not YAML, and a folder of walkthroughs or scenes would read it."""
    if path.suffix.lower() in SUFFIXES:
        raise targets.Refused("a transcript is plain text, and a .yaml file would be read as a walkthrough "
                              "or a scene; name it .txt")
    real = targets.check(path, is_transcripts, OURS)
    parts = []
    for result in results:
        if result.walkthrough is None:
            continue
        parts.append(f"==== {result.file} " + "=" * max(4, 60 - len(result.file)))
        parts.append(text(result))
    _write(real, "\n".join(parts))


def blessed_path(walkthrough_path: Path) -> Path:
    """Where the blessed transcript of a walkthrough lives: beside it, ``.transcript`` for ``.yaml``."""
    return walkthrough_path.with_suffix(SUFFIX)


def bless(walkthrough_path: Path, transcript: str) -> Path:
    """Accept *transcript* as the one later runs of the walkthrough must reproduce. A ``.transcript``
    file there already is replaced, as blessing means to; a device, FIFO or folder is not."""
    path = blessed_path(walkthrough_path)
    _write(targets.check(path, lambda head: True, "a transcript"), transcript)
    return path


def compare(blessed: Path, transcript: str) -> list[str]:
    """A unified diff from the blessed transcript to this run's (empty when they are the same)."""
    try:
        old = blessed.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"(could not read {display(blessed)}: {exc})"]
    if old.rstrip("\n") == transcript.rstrip("\n"):
        return []
    name = display(blessed)
    return [line.rstrip("\n") for line in difflib.unified_diff(
        old.splitlines(), transcript.splitlines(), f"{name} (blessed)", "this run", n=DIFF_CONTEXT, lineterm="")]


def display(path: Path) -> str:
    return display_path(path)


def _write(path: Path, content: str) -> None:
    """A transcript ends with a line end, as text files do; an interrupted run never leaves half of one."""
    write_atomic(path, content if content.endswith("\n") else content + "\n")
