"""Engine events as styled text for the story log.

Event texts are plain text, never markup: they become :class:`Content` built
from plain strings, so a bracket in a scene file or in what the player typed is
only ever a bracket. Names of exits, people and items become links that run a
command when clicked; the link carries the command as data (a tuple), never as
a string to be parsed.
"""

from __future__ import annotations

import re
from datetime import datetime

from textual.content import Content
from textual.style import Style

from ..engine import events as ev
from ..engine.events import Event
from ..engine.story import FactView, Quote
from ..play.render import lines
from .panel_data import facts_of

# Styles use theme variables, so the dark and light themes both read well.
TITLE_STYLE = "bold $text-accent"
ECHO_STYLE = "bold"  # what the player typed stands out from the story, as in most interpreters
ERROR_STYLE = "$text-warning"
NOTE_STYLE = "italic $text-muted"
GAIN_STYLE = "bold $text-success"
ENDING_STYLE = "bold $text-primary"

_LISTS = frozenset({ev.PEOPLE, ev.ITEMS, ev.EXITS})
_TRACE = frozenset({ev.META, ev.ACTION, ev.MOVE})
_SINGLE_NEWLINE = re.compile(r"(?<!\n)\n(?!\n)")
# C0 and C1 control characters, DEL included; tabs and newlines are handled first.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def command_link(command: str) -> Style:
    """A style that runs *command* when clicked (handled by the widget that shows it)."""
    return Style.from_meta({"@click": ("run_command", (command,))})


