"""Run walkthroughs headless through the engine and check every expectation.

Each walkthrough plays in a fresh game, like one RegTest test: the opening, then
each command through a :class:`Session` (so undo and again work as for a player),
with save and restore kept in memory so a run never touches the player's saves.
A walkthrough stops at its first failing step; every expectation of that step is
reported, each at its own ``file:line:col``, with the command and the output.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.diagnostics import Diagnostic
from ..files import display_path
from ..engine import events as ev
from ..engine.events import Event
from ..engine.session import Session
from ..engine.state import State, copy_state, new_state
from ..engine.story import Story
from . import transcript, walkthrough
from .render import lines as render_lines
from .walkthrough import Check, Step, Walkthrough, as_list


@dataclass
class Turn:
    """One command as it was played: the states around it, what the engine said, and the text shown."""

    command: str | None  # None for the opening
    before: State
    after: State
    events: list[Event]
    lines: list[str]


@dataclass
class Failure:
    """A step whose expectations did not hold (or a transcript that differs from the blessed one)."""

    step: Step | None
    problems: list[tuple[Check | None, list[str]]]  # (the check, message lines)
    output: list[str]
    where: str = ""


@dataclass
class RunResult:
    """What running one walkthrough found."""

    walkthrough: Walkthrough | None
    file: str
    turns: list[Turn] = field(default_factory=list)
    failure: Failure | None = None
    not_run: int = 0  # steps after the failing one
    diagnostics: list[Diagnostic] = field(default_factory=list)  # the file could not be run

    @property
    def ok(self) -> bool:
        return self.failure is None and not self.diagnostics

    @property
    def name(self) -> str:
        return self.walkthrough.name if self.walkthrough else Path(self.file).stem

    def report(self) -> str:
        """The failure in words, for the terminal and for pytest."""
        return "\n".join(failure_lines(self))


# -- setting up -------------------------------------------------------------------------------------

def start_state(story: Story, start: dict[str, Any] | None) -> State:
    """The state a walkthrough starts from: the story's own, changed as *start* says."""
    s = new_state(story)
    if not start:
        return s
    if "scene" in start:
        s["scene"] = start["scene"]
        s["visited"] = [start["scene"]]
    for item in start.get("items", []):
        if item not in s["inventory"]:
            s["inventory"].append(item)
    for flag in start.get("flags", []):
        if flag not in s["flags"]:
            s["flags"].append(flag)
    for scene in start.get("visited", []):
        if scene not in s["visited"]:
            s["visited"].append(scene)
    s["done"] = list(start.get("done", []))
    s["placed"] = {k: v for k, v in start.get("placed", {}).items() if k not in s["inventory"]}
    if "clock" in start:
        s["clock"] = start["clock"]
    if "score" in start:
        s["score"] = start["score"]
    return s


# -- running ----------------------------------------------------------------------------------------

class Player:
    """Plays commands on one session as the plain mode would, with in-memory save slots."""

    def __init__(self, story: Story, start: dict[str, Any] | None = None) -> None:
        self.session = Session(story, start_state(story, start))
        self.custom_start = bool(start)
        self.slots: dict[str, State] = {}
        self.quit = False

    def opening(self) -> Turn:
        """The text before the first command: the intro and first scene, or a look at a custom start."""
        before = self.session.state
        events = self.session.look() if self.custom_start else self.session.start()
        return Turn(None, before, self.session.state, events, render_lines(events))

    def play(self, command: str) -> Turn:
        before = self.session.state
        try:
            events = self.session.submit(command)
        except Exception as exc:  # a bug in the engine: the walkthrough found it, so report it there
            text = f"[The game raised {type(exc).__name__}: {exc}]"
            return Turn(command, before, before, [Event(ev.ERROR, text, {"reason": "crash"})], [text])
        shown = render_lines(events)
        for e in events:
            if e.kind == ev.META:
                shown += self._meta(e.data["action"], e.data.get("name") or "default")
        return Turn(command, before, self.session.state, events, shown)

    def _meta(self, action: str, slot: str) -> list[str]:
        if action == "quit":
            self.quit = True
            return ["Goodbye."]
        if action == "save":
            self.slots[slot] = copy_state(self.session.state)
            return [f"Saved as '{slot}'."]
        if action == "restore":
            if slot not in self.slots:
                return [f"There is no save called '{slot}'."]
            self.session.replace(copy_state(self.slots[slot]))
            return [f"Restored '{slot}'."] + render_lines(self.session.look())
        return []


