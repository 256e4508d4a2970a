"""Reloading the story under a game in progress (game/authoring/reload.py), and the plain mode's 'reload'.

The Textual game's live reload has its own Pilot tests (tests/tui/test_reload.py);
these check the rules both front ends share, without a UI.
"""

from __future__ import annotations

import copy
import io
import os
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.authoring.reload import MAX_SHOWN, REFUSED, RELOADED, STRANDED, UNCHANGED, Reloader, wants_reload
from game.content.loader import load_story
from game.engine.session import Session
from game.engine.story import Action, Story
from game.play.plain import PlainGame

from .conftest import FIXTURES

ROOT = Path(__file__).parent.parent


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    shutil.copytree(FIXTURES / "tiny", folder)
    return folder


def edit(folder: Path, old: str, new: str, count: int = 1) -> None:
    path = folder / "story.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), "utf-8")


def game(folder: Path, commands: list[str]) -> tuple[Session, Reloader]:
    result = load_story([folder])
    assert result.ok and result.story is not None
    session = Session(result.story)
    session.start()
    for command in commands:
        session.submit(command)
    return session, Reloader(lambda: load_story([folder]), result)


def texts(events: list) -> list[str]:
    return [e.text for e in events if e.text]


def test_a_reload_keeps_the_state_and_says_which_file_changed(tiny_dir: Path) -> None:
    session, reloader = game(tiny_dir, ["take red key", "use red key", "north"])
    before = dict(session.state)
    edit(tiny_dir, "An empty vault with a far door.", "An empty vault, newly swept.")
    outcome = reloader.reload(session)
    assert outcome.status == RELOADED and outcome.story is session.story
    assert texts(outcome.events)[:3] == [
        f"[The story was reloaded: changed {tiny_dir / 'story.yaml'}. You are still in: Vault.]",
        "Vault", "An empty vault, newly swept."]
    for key in ("scene", "inventory", "flags", "clock", "score", "visited", "done", "turns"):
        assert session.state[key] == before[key], key
    assert len(session.history) == 3  # undo still steps back through every turn
    assert "You are back in: Hall." in session.undo()[0].text


def test_nothing_changed(tiny_dir: Path) -> None:
    session, reloader = game(tiny_dir, [])
    story = session.story
    edit(tiny_dir, "A tiny story for the engine's tests.", "A tiny story for the engine's tests.")
    (tiny_dir / "story.yaml").write_text((tiny_dir / "story.yaml").read_text("utf-8") + "# a comment\n", "utf-8")
    outcome = reloader.reload(session)
    assert (outcome.status, texts(outcome.events)) == (UNCHANGED, ["[The story files have not changed.]"])
    assert session.story is story


def test_files_with_errors_are_refused_and_listed(tiny_dir: Path) -> None:
    session, reloader = game(tiny_dir, ["east"])
    story, state = session.story, session.state
    edit(tiny_dir, "    title: Garden\n", "    title: [Garden\n")
    outcome = reloader.reload(session)
    assert outcome.status == REFUSED and outcome.story is None
    assert session.story is story and session.state is state
    head, listed = texts(outcome.events)
    assert head == ("The story was not reloaded: the scene files have 1 error. You are still playing the story "
                    "as it was; fix the files and reload.")
    assert listed == (f"{tiny_dir / 'story.yaml'}:82:10: error: YAML syntax: did not find expected ',' or ']' "
                      "(in a flow sequence that starts at line 81, column 12)")


def test_files_put_right_after_a_refusal_are_reported_fine_again(tiny_dir: Path) -> None:
    session, reloader = game(tiny_dir, [])
    edit(tiny_dir, "    title: Garden\n", "    title: [Garden\n")
    assert reloader.reload(session).status == REFUSED
    edit(tiny_dir, "    title: [Garden\n", "    title: Garden\n")
    outcome = reloader.reload(session)
    assert (outcome.status, outcome.quiet) == (UNCHANGED, False)
    assert texts(outcome.events) == ["[The scene files are fine again: they hold the story you are playing.]"]
    again = reloader.reload(session)
    assert (again.status, again.quiet) == (UNCHANGED, True)  # news once, not at every save


def test_a_long_list_of_errors_is_cut_short(tiny_dir: Path) -> None:
    session, reloader = game(tiny_dir, [])
    extra = "".join(f"  - id: broken-{i}\n    title: Broken\n    prose: x\n"
                    f"    exits: [{{dir: north, to: nowhere-{i}}}]\n" for i in range(MAX_SHOWN + 3))
    (tiny_dir / "more.yaml").write_text("scenes:\n" + extra, "utf-8")
    outcome = reloader.reload(session)
    listed = texts(outcome.events)[1].splitlines()
    assert len(listed) == MAX_SHOWN + 1
    assert listed[-1].startswith("... and ") and listed[-1].endswith(" more: run 'challenge check' for them all.")


