"""Whatever a player types: any Unicode, control characters, NUL, 100,000-character lines, markup,
empty lines, a flood of commands. Each gets a sensible reply, the engine never raises, the state
stays valid and serializable, and saves made along the way restore it exactly."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import saves
from game.engine.events import Event
from game.engine.session import UNDO_DEPTH, Session
from game.engine.state import canonical, problems
from game.engine.story import Story

from .conftest import FIXTURES, load_fixture
from .test_properties import commands

TINY = load_fixture("tiny")
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # anything but a newline that a terminal would obey


def sound(story: Story, session: Session) -> None:
    state = session.state
    assert problems(story, state) == []
    # Strict UTF-8, as a save writes it: a lone surrogate from the keyboard must never reach the state.
    assert json.loads(json.dumps(state, ensure_ascii=False).encode("utf-8")) == state
    canonical(state)  # sortable and hashable, as undo, the explorer and the checksum need


# -- the plain mode, as a subprocess -----------------------------------------------------------------

HOSTILE_LINES = [
    b"", b"   ", b"\t\t", b"\x00", b"look\x00\x00", b"\x1b[2J\x1b[31mred\x07", b"\x1b]0;pwned\x07",
    "ключ 🚀 \u202eevil\u202c e\u0301 漢字 \u200b".encode(), b"\xed\xa0\x80 lone surrogate", b"\xff\xfe\xfa",
    b"[bold]x[/bold] [/oops] {{x}} %s %(x)s $accent", b"> a fake prompt", b"look\r", b"x" * 100_000,
    b"take " + b"red key " * 12_500, b"save hostile", b"restore hostile", b"restore ../../etc/passwd",
    b"restore nothing-here", b"restore damaged",
] + [b"undo"] * (UNDO_DEPTH + 20) + [b"again", b"g"]
FLOOD = [b"take red key", b"e", b"w", b"drop red key", b"take key", b"red", b"x statue", b"talk to guard",
         b"i", b"wait", b"undo", b"zzz", b"n"] * 800


def test_the_plain_mode_answers_every_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    damaged = data / "saves" / "damaged.json"
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b'{"game": "the-challenge", "format": 2, "state": {"scene": "hall"')
    script = HOSTILE_LINES + FLOOD + [b"i"]
    proc = subprocess.run([sys.executable, "-m", "game", "--plain", str(FIXTURES / "tiny")],
                          input=b"\n".join(script) + b"\n", capture_output=True, cwd=tmp_path, timeout=120,
                          env={**os.environ, "CHALLENGE_DATA_DIR": str(data)})
    assert proc.returncode == 0 and proc.stderr == b""
    out = proc.stdout.decode("utf-8")  # strictly UTF-8, whatever came in
    assert not CONTROL.search(out)
    lines = out.split("\n")
    assert [line for line in lines if line.startswith(">")] == [">"] * (len(script) + 1)
    replies = out.split("\n>\n")[1:-1]  # what each command got, in order (the opening first, "" last)
    assert len(replies) == len(script)
    assert all(reply.strip() for reply in replies), [i for i, r in enumerate(replies) if not r.strip()]
    said = dict(zip([line.decode("utf-8", "replace") for line in script], replies))
    assert said[""] == said["   "] == "I beg your pardon?"
    assert said["restore damaged"] == (f"{damaged} is damaged or truncated (line 1, column 65); "
                                       "it was left untouched.")
    assert said["restore nothing-here"] == "There is no save called 'nothing-here'."
    assert damaged.read_bytes().endswith(b'"hall"')  # untouched
    assert replies[-1].startswith("You are carrying")  # the game went on to the end


# -- the engine (hypothesis) -------------------------------------------------------------------------

ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=()), max_size=300)  # surrogates and controls too


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(ANY_TEXT, commands(TINY)), max_size=12))
def test_any_characters_at_all(script: list[str]) -> None:
    session = Session(TINY)
    session.start()
    for command in script:
        events = session.submit(command)
        assert all(isinstance(e, Event) and isinstance(e.text, str) for e in events)
        sound(TINY, session)


META = st.sampled_from(["undo", "undo", "again", "g", "save", "restore", "quit", "score", "help", "sources"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(commands(TINY), META, st.just("take key"), st.sampled_from(["red", "blue", "the red one"])),
                max_size=40),
       st.integers(0, 39))
def test_undo_again_and_a_save_restored_midway(script: list[str], save_at: int) -> None:
    session = Session(TINY)
    session.start()
    kept = None
    for i, command in enumerate(script):
        session.submit(command)
        sound(TINY, session)
        if i == save_at:
            saves.write("midway", session.state, TINY, session.history)
            kept = (json.loads(json.dumps(session.state)), list(session.history))
    if kept is not None:
        state, notes, history = saves.read_game("midway", TINY)
        assert (state, notes, history) == (kept[0], [], kept[1])
        session.replace(state)
        session.submit("look")
        sound(TINY, session)


def test_a_long_flood_keeps_memory_flat() -> None:
    session = Session(TINY)
    session.start()
    for command in [c.decode() for c in FLOOD] * 2:
        session.submit(command)
    sound(TINY, session)
    assert len(session.history) == UNDO_DEPTH
