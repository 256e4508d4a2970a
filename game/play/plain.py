"""The plain line mode: one command per line in, plain text out.

The prompt is a line holding exactly ``>``, and no other line starts with ``>``;
everything written is flushed whenever the game waits for the next command. That
is the convention screen readers, pipes and IF regression tools (RegTest's
"cheap" mode) rely on.
"""

from __future__ import annotations

import io
from array import array
from ..engine import events as ev
from ..engine.events import Event
from ..engine.parser import MAX_INPUT
from ..engine.session import Session
from ..engine.story import Story
from . import record
from .render import clean, lines

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (game/value.py says why)
if TYPE_CHECKING:
    from typing import IO, Callable, Iterator

    from ..authoring.reload import Outcome, Reloader
    from ..content.result import LoadResult

PROMPT = ">"


class PlainGame:
    """Drives a :class:`Session` from a text stream."""

    def __init__(self, story: Story, out: IO[str], session: Session | None = None,
                 on_turn: Callable[[str, list[Event]], None] | None = None,
                 recorder: record.Recorder | None = None,
                 reloader: Reloader | DeferredReloader | None = None) -> None:
        self.session = session or Session(story)
        self.reloader = reloader  # the 'reload' command reads the story's files again (none: no such command)
        self.out = out
        self.on_turn = on_turn
        # Always kept, so 'record FILE' can write the game from its beginning.
        self.recorder = recorder or record.Recorder(story, record.start_of(story, self.session.state))
        # Until a file is recorded to, only the commands are kept: a step with its expectations costs
        # hundreds of bytes, and a long game would grow without bound. The engine is deterministic,
        # so replaying them from where they began gives the very steps noting each turn would have.
        # Each pending command as an index into the distinct ones: a byte a turn (while there are
        # fewer than 256 of them), not a pointer, so 100,000 turns cost 100 kB, not 800.
        self._pending = array("B")  # widened as more distinct commands come ("H", then "I")
        self._interned: dict[str, int] = {}  # distinct command -> its index in _distinct
        self._distinct: list[str] = []
        self._mark()

    def _mark(self) -> None:
        """The recording's steps are complete up to here: pending commands replay from this session."""
        s = self.session
        self._origin = (s.state, list(s.history), list(s.last_commands))

    def _catch_up(self) -> None:
        """Note the pending commands' steps in the recorder, by replaying them."""
        if not self._pending:
            return
        state, history, last = self._origin
        replay = Session(self.recorder.story, state)
        replay.history.extend(history)
        replay.last_commands = list(last)
        for index in self._pending:
            command = self._distinct[index]
            events = replay.submit(command)
            self.recorder.note(command, events, replay.state)
        self._forget()

    def _forget(self) -> None:
        """No commands are pending any more."""
        self._pending = array("B")
        self._interned = {}
        self._distinct = []

    def write(self, text_lines: list[str]) -> None:
        if text_lines:
            self.out.write("\n".join(text_lines) + "\n")

    def prompt(self) -> None:
        """The prompt line. It is flushed before the game waits for a command (:func:`_commands`), not
        here: a command that has arrived already is played at once, and a pipe of 10,000 commands
        then costs a write per few kilobytes of output, not one per command."""
        self.out.write(PROMPT + "\n")

    def run(self, commands: IO[str]) -> int:
        """Play until EOF or quit; returns the exit status."""
        self.write(lines(self.session.start()))
        self._mark()
        self.prompt()
        for raw in _commands(commands, self.out.flush):
            if self.turn(raw.rstrip("\r\n")):
                break
            self.prompt()
        self.out.flush()
        return 0

    def turn(self, command: str) -> bool:
        """Play one command; True when the player quits."""
        # The engine reads no further than MAX_INPUT characters, so neither need the recording and
        # the replay queue: a flood of pasted novels then costs no more memory than short commands.
        command = command[:MAX_INPUT]
        # Only a command with the word in it can be 'reload': the others skip the import statement.
        if self.reloader is not None and "reload" in command.lower():
            from ..authoring.reload import wants_reload

            if wants_reload(command, self.session.story):
                self._catch_up()  # the pending commands were played in the story as it was
                self.write(lines(self.reloader.reload(self.session).events))
                self.recorder.story = self.session.story  # not a turn: nothing to record
                return False
        if command.strip().lower().startswith("record"):
            self._catch_up()  # 'record FILE' writes the game from its beginning
        reply = record.command(self.recorder, command, self.session.story)
        if reply is not None:
            self.write([clean(line) for line in reply])
            return False
        events = self.session.submit(command)
        if self.on_turn:
            self.on_turn(command, events)
        self.write(lines(events))
        if self.recorder.path is None and not self.recorder.steps:
            index = self._interned.get(command)
            if index is None:
                index = self._interned[command] = len(self._distinct)
                self._distinct.append(command)
                if index >= 1 << (8 * self._pending.itemsize):
                    self._pending = array("H" if index < 1 << 16 else "I", self._pending)
            self._pending.append(index)
        else:  # recording to a file (or it was): note each turn as it is played
            self._catch_up()
            self.write([clean(line) for line in self.recorder.note(command, events, self.session.state)])
        for e in events:
            if e.kind == ev.META:
                return self.meta(e.data["action"], e.data.get("name", ""))
        return False

    def meta(self, action: str, name: str) -> bool:
        if action == "quit":
            self.write(["Goodbye."])
            return True
        from .. import saves  # the first save or restore imports it, not the start of every game

        slot = name or "default"
        try:
            if action == "save":
                path = saves.write(slot, self.session.state, self.session.story)
                self.write([clean(f"Saved as '{slot}' ({path}).")])
            elif action == "restore":
                state, notes = saves.read(slot, self.session.story)
                self.session.replace(state)
                self.write([clean(n) for n in notes] + [clean(f"Restored '{slot}'.")])
                self.write(lines(self.session.look()))
                self.write([clean(line) for line in self.recorder.restart(self.session.state)])
                self._forget()  # the recording begins again here
                self._mark()
        except saves.SaveError as exc:
            self.write([clean(str(exc))])
        return False