def run(story: Story, wt: Walkthrough) -> RunResult:
    """Play *wt* from a fresh game and check its expectations; stops at the first failing step."""
    result = RunResult(wt, wt.file)
    player = Player(story, wt.start)
    opening = player.opening()
    result.turns.append(opening)
    if wt.opening:
        problems = evaluate(wt.opening, opening, story)
        if problems:
            result.failure = Failure(wt.opening, problems, opening.lines, wt.opening.where)
            result.not_run = len(wt.steps)
            return result
    for i, step in enumerate(wt.steps):
        if player.quit:
            left = len(wt.steps) - i
            result.failure = Failure(step, [(None, [f"the game quit before this step ({left} step"
                                                   f"{'s' if left != 1 else ''} not run); remove the 'quit'"])],
                                     [], step.where)
            return result
        assert step.command is not None
        turn = player.play(step.command)
        result.turns.append(turn)
        problems = evaluate(step, turn, story)
        if problems:
            result.failure = Failure(step, problems, turn.lines, step.where)
            result.not_run = len(wt.steps) - i - 1
            return result
    return result


def run_file(path: Path, story: Story, bless: bool = False) -> RunResult:
    """Load, check and run the walkthrough at *path*; compare with (or write) its blessed transcript."""
    loaded = walkthrough.load(path, story)
    wt = loaded.walkthrough
    if wt is None:
        return RunResult(None, display_path(path), diagnostics=loaded.errors)
    result = run(story, wt)
    blessed = transcript.blessed_path(wt.path)
    text = transcript.text(result)
    if not result.ok:
        return result  # a failing run is neither blessed nor compared: its failure says more
    if bless:
        try:
            transcript.bless(wt.path, text)
        except OSError as exc:
            result.failure = _file_failure(wt, f"could not write {transcript.display(blessed)}: "
                                               f"{exc.strerror or exc}")
    elif blessed.is_file():
        diff = transcript.compare(blessed, text)
        if diff:
            result.failure = _file_failure(wt, f"the transcript differs from the blessed one "
                                               f"({transcript.display(blessed)}); if the change is right, run "
                                               "again with --bless", diff)
    return result


def _file_failure(wt: Walkthrough, message: str, detail: list[str] = ()) -> Failure:  # type: ignore[assignment]
    return Failure(None, [(None, [message, *detail])], [], f"{wt.file}:1:1")


# -- checking ---------------------------------------------------------------------------------------

def normal(text: str) -> str:
    """Text with every run of spaces and line breaks as one space: prose wraps where authors like."""
    return " ".join(text.split())


def evaluate(step: Step, turn: Turn, story: Story) -> list[tuple[Check | None, list[str]]]:
    """The expectations of *step* that do not hold after *turn*, each with its explanation."""
    problems = []
    for check in step.checks:
        message = _CHECKS[check.key](check.value, turn, story)
        if message:
            problems.append((check, message))
    return problems


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def _contains(value: Any, turn: Turn, story: Story) -> list[str]:
    out: list[str] = []
    shown = normal("\n".join(turn.lines))
    for wanted in as_list(value):
        if normal(wanted) in shown:
            continue
        out.append(f"expected the output to contain {_quoted(wanted)}")
        close = difflib.get_close_matches(normal(wanted), [normal(x) for x in turn.lines if x.strip()], n=1,
                                          cutoff=0.5)
        if close:
            out.append("  closest line in the output (- expected, + output):")
            out += ["    " + d.rstrip() for d in difflib.ndiff([normal(wanted)], [close[0]])]
    return out


def _not_contains(value: Any, turn: Turn, story: Story) -> list[str]:
    out: list[str] = []
    shown = normal("\n".join(turn.lines))
    for unwanted in as_list(value):
        if normal(unwanted) in shown:
            line = next((x for x in turn.lines if normal(unwanted) in normal(x)), None)
            hit = f", but it does: {_quoted(line.strip())}" if line else ", but it does"
            out.append(f"expected the output not to contain {_quoted(unwanted)}{hit}")
    return out


def _matches(value: Any, turn: Turn, story: Story) -> list[str]:
    text = "\n".join(turn.lines)
    return [f"expected the output to match the regular expression /{pattern}/" for pattern in as_list(value)
            if not re.search(pattern, text, re.MULTILINE)]


def _count(value: Any, turn: Turn, story: Story) -> list[str]:
    shown = normal("\n".join(turn.lines))
    out = []
    for text, n in value.items():
        found = shown.count(normal(str(text)))
        if found != n:
            out.append(f"expected {_quoted(str(text))} {_times(n)} in the output, found it {_times(found)}")
    return out


def _times(n: int) -> str:
    return {0: "0 times", 1: "once", 2: "twice"}.get(n, f"{n} times")


def _ids(items: list[str]) -> str:
    return ", ".join(items) if items else "(none)"