def _picture(control: re.Match[str]) -> str:
    code = ord(control.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀ to ␟ (ESC is ␛)
    return "\u2421" if code == 0x7F else "\ufffd"  # DEL is ␡; C1 controls have no picture


def visible(text: str) -> str:
    """What the player typed, every character shown: control codes as their pictures, never obeyed."""
    text = text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    text = _CONTROL.sub(_picture, text)
    return text if text.isascii() else _UNSHOWN.sub("\ufffd", text)


# Invisible characters that act on the rest of the line: bidi marks, embeddings, overrides and
# isolates (a right-to-left override turns the rest of the line around in a terminal that honours
# it), a zero-width space, word joiners and invisible operators, a byte-order mark and interlinear
# annotation marks (drawn one column wide by some terminals, which shifted the panel's border), line
# and paragraph separators (which break the line). Shown as the replacement character, so the player
# sees that something was there. The joiners that belong inside words and emoji (U+200C, U+200D) and
# the soft hyphen are text, and stay.
_UNSHOWN = re.compile("[\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def reflow(text: str) -> str:
    """Scene files wrap prose by hand; join those lines so the log wraps at its own width."""
    return _SINGLE_NEWLINE.sub(" ", text.strip("\n"))


def echo(command: str) -> Content:
    """The player's command as the log repeats it: ``> take script``."""
    return Content.styled("> " + visible(command), ECHO_STYLE)


def linked(text: str, links: list[tuple[str, str]]) -> Content:
    """*text* with each (name, command) in *links* made a link where the name occurs in it."""
    content = Content(text)
    for name, command in links:
        at = text.find(name)
        if name and at >= 0:
            content = content.stylize(command_link(command), at, at + len(name))
    return content


def examine(name: str) -> str:
    """The command that looks at a thing called *name* (its name is always one of its words)."""
    return f"examine {name.lower()}"


def seed_label(quote: Quote) -> str:
    """Where a quote comes from: ``article 001, 4 Oct 2021`` (headlines are long, and some carry the seeds' errors)."""
    number = quote.seed.split("_", 1)[0]
    try:
        day = datetime.strptime(quote.date, "%Y-%m-%d")
        when = f"{day.day} {day.strftime('%b %Y')}"
    except ValueError:
        when = quote.date
    return f"article {number}, {when}"


def source_lines(facts: list[FactView], empty: str) -> list[tuple[str, str]]:
    """Facts and their quotes as (kind, text) lines: "fact", "quote", "source", "note", or "empty".

    The log (the ``sources`` command) and the sources tab both lay these out, each its own way.
    """
    if not facts:
        return [("empty", empty)]
    out: list[tuple[str, str]] = []
    for fact in facts:
        out.append(("fact", fact.statement))
        for q in fact.quotes:
            out += [("quote", f"“{reflow(q.quote)}”"), ("source", f"— {seed_label(q)}")]
        if fact.disputed:
            out.append(("note", "Note: " + reflow(fact.disputed)))
    return out


_SOURCE_LOOK = {"fact": ("• ", "bold"), "quote": ("  ", "italic"), "source": ("    ", "$text-muted"),
                "note": ("  ", ERROR_STYLE)}


def sources_content(heading: str, facts: list[FactView], empty: str) -> Content:
    """The ``sources`` reply in the log: a heading, then each fact with its quotes."""
    if not facts:
        return Content.styled(empty, NOTE_STYLE)
    lines = [Content.styled(heading, TITLE_STYLE)]
    for kind, text in source_lines(facts, empty):
        indent, style = _SOURCE_LOOK[kind]
        if kind == "fact":
            lines.append(Content(""))  # a blank line between facts
        lines.append(Content.assemble(indent, (text, style)))
    return Content("\n").join(lines)


def event_content(e: Event) -> Content | None:
    """One event as log text, or None for events the log does not show."""
    kind = e.kind
    if kind in _TRACE:
        return None
    if kind == ev.CLOCK:  # the plain renderer owns the wording: "[Mission clock: ...]"
        return Content.styled("\n".join(lines([e])), NOTE_STYLE)
    if kind == ev.TITLE:
        return Content.styled(e.text, TITLE_STYLE)
    if kind in (ev.PEOPLE, ev.ITEMS, ev.INVENTORY):
        return linked(e.text, [(t["name"], examine(t["name"])) for t in e.data.get("things", [])])
    if kind == ev.EXITS:
        return linked(e.text, [(x["label"], x["command"]) for x in e.data.get("exits", [])])
    if kind == ev.QUESTION:
        return linked(e.text, [(c["name"], c["name"].lower()) for c in e.data.get("candidates", [])])
    if kind == ev.ERROR:
        return Content.styled(e.text, ERROR_STYLE)
    if kind == ev.HELP:
        return Content(e.text.rstrip("\n"))
    if kind == ev.SOURCES:
        return sources_content(e.text.split("\n", 1)[0], facts_of(e), e.text)
    if kind == ev.SCORE:
        # The plain renderer owns the wording of score changes; a zero delta is the 'score' reply.
        said = lines([e]) if e.data.get("delta") else [e.text]
        return Content.styled("\n".join(said), GAIN_STYLE if e.data.get("delta", 0) > 0 else "")
    if kind == ev.ENDING:
        d = e.data
        turns = f"{d['turns']} turn{'s' if d['turns'] != 1 else ''}"
        return Content.assemble((f"*** {d['title']} ***", ENDING_STYLE), "\n", reflow(e.text), "\n\n",
                                (f"Score {d['score']} of {d['max']}, in {turns}. "
                                 "Type undo to take back the last move.", NOTE_STYLE))
    if not e.text:
        return None
    if e.data.get("undo"):
        return Content.styled(e.text, NOTE_STYLE)
    return Content(reflow(e.text))


def turn_content(events: list[Event], command: str | None = None) -> Content:
    """A whole turn: the echoed command, then its events as paragraphs (lists kept together)."""
    parts: list[Content] = []
    last_kind = None
    # The clock may move several times in a turn; only where it ended up is worth saying.
    last_clock = max((i for i, e in enumerate(events) if e.kind == ev.CLOCK), default=-1)
    for i, e in enumerate(events):
        piece = None if e.kind == ev.CLOCK and i != last_clock else event_content(e)
        if piece is None:
            continue
        if parts:
            # A title sits on its prose, and the lists of a scene stay together.
            together = last_kind == ev.TITLE or (e.kind in _LISTS and last_kind in _LISTS)
            parts.append(Content("\n" if together else "\n\n"))
        parts.append(piece)
        last_kind = e.kind
    if command is not None:
        head = echo(command)
        parts = [head, Content("\n"), *parts] if parts else [head]
    return Content.assemble(*parts)
