"""What a turn produced, as data: front ends decide how each kind looks.

Text in events is plain text, never markup: the Textual front end wraps it in
``Content``/``Text`` objects, the plain mode prints it as it is.
"""

from __future__ import annotations

from ..value import Value

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (game/value.py says why)
if TYPE_CHECKING:
    from typing import Any

# The kinds of event, so front ends can match on them exhaustively.
TITLE = "title"        # a scene's title (data: scene, chapter)
PROSE = "prose"        # a scene's description
TEXT = "text"          # narration and replies
PEOPLE = "people"      # who is here (data: things=[{id, name}])
ITEMS = "items"        # portable things here (data: things=[{id, name}])
EXITS = "exits"        # ways on (data: exits=[{label, command, to}])
INVENTORY = "inventory"  # data: things=[{id, name}]
ERROR = "error"        # the parser did not understand (data: kind)
QUESTION = "question"  # "which do you mean" (data: candidates=[{id, name}])
SCORE = "score"        # data: delta, total, max
CLOCK = "clock"        # the mission clock moved (data: clock)
ENDING = "ending"      # the story ended (data: id, title, win, score, max, turns)
META = "meta"          # for the front end to carry out: save, restore, quit (data: action, name)
HELP = "help"
SOURCES = "sources"    # the ledger facts behind this scene (data: scene, facts=[{id, statement, value,
                       # disputed, quotes=[{seed, date, quote, headline}]}]); text: a plain rendering
# Trace events: no text, for coverage and tools; renderers skip them.
ACTION = "action"      # an action fired (data: id)
MOVE = "move"          # the player changed scene (data: from, to, exit: index in the scene's exits or None)


class Event(Value):
    """One thing a turn produced. Never change an event or its data: turns that say the same thing
    share the data (a scene's exits, who and what is in view). (Not enforced: a turn makes several,
    and a frozen class costs three times as much to build.)"""

    __slots__ = ("kind", "text", "data")

    def __init__(self, kind: str, text: str = "", data: dict[str, Any] | None = None) -> None:
        self.kind = kind
        self.text = text
        self.data = {} if data is None else data

    def to_json(self) -> dict[str, Any]:
        """A plain dict (transcripts, the JSON log)."""
        out: dict[str, Any] = {"kind": self.kind}
        if self.text:
            out["text"] = self.text
        if self.data:
            out["data"] = self.data
        return out
