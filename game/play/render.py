"""Engine events as plain text lines: the plain mode, transcripts and walkthrough output.

Plain text here means exactly that: no escape codes, no markup, and no line that
starts with ``>`` (that is the prompt's mark, which IF test tools look for).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from ..engine import events as ev
from ..engine.events import Event

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """*text* safe for a plain terminal or pipe: control characters dropped, no line opening with '>'."""
    if ">" not in text and _CONTROL.search(text) is None:  # nearly always: nothing to do
        return text
    text = _CONTROL.sub("", text.replace("\r\n", "\n"))
    return "\n".join(" " + line if line.startswith(">") else line for line in text.split("\n"))


@lru_cache(maxsize=1024)  # a turn that moves the clock shows it: parse each time once
def clock_text(clock: str) -> str:
    """``2021-10-05T08:55Z`` as a player reads it: ``5 Oct 2021, 08:55 GMT``."""
    moment = datetime.strptime(clock, "%Y-%m-%dT%H:%MZ")
    return f"{moment.day} {moment.strftime('%b %Y, %H:%M')} GMT"


def _add(out: list[str], text: str) -> None:
    """Append *text*'s lines to *out*, cleaned as :func:`clean` would clean them."""
    # isprintable() is False for every character clean() drops and for line breaks, so a text
    # that passes is one clean line as it stands (the usual case: no regex, no split).
    if text.isprintable() and ">" not in text:
        out.append(text)
    else:
        out += clean(text).split("\n")


# How lines() treats each kind; every kind not listed is shown as its text (trace kinds have none).
_SKIP, _CLOCK, _TITLE, _SCORE, _ENDING = range(5)
_ROLES = {ev.META: _SKIP, ev.CLOCK: _CLOCK, ev.TITLE: _TITLE, ev.SCORE: _SCORE, ev.ENDING: _ENDING}


def lines(events: list[Event]) -> list[str]:
    """The text of one turn, as lines, each one :func:`clean`."""
    out: list[str] = []
    clock_at = -1  # only the last clock of a turn is shown, where it happened
    clock = ""
    bare_title = False  # a title opened the text: a clock shown before it needs a blank line between
    roles = _ROLES
    for e in events:
        role = roles.get(e.kind)
        if role is None:  # narration, prose, lists, errors: the text as it is (the common case first)
            text = e.text
            if text:
                if text.isprintable() and ">" not in text:  # _add()'s shortcut, inlined: nearly every event
                    out.append(text)
                else:
                    _add(out, text.rstrip("\n"))
            continue
        if role == _TITLE:
            if out:
                out.append("")
            else:
                bare_title = True
            _add(out, e.text)
        elif role == _CLOCK:
            clock_at, clock = len(out), e.data["clock"]
        elif role == _SCORE and e.data.get("delta"):
            d = e.data["delta"]
            change = "gone up" if d > 0 else "gone down"
            out.append(f"[Your score has {change} by {abs(d)} point{'s' if abs(d) != 1 else ''}.]")
        elif role == _ENDING:
            out.append("")
            _add(out, f"*** {e.data['title']} ***")
            _add(out, e.text.rstrip("\n"))
            out += [f"You scored {e.data['score']} out of {e.data['max']}, in {e.data['turns']} "
                    f"turn{'s' if e.data['turns'] != 1 else ''}.",
                    "(The story is over: undo, restore or quit.)"]
        elif role == _SCORE and e.text:  # a score with no change: its text, as any other kind
            _add(out, e.text.rstrip("\n"))
    if clock_at >= 0:
        shown: list[str] = []
        _add(shown, f"[Mission clock: {clock_text(clock)}]")
        out[clock_at:clock_at] = shown + [""] if clock_at == 0 and bare_title else shown
    return out
