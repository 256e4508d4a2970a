"""Engine events as plain text lines: the plain mode, transcripts and walkthrough output.

Plain text here means exactly that: no escape codes, no markup, and no line that
starts with ``>`` (that is the prompt's mark, which IF test tools look for).
"""

from __future__ import annotations

import re
from datetime import datetime

from ..engine import events as ev
from ..engine.events import Event

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """*text* safe for a plain terminal or pipe: control characters dropped, no line opening with '>'."""
    if ">" not in text and _CONTROL.search(text) is None:  # nearly always: nothing to do
        return text
    text = _CONTROL.sub("", text.replace("\r\n", "\n"))
    return "\n".join(" " + line if line.startswith(">") else line for line in text.split("\n"))


def clock_text(clock: str) -> str:
    """``2021-10-05T08:55Z`` as a player reads it: ``5 Oct 2021, 08:55 GMT``."""
    moment = datetime.strptime(clock, "%Y-%m-%dT%H:%MZ")
    return f"{moment.day} {moment.strftime('%b %Y, %H:%M')} GMT"


def lines(events: list[Event]) -> list[str]:
    """The text of one turn, as lines."""
    out: list[str] = []
    clock_at = -1  # only the last clock of a turn is shown, where it happened
    clock = ""
    bare_title = False  # a title opened the text: a clock shown before it needs a blank line between
    for e in events:
        kind = e.kind
        if kind == ev.TEXT or kind == ev.PROSE:  # the common case first
            if e.text:
                out.append(e.text.rstrip("\n"))
            continue
        if kind == ev.META:
            continue
        if kind == ev.CLOCK:
            clock_at, clock = len(out), e.data["clock"]
            continue
        if kind == ev.TITLE:
            if out:
                out.append("")
            else:
                bare_title = True
            out.append(e.text)
            continue
        if kind == ev.SCORE and e.data.get("delta"):
            d = e.data["delta"]
            change = "gone up" if d > 0 else "gone down"
            out.append(f"[Your score has {change} by {abs(d)} point{'s' if abs(d) != 1 else ''}.]")
            continue
        if kind == ev.ENDING:
            out += ["", f"*** {e.data['title']} ***", e.text.rstrip("\n"),
                    f"You scored {e.data['score']} out of {e.data['max']}, in {e.data['turns']} "
                    f"turn{'s' if e.data['turns'] != 1 else ''}.",
                    "(The story is over: undo, restore or quit.)"]
            continue
        if e.text:
            out.append(e.text.rstrip("\n"))
    if clock_at >= 0:
        shown = f"[Mission clock: {clock_text(clock)}]"
        out[clock_at:clock_at] = [shown, ""] if clock_at == 0 and bare_title else [shown]
    return clean("\n".join(out)).split("\n") if out else []
