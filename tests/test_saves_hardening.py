"""Saves under stress: damaged, truncated, foreign, newer, from another story or an older version
of this one. Each gets a clear message, the file is left as it was, and nothing wrong is ever
loaded; random damage is always caught (hypothesis)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import saves
from game.content.loader import load_story
from game.engine.session import Session
from game.engine.state import problems
from game.engine.story import Story

from .conftest import FIXTURES, changed_story, load_fixture, played, refused_load, sealed_bytes

TINY = load_fixture("tiny")


def saved(name: str, session: Session, history: bool = False) -> Path:
    return saves.write(name, session.state, session.story, session.history if history else ())


def refused(name: str, story: Story = TINY) -> str:
    return refused_load(name, story)


# -- the format ------------------------------------------------------------------------------------

def test_a_save_names_its_format_story_and_checksum_and_restores_exactly() -> None:
    session = played(TINY, ["take red key", "east"])
    path = saved("one", session, history=True)
    record = json.loads(path.read_text("utf-8"))
    assert (record["format"], record["game"], record["title"], record["story"]) == (
        2, "the-challenge", "Tiny test story", TINY.fingerprint)
    assert record["checksum"] == saves.checksum(record)
    state, notes, history = saves.read_game("one", TINY)
    assert (state, notes, history) == (session.state, [], list(session.history))


def test_a_save_of_format_1_without_a_checksum_still_loads() -> None:
    session = played(TINY, ["take red key"])
    path = saved("old", session)
    record = json.loads(path.read_text("utf-8"))
    for key in ("checksum", "title", "actions"):
        del record[key]
    record["format"] = 1
    path.write_text(json.dumps(record), "utf-8")
    assert saves.read("old", TINY) == (session.state, [])


# -- damaged, foreign, newer -----------------------------------------------------------------------

def write_raw(name: str, data: bytes) -> Path:
    path = saves.slot_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_truncated_saves() -> None:
    data = saved("whole", played(TINY, ["take red key"])).read_bytes()
    where = saves.slot_path("cut")
    for size in (0, 1, len(data) // 3, len(data) - 2):
        write_raw("cut", data[:size])
        assert refused("cut").startswith(f"{where} is damaged or truncated")
        assert refused("cut").endswith("; it was left untouched.")


def test_a_changed_value_is_caught_by_the_checksum() -> None:
    path = saved("edited", played(TINY, ["take red key"]))
    text = path.read_text("utf-8").replace('"score": 0', '"score": 99', 1)
    path.write_text(text, "utf-8")
    assert refused("edited") == (f"{path} is damaged: its contents do not match its checksum; "
                                 "it was left untouched.")


def test_a_format_2_save_without_its_checksum_is_damaged() -> None:
    path = saved("unsealed", played(TINY, []))
    record = json.loads(path.read_text("utf-8"))
    del record["checksum"]
    path.write_text(json.dumps(record), "utf-8")
    assert "its contents do not match its checksum" in refused("unsealed")


@pytest.mark.parametrize("data, message", [
    (b'{"theme": "dark"}', "{path} is not a save of this game; it was left untouched."),
    (b"[1, 2, 3]", "{path} is not a save of this game; it was left untouched."),
    (b"\xff\xfe\x00s\x00a\x00v\x00e", "{path} is damaged or truncated; it was left untouched."),
    (b"PK\x03\x04 not json", "{path} is damaged or truncated (line 1, column 1); it was left untouched."),
    (b'{"game": "the-challenge"}', "{path} is damaged: it has no format version; it was left untouched."),
    (b'{"game": "the-challenge", "format": 7, "state": {}}',
     "{path} was made by a newer version of the game (save format 7; this version reads 2). "
     "Update the game to load it; it was left untouched."),
    (b"[" * 100_000, "{path} is damaged or truncated; it was left untouched."),
    (b'{"game": "the-challenge", "format": 1, "score": 1' + b"0" * 5000 + b"}",
     "{path} is damaged or truncated; it was left untouched."),
])
def test_foreign_and_newer_files(data: bytes, message: str) -> None:
    path = write_raw("odd", data)
    assert refused("odd") == message.format(path=path)


def test_a_file_too_big_to_be_a_save_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(saves, "MAX_SAVE_BYTES", 1000)
    path = write_raw("huge", b" " * 1001)
    assert refused("huge") == f"{path} is 1,001 bytes: too big to be a save of this game; it was left untouched."
    assert [(s.name, s.damaged) for s in saves.slots()] == [("huge", True)]


def test_a_folder_in_place_of_a_save() -> None:
    path = saves.slot_path("folder")
    path.mkdir(parents=True)
    assert refused("folder") == f"{path} is a folder, not a save; it was left untouched."
    with pytest.raises(saves.SaveError, match="Could not save to"):
        saved("folder", played(TINY, []))


@pytest.mark.parametrize("key, value, why", [
    ("flags", [["not", "a", "flag"]], "'flags' has the wrong type"),
    ("clock", "tomorrow", "'clock' has the wrong type"),
    ("clock", "2021-13-45T99:99Z", "'clock' is not a time"),
    ("score", True, "'score' has the wrong type"),
    ("placed", {"red-key": 3}, "'placed' has the wrong type"),
    ("pending", {"verb": "take", "said": "take", "prep": None, "index": 5, "nouns": [["key"]],
                 "candidates": ["red-key"]}, "'pending' has the wrong type"),
    ("turns", None, "'turns' has the wrong type"),
])
def test_a_hand_edited_state_of_the_wrong_shape_never_reaches_the_engine(key: str, value: object, why: str) -> None:
    record = json.loads(saved("shape", played(TINY, [])).read_text("utf-8"))
    record["state"][key] = value
    path = write_raw("shape", sealed_bytes(record))
    assert refused("shape") == f"{path} cannot be restored: it is damaged ({why}); it was left untouched."


def test_a_state_without_a_key() -> None:
    record = json.loads(saved("shape", played(TINY, [])).read_text("utf-8"))
    del record["state"]["inventory"]
    path = write_raw("shape", sealed_bytes(record))
    assert refused("shape") == (f"{path} cannot be restored: it is damaged (the saved state has no 'inventory'); "
                                "it was left untouched.")


def test_damaged_slots_are_listed_as_damaged() -> None:
    good = saved("good", played(TINY, []))
    write_raw("bad", good.read_bytes().replace(b'"hall"', b'"hell"', 1))
    assert sorted((s.name, s.damaged) for s in saves.slots()) == [("bad", True), ("good", False)]


# -- another story, or this one changed --------------------------------------------------------------

def test_a_save_of_another_story_is_refused_by_name() -> None:
    shipped = load_story([FIXTURES.parent.parent / "scenes"]).story
    assert shipped is not None
    path = saved("theirs", played(TINY, []))
    assert refused("theirs", shipped) == (f"{path} is a save of another story, 'Tiny test story', not of "
                                          f"'{shipped.title}'; it was left untouched.")


def test_the_story_is_the_same_story_wherever_the_game_is_run_from(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves carry the story's fingerprint: it must not depend on the working directory."""
    fingerprints = set()
    for cwd in (FIXTURES, FIXTURES / "tiny", tmp_path):
        monkeypatch.chdir(cwd)
        fingerprints.add(load_story([FIXTURES / "tiny"]).story.fingerprint)
    assert fingerprints == {TINY.fingerprint}


