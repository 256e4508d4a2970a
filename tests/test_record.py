"""Recording: ``record FILE`` and ``--record FILE`` write walkthroughs that replay as they were played."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from game.content.loader import load_story
from game.engine.session import Session
from game.engine.story import Story
from game.play import record, runner
from game.play.plain import PlainGame

ROOT = Path(__file__).resolve().parent.parent
BAIKONUR = Path(__file__).parent / "fixtures" / "playthroughs" / "baikonur"


def play(*args: str, commands: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", "--plain", str(BAIKONUR), *args], cwd=cwd,
                          input="".join(c + "\n" for c in commands), capture_output=True, text=True, timeout=60)


def replay(path: Path, scenes: Path = BAIKONUR) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", "run", "--scenes", str(scenes), str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def story() -> Story:
    result = load_story([BAIKONUR])
    assert result.story is not None
    return result.story


def test_record_mid_game_writes_the_whole_game_and_it_replays(tmp_path: Path) -> None:
    target = tmp_path / "my-test.yaml"
    done = play(commands=["take script", f"record {target}", "out", "x soyuz", "rocket", "up", "buckle", "wait"])
    assert done.returncode == 0
    assert (f"Recording to {target}: every command since the game began, and each one from now on. "
            "Type 'record off' to stop.") in done.stdout.splitlines()
    data = yaml.safe_load(target.read_text("utf-8"))
    assert data["walkthrough"] == "my-test"
    assert "start" not in data
    assert data["steps"][0] == {"do": "take script", "contains": "You take the screenplay."}
    assert data["steps"][1] == {"do": "out", "contains": "A bus takes the crew out across the cosmodrome.",
                                "location": "launch-complex"}
    assert data["steps"][2]["contains"] == ("Which do you mean, the Soyuz-2.1a rocket or the Soyuz MS-19 "
                                            "spacecraft?")
    assert data["steps"][-1] == {"do": "wait", "contains": "The count runs down. Anton reports to the ground. The "
                                 "rocket shakes", "score": 15, "ended": "liftoff"}
    assert target.read_text("utf-8").startswith("# A walkthrough recorded with 'challenge'.")
    done = replay(target)
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[0] == f"PASS my-test ({target}): 7 steps"


def test_the_record_flag_records_from_the_start_and_record_off_stops(tmp_path: Path) -> None:
    target = tmp_path / "flag.yaml"
    done = play("--record", str(target), commands=["take script", "record off", "out", "record off"])
    lines = done.stdout.splitlines()
    assert f"Recording stopped; the walkthrough is in {target}." in lines
    assert "You are not recording." in lines
    assert [s["do"] for s in yaml.safe_load(target.read_text("utf-8"))["steps"]] == ["take script"]


def test_saves_and_quit_are_left_out_and_undo_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "undo.yaml"
    play("--record", str(target), commands=["take script", "save one", "out", "undo", "out", "quit"])
    steps = yaml.safe_load(target.read_text("utf-8"))["steps"]
    assert [s["do"] for s in steps] == ["take script", "out", "undo", "out"]
    assert steps[2]["location"] == "crew-quarters"
    assert replay(target).returncode == 0


def test_a_restore_starts_the_recording_again_from_the_restored_game(tmp_path: Path) -> None:
    target = tmp_path / "restored.yaml"
    commands = ["take script", "out", "save here", f"record {target}", "up", "restore here", "up", "buckle"]
    done = play(commands=commands)
    assert "(The recording starts again from the restored game.)" in done.stdout.splitlines()
    data = yaml.safe_load(target.read_text("utf-8"))
    assert data["start"] == {"scene": "launch-complex", "items": ["screenplay"], "clock": "2021-10-05T07:30Z",
                             "visited": ["crew-quarters"]}
    assert [s["do"] for s in data["steps"]] == ["up", "buckle"]
    done = replay(target)
    assert done.returncode == 0, done.stdout


def test_record_without_a_yaml_name_explains_itself(tmp_path: Path) -> None:
    done = play(commands=["record", "record my test"])
    hint = "To record this game as a walkthrough, give a file name ending in .yaml: record my-test.yaml"
    assert done.stdout.splitlines().count(hint) == 2


def test_a_file_that_cannot_be_written_is_a_message_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    done = play(commands=[f"record {blocker}/x.yaml", "look"])
    assert done.returncode == 0 and "Traceback" not in done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("Could not write"))
    assert line.startswith(f"Could not write {blocker}/x.yaml: ") and line.endswith(". Not recording.")
    done = subprocess.run([sys.executable, "-m", "game", "--plain", str(BAIKONUR), "--record", f"{blocker}/x.yaml"],
                          cwd=ROOT, input="", capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and f"challenge: cannot record to {blocker}/x.yaml: " in done.stderr


def test_a_story_verb_called_record_still_works(tmp_path: Path) -> None:
    scenes = tmp_path / "scenes"
    shutil.copytree(BAIKONUR, scenes)
    quarters = scenes / "quarters.yaml"
    quarters.write_text(quarters.read_text("utf-8").replace(
        "    people:\n", "    actions:\n      - verb: record\n        do: [{say: You film the sunrise.}]\n"
        "    people:\n", 1), encoding="utf-8")
    target = tmp_path / "film.yaml"
    done = subprocess.run([sys.executable, "-m", "game", "--plain", str(scenes)], cwd=ROOT, capture_output=True,
                          input=f"record\nrecord {target}\nrecord\n", text=True, timeout=60)
    lines = done.stdout.splitlines()
    assert lines.count("You film the sunrise.") == 2  # 'record' alone is the story's verb
    assert [s["do"] for s in yaml.safe_load(target.read_text("utf-8"))["steps"]] == ["record", "record"]


def test_the_recorder_in_process(tmp_path: Path) -> None:
    s = story()
    out = (tmp_path / "out.txt").open("w", encoding="utf-8")
    game = PlainGame(s, out)
    for command in ["take script", "out", f"record {tmp_path / 'r.yaml'}", "refuse"]:
        game.turn(command)
    wt_result = runner.run_file(tmp_path / "r.yaml", s)
    assert wt_result.ok, wt_result.report()
    assert [t.command for t in wt_result.turns] == [None, "take script", "out", "refuse"]


def test_first_line_and_start_of() -> None:
    assert record.first_line(["", "[Mission clock: 5 Oct]", "Launch complex"]) == "Launch complex"
    assert record.first_line(["[Previous turn undone.]"]) == "[Previous turn undone.]"
    assert record.first_line([]) is None
    long = "word " * 30
    assert record.first_line([long]) == ("word " * 14).strip()
    s = story()
    assert record.start_of(s, Session(s).state) is None