class DeferredReloader:
    """The 'reload' command's :class:`Reloader`, made when the player first reloads.

    Making one at the start would import the reload logic, and with it the loader, and read the
    start's files as text: most of a warm start's cost, for a command most games never use.
    *loaded* is what the game started with, so a reload still says which files changed since."""

    def __init__(self, load: Callable[[], LoadResult], loaded: LoadResult) -> None:
        self._load = load
        self._loaded: LoadResult | None = loaded
        self._reloader: Reloader | None = None

    def reload(self, session: Session) -> Outcome:
        if self._reloader is None:
            from ..authoring.reload import Reloader

            self._reloader = Reloader(self._load, self._loaded)
            self._loaded = None  # the reloader has what it needs of it
        return self._reloader.reload(session)


CHUNK = 8192  # bytes of input read at once: as a text stream reads them


def _commands(stream: IO[str], flush: Callable[[], None]) -> Iterator[str]:
    """The lines of *stream*; *flush* is called whenever reading on might wait for input.

    A stream over a file descriptor (stdin) is read a chunk at a time from its byte layer and
    decoded as the stream would decode it (its encoding and errors, universal newlines), so the
    game knows when the next command is already here: then there is no one waiting for the output
    yet, and no need to flush it, nor to ask the system (a select() per command cost more than a
    tenth of the game's time on a pipe of commands). A line longer than one chunk is joined from
    its pieces. Any other stream (a StringIO) is flushed before every line. Either way a line ends
    at ``\n``, ``\r\n`` or a lone ``\r`` (as old Macs and some terminals send)."""
    buffer = getattr(stream, "buffer", None)
    read = getattr(buffer, "read1", None)
    if read is None or not isinstance(getattr(stream, "encoding", None), str):
        lines_in = iter(stream)
        while True:
            flush()
            line = next(lines_in, None)
            if line is None:
                return
            if "\r" in line:  # a stream that does not translate line ends (a StringIO's default)
                parts = line.replace("\r\n", "\n").replace("\r", "\n").split("\n")
                if not parts[-1]:
                    parts.pop()
                yield from parts
            else:
                yield line
    import codecs

    decoder = io.IncrementalNewlineDecoder(codecs.getincrementaldecoder(stream.encoding)(stream.errors or "strict"),
                                           translate=True)
    pieces: list[str] = []  # the line being read, when it began in an earlier chunk
    after_cr = False  # the last chunk ended with a CR, taken as a line end: a LF first in this one is its pair
    while True:
        flush()  # whatever is read next may not have been sent yet
        chunk = read(CHUNK)
        text = decoder.decode(chunk, final=not chunk)
        if after_cr:
            after_cr = False
            if text.startswith("\n"):
                text = text[1:]
        if chunk.endswith(b"\r"):
            # The decoder keeps a CR at the end back until it sees whether a LF follows. A player who
            # ends lines with CR alone would wait for that: the line has ended, so end it now.
            buffered, flags = decoder.getstate()
            if flags & 1 and not buffered:
                decoder.setstate((b"", flags & ~1))
                text += "\n"
                after_cr = True
        if "\n" in text:
            whole = text.split("\n")
            if pieces:
                pieces.append(whole[0])
                whole[0] = "".join(pieces)
                pieces = []
            tail = whole.pop()
            if tail:
                pieces.append(tail)
            yield from whole
        elif text:
            pieces.append(text)
        if not chunk:
            if pieces:
                yield "".join(pieces)  # the last line, without a newline
            return