def test_a_save_still_loads_when_the_story_changed_around_it(tmp_path: Path) -> None:
    session = played(TINY, ["take red key", "east", "west"])
    saved("before", session)
    new = changed_story(tmp_path, ("prose: A small garden.", "prose: A small, walled garden."))
    state, notes = saves.read("before", new)
    assert state == session.state
    assert notes == ["The story has changed since this save was made; everything it refers to still exists, "
                     "so it was restored."]


def test_a_one_time_action_keeps_its_identity_when_an_action_is_added_before_it(tmp_path: Path) -> None:
    session = played(TINY, ["take red key", "use red key"])
    assert session.state["done"] == ["hall-2"]  # numbered by its place in the scene
    saved("opened", session)
    new = changed_story(tmp_path, ("    actions:\n      - verb: [unlock, open]",
                                   "    actions:\n      - verb: kick\n        object: statue\n        do:\n"
                                   "          - say: Ouch.\n      - verb: [unlock, open]"))
    state, notes = saves.read("opened", new)
    assert state["done"] == ["hall-3"] and len(notes) == 1
    game = Session(new, state)
    assert [e.text for e in game.submit("use red key")] != ["The vault door clicks open."]
    assert game.state["score"] == 5  # not scored twice


def test_what_a_changed_story_no_longer_has_is_named_and_the_rest_restored(tmp_path: Path) -> None:
    session = played(TINY, ["take red key", "take blue key", "east", "drop blue key", "west", "use red key"])
    saved("mixed", session)
    new = changed_story(tmp_path,
                        # the red key is gone, the garden renamed, the 'use' action (hall-2) replaced
                        ("      - id: red-key\n        name: red key\n        aliases: [key, red]\n"
                         "        portable: true\n        description: A small red key.\n", ""),
                        ("id: garden", "id: orchard"), ("to: garden", "to: orchard"),
                        ("      - verb: use\n        object: red-key\n        when: {has: [red-key]}\n"
                         "        otherwise: You need to be holding the red key.\n        once: true\n        do:\n"
                         "          - say: The vault door clicks open.\n          - set: door-open\n"
                         "          - score: 5\n", ""),
                        ("          - say: You can't unlock a statue.\n", "          - set: door-open\n"))
    state, notes = saves.read("mixed", new)
    assert notes == [
        "The story has changed since this save was made; it was restored, except:",
        "- the item 'red-key' you carried is no longer in the story.",
        "- the blue key was left in 'garden', which is no longer in the story: it is back where the story "
        "first puts it.",
        "- the one-time action 'hall-2' you had done is not in the story as it was: it counts as not done.",
    ]
    assert (state["scene"], state["inventory"], state["placed"], state["done"]) == ("hall", [], {}, [])
    assert problems(new, state) == []
    assert "garden" not in state["visited"]


