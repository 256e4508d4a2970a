"""Recording: what the player does, written as a walkthrough file ready to edit into a test.

Any front end (the plain mode, the Textual game) keeps one :class:`Recorder` per
game and tells it about every turn; ``record FILE`` (or ``--record FILE``) gives
it a file. From then on the file is rewritten after every turn, so a crash never
loses a recording. Each recorded step carries expectations that hold when it is
replayed (the first line it printed, where the player ended up, the ending), so a
recording passes ``challenge run`` as it stands and only needs trimming.

The recording holds the whole game since it began, because a walkthrough replays
from the opening. A restored save starts a new recording from the restored state,
written as the walkthrough's ``start:``.

Before every write the file is checked (game/play/targets.py): its folder must exist, it must
not be in a story's folder, and a file already there is replaced only when it is a recording
(its first line is the one :data:`HEADER` begins with) or empty.
"""

from __future__ import annotations

from ..engine import events as ev
from ..engine.events import Event
from ..engine.state import State, new_state
from ..engine.story import Story
from ..files import write_atomic
from . import targets
from .render import lines as render_lines

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (game/value.py says why)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

SUFFIXES = (".yaml", ".yml")  # of walkthrough files (recorded, run, written by the explorer)
MAX_CONTAINS = 72  # characters of output a recorded step expects; long enough to identify, short enough to edit
HEADER = """\
# A walkthrough recorded with 'challenge'. Run it with: challenge run {file}
# Each step expects what the game said and did when it was recorded: keep the
# expectations that matter, delete the rest. The format: docs/playthroughs.md.
"""
SIGNATURE = b"# A walkthrough recorded with 'challenge'."  # how a file the recorder wrote begins
OURS = "a walkthrough recorded by the game (its first line would be \"" + SIGNATURE.decode() + "\")"
# The story folders this process plays (set by the command line, game/cli.py): never recorded into.
# (A module's list, not a Recorder's: the Textual game makes its recorders itself.)
STORY_FOLDERS: list[str | Path] = []


def is_recording(head: bytes) -> bool:
    """Whether a file beginning with *head* is one the recorder wrote (the header's first line)."""
    return head.startswith(SIGNATURE) or head.startswith(b"\xef\xbb\xbf" + SIGNATURE)


def story_folders(extra: tuple[str | Path, ...] = ()) -> list[str | Path]:
    """Where no recording may go: *extra*, :data:`STORY_FOLDERS` and the shipped story."""
    from ..paths import scenes_dir

    return [*extra, *STORY_FOLDERS, scenes_dir()]


def dump(name: str, steps: list[dict[str, Any]], start: dict[str, Any] | None = None,
         description: str | None = None, header: str = "") -> str:
    """A walkthrough file's text (also used by the explorer for the paths it finds)."""
    data: dict[str, Any] = {"walkthrough": name}
    if description:
        data["description"] = description
    if start:
        data["start"] = start
    data["steps"] = steps
    import yaml  # here, not at the top: the plain mode keeps a Recorder always, and writes with it rarely

    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return header + body


def start_of(story: Story, state: State) -> dict[str, Any] | None:
    """The ``start:`` that recreates *state* (None when it is the story's own opening state)."""
    fresh = new_state(story)
    keys = ("scene", "inventory", "flags", "clock", "score", "visited", "done", "placed")
    if all(state[k] == fresh[k] for k in keys):
        return None
    start: dict[str, Any] = {"scene": state["scene"]}
    if state["inventory"]:
        start["items"] = list(state["inventory"])
    if state["flags"]:
        start["flags"] = list(state["flags"])
    start["clock"] = state["clock"]
    if state["score"]:
        start["score"] = state["score"]
    visited = [v for v in state["visited"] if v != state["scene"]]
    if visited:
        start["visited"] = visited
    if state["done"]:
        start["done"] = list(state["done"])
    if state["placed"]:
        start["placed"] = dict(state["placed"])
    return start


def first_line(lines: list[str]) -> str | None:
    """The line of output a recorded step expects: the first one with words, not a [bracketed] note."""
    candidates = [x.strip() for x in lines if x.strip()]
    chosen = next((x for x in candidates if not x.startswith("[")), candidates[0] if candidates else None)
    if chosen is None:
        return None
    if len(chosen) > MAX_CONTAINS:
        cut = chosen[:MAX_CONTAINS].rsplit(" ", 1)[0]
        chosen = cut if cut else chosen[:MAX_CONTAINS]
    return chosen


