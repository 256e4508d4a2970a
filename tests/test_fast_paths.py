"""The speed work must not change a single answer: the compiled schema check only ever vouches for
what jsonschema accepts, the cache never answers for changed files, and the plain mode's lazy
recording writes the very steps an eager one would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from game.content import cache
from game.content.fastschema import compile_schema
from game.content.schema import schema_text
from game.content.yaml_source import load_file
from game.facts.ledger import schema_text as ledger_schema_text
from game.paths import scenes_dir
from tests.conftest import load_fixture, recorded_both_ways

SCENE_SCHEMA = json.loads(schema_text())
QUICK = compile_schema(SCENE_SCHEMA)
FULL = jsonschema.Draft202012Validator(SCENE_SCHEMA)
SHIPPED = [load_file(p).data for p in sorted(scenes_dir().rglob("*.yaml")) if "facts" not in p.parts]

# Values that break a schema in the ways authors do: wrong types, floats for ints, odd keys.
ODD = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False, width=16),
                st.sampled_from(["", "x", "Not An Id", "north", "2021-10-05T08:55Z", "1h30m", "-"]),
                st.just([]), st.just({}), st.just({1: "int key"}), st.just({"say": "a", "set": "b"}))


def _paths(data, path=()):
    yield path
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, path + (i,))


def _mutate(data, path, value, mode):
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        out = dict(data)
        if not rest and mode == "drop":
            out.pop(head, None)
        elif not rest and mode == "add":
            out["unexpected_" + str(head)] = value
        else:
            out[head] = _mutate(data[head], rest, value, mode)
        return out
    out = list(data)
    out[head] = _mutate(data[head], rest, value, mode)
    return out


def test_the_compiled_check_accepts_every_shipped_file() -> None:
    assert all(QUICK(d) for d in SHIPPED)  # else every check would fall back to jsonschema
    ledger = load_file(scenes_dir() / "facts" / "ledger.yaml").data
    assert compile_schema(json.loads(ledger_schema_text()))(ledger)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(SHIPPED) - 1), st.integers(0, 10_000), ODD, st.sampled_from(["set", "drop", "add"]))
def test_the_compiled_check_never_vouches_for_an_invalid_file(which: int, where: int, value, mode: str) -> None:
    data = SHIPPED[which]
    paths = list(_paths(data))
    mutated = _mutate(data, paths[where % len(paths)], value, mode)
    if QUICK(mutated):
        assert not list(FULL.iter_errors(mutated)), mutated


def test_a_second_check_is_answered_by_the_cache_and_an_edit_is_not(tmp_path: Path) -> None:
    story = tmp_path / "story"
    story.mkdir()
    for p in (Path(__file__).parent / "fixtures" / "tiny").glob("*.yaml"):
        (story / p.name).write_text(p.read_text())
    env = {**os.environ, "CHALLENGE_CACHE_DIR": str(tmp_path / "cache")}

    def check() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "game", "check", "story"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=60)

    first = check()
    assert first.returncode == 0 and len(list((tmp_path / "cache").glob("check-*.pickle"))) == 1
    second = check()
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    target = next(story.glob("*.yaml"))
    text = target.read_text()
    target.write_text(text.replace("id: ", "id: Bad Id ", 1))  # the same size would not fool it either
    broken = check()
    assert broken.returncode == 1 and "is not a valid id" in broken.stdout
    for entry in (tmp_path / "cache").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")  # a damaged cache is a miss, never an error
    assert check().stdout == broken.stdout


def test_a_cached_story_is_the_story(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CHALLENGE_CACHE_DIR", str(tmp_path))
    fresh = cache.load([scenes_dir()])
    again = cache.load([scenes_dir()])
    assert again.story == fresh.story and again.diagnostics == fresh.diagnostics
    assert [s.file for s in again.sources] == fresh.files and all(s.text for s in again.sources)


def test_recording_later_writes_the_steps_recording_from_the_start_would(tmp_path: Path) -> None:
    story = load_fixture("tiny")
    commands = ["look", "take red key", "e", "drop red key", "undo", "again", "x key", "i", "w", "z"]
    steps = recorded_both_ways(story, commands, tmp_path)
    assert steps[0] == steps[1] and len(steps[0]) == len(commands)
