"""Where ``record FILE``, ``--record FILE`` and ``challenge run --transcript FILE`` may write (game/play/targets.py).

The game writes these files through a temporary file and a rename, which replaces whatever had the
name: so a NUL in the name, a missing folder, the story's own folder, a file the game did not write,
a device, a FIFO and links to nothing are refused with a message, and the game goes on.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from game.play import record, targets, transcript

SIGNATURE = "# A walkthrough recorded with 'challenge'."
NOT_OURS = ("it is not a walkthrough recorded by the game (its first line would be \"# A walkthrough recorded "
            "with 'challenge'.\"), so it is not replaced; choose another name")
IN_STORY = ("it is inside the story's folder t, where every .yaml file is read as part of the story; choose a file "
            "outside it")


def play(cwd: Path, *lines: str | bytes, args: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    data = b"".join((x.encode() if isinstance(x, str) else x) + b"\n" for x in lines)
    done = subprocess.run([sys.executable, "-m", "game", "--plain", "t", *args], cwd=cwd, input=data,
                          capture_output=True, timeout=60)
    assert "Traceback" not in done.stderr.decode()
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


def said(done: subprocess.CompletedProcess[str]) -> list[str]:
    return done.stdout.splitlines()


def test_a_nul_in_the_name_is_refused_and_the_game_goes_on(here: Path) -> None:
    done = play(here, b"record a\0b.yaml", "take red key")
    assert done.returncode == 0
    assert "Could not write a\\x00b.yaml: a file name cannot contain a NUL character. Not recording." in said(done)
    assert "You take the red key." in said(done)


def test_the_story_folder_is_never_written(here: Path) -> None:
    scene = (here / "t" / "story.yaml").read_bytes()
    done = play(here, "record t/story.yaml", "record t/new.yaml", "record t/../t/sub.yml", "look")
    assert said(done).count(f"Will not write t/story.yaml: {IN_STORY}. Not recording.") == 1
    assert f"Will not write t/new.yaml: {IN_STORY}. Not recording." in said(done)
    assert f"Will not write t/../t/sub.yml: {IN_STORY}. Not recording." in said(done)
    assert (here / "t" / "story.yaml").read_bytes() == scene
    assert sorted(p.name for p in (here / "t").iterdir()) == ["story.yaml"]


def test_a_link_into_the_story_folder_is_refused(here: Path) -> None:
    (here / "o").mkdir()
    (here / "o" / "scene.yaml").symlink_to("../t/story.yaml")
    done = play(here, "record o/scene.yaml")
    assert f"Will not write o/scene.yaml: {IN_STORY}. Not recording." in said(done)
    assert (here / "o" / "scene.yaml").is_symlink()


def test_the_record_flag_is_refused_in_the_story_folder(here: Path) -> None:
    done = play(here, "look", args=("--record", "t/mine.yaml"))
    assert done.returncode == 1
    assert done.stderr == f"challenge: cannot record to t/mine.yaml: {IN_STORY}\n"
    assert not (here / "t" / "mine.yaml").exists()


def test_a_file_the_game_did_not_write_is_left_alone(here: Path) -> None:
    (here / "notes.yaml").write_text("my notes\n", encoding="utf-8")
    done = play(here, "record notes.yaml", "look")
    assert f"Will not write notes.yaml: {NOT_OURS}. Not recording." in said(done)
    assert (here / "notes.yaml").read_text("utf-8") == "my notes\n"


def test_a_recording_or_an_empty_file_is_replaced(here: Path) -> None:
    (here / "empty.yaml").write_bytes(b"")
    done = play(here, "record empty.yaml", "take red key", "record off", "record empty.yaml", "i")
    lines = said(done)
    news = "every command since the game began, and each one from now on. Type 'record off' to stop."
    assert [x for x in lines if x.startswith("Recording to")] == [
        f"Recording to empty.yaml: {news}",  # an empty file holds nothing to replace
        f"Recording to empty.yaml (replacing the old recording): {news}"]
    text = (here / "empty.yaml").read_text("utf-8")
    assert text.startswith(SIGNATURE)
    assert [s["do"] for s in yaml.safe_load(text)["steps"]] == ["take red key", "i"]


def test_a_link_to_a_recording_is_written_through_and_stays_a_link(here: Path) -> None:
    (here / "kept").mkdir()
    (here / "kept" / "real.yaml").write_text(SIGNATURE + "\nwalkthrough: old\nsteps: [look]\n", encoding="utf-8")
    (here / "link.yaml").symlink_to("kept/real.yaml")
    play(here, "record link.yaml", "take red key")
    assert (here / "link.yaml").is_symlink() and os.readlink(here / "link.yaml") == "kept/real.yaml"
    steps = yaml.safe_load((here / "kept" / "real.yaml").read_text("utf-8"))["steps"]
    assert [s["do"] for s in steps] == ["take red key"]


def test_a_link_to_another_file_is_refused_and_kept(here: Path) -> None:
    (here / "target.txt").write_text("keep\n", encoding="utf-8")
    (here / "link.yaml").symlink_to("target.txt")
    done = play(here, "record link.yaml")
    assert f"Will not write link.yaml: {NOT_OURS}. Not recording." in said(done)
    assert (here / "link.yaml").is_symlink() and (here / "target.txt").read_text("utf-8") == "keep\n"


def test_links_to_nothing_loops_and_fifos_are_refused(here: Path) -> None:
    (here / "dangling.yaml").symlink_to("nowhere.yaml")
    (here / "loop-a.yaml").symlink_to("loop-b.yaml")
    (here / "loop-b.yaml").symlink_to("loop-a.yaml")
    os.mkfifo(here / "pipe.yaml")
    done = play(here, "record dangling.yaml", "record loop-a.yaml", "record pipe.yaml", "look")
    lines = said(done)
    assert "Will not write dangling.yaml: it is a link to a file that does not exist. Not recording." in lines
    assert "Will not write loop-a.yaml: it is a loop of links that leads to no file. Not recording." in lines
    assert "Will not write pipe.yaml: it is a FIFO (a named pipe), not a regular file. Not recording." in lines
    assert stat.S_ISFIFO(os.lstat(here / "pipe.yaml").st_mode) and not (here / "nowhere.yaml").exists()
    done = play(here, args=("--record", "pipe.yaml"))
    assert done.returncode == 1
    assert done.stderr == "challenge: cannot record to pipe.yaml: it is a FIFO (a named pipe), not a regular file\n"
    assert stat.S_ISFIFO(os.lstat(here / "pipe.yaml").st_mode)


def test_a_device_is_refused_without_being_written(tmp_path: Path) -> None:
    # Only checked, never written: a wrong answer here must not turn /dev/null into a file.
    if not stat.S_ISCHR(os.stat("/dev/null").st_mode):
        pytest.skip("/dev/null is not a device here")
    (tmp_path / "null.yaml").symlink_to("/dev/null")
    for path in (Path("/dev/null"), tmp_path / "null.yaml"):
        with pytest.raises(targets.Refused) as refused:
            targets.check(path, record.is_recording, record.OURS)
        assert refused.value.strerror == "it is a device, not a regular file"


def test_a_missing_folder_is_not_made(here: Path) -> None:
    done = play(here, "record nowhere/deeper/x.yaml", "look")
    assert ("Could not write nowhere/deeper/x.yaml: the folder nowhere/deeper does not exist. Not recording."
            in said(done))
    assert not (here / "nowhere").exists()


def test_a_refused_file_keeps_the_recording_going(here: Path) -> None:
    done = play(here, "record mine.yaml", "take red key", "record t/story.yaml", "i")
    assert f"Will not write t/story.yaml: {IN_STORY}. Still recording to mine.yaml." in said(done)
    steps = yaml.safe_load((here / "mine.yaml").read_text("utf-8"))["steps"]
    assert [s["do"] for s in steps] == ["take red key", "i"]


def test_a_recording_replaced_by_something_else_mid_game_stops(here: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from game.content.loader import load_story
    from game.play.plain import PlainGame

    story = load_story([here / "t"]).story
    assert story is not None
    out = (tmp_path / "out.txt").open("w", encoding="utf-8")
    monkeypatch.setattr(record, "STORY_FOLDERS", [here / "t"])  # as `challenge --plain STORY` sets it
    game = PlainGame(story, out, recorder=record.Recorder(story))
    game.turn(f"record {here / 'mine.yaml'}")
    (here / "mine.yaml").write_text("someone else's file\n", encoding="utf-8")
    game.turn("take red key")
    out.close()
    assert f"Could not write {here / 'mine.yaml'}: {NOT_OURS}. Recording stopped." in (tmp_path / "out.txt").read_text()
    assert (here / "mine.yaml").read_text("utf-8") == "someone else's file\n"
    assert game.recorder.path is None


# -- challenge run --transcript FILE ------------------------------------------------------------------------

def run_transcript(cwd: Path, target: str) -> subprocess.CompletedProcess[str]:
    walkthrough = cwd / "w" / "look.yaml"
    walkthrough.parent.mkdir(exist_ok=True)
    walkthrough.write_text("steps: [look]\n", encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "game", "run", "--scenes", "t", "w/look.yaml", "--transcript", target],
                          cwd=cwd, capture_output=True, text=True, timeout=60)


def test_the_transcript_refuses_what_it_must_not_replace(here: Path) -> None:
    os.mkfifo(here / "pipe.txt")
    (here / "notes.txt").write_text("mine\n", encoding="utf-8")
    expected = {
        "pipe.txt": "it is a FIFO (a named pipe), not a regular file",
        "notes.txt": "it is not a transcript written by 'challenge run' (its first line would begin \"==== \"), "
                     "so it is not replaced; choose another name",
        "t/story.yaml": "a transcript is plain text, and a .yaml file would be read as a walkthrough or a scene; "
                        "name it .txt",
        "no/such/run.txt": "the folder no/such does not exist",
    }
    for target, why in expected.items():
        done = run_transcript(here, target)
        assert done.returncode == 1 and done.stderr == f"challenge run: could not write {target}: {why}\n", target
        assert "Transcript written" not in done.stdout
    assert stat.S_ISFIFO(os.lstat(here / "pipe.txt").st_mode)
    assert (here / "notes.txt").read_text("utf-8") == "mine\n" and not (here / "no").exists()
    assert yaml.safe_load((here / "t" / "story.yaml").read_text("utf-8"))["story"]


def test_the_transcript_replaces_its_own_file(here: Path) -> None:
    for _ in range(2):
        done = run_transcript(here, "run.txt")
        assert done.returncode == 0 and "Transcript written to run.txt." in done.stdout.splitlines()
    assert (here / "run.txt").read_text("utf-8").startswith("==== w/look.yaml ")


def test_blessing_never_replaces_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "w.transcript")
    with pytest.raises(targets.Refused, match=r"^it is a FIFO \(a named pipe\), not a regular file$"):
        transcript.bless(tmp_path / "w.yaml", "Walkthrough: w\n")
    assert stat.S_ISFIFO(os.lstat(tmp_path / "w.transcript").st_mode)