def _location(value: Any, turn: Turn, story: Story) -> list[str]:
    here = turn.after["scene"]
    if here == value:
        return []
    title = story.scenes[here].title if here in story.scenes else "?"
    return [f"expected the player in '{value}', but they are in '{here}' ({title})"]


def _flags(value: Any, turn: Turn, story: Story) -> list[str]:
    missing = [f for f in value if f not in turn.after["flags"]]
    if not missing:
        return []
    return [f"expected flag {_ids(missing)} to be set; the flags set are: {_ids(sorted(turn.after['flags']))}"]


def _not_flags(value: Any, turn: Turn, story: Story) -> list[str]:
    present = [f for f in value if f in turn.after["flags"]]
    return [f"expected flag {_ids(present)} not to be set, but it is"] if present else []


def _has(value: Any, turn: Turn, story: Story) -> list[str]:
    missing = [i for i in value if i not in turn.after["inventory"]]
    if not missing:
        return []
    return [f"expected the player to hold {_ids(missing)}; they hold: {_held(turn)}"]


def _held(turn: Turn) -> str:
    return _ids(list(turn.after["inventory"])) if turn.after["inventory"] else "nothing"


def _lacks(value: Any, turn: Turn, story: Story) -> list[str]:
    held = [i for i in value if i in turn.after["inventory"]]
    return [f"expected the player not to hold {_ids(held)}, but they do"] if held else []


def _inventory(value: Any, turn: Turn, story: Story) -> list[str]:
    actual = turn.after["inventory"]
    missing = [i for i in value if i not in actual]
    extra = [i for i in actual if i not in value]
    if not missing and not extra:
        return []
    detail = "; ".join(part for part in (f"missing: {_ids(missing)}" if missing else "",
                                         f"not expected: {_ids(extra)}" if extra else "") if part)
    return [f"expected the player to hold exactly: {_ids(list(value)) if value else 'nothing'}; "
            f"they hold: {_held(turn)} ({detail})"]


def _visited(value: Any, turn: Turn, story: Story) -> list[str]:
    missing = [v for v in value if v not in turn.after["visited"]]
    if not missing:
        return []
    return [f"expected the player to have visited {_ids(missing)}; visited: {_ids(turn.after['visited'])}"]


def _score(value: Any, turn: Turn, story: Story) -> list[str]:
    got = turn.after["score"]
    return [] if got == value else [f"expected the score to be {value}, but it is {got}"]


def _clock(value: Any, turn: Turn, story: Story) -> list[str]:
    got = turn.after["clock"]
    return [] if got == value else [f"expected the mission clock at {value}, but it is {got}"]


def _ended(value: Any, turn: Turn, story: Story) -> list[str]:
    got = turn.after["ended"]
    if value is False:
        return [] if got is None else [f"expected the story not to have ended, but it ended with '{got}'"]
    if got == value:
        return []
    actual = "it has not ended" if got is None else f"it ended with '{got}'"
    return [f"expected the story to have ended with '{value}', but {actual}"]


_CHECKS = {
    "contains": _contains, "not_contains": _not_contains, "matches": _matches, "count": _count,
    "location": _location, "flags": _flags, "not_flags": _not_flags, "has": _has, "lacks": _lacks,
    "inventory": _inventory, "visited": _visited, "score": _score, "clock": _clock, "ended": _ended,
}
assert set(_CHECKS) == set(walkthrough.CHECK_KEYS)


# -- reporting --------------------------------------------------------------------------------------

def _step_name(step: Step | None, total: int) -> str:
    if step is None:
        return "transcript"
    if step.command is None:
        return "opening"
    return f"step {step.number} of {total}, {_quoted(step.command)}"


def failure_lines(result: RunResult) -> list[str]:
    """A failed run as lines: where, the command, each expectation, and the output."""
    out = [f"FAIL {result.name} ({result.file})"]
    if result.diagnostics:
        out += [d.format() for d in result.diagnostics]
        out.append("  (the walkthrough was not run)")
        return out
    failure = result.failure
    if failure is None:
        return []
    total = len(result.walkthrough.steps) if result.walkthrough else 0
    name = _step_name(failure.step, total)
    for check, message in failure.problems:
        at = check.where if check else failure.where
        out.append(f"{at}: {name}: {message[0]}")
        out += ["  " + line for line in message[1:]]
    if failure.step is not None and failure.problems and failure.problems[0][0] is not None:
        command = failure.step.command
        out.append(f"  the output of {'the opening' if command is None else _quoted(command)} was:")
        out += ["    | " + line if line else "    |" for line in failure.output] or ["    (no output)"]
    if result.not_run:
        out.append(f"  ({result.not_run} later step{'s' if result.not_run != 1 else ''} not run)")
    return out