def test_without_the_scene_the_player_stands_in_nothing_can_be_restored(tmp_path: Path) -> None:
    path = saved("garden", played(TINY, ["east"]))
    new = changed_story(tmp_path, ("id: garden", "id: orchard"), ("to: garden", "to: orchard"))
    assert refused("garden", new) == (
        f"{path} cannot be restored: the story has changed since it was saved (the scene 'garden' no longer "
        "exists in this story); it was left untouched.")


def test_a_finished_game_whose_ending_is_gone(tmp_path: Path) -> None:
    path = saved("lost", played(TINY, ["push statue"]))
    new = changed_story(tmp_path, ("id: lost", "id: dark"), ("end: lost", "end: dark"))
    assert refused("lost", new) == (
        f"{path} cannot be restored: the story has changed since it was saved (the ending 'lost' no longer "
        "exists in this story); it was left untouched.")


# -- writing -----------------------------------------------------------------------------------------

def test_a_write_that_fails_says_so_and_leaves_the_old_save(monkeypatch: pytest.MonkeyPatch) -> None:
    old = saved("kept", played(TINY, [])).read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(saves.SaveError) as caught:
        saved("kept", played(TINY, ["take red key"]))
    assert str(caught.value) == (f"Could not save to {saves.slot_path('kept')}: No space left on device. "
                                 "Your game is not lost; try another name or free some space.")
    assert saves.slot_path("kept").read_bytes() == old
    assert [p.name for p in saves.saves_dir().iterdir()] == ["kept.json"]  # no temporary file left behind


def test_temporary_files_left_by_killed_writes_are_cleared_once_stale() -> None:
    saved("slot", played(TINY, []))
    folder = saves.saves_dir()
    stale, fresh, other = folder / ".slot.abc.tmp", folder / ".slot.def.tmp", folder / ".other.ghi.tmp"
    for tmp in (stale, fresh, other):
        tmp.write_text("{")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    os.utime(other, (hour_ago, hour_ago))
    saved("slot", played(TINY, []))
    assert (stale.exists(), fresh.exists(), other.exists()) == (False, True, True)
    assert [s.name for s in saves.slots()] == ["slot"]


