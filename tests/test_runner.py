"""``challenge run``: walkthroughs that pass, ones that must fail, and the exact messages of each.

The stories here are frozen copies of the Baikonur slice (tests/fixtures/playthroughs/),
so the messages quoted below do not change when the shipped story does.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from game.content.loader import load_story
from game.engine.story import Story
from game.play import runner, walkthrough
from game.play.coverage import facts_interface

ROOT = Path(__file__).resolve().parent.parent
PLAY = Path(__file__).parent / "fixtures" / "playthroughs"
BAIKONUR = PLAY / "baikonur"
FAILING = PLAY / "failing"


def challenge(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=60)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return challenge("run", "--scenes", str(BAIKONUR.relative_to(ROOT)), *args)


@pytest.fixture(scope="module")
def story() -> Story:
    result = load_story([BAIKONUR])
    assert result.ok and result.story is not None
    return result.story


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def report(path: Path, story: Story) -> list[str]:
    """The failure report of one walkthrough, with the tmp folder written as TMP."""
    result = runner.run_file(path, story)
    assert not result.ok
    return result.report().replace(str(path.parent), "TMP").splitlines()


# -- the shipped failing fixtures, through the real command line -------------------------------------

def test_wrong_text_names_the_line_the_command_the_expectation_and_the_output() -> None:
    done = run_cli("tests/fixtures/playthroughs/failing/wrong-text.yaml")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "FAIL wrong-text (tests/fixtures/playthroughs/failing/wrong-text.yaml)",
        'tests/fixtures/playthroughs/failing/wrong-text.yaml:8:5: step 2 of 3, "out": expected the output to '
        'contain "Launch pad, Site 31"',
        "    closest line in the output (- expected, + output):",
        "      - Launch pad, Site 31",
        "      ?         ^^",
        "      + Launch complex, Site 31",
        "      ?        +++ ^^^",
        '  the output of "out" was:',
        "    | A bus takes the crew out across the cosmodrome.",
        "    | [Mission clock: 5 Oct 2021, 07:30 GMT]",
        "    |",
        "    | Launch complex, Site 31",
        "    | The launch complex of Site 31. The Soyuz-2.1a stands ready, held up by the",
        "    | service column, white against the morning sky.",
        "    | With you: Anton Shkaplerov.",
        "    | Exits: up (the lift).",
        "  (1 later step not run)",
        done.stdout.splitlines()[-2],
        "walkthroughs: 0 passed, 1 failed",
    ]
    assert done.stdout.splitlines()[-2].startswith("(2 commands in ")


def test_wrong_state_reports_every_failed_expectation_of_the_step_in_file_order() -> None:
    done = run_cli("tests/fixtures/playthroughs/failing/wrong-state.yaml")
    assert done.returncode == 1
    where = "tests/fixtures/playthroughs/failing/wrong-state.yaml"
    assert done.stdout.splitlines()[:7] == [
        f"FAIL wrong-state ({where})",
        f"{where}:9:5: step 2 of 2, \"out\": expected the player in 'launch-complex', but they are in "
        "'crew-quarters' (Crew quarters)",
        f'{where}:10:5: step 2 of 2, "out": expected the player to hold screenplay; they hold: nothing',
        f"{where}:11:5: step 2 of 2, \"out\": expected the story to have ended with 'liftoff', but it has not ended",
        f'{where}:12:5: step 2 of 2, "out": expected the score to be 5, but it is 0',
        '  the output of "out" was:',
        "    | You are not leaving for space without your screenplay.",
    ]


def test_a_bad_file_reports_every_problem_at_once_and_does_not_run() -> None:
    done = run_cli("tests/fixtures/playthroughs/failing/bad-file.yaml")
    assert done.returncode == 1
    where = "tests/fixtures/playthroughs/failing/bad-file.yaml"
    assert done.stdout.splitlines()[:5] == [
        f"FAIL bad-file ({where})",
        f"{where}:6:5: error: unknown key 'contain' in a step (did you mean 'contains'?)",
        f"{where}:8:5: error: unknown scene 'launch-pad' (did you mean 'launch-complex'?)",
        f"{where}:9:5: error: unknown flag 'strapped-inn': no effect in the story sets it "
        "(did you mean 'strapped-in'?)",
        "  (the walkthrough was not run)",
    ]


def test_all_passing_exits_0_with_a_summary_line(tmp_path: Path) -> None:
    done = run_cli("tests/fixtures/playthroughs/slice-walkthroughs/liftoff.yaml", "tests/fixtures/playthroughs/slice-walkthroughs/stood-down.yaml")
    assert done.returncode == 0, done.stdout
    lines = done.stdout.splitlines()
    assert lines[0] == "PASS liftoff (tests/fixtures/playthroughs/slice-walkthroughs/liftoff.yaml): 10 steps"
    assert lines[1] == "PASS stood-down (tests/fixtures/playthroughs/slice-walkthroughs/stood-down.yaml): 6 steps"
    assert lines[-1] == "walkthroughs: 2 passed, 0 failed"


def test_a_mix_counts_both_and_exits_1() -> None:
    done = run_cli("tests/fixtures/playthroughs/slice-walkthroughs/stood-down.yaml", "tests/fixtures/playthroughs/failing/")
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "walkthroughs: 1 passed, 3 failed"


def test_missing_files_and_a_broken_story_are_errors_not_tracebacks(tmp_path: Path) -> None:
    done = run_cli("no/such.yaml")
    assert done.returncode == 1
    assert "no/such.yaml:1:1: error: no such file or folder" in done.stderr
    broken = write(tmp_path, "story.yaml", "story: {title: x}\n")
    done = challenge("run", "--scenes", str(broken.parent), "tests/fixtures/playthroughs/slice-walkthroughs/liftoff.yaml")
    assert done.returncode == 1
    assert "challenge: the story has" in done.stderr and "Traceback" not in done.stderr
    done = challenge("run")
    assert done.returncode == 2 and "the following arguments are required: FILE" in done.stderr


# -- text expectations -------------------------------------------------------------------------------

def test_text_expectations_each_explain_themselves(tmp_path: Path, story: Story) -> None:
    path = write(tmp_path, "text.yaml", """\
        steps:
          - do: x window
            contains: [Flat steppe as far as, you can see]
            not_contains: [rocket is waiting]
            matches: ['^Flat', 'steppe$']
            count: {"as far": 2, "Flat": 0}
        """)
    assert report(path, story) == [
        "FAIL text (TMP/text.yaml)",
        'TMP/text.yaml:4:5: step 1 of 1, "x window": expected the output not to contain "rocket is waiting", '
        'but it does: "Flat steppe as far as you can see. Somewhere out there a rocket is waiting."',
        "TMP/text.yaml:5:5: step 1 of 1, \"x window\": expected the output to match the regular expression /steppe$/",
        'TMP/text.yaml:6:5: step 1 of 1, "x window": expected "as far" twice in the output, found it once',
        '  expected "Flat" 0 times in the output, found it once',
        '  the output of "x window" was:',
        "    | Flat steppe as far as you can see. Somewhere out there a rocket is waiting.",
    ]


def test_contains_ignores_where_the_prose_wraps(tmp_path: Path, story: Story) -> None:
    path = write(tmp_path, "wrap.yaml", """\
        opening:
          contains: "Your screenplay lies on the desk where you left it last night."
        steps: []
        """)
    assert runner.run_file(path, story).ok


def test_a_failing_opening_is_reported_as_the_opening(tmp_path: Path, story: Story) -> None:
    path = write(tmp_path, "open.yaml", """\
        opening:
          location: launch-complex
        steps: [look]
        """)
    lines = report(path, story)
    assert lines[1] == ("TMP/open.yaml:2:3: opening: expected the player in 'launch-complex', but they are in "
                        "'crew-quarters' (Crew quarters)")
    assert lines[2] == "  the output of the opening was:"
    assert lines[-1] == "  (1 later step not run)"


def test_state_expectations_each_explain_themselves(tmp_path: Path, story: Story) -> None:
    path = write(tmp_path, "state.yaml", """\
        steps:
          - take script
          - do: x window
            flags: [strapped-in]
            not_flags: []
            lacks: [screenplay]
            inventory: []
            visited: [soyuz-cabin]
            clock: 2021-10-05T08:55Z
            ended: false
        """)
    assert report(path, story)[1:7] == [
        'TMP/state.yaml:4:5: step 2 of 2, "x window": expected flag strapped-in to be set; the flags set are: '
        "(none)",
        'TMP/state.yaml:6:5: step 2 of 2, "x window": expected the player not to hold screenplay, but they do',
        'TMP/state.yaml:7:5: step 2 of 2, "x window": expected the player to hold exactly: nothing; they hold: '
        "screenplay (not expected: screenplay)",
        'TMP/state.yaml:8:5: step 2 of 2, "x window": expected the player to have visited soyuz-cabin; visited: '
        "crew-quarters",
        'TMP/state.yaml:9:5: step 2 of 2, "x window": expected the mission clock at 2021-10-05T08:55Z, but it is '
        "2021-10-05T06:00Z",
        '  the output of "x window" was:',
    ]


def test_ended_false_fails_once_the_story_is_over(tmp_path: Path, story: Story) -> None:
    path = write(tmp_path, "over.yaml", """\
        steps: [take script, out, {do: refuse, ended: false}]
        """)
    assert report(path, story)[1] == ("TMP/over.yaml:1:40: step 3 of 3, \"refuse\": expected the story not to "
                                      "have ended, but it ended with 'stood-down'")


# -- start states, includes, save and quit -----------------------------------------------------------

def test_a_start_state_is_like_test_me_in_room_holding_x(tmp_path: Path, story: Story) -> None:
    path = write(tmp_path, "start.yaml", """\
        start: {scene: launch-complex, items: [screenplay], flags: [strapped-in], clock: 2021-10-05T08:00Z}
        opening:
          contains: Launch complex, Site 31
          not_contains: Baikonur Cosmodrome
          has: [screenplay]
        steps:
          - do: up
            clock: 2021-10-05T09:00Z
          - do: down
            contains: You are strapped in.
        """)
    result = runner.run_file(path, story)
    assert result.ok, result.report()


def test_includes_run_first_and_failures_point_into_the_included_file(tmp_path: Path, story: Story) -> None:
    write(tmp_path, "opening.yaml", """\
        steps:
          - take script
          - do: out
            location: soyuz-cabin
        """)
    path = write(tmp_path, "main.yaml", """\
        include: opening.yaml
        steps: [up]
        """)
    lines = report(path, story)
    assert lines[0] == "FAIL main (TMP/main.yaml)"
    assert lines[1].startswith('TMP/opening.yaml:4:5: step 2 of 3, "out": expected the player in \'soyuz-cabin\'')
    assert lines[-1] == "  (1 later step not run)"


def test_include_problems(tmp_path: Path, story: Story) -> None:
    write(tmp_path, "a.yaml", "include: b.yaml\nsteps: []\n")
    write(tmp_path, "b.yaml", "include: [a.yaml]\nsteps: []\n")
    write(tmp_path, "starts.yaml", "start: {scene: soyuz-cabin}\nsteps: []\n")
    write(tmp_path, "two.yaml", "include: [a.yaml, starts.yaml]\nsteps: []\n")
    cases = {
        "missing.yaml": ("include: nowhere.yaml\nsteps: []\n",
                         "TMP/missing.yaml:1:10: error: included walkthrough 'nowhere.yaml' not found (looked for "),
        "loop.yaml": ("include: a.yaml\nsteps: []\n",
                      "TMP/b.yaml:1:11: error: walkthroughs include each other in a loop: "),
        "not-yaml.yaml": ("include: /etc/passwd\nsteps: []\n",  # refused by its name, never opened
                          "TMP/not-yaml.yaml:1:10: error: '/etc/passwd' is not a walkthrough file: include names a "
                          ".yaml file"),
        "late-start.yaml": ("include: [opening-free.yaml, starts.yaml]\nsteps: []\n",
                            "TMP/late-start.yaml:1:10: error: the included walkthrough TMP/starts.yaml sets a start "
                            "state, but it does not run first"),
    }
    write(tmp_path, "opening-free.yaml", "steps: [look]\n")
    for name, (text, expected) in cases.items():
        lines = report(write(tmp_path, name, text), story)
        assert any(line.startswith(expected) for line in lines), (name, lines)
        assert not any("passwd:" in line for line in lines), lines  # nothing read from the file itself


def test_save_and_restore_stay_in_memory(tmp_path: Path, story: Story) -> None:
    path = write(tmp_path, "saves.yaml", """\
        steps:
          - take script
          - do: save here
            contains: Saved as 'here'.
          - out
          - do: restore here
            contains: [Restored 'here'., Crew quarters]
            location: crew-quarters
          - do: restore elsewhere
            contains: There is no save called 'elsewhere'.
        """)
    assert runner.run_file(path, story).ok
    assert not (Path(os.environ["CHALLENGE_DATA_DIR"]) / "saves").exists()


def test_quitting_before_the_last_step_fails(tmp_path: Path, story: Story) -> None:
    path = write(tmp_path, "quit.yaml", "steps: [look, quit, look]\n")
    assert report(path, story)[1] == ('TMP/quit.yaml:1:21: step 3 of 3, "look": the game quit before this step '
                                      "(1 step not run); remove the 'quit'")


# -- the file format -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("", "TMP/f.yaml:1:1: error: the file is empty: a walkthrough needs 'steps:'"),
    ("- look\n", "TMP/f.yaml:1:1: error: a walkthrough file is a mapping with 'steps:'"),
    ("walkthrough: x\n", "TMP/f.yaml:1:1: error: missing required key 'steps'"),
    ("steps:\n  - contains: x\n", "TMP/f.yaml:2:5: error: a step needs 'do:' with the command to type"),
    ("steps:\n  - 42\n", "TMP/f.yaml:2:5: error: a step is a command (a string) or a mapping with 'do:'"),
    ("steps:\n  - {do: look, score: lots}\n", "TMP/f.yaml:2:23: error: 'score' should be a whole number, not a string"),
    ("steps:\n  - {do: look, ended: true}\n",
     "TMP/f.yaml:2:23: error: 'ended' is an ending's id, or false for 'the story has not ended'"),
    ("steps:\n  - {do: look, matches: '('}\n",
     "TMP/f.yaml:2:16: error: '(' is not a valid regular expression: missing ), unterminated subpattern"),
    ("steps:\n  - {do: look, clock: '8:55'}\n",
     "TMP/f.yaml:2:23: error: '8:55' is not a mission-clock time: write YYYY-MM-DDTHH:MMZ in GMT"),
    ("start: {room: soyuz-cabin}\nsteps: []\n",
     "TMP/f.yaml:1:9: error: unknown key 'room' in 'start'; expected one of: scene, items, flags, clock"),
    ("steps: []\nstep: []\n", "TMP/f.yaml:2:1: error: unknown key 'step' in the walkthrough (did you mean 'steps'?)"),
    ("steps: [look]\nopening: {ended: liftof}\n",
     "TMP/f.yaml:2:11: error: unknown ending 'liftof' (did you mean 'liftoff'?)"),
    ("steps:\n\t- look\n", "TMP/f.yaml:2:1: error: tab character in indentation"),
])
def test_file_problems_are_reported_at_their_line(tmp_path: Path, story: Story, text: str, message: str) -> None:
    path = write(tmp_path, "f.yaml", text)
    loaded = walkthrough.load(path, story)
    assert loaded.walkthrough is None
    shown = [d.format().replace(str(tmp_path), "TMP") for d in loaded.diagnostics]
    assert any(line.startswith(message) for line in shown), shown


def test_the_schema_is_valid_and_describes_every_check() -> None:
    import json

    import jsonschema

    schema = json.loads(walkthrough.schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["$defs"]["checks"]["properties"]) == set(walkthrough.CHECK_KEYS)
    assert set(schema["$defs"]["start"]["properties"]) == set(walkthrough.START_KEYS)


# -- transcripts, blessing, coverage ---------------------------------------------------------------

def test_transcript_is_a_classic_if_transcript(tmp_path: Path) -> None:
    out = tmp_path / "run.txt"
    done = run_cli("tests/fixtures/playthroughs/slice-walkthroughs/stood-down.yaml", "--transcript", str(out))
    assert done.returncode == 0
    text = out.read_text("utf-8")
    assert text.startswith("==== tests/fixtures/playthroughs/slice-walkthroughs/stood-down.yaml ")
    assert "\nWalkthrough: stood-down\n\nBaikonur Cosmodrome, Kazakhstan. 5 October 2021.\n" in text
    assert "\n>take script\nYou take the screenplay.\n\n>out\n" in text
    assert text.rstrip().endswith("(The story is over: undo, restore or quit.)")


def test_bless_then_compare_then_show_a_diff(tmp_path: Path) -> None:
    path = write(tmp_path, "blessed.yaml", "steps: [take script, out]\n")
    done = run_cli(str(path), "--bless")
    assert done.returncode == 0
    blessed = tmp_path / "blessed.transcript"
    assert f"  blessed {blessed}" in done.stdout.splitlines()
    assert ">take script\nYou take the screenplay.\n" in blessed.read_text("utf-8")
    assert run_cli(str(path)).returncode == 0
    blessed.write_text(blessed.read_text("utf-8").replace("You take the screenplay.", "You take the script."),
                       encoding="utf-8")
    done = run_cli(str(path))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[1] == (f"{path}:1:1: transcript: the transcript differs from the blessed one ({blessed}); if "
                        "the change is right, run again with --bless")
    assert f"  --- {blessed} (blessed)" in lines
    assert "  +++ this run" in lines
    assert "  -You take the script." in lines
    assert "  +You take the screenplay." in lines


def test_a_failing_run_is_not_blessed(tmp_path: Path) -> None:
    path = write(tmp_path, "nope.yaml", "steps: [{do: look, location: soyuz-cabin}]\n")
    assert run_cli(str(path), "--bless").returncode == 1
    assert not (tmp_path / "nope.transcript").exists()


def test_coverage_reports_shares_and_what_was_never_reached() -> None:
    done = run_cli("tests/fixtures/playthroughs/slice-walkthroughs/stood-down.yaml", "--coverage")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    start = lines.index("Coverage of 1 walkthrough (6 commands):")
    assert lines[start + 1:start + 14] == [
        "  scenes   2 of 3 (67%)",
        "  exits    1 of 3 (33%)",
        "  actions  1 of 4 (25%)",
        "  objects  3 of 8 (38%)",
        "  endings  1 of 2 (50%)",
        "Never reached:",
        "  scene   soyuz-cabin (Inside the Soyuz MS-19)",
        "  exit    launch-complex: up (the lift) -> soyuz-cabin",
        "  exit    soyuz-cabin: down (the hatch) -> launch-complex",
        "  action  soyuz-cabin-1 (soyuz-cabin: wait)",
        "  action  soyuz-cabin-2 (soyuz-cabin: wait)",
        "  action  soyuz-cabin-3 (soyuz-cabin: buckle)",
        "  object  rocket (launch-complex)",
    ]
    facts = next(line for line in lines if line.startswith("Facts"))
    if getattr(load_story([BAIKONUR]).story, "facts", None):
        # The copy has no ledger of its own, so the shipped one applies: stood-down never reaches liftoff.
        assert facts.startswith("Facts shown to the player: ")
    else:
        assert facts == "Facts: ledger not available"


def test_facts_shown_come_from_the_ledger_attribution_not_the_text(story: Story) -> None:
    import copy

    from game.engine.events import Event
    from game.play.coverage import Coverage

    shown_of, ids_of = facts_interface()
    if not getattr(story, "facts", None):
        pytest.skip("the fact ledger is not part of this build")
    cabin = story.scenes["soyuz-cabin"]
    events = [Event("title", cabin.title, {"scene": "soyuz-cabin"}), Event("text", "Launched at 08:55 GMT.")]
    assert shown_of(story, events) == set(cabin.facts)
    assert shown_of(story, [Event("ending", "", {"id": "liftoff"})]) == set(story.endings["liftoff"].facts)
    assert shown_of(story, [Event("sources", "", {"facts": [{"id": "crew"}]})]) == {"crew"}
    assert set(ids_of(story)) >= set(cabin.facts)
    bare = copy.copy(story)
    bare.facts = {}
    assert Coverage(bare).report()[-1] == "Facts: ledger not available"


# -- standard tools: RegTest's "cheap" mode ---------------------------------------------------------

def _regtest(script: str, command: list[str]) -> list[str]:
    """A minimal RegTest 'cheap mode' driver, written from its documented protocol.

    It starts the interpreter with the game file as its last argument, writes one
    command per line, and reads each reply up to a newline followed by '>'. Checks:
    plain text (a substring of some line), '!text' (on no line), '/regex' (matches
    some line). Returns the failures, as RegTest prints them.
    """
    import re

    tests: list[tuple[str, list[tuple[str | None, list[str]]]]] = []
    for raw in script.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("**"):
            continue
        if line.startswith("* "):
            tests.append((line[2:], [(None, [])]))
        elif line.startswith(">"):
            tests[-1][1].append((line[1:].strip(), []))
        else:
            tests[-1][1][-1][1].append(line)
    failures = []
    for name, turns in tests:
        proc = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        assert proc.stdin is not None and proc.stdout is not None
        try:
            for cmd, checks in turns:
                if cmd is not None:
                    proc.stdin.write((cmd + "\n").encode())
                    proc.stdin.flush()
                output = bytearray()
                while select.select([proc.stdout], [], [], 10)[0]:
                    ch = proc.stdout.read(1)
                    if not ch:
                        break
                    output += ch
                    if output[-2:] == b"\n>":
                        break
                else:
                    failures.append(f"{name}: timed out awaiting output")
                    break
                lines = output.decode("utf-8").split("\n")
                for check in checks:
                    if check.startswith("!"):
                        bad = any(check[1:].strip() in ln for ln in lines)
                    elif check.startswith("/"):
                        bad = not any(re.search(check[1:].strip(), ln) for ln in lines)
                    else:
                        bad = not any(check in ln for ln in lines)
                    if bad:
                        failures.append(f"{name}: > {cmd}: {check}: not found" if not check.startswith("!")
                                        else f"{name}: > {cmd}: {check}: inverse test should fail")
        finally:
            proc.stdin.close()
            proc.kill()
            proc.wait()
    return failures


def test_plain_mode_passes_a_regtest_script() -> None:
    script = (PLAY / "baikonur.regtest").read_text("utf-8")
    command = [sys.executable, "-m", "game", "--plain", str(BAIKONUR)]
    assert _regtest(script, command) == []


def test_the_regtest_driver_sees_failures() -> None:
    script = "* broken\n> take script\nYou take the script.\n!screenplay\n"
    command = [sys.executable, "-m", "game", "--plain", str(BAIKONUR)]
    assert _regtest(script, command) == [
        "broken: > take script: You take the script.: not found",
        "broken: > take script: !screenplay: inverse test should fail",
    ]


def test_an_engine_error_fails_the_step_with_the_exception(tmp_path: Path, story: Story,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from game.engine.session import Session

    real = Session.submit

    def buggy(self: Session, command: str):  # type: ignore[no-untyped-def]
        if command == "buckle":
            raise KeyError("strapped-in")
        return real(self, command)

    monkeypatch.setattr(Session, "submit", buggy)
    path = write(tmp_path, "crash.yaml", "steps: [take script, out, up, {do: buckle, flags: [strapped-in]}]\n")
    assert report(path, story)[1:4] == [
        "TMP/crash.yaml:1:44: step 4 of 4, \"buckle\": expected flag strapped-in to be set; the flags set are: "
        "(none)",
        '  the output of "buckle" was:',
        "    | [The game raised KeyError: 'strapped-in']",
    ]


def test_files_in_a_walkthrough_folder_that_cannot_run_are_named_not_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "walks"
    folder.mkdir()
    write(folder, "good.yaml", "steps: [look]\n")
    write(folder, "LOUD.YAML", "steps: [look]\n")
    write(folder, "notes.txt", "not a walkthrough, and not said to be one\n")
    os.mkfifo(folder / "pipe.yaml")
    (folder / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    files, problems = walkthrough.find_files([folder])
    assert files == [folder / "good.yaml"]
    assert [d.format() for d in problems] == [
        f"{folder / 'LOUD.YAML'}:1:1: error: this file is not run: its name ends in '.YAML'; walkthroughs end in "
        "'.yaml' or '.yml' (small letters)",
        f"{folder / 'gone.yaml'}:1:1: error: this file is not run: it is a link to a file that does not exist, "
        "or a loop of links",
        f"{folder / 'pipe.yaml'}:1:1: error: this file is not run: it is a FIFO (a named pipe), not a regular file",
    ]
    _, problems = walkthrough.find_files([folder / "pipe.yaml"])  # named on its own: never opened (it would hang)
    assert [d.message for d in problems] == ["it is a FIFO (a named pipe), not a walkthrough file or a folder of them"]
