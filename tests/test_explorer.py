"""``challenge explore``: the shipped story, a clean copy, and a copy with planted bugs.

tests/fixtures/playthroughs/planted/ is the Baikonur slice with a softlock (burning
the screenplay in the crew quarters) and a scene, action and ending that only an
impossible mission-clock time leads to. Every one passes ``challenge check``: only
playing finds them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from game.content.loader import load_story
from game.engine.state import new_state
from game.engine.story import Story
from game.engine.vocabulary import META_VERBS, VERB_PHRASES
from game.paths import scenes_dir
from game.play.explorer import Commands, StateKey, explore, report

ROOT = Path(__file__).resolve().parent.parent
PLAY = Path(__file__).parent / "fixtures" / "playthroughs"


def load(path: Path) -> Story:
    result = load_story([path])
    assert result.ok and result.story is not None, [d.format() for d in result.errors]
    return result.story


def challenge(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


# -- the shipped story -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped() -> Story:
    return load(scenes_dir())


def test_the_shipped_story_is_explored_whole_in_a_few_seconds(shipped: Story) -> None:
    began = time.perf_counter()
    result = explore(shipped)
    assert time.perf_counter() - began < 5
    assert result.complete
    assert not result.unreached_endings
    assert set(result.scenes) == set(shipped.scenes)
    assert result.actions == {a.id for a in shipped.all_actions()}
    assert result.endings["film-home"][-1] == "wait"


def test_the_shipped_story_has_no_softlock(shipped: Story) -> None:
    result = explore(shipped)
    assert result.softlocks == [], "\n".join(report(result))


# -- a clean copy and a copy with planted bugs, through the command line ----------------------------

def test_a_clean_story_exits_0() -> None:
    done = challenge("explore", "tests/fixtures/playthroughs/baikonur")
    assert done.returncode == 0, done.stdout
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Explored ") and lines[0].endswith(": the whole story.")
    assert lines[1:] == [
        "Endings: 2 of 2 reachable. Shortest paths:",
        "  liftoff (Liftoff, a win): 4 commands: take script / out / up / wait",
        "  stood-down (Stood down): 3 commands: take script / out / refuse",
        "Never reachable: nothing. Every scene, action, exit and ending can be reached.",
        "Softlocks: none. An ending can be reached from every state found.",
        "Result: no softlock, every ending reachable.",
    ]


def test_planted_softlock_and_unreachable_scene_are_named_with_a_path() -> None:
    done = challenge("explore", "tests/fixtures/playthroughs/planted")
    assert done.returncode == 1
    assert done.stdout.splitlines()[1:] == [
        "Endings: 2 of 3 reachable. Shortest paths:",
        "  liftoff (Liftoff, a win): 4 commands: take script / out / up / wait",
        "  scrubbed (Scrubbed): NOT REACHABLE",
        "  stood-down (Stood down): 3 commands: take script / out / refuse",
        "Never reachable:",
        "  scene  press-centre (Press centre)",
        "  action press-centre-1 (press-centre: announce)",
        "  exit   launch-complex: the press centre -> press-centre",
        "  exit   press-centre: out -> launch-complex",
        "  ending scrubbed (Scrubbed)",
        "Softlocks: 36 states from which no ending can be reached. The shortest way into each:",
        "  1. in crew-quarters (Crew quarters), by 'burn script':",
        "       burn script",
        "     then flags: none; holding: nothing; clock: 5 Oct 2021, 06:00 GMT",
        "Result: 1 softlock, 1 unreachable ending.",
    ]


def test_a_softlock_deep_in_the_story_gets_its_shortest_path() -> None:
    story = load(PLAY / "planted")
    # The shipped cabin's softlock, put back into the planted copy: no 'wait' after 08:55.
    cabin = story.scenes["soyuz-cabin"]
    cabin.actions = [a for a in cabin.actions if a.when != {"after": "2021-10-05T08:55Z"}]
    result = explore(story)
    paths = {tuple(lock.path) for lock in result.softlocks}
    assert paths == {("burn script",), ("take script", "out", "up", "down", "up", "buckle")}
    deep = next(lock for lock in result.softlocks if len(lock.path) > 1)
    assert deep.scene == "soyuz-cabin" and deep.state["flags"] == ["strapped-in"]
    assert deep.ways == 2  # strapped in late by another route too (after waiting at the launch complex)


def test_a_story_stuck_from_the_start(tmp_path: Path) -> None:
    # Statically every scene and the ending are linked; in play, room C needs a visit to C.
    (tmp_path / "story.yaml").write_text(textwrap.dedent("""\
        story:
          title: Stuck
          start: a
          clock: 2021-10-05T06:00Z
          endings: [{id: out, title: Out, text: Free.}]
        scenes:
          - id: a
            title: A
            prose: Room A.
            exits: [{dir: north, to: b}, {dir: down, to: c, when: {visited: [c]}}]
          - id: b
            title: B
            prose: Room B.
            exits: [{dir: south, to: a}]
          - id: c
            title: C
            prose: Room C.
            actions: [{verb: leave, do: [{end: out}]}]
        """), encoding="utf-8")
    result = explore(load(tmp_path))
    assert result.complete and result.unreached_endings == ["out"]
    assert [lock.path for lock in result.softlocks] == [[]]
    lines = report(result)
    assert "  1. in a (A):" in lines
    assert "       (at the very start)" in lines
    assert "  scene  c (C)" in lines


def test_write_walkthroughs_writes_the_shortest_paths_and_they_pass(tmp_path: Path) -> None:
    done = challenge("explore", "tests/fixtures/playthroughs/baikonur", "--write-walkthroughs", str(tmp_path))
    assert done.returncode == 0
    assert f"Wrote {tmp_path / 'ending-liftoff.yaml'}" in done.stdout.splitlines()
    text = (tmp_path / "ending-liftoff.yaml").read_text("utf-8")
    assert "walkthrough: ending-liftoff\n" in text
    assert "- do: up\n  location: soyuz-cabin\n- do: wait\n  ended: liftoff\n" in text
    done = challenge("run", "--scenes", "tests/fixtures/playthroughs/baikonur", str(tmp_path))
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1] == "walkthroughs: 2 passed, 0 failed"


# -- bounds, and the explorer checking itself --------------------------------------------------------

def test_max_states_bounds_the_search_and_reports_no_false_softlock() -> None:
    story = load(PLAY / "planted")
    whole = explore(story)
    # Cut short, stuck states whose successors were not all seen get the benefit of the doubt,
    # so a search cut short reports a softlock only once it is certain.
    assert [lock.path for lock in whole.softlocks] == [["burn script"]]
    for limit in (5, 100, whole.states * 3 // 4, whole.states - 1):
        result = explore(story, max_states=limit)
        assert result.states == limit and not result.complete
        assert [lock.path for lock in result.softlocks] in ([], [["burn script"]])
    assert explore(story, max_states=100).softlocks == []
    result = explore(story, max_states=20)
    lines = report(result)
    assert lines[0].endswith(": stopped early.")
    assert "Not reached within the limit:" in lines
    done = challenge("explore", "tests/fixtures/playthroughs/baikonur", "--max-states", "5")
    assert done.returncode == 1
    assert "  liftoff (Liftoff, a win): not reached" in done.stdout.splitlines()
    assert done.stdout.splitlines()[-1] == "Result: 2 endings not reached."


def test_bad_arguments() -> None:
    done = challenge("explore", "--max-states", "0")
    assert done.returncode == 2 and "--max-states: must be at least 1" in done.stderr
    done = challenge("explore", "no/such/folder")
    assert done.returncode == 1 and "no such file or folder" in done.stderr


def test_every_verb_finds_the_same_as_the_relevant_ones() -> None:
    for name in ("baikonur", "planted"):
        story = load(PLAY / name)
        quick, thorough = explore(story), explore(story, thorough=True)
        assert thorough.moves > 5 * quick.moves
        assert (quick.states, quick.endings, quick.scenes, quick.actions, quick.exits, quick.stuck_states) == \
            (thorough.states, thorough.endings, thorough.scenes, thorough.actions, thorough.exits,
             thorough.stuck_states)


def test_meta_commands_are_never_tried() -> None:
    story = load(PLAY / "baikonur")
    for thorough in (False, True):
        commands = Commands(story, thorough)(new_state(story))
        meta_words = {w for verb in META_VERBS for w in VERB_PHRASES[verb]}
        assert not [c for c in commands if c.split()[0] in meta_words]


def test_the_state_key_ignores_only_what_no_condition_can_see() -> None:
    story = load(PLAY / "baikonur")  # its conditions mention 08:55 and no other time
    key = StateKey(story)
    s = new_state(story)
    assert key.late == "2021-10-05T08:55Z"
    assert key({**s, "turns": 9, "score": 5, "it": "window"}) == key(s)
    assert key({**s, "clock": "2021-10-05T09:00Z"}) == key({**s, "clock": "2021-10-06T12:00Z"})
    assert key({**s, "clock": "2021-10-05T08:50Z"}) != key({**s, "clock": "2021-10-05T08:55Z"})
    assert key({**s, "flags": ["a", "b"]}) == key({**s, "flags": ["b", "a"]})
    assert key({**s, "inventory": ["screenplay"]}) != key(s)
    assert key({**s, "placed": {"screenplay": "launch-complex"}}) != key(s)


def _grid(folder: Path, size: int = 5) -> None:
    """A 25-scene story (the size the shipped one will grow to) with items, a flag and timed conditions."""
    scenes = []
    for r in range(size):
        for c in range(size):
            exits = [f"{{dir: {d}, to: r{r + dr}c{c + dc}, minutes: 5}}"
                     for d, dr, dc in (("north", -1, 0), ("south", 1, 0), ("west", 0, -1), ("east", 0, 1))
                     if 0 <= r + dr < size and 0 <= c + dc < size]
            extra = ""
            if (r, c) == (0, 1):
                extra = "    objects: [{id: lamp, name: lamp, portable: true, description: A lamp.}]\n"
            if (r, c) == (2, 3):
                extra = ("    objects: [{id: badge, name: badge, portable: true, description: A badge.}]\n"
                         "    actions: [{verb: press, once: true, do: [{set: power}]}]\n")
            if (r, c) == (4, 4):
                extra = ("    actions: [{verb: launch, when: {flags: [power], has: [badge], "
                         "before: 2021-10-05T09:00Z}, do: [{end: won}]}]\n")
            scenes.append(f"  - id: r{r}c{c}\n    title: Room {r} {c}\n    prose: A room.\n"
                          f"    exits: [{', '.join(exits)}]\n{extra}")
    (folder / "story.yaml").write_text(
        "story:\n  title: Grid\n  start: r0c0\n  clock: 2021-10-05T06:00Z\n"
        "  endings: [{id: won, title: Won, text: Done.}]\nscenes:\n" + "".join(scenes), encoding="utf-8")


def test_a_25_scene_story_stays_within_its_bounds(tmp_path: Path) -> None:
    _grid(tmp_path)
    story = load(tmp_path)
    began = time.perf_counter()
    result = explore(story, max_states=8_000)
    assert time.perf_counter() - began < 20
    assert result.states == 8_000 and not result.complete
    assert result.endings["won"][-1] == "launch"
    assert not result.softlocks


def test_an_engine_error_on_some_path_is_reported_with_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    import game.play.explorer as explorer_module

    story = load(PLAY / "baikonur")
    real = explorer_module.step

    def buggy(story: Story, state: dict, command: str):  # type: ignore[no-untyped-def]
        if command == "buckle":
            raise KeyError("strapped-in")
        return real(story, state, command)

    monkeypatch.setattr(explorer_module, "step", buggy)
    result = explore(story)
    assert not result.ok
    path, count = result.crashes["KeyError: 'strapped-in'"]
    assert path == ["take script", "out", "up", "buckle"] and count > 1
    lines = report(result)
    assert "Engine errors: the game raised an exception. The shortest path to each:" in lines
    assert f"  1. KeyError: 'strapped-in' (raised by {count} commands in all):" in lines
    assert "       take script / out / up / buckle" in lines
    assert lines[-1] == "Result: 1 engine error."


def test_a_scene_no_exit_leads_to_is_still_explored(tmp_path: Path) -> None:
    # 'challenge check' calls this an error (E240), so the game will not play it; the explorer
    # plays it anyway, since reachability is what it is for, and exits 1 for the error.
    scenes = tmp_path / "scenes"
    shutil.copytree(PLAY / "baikonur", scenes)
    with (scenes / "quarters.yaml").open("a", encoding="utf-8") as f:
        f.write("  - id: attic\n    title: Attic\n    prose: Dust.\n    exits: [{dir: down, to: crew-quarters}]\n")
    done = challenge("explore", str(scenes))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "'challenge check' finds these without playing; the explorer plays the story anyway:"
    assert lines[1].endswith("quarters.yaml:46:9: error: scene 'attic' is unreachable from the start scene "
                             "'crew-quarters' (no exit or 'move' leads here)")
    assert "  scene  attic (Attic)" in lines


def test_write_walkthroughs_replaces_only_its_own_files_and_never_the_storys(tmp_path: Path) -> None:
    story = "tests/fixtures/playthroughs/baikonur"
    assert challenge("explore", story, "--write-walkthroughs", str(tmp_path)).returncode == 0
    assert challenge("explore", story, "--write-walkthroughs", str(tmp_path)).returncode == 0  # its own: replaced
    mine = tmp_path / "ending-liftoff.yaml"
    mine.write_text("my notes\n", "utf-8")
    done = challenge("explore", story, "--write-walkthroughs", str(tmp_path))
    assert done.returncode == 1 and mine.read_text("utf-8") == "my notes\n"
    assert done.stderr == (f"challenge explore: could not write to {tmp_path}: ending-liftoff.yaml: it is not a "
                           "walkthrough written by 'challenge explore' (its first line would be \"# Written by "
                           "'challenge explore --write-walkthroughs'.\"), so it is not replaced; choose another name\n")
    before = sorted(p.name for p in Path(story).iterdir())
    done = challenge("explore", story, "--write-walkthroughs", story)
    assert done.returncode == 1 and "inside the story's folder" in done.stderr
    assert sorted(p.name for p in Path(story).iterdir()) == before
    done = challenge("explore", story, "--write-walkthroughs", str(tmp_path / "no" / "deeper"))
    assert done.returncode == 1 and not (tmp_path / "no").exists()


def test_the_state_key_stays_the_same_when_it_forgets_identities(monkeypatch: pytest.MonkeyPatch) -> None:
    """Containers are known by identity up to a bound; past it those are forgotten, never the numbers,
    so a state keeps its key, and states with equal contents in other containers get the same one."""
    story = load(PLAY / "baikonur")
    monkeypatch.setattr(StateKey, "BOUND", 3)
    key = StateKey(story)
    s = new_state(story)
    states = [{**s, "flags": flags, "inventory": held} for flags in ([], ["a"], ["a", "b"], ["b", "a"])
              for held in ([], ["screenplay"])]
    first = [key(x) for x in states]
    assert len(key._alive) <= 3  # (the bound was reached, and the identities forgotten, several times)
    assert [key(x) for x in states] == first
    assert [key({**x, "flags": list(x["flags"]), "inventory": list(x["inventory"])}) for x in states] == first
    assert len(set(first)) == 6  # ['a', 'b'] and ['b', 'a'] are one set of flags


def test_the_search_rests_the_collector_and_leaves_it_as_it_found_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import game.play.explorer as explorer_module

    story = load(PLAY / "baikonur")
    during = []
    real = explorer_module.step
    monkeypatch.setattr(explorer_module, "step", lambda *a: (during.append(gc.isenabled()), real(*a))[1])
    assert gc.isenabled()
    explore(story, max_states=50)
    assert during and not any(during)  # off for every command played
    assert gc.isenabled()
    gc.disable()
    try:
        explore(story, max_states=50)
        assert not gc.isenabled()
    finally:
        gc.enable()