# -- random damage (hypothesis) --------------------------------------------------------------------

SESSION = played(TINY, ["take red key", "take blue key", "east", "drop blue key", "west", "use red key", "n"])


@st.composite
def damage(draw: st.DrawFn, data: bytes) -> bytes:
    """*data* with a few bytes replaced, inserted or deleted, or cut short."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["replace", "insert", "delete", "truncate", "flip"]))
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        if kind == "replace":
            out[at:at + 1] = bytes([draw(st.integers(0, 255))])
        elif kind == "flip":
            out[at:at + 1] = bytes([out[at] ^ (1 << draw(st.integers(0, 7)))]) if out else b""
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=4))
        elif kind == "delete":
            del out[at:at + draw(st.integers(1, 8))]
        else:
            del out[at:]
    return bytes(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_damage_is_always_caught(data: st.DataObject) -> None:
    """Damage either reads as damage, or changed nothing but spacing: never a different game."""
    original = saved("victim", SESSION, history=True).read_bytes()
    broken = data.draw(damage(original))
    path = write_raw("victim", broken)
    try:
        state, notes, history = saves.read_game("victim", TINY)
    except saves.SaveError as exc:
        assert str(path) in str(exc) and str(exc).endswith("it was left untouched.")
    else:
        assert (state, notes, history) == (SESSION.state, [], list(SESSION.history))
    assert path.read_bytes() == broken


# -- in the plain mode -------------------------------------------------------------------------------

def test_the_plain_mode_says_why_and_plays_on(tmp_path: Path) -> None:
    good = saved("good", played(TINY, ["take blue key"]))
    data = good.read_bytes()
    record = json.loads(data)
    other = {**record, "title": "Another Story"}
    bad = {"truncated": data[:150], "edited": data.replace(b'"score": 0', b'"score": 7', 1),
           "newer": json.dumps({**record, "format": 9}).encode(), "foreign": b'{"theme": "dark"}',
           "other": sealed_bytes(other)}
    for name, raw in bad.items():
        write_raw(name, raw)
    older = saved("older", played(TINY, ["take red key", "east"]))  # made before the story changed
    folder = tmp_path / "story"
    shutil.copytree(FIXTURES / "tiny", folder)
    text = (folder / "story.yaml").read_text("utf-8").replace("prose: A small garden.", "prose: A walled garden.")
    (folder / "story.yaml").write_text(text, "utf-8")
    script = "take red key\n" + "".join(f"restore {name}\n" for name in bad) + "i\nrestore older\ni\n"
    proc = subprocess.run([sys.executable, "-m", "game", "--plain", str(folder)], input=script, text=True,
                          capture_output=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 0 and proc.stderr == ""
    replies = proc.stdout.split("\n>\n")[1:-1]
    where = {name: saves.slot_path(name) for name in bad}
    assert replies[1:6] == [
        f"{where['truncated']} is damaged or truncated (line 7, column 2); it was left untouched.",
        f"{where['edited']} is damaged: its contents do not match its checksum; it was left untouched.",
        f"{where['newer']} was made by a newer version of the game (save format 9; this version reads 2). "
        "Update the game to load it; it was left untouched.",
        f"{where['foreign']} is not a save of this game; it was left untouched.",
        f"{where['other']} is a save of another story, 'Another Story', not of 'Tiny test story'; "
        "it was left untouched.",
    ]
    assert replies[6] == "You are carrying: red key."  # the game went on as it was
    assert replies[7].startswith("The story has changed since this save was made; everything it refers to "
                                 "still exists, so it was restored.\nRestored 'older'.\nGarden\nA walled garden.")
    assert replies[8] == "You are carrying: red key."
    assert all(saves.slot_path(name).read_bytes() == raw for name, raw in bad.items())
    assert older.exists()