class Recorder:
    """Keeps the game's steps as walkthrough steps, and writes them to a file once it has one."""

    def __init__(self, story: Story, start: dict[str, Any] | None = None, path: Path | None = None) -> None:
        self.story = story
        self.start = start
        self.steps: list[dict[str, Any]] = []
        self.path = path
        self._scene = story.start
        self._score = 0
        if start:
            self._scene = start.get("scene", self._scene)
            self._score = start.get("score", 0)

    def note(self, command: str, events: list[Event], state: State) -> list[str]:
        """One turn the player played; *state* is the state after it. Returns lines for the player
        (only when the file could not be written)."""
        if any(e.kind == ev.META and e.data.get("action") in ("save", "quit") for e in events):
            return []  # they change nothing to replay
        step: dict[str, Any] = {"do": command}
        expected = first_line(render_lines(events))
        if expected:
            step["contains"] = expected
        if state["scene"] != self._scene:
            step["location"] = state["scene"]
        if state["score"] != self._score:
            step["score"] = state["score"]
        if state["ended"] is not None:
            step["ended"] = state["ended"]
        self._scene, self._score = state["scene"], state["score"]
        self.steps.append(step)
        return self._save_or_stop()

    def restart(self, state: State) -> list[str]:
        """The game jumped to *state* (a restored save): record from there."""
        self.start = start_of(self.story, state)
        self.steps = []
        self._scene, self._score = state["scene"], state["score"]
        if self.path is None:
            return []
        return ["(The recording starts again from the restored game.)"] + self._save_or_stop()

    def _save_or_stop(self) -> list[str]:
        try:
            self.save()
        except OSError as exc:
            path = self.stop()
            return [f"Could not write {path}: {exc.strerror or exc}. Recording stopped."]
        return []

    def to(self, path: Path) -> None:
        """Write to *path* from now on (and at once). When it cannot be written (OSError, with
        :class:`targets.Refused` among them), the recording goes on where it was, if anywhere."""
        old, self.path = self.path, path
        try:
            self.save()
        except BaseException:
            self.path = old
            raise

    def stop(self) -> Path | None:
        path, self.path = self.path, None
        return path

    def text(self) -> str:
        name = self.path.stem if self.path else "recording"
        shown = self.path.name if self.path else "FILE"
        return dump(name, self.steps, self.start, header=HEADER.format(file=shown))

    def save(self) -> None:
        """Rewrite the file; raises OSError when it cannot be written, and :class:`targets.Refused`
        (an OSError) when it must not be (checked every time: the file may have changed since)."""
        if self.path is not None:
            real = targets.check(self.path, is_recording, OURS, story_folders())
            write_atomic(real, self.text())


def command(recorder: Recorder, text: str, story: Story) -> list[str] | None:
    """Carry out ``record FILE`` / ``record off`` for a front end; None when *text* is not one.

    ``record`` followed by anything but a .yaml file name or ``off`` is left to the
    story, which may have a verb of its own called "record" (this is a game about filming).
    """
    words = text.strip().split(maxsplit=1)
    if not words or words[0].lower() != "record":
        return None
    arg = words[1].strip() if len(words) > 1 else ""
    story_verb = "record" in story.custom_verbs()
    if arg.lower() in ("off", "stop"):
        stopped = recorder.stop()
        return [f"Recording stopped; the walkthrough is in {stopped}."] if stopped else ["You are not recording."]
    if arg.lower().endswith(SUFFIXES):
        from pathlib import Path  # (here: a warm start of the plain mode does without it)

        path = Path(arg)
        try:
            path = path.expanduser()
        except RuntimeError:  # '~' with no home to find: the name as typed
            pass
        replacing = targets.has_content(path)
        try:
            recorder.to(path)
        except (OSError, ValueError) as exc:  # ValueError: a name the system cannot take
            still = f"Still recording to {targets.shown(recorder.path)}." if recorder.path else "Not recording."
            verb = "Will not write" if isinstance(exc, targets.Refused) else "Could not write"
            return [f"{verb} {targets.shown(path)}: {getattr(exc, 'strerror', None) or exc}. {still}"]
        return [f"Recording to {path}{' (replacing the old recording)' if replacing else ''}: every command "
                "since the game began, and each one from now on. Type 'record off' to stop."]
    if story_verb:
        return None
    if recorder.path is not None and not arg:
        return [f"Recording to {recorder.path}. Type 'record off' to stop."]
    return ["To record this game as a walkthrough, give a file name ending in .yaml: record my-test.yaml"]