def test_a_game_that_cannot_go_on_in_the_new_story_stays_in_the_old(tiny_dir: Path) -> None:
    session, reloader = game(tiny_dir, ["take red key"])
    story = session.story
    # The key the player holds is renamed: the files are fine, the game in progress is not.
    edit(tiny_dir, "red-key", "ruby-key", count=-1)
    outcome = reloader.reload(session)
    assert outcome.status == STRANDED and session.story is story
    assert outcome.story is not None and "ruby-key" in outcome.story.things
    assert texts(outcome.events) == [
        "The story was not reloaded: your game cannot go on in the new version (the item 'red-key' no longer "
        "exists in this story). You are still playing the story as it was: go to another scene and reload again."]


def test_undo_history_is_kept_back_to_the_first_turn_the_new_story_cannot_play(tiny_dir: Path) -> None:
    session, reloader = game(tiny_dir, ["east", "west", "take red key"])
    edit(tiny_dir, "garden", "orchard", count=-1)
    assert reloader.reload(session).status == RELOADED
    assert [s["scene"] for s in session.history] == ["hall"]  # before it: a turn in the garden, now gone
    assert session.state["visited"] == ["hall"]  # forgotten, as a restored save forgets it
    assert all(v != "garden" for s in session.history for v in s["visited"])


def test_the_reload_command_and_a_story_verb_of_the_same_name(tiny: Story) -> None:
    assert wants_reload("reload", tiny) and wants_reload("  RELOAD ", tiny) and wants_reload("reload story", tiny)
    assert not wants_reload("reload camera", tiny) and not wants_reload("look", tiny)
    filming = copy.copy(tiny)
    filming.actions = [Action("reload-camera", ("reload",), [])]
    assert not wants_reload("reload", filming)  # the story's own verb
    assert wants_reload("reload story", filming)


def test_reload_in_the_plain_game(tiny_dir: Path) -> None:
    result = load_story([tiny_dir])
    assert result.story is not None
    out = io.StringIO()
    plain = PlainGame(result.story, out, reloader=Reloader(lambda: load_story([tiny_dir]), result))
    plain.turn("east")
    edit(tiny_dir, "prose: A small garden.", "prose: A small garden, in bloom.")
    assert plain.turn("reload") is False
    shown = out.getvalue().splitlines()
    assert shown[-6:] == [f"[The story was reloaded: changed {tiny_dir / 'story.yaml'}. You are still in: Garden.]",
                          "", "Garden", "A small garden, in bloom.", "With you: Captain Orlova.",
                          "Exits: west (the gate)."]
    assert plain.recorder.steps == [{"do": "east", "contains": "Garden", "location": "garden"}]  # not a turn


def test_reload_in_the_real_line_mode(tiny_dir: Path, tmp_path: Path) -> None:
    """The command line wires 'reload' in: a file edited between two commands of a running game."""
    proc = subprocess.Popen([sys.executable, "-m", "game", "--plain", str(tiny_dir)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdin and proc.stdout
    out = proc.stdout.fileno()

    def until_prompt() -> list[str]:
        """What the game says up to its next '>' prompt line (read raw: no buffer hides it from select)."""
        seen = b""
        while not (seen == b">\n" or seen.endswith(b"\n>\n")):
            ready, _, _ = select.select([out], [], [], 30)
            assert ready, "the game stopped answering"
            chunk = os.read(out, 65536)
            assert chunk, "the game ended"
            seen += chunk
        return seen.decode().splitlines()[:-1]

    try:
        until_prompt()
        edit(tiny_dir, "prose: A long hall with a red key and a blue key.", "prose: A long, cold hall.")
        proc.stdin.write(b"reload\n")
        proc.stdin.flush()
        reply = until_prompt()
        assert reply[0] == "[The story was reloaded: changed tiny/story.yaml. You are still in: Hall.]"
        assert "A long, cold hall." in reply
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


def test_watch_in_the_line_mode_points_to_reload(tiny_dir: Path, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "game", "--plain", "--watch", str(tiny_dir)], input="look\n",
                          capture_output=True, text=True, cwd=tmp_path, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and "A long hall with a red key and a blue key." in done.stdout
    assert done.stderr == ("challenge: --watch works in the Textual game; in the line mode, type 'reload' to "
                           "read the scene files again\n")
