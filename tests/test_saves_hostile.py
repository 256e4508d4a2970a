"""Saves made to hurt (issue #8's audit): a slot that is a pipe, a device or a socket; a save time
at the end of the calendar; a sealed save whose state is well formed but out of range, carries a
person or a statue, carries an item twice, or holds text that can never be written again; a story
changed so that what the save carried can no longer be carried. Each gets a clear message (or, for
a changed story, a note saying precisely what was left out), the file is left as it was, the game
goes on, and nothing that could make the engine raise is ever restored (hypothesis)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from game import files, saves
from game.engine.session import Session
from game.engine.state import MAX_COUNT, problems
from game.engine.story import Story
from game.play.render import lines

from .conftest import FIXTURES, changed_story, load_fixture, played, refused_load, sealed_bytes

TINY = load_fixture("tiny")
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and devices are POSIX")


def sealed_save(name: str, state: dict[str, Any], **record_changes: Any) -> Path:
    """A save of the tiny story holding *state* as given, sealed with its checksum as a real one is:
    what a hand-edit that knows the format (or a bug of ours) would leave."""
    path = saves.write(name, played(TINY, []).state, TINY)
    record = json.loads(path.read_text("utf-8"))
    record.update(record_changes, state=state)
    path.write_bytes(sealed_bytes(record))
    return path


def refused(name: str, story: Story = TINY) -> str:
    return refused_load(name, story)


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """*work*'s result, failing (not hanging the suite) if it takes longer than *seconds*."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the test below
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["value"]


# -- a slot that is not a file (F5) ------------------------------------------------------------------

@POSIX
def test_a_pipe_or_a_socket_in_place_of_a_save_is_refused_at_once_and_listed_as_what_it_is() -> None:
    folder = saves.saves_dir()
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.json")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(folder / "sock.json"))
        saves.write("good", played(TINY, ["take red key"]).state, TINY)
        for name, what in (("pipe", "a FIFO (a named pipe)"), ("sock", "a socket")):
            path = saves.slot_path(name)
            message = within(10, lambda: refused(name))
            assert message == f"{path} is {what}, not a file, so it cannot be a save; it was left untouched."
            assert stat.S_IFMT(path.lstat().st_mode) != stat.S_IFREG  # still there, as it was
        listed = within(10, saves.slots)
        assert {(s.name, s.damaged, s.problem, s.scene) for s in listed} == {
            ("good", False, "", "Hall"),
            ("pipe", True, "a FIFO (a named pipe), not a file", "(damaged)"),
            ("sock", True, "a socket, not a file", "(damaged)"),
        }
    finally:
        sock.close()


@POSIX
def test_a_link_to_a_device_or_a_folder_is_refused() -> None:
    folder = saves.saves_dir()
    folder.mkdir(parents=True)
    (folder / "null.json").symlink_to("/dev/null")
    (folder / "here.json").symlink_to(folder)
    assert refused("null") == (f"{saves.slot_path('null')} is a device, not a file, so it cannot be a save; "
                               "it was left untouched.")
    assert refused("here") == f"{saves.slot_path('here')} is a folder, not a save; it was left untouched."
    assert {(s.name, s.problem) for s in saves.slots()} == {("null", "a device, not a file"),
                                                           ("here", "a folder, not a save")}


def test_a_link_to_a_real_save_still_loads(tmp_path: Path) -> None:
    session = played(TINY, ["take red key"])
    real = saves.write("real", session.state, TINY)
    moved = tmp_path / "kept-elsewhere.json"
    shutil.move(real, moved)
    real.symlink_to(moved)
    assert saves.read("real", TINY) == (session.state, [])


def test_a_file_that_holds_more_than_its_size_says_is_read_no_further(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reading stops one byte past the limit whatever the size said when it was checked (a
    file growing as it is read; a /proc-like file whose size says 0)."""
    monkeypatch.setattr(saves, "MAX_SAVE_BYTES", 1000)
    path = saves.slot_path("growing")
    path.parent.mkdir(parents=True)
    path.write_bytes(b" " * 5000)
    monkeypatch.setattr(files, "_refuse", lambda info, limit: None)  # as if it had been small when checked
    sizes: list[int] = []
    real_read = os.read

    def read(fd: int, n: int) -> bytes:
        sizes.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", read)
    assert refused("growing") == (f"{path} is more than 1,000 bytes: too big to be a save of this game; "
                                  "it was left untouched.")
    assert sum(sizes) == 1001


@POSIX
def test_the_plain_game_says_why_and_plays_on_without_hanging_or_eating_memory(tmp_path: Path) -> None:
    """The audit's repro: 'restore zero' (a link to /dev/zero) read without end, 'restore fifo' hung."""
    import resource

    folder = saves.saves_dir()
    folder.mkdir(parents=True)
    (folder / "zero.json").symlink_to("/dev/zero")
    os.mkfifo(folder / "fifo.json")

    def small_memory() -> None:  # a reading without end fails here instead of taking the machine
        resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))

    script = "take red key\nrestore zero\nrestore fifo\ni\n"
    proc = subprocess.run([sys.executable, "-m", "game", "--plain", str(FIXTURES / "tiny")], input=script,
                          text=True, capture_output=True, timeout=60, preexec_fn=small_memory, cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (0, "")
    replies = proc.stdout.split("\n>\n")[1:-1]
    assert replies[1:] == [
        f"{folder / 'zero.json'} is a device, not a file, so it cannot be a save; it was left untouched.",
        f"{folder / 'fifo.json'} is a FIFO (a named pipe), not a file, so it cannot be a save; it was left untouched.",
        "You are carrying: red key.",
    ]
    listing = subprocess.run([sys.executable, "-c", "from game import saves\n"
                              "print(sorted((s.name, s.problem) for s in saves.slots()))"],
                             text=True, capture_output=True, timeout=60, preexec_fn=small_memory, cwd=tmp_path)
    assert listing.stdout == "[('fifo', 'a FIFO (a named pipe), not a file'), ('zero', 'a device, not a file')]\n"


# -- the time a save was made (F7) -------------------------------------------------------------------

@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch):
    """Set the local time zone for one test (and put the real one back after it)."""
    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("tz, saved_at, shown", [
    ("Asia/Tokyo", "9999-12-31T23:59:59+00:00", "9999-12-31 23:59 UTC"),  # past the calendar's end in Tokyo
    ("America/New_York", "0001-01-01T00:00:00+00:00", "0001-01-01 00:00 UTC"),  # before its start in New York
    ("America/New_York", "9999-12-31T23:59:59+00:00", "9999-12-31 18:59"),
    ("Asia/Tokyo", "9999-12-31T23:59:59+05:00", "9999-12-31 23:59 UTC+05:00"),
    ("Asia/Tokyo", "2025-01-01T10:00:00+00:00", "2025-01-01 19:00"),
    ("UTC", "2025-01-01T10:00:00+00:00", "2025-01-01 10:00"),
    ("UTC", "yesterday", ""),
    ("UTC", "", ""),
])
def test_a_save_time_is_shown_in_local_time_or_as_stored_never_an_error(zone, tz: str, saved_at: str,
                                                                          shown: str) -> None:
    zone(tz)
    assert saves.SlotInfo("x", Path("x.json"), saved_at, "").saved_local == shown


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["UTC", "Asia/Tokyo", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12"]),
       st.one_of(st.datetimes(timezones=st.timezones(), allow_imaginary=False).map(lambda d: d.isoformat()),
                 st.datetimes().map(lambda d: d.isoformat()), st.text(max_size=40)))
def test_any_save_time_in_any_zone_lists_without_raising(tz: str, saved_at: str) -> None:
    old = os.environ.get("TZ")
    os.environ["TZ"] = tz
    time.tzset()
    try:
        shown = saves.SlotInfo("x", Path("x.json"), saved_at, "").saved_local
        assert isinstance(shown, str) and len(shown) <= 30
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


# -- a sealed save whose state is out of range or cannot be played (F8, F9) --------------------------

def state_with(**changes: Any) -> dict[str, Any]:
    return {**played(TINY, []).state, **changes}


@pytest.mark.parametrize("changes, why", [
    ({"clock": "9999-12-31T23:55Z"}, "'clock' is outside the years 1900 to 2099"),
    ({"clock": "0001-01-01T00:00Z"}, "'clock' is outside the years 1900 to 2099"),
    ({"clock": "2100-01-01T00:00Z"}, "'clock' is outside the years 1900 to 2099"),  # past where it stops
    ({"clock": "\u0662\u0660\u0662\u0661-10-05T08:00Z"}, "'clock' has the wrong type"),  # Arabic-Indic digits
    ({"clock": "2021-10-05T08:00Z\n"}, "'clock' has the wrong type"),
    ({"score": MAX_COUNT + 1}, "'score' is out of range"),
    ({"score": -MAX_COUNT - 1}, "'score' is out of range"),
    ({"turns": -1}, "'turns' is out of range"),
    ({"turns": 10**4000}, "'turns' is out of range"),
    ({"seed": -1}, "'seed' is out of range"),
    ({"version": 0}, "'version' is out of range"),
    ({"flags": ["\ud800"]}, "the saved state holds text that is not valid Unicode"),
    ({"placed": {"blue-key\udcff": "hall"}}, "the saved state holds text that is not valid Unicode"),
    ({"pending": {"verb": "take", "said": "take", "prep": None, "index": 0, "nouns": [["k\ud800"]],
                  "candidates": ["red-key"]}}, "the saved state holds text that is not valid Unicode"),
    ({"inventory": ["red-key", "red-key"]}, "'red-key' is carried twice"),
    ({"inventory": ["red-key"], "placed": {"red-key": "garden"}}, "'red-key' is both carried and put somewhere"),
    ({"inventory": ["red-key"], "placed": {"red-key": None}}, "'red-key' is both carried and put somewhere"),
])
def test_a_sealed_state_out_of_range_or_impossible_is_refused_as_damaged(changes: dict[str, Any], why: str) -> None:
    path = sealed_save("hostile", state_with(**changes))
    assert refused("hostile") == f"{path} cannot be restored: it is damaged ({why}); it was left untouched."


@pytest.mark.parametrize("changes, why", [
    ({"inventory": ["guard"]}, "the item 'guard' is carried, but it is a person in this story"),
    ({"inventory": ["statue"]}, "the item 'statue' is carried, but it cannot be carried in this story"),
    ({"inventory": ["ghost"]}, "the item 'ghost' no longer exists in this story"),
    ({"inventory": ["g" * 100]}, f"the item '{'g' * 57}...' no longer exists in this story"),
    ({"inventory": ["a\x1b[2J\nb"]}, "the item 'a?[2J?b' no longer exists in this story"),
    ({"placed": {"statue": "garden"}}, "the item 'statue' was moved, but it cannot be moved in this story"),
    ({"placed": {"pilot": "vault"}}, "the item 'pilot' was moved, but it cannot be moved in this story"),
    ({"placed": {"blue-key": "attic"}}, "the item 'blue-key' is in the scene 'attic', which does not exist in "
                                        "this story"),
    ({"scene": "attic"}, "the scene 'attic' no longer exists in this story"),
    ({"ended": "nowhere"}, "the ending 'nowhere' no longer exists in this story"),
    ({"version": 2}, "the save is from a newer version of the game (state version 2)"),
])
def test_a_sealed_state_that_does_not_fit_its_own_story_is_refused_not_mended(changes: dict[str, Any],
                                                                              why: str) -> None:
    """Saved from this very story (same fingerprint): nothing can have gone from it, so anything
    that does not fit is damage: refused, never quietly dropped."""
    path = sealed_save("unfit", state_with(**changes))
    assert refused("unfit") == (f"{path} cannot be restored: it does not fit this story ({why}); "
                                "it was left untouched.")


def test_the_audits_saves_in_the_plain_game(tmp_path: Path) -> None:
    """F8: a clock near year 9999 restored, then 'wait' crashed. F9: a lone surrogate restored and
    then every save failed; a person restored and carried. Now: refused, and the game goes on."""
    paths = {name: sealed_save(name, state_with(**changes)) for name, changes in (
        ("clockmax", {"clock": "9999-12-31T23:55Z"}), ("surr", {"flags": ["\ud800"]}),
        ("person", {"inventory": ["guard"]}))}
    script = "take red key\nrestore clockmax\nwait\nrestore surr\nsave again\nrestore person\ni\n"
    proc = subprocess.run([sys.executable, "-m", "game", "--plain", str(FIXTURES / "tiny")], input=script,
                          text=True, capture_output=True, timeout=60, cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (0, "")
    replies = proc.stdout.split("\n>\n")[1:-1]
    assert replies[1:] == [
        f"{paths['clockmax']} cannot be restored: it is damaged ('clock' is outside the years 1900 to 2099); "
        "it was left untouched.",
        "Time passes.\n[Mission clock: 5 Oct 2021, 08:10 GMT]",
        f"{paths['surr']} cannot be restored: it is damaged (the saved state holds text that is not valid "
        "Unicode); it was left untouched.",
        f"Saved as 'again' ({saves.slot_path('again')}).",
        f"{paths['person']} cannot be restored: it does not fit this story (the item 'guard' is carried, but it "
        "is a person in this story); it was left untouched.",
        "You are carrying: red key.",
    ]


def test_a_title_that_cannot_be_printed_is_shown_mended() -> None:
    path = sealed_save("titled", played(TINY, []).state, title="Other \ud800 story")
    assert refused("titled") == (f"{path} is a save of another story, 'Other ? story', not of 'Tiny test story'; "
                                 "it was left untouched.")


def test_an_undo_history_stops_at_a_state_that_cannot_be_played() -> None:
    session = played(TINY, ["take red key", "east", "west"])
    history = list(session.history)
    history[1] = dict(history[1], clock="9999-12-31T23:55Z")
    saves.autosave(session.state, TINY, history)
    state, notes, kept = saves.read_game(saves.AUTOSAVE, TINY)
    assert (state, notes, kept) == (session.state, [], history[2:])


# -- writing: never a save that its restore would refuse ---------------------------------------------

@pytest.mark.parametrize("changes, why", [
    ({"clock": "9999-12-31T23:55Z"}, "'clock' is outside the years 1900 to 2099"),
    ({"flags": ["\ud800"]}, "the saved state holds text that is not valid Unicode"),
    ({"inventory": ["guard"]}, "the item 'guard' is carried, but it is a person in this story"),
])
def test_a_state_its_restore_would_refuse_is_not_saved(changes: dict[str, Any], why: str) -> None:
    """Not as a named save, nor as the autosave made at quitting, a hang-up or a crash: Continue
    must never meet a game that crashes again (the audit's F8 loop)."""
    old = saves.autosave(played(TINY, ["take red key"]).state, TINY).read_bytes()
    for write in (lambda s: saves.write("named", s, TINY), lambda s: saves.autosave(s, TINY)):
        with pytest.raises(saves.SaveError) as caught:
            write(state_with(**changes))
        assert str(caught.value) == f"Could not save: the game could not be written down ({why}). Your game goes on."
    assert not saves.slot_path("named").exists()
    assert saves.autosave_path().read_bytes() == old
    assert sorted(p.name for p in saves.saves_dir().iterdir()) == ["autosave.json"]  # no temporary file


# -- a story changed so that what was carried can no longer be ----------------------------------------

BLUE_KEY = ("      - id: blue-key\n        name: blue key\n        aliases: [key, blue]\n        portable: true\n"
            "        description: A small blue key.\n")


def test_a_carried_item_that_became_fixed_is_put_back_and_named(tmp_path: Path) -> None:
    saves.write("carried", played(TINY, ["take blue key", "take red key", "east"]).state, TINY)
    new = changed_story(tmp_path, (BLUE_KEY, BLUE_KEY.replace("        portable: true\n",
                                                              "        fixed: It is glued down now.\n")))
    state, notes = saves.read("carried", new)
    assert notes == ["The story has changed since this save was made; it was restored, except:",
                     "- the blue key you carried can no longer be carried in the story: it is back where the story "
                     "first puts it."]
    assert (state["scene"], state["inventory"], state["placed"]) == ("garden", ["red-key"], {})
    game = Session(new, state)
    game.submit("west")
    assert "blue key" in " ".join(lines(game.submit("look")))
    assert game.submit("take blue key")[0].text == "It is glued down now."


def test_a_moved_item_that_became_fixed_is_put_back_and_named(tmp_path: Path) -> None:
    saves.write("moved", played(TINY, ["take blue key", "east", "drop blue key"]).state, TINY)
    new = changed_story(tmp_path, (BLUE_KEY, BLUE_KEY.replace("        portable: true\n", "")))
    state, notes = saves.read("moved", new)
    assert notes == ["The story has changed since this save was made; it was restored, except:",
                     "- the blue key you had moved can no longer be moved in the story: it is back where the story "
                     "first puts it."]
    assert (state["inventory"], state["placed"]) == ([], {})


def test_a_carried_item_that_became_a_person_is_no_longer_carried(tmp_path: Path) -> None:
    """The audit's F9: this was restored as 'everything it refers to still exists', a person in hand."""
    session = played(TINY, ["take blue key", "take red key"])
    path = saves.write("carried", session.state, TINY)
    new = changed_story(tmp_path, (BLUE_KEY, ""),
                        ("    people:\n      - id: guard\n",
                         "    people:\n      - id: blue-key\n        name: Mr Blue\n        description: A man in blue.\n"
                         "      - id: guard\n"))
    state, notes = saves.read("carried", new)
    assert notes == ["The story has changed since this save was made; it was restored, except:",
                     "- the item 'blue-key' you carried is a person in the story now (Mr Blue), who is back where "
                     "the story puts them."]
    assert state["inventory"] == ["red-key"] and problems(new, state) == []
    assert path.read_bytes() == saves.slot_path("carried").read_bytes()


# -- whatever a sealed save holds (hypothesis) ---------------------------------------------------------

SCENES = sorted(TINY.scenes) + ["attic"]
THINGS = sorted(TINY.things) + ["ghost"]
WORDS = ["wait", "look", "i", "take all", "drop all", "n", "s", "e", "w", "score", "red", "blue", "take key",
         "use red key", "push statue", "talk to guard", "ask guard about door", "x it", "undo", "again", "sources"]


def clocks() -> st.SearchStrategy[str]:
    near_edges = st.sampled_from(["0001-01-01T00:00Z", "1899-12-31T23:59Z", "1900-01-01T00:00Z",
                                  "2099-12-31T23:59Z", "2100-01-01T00:00Z", "9999-12-31T23:55Z"])
    anywhen = st.datetimes().map(lambda d: f"{d.year:04d}-{d:%m-%dT%H:%M}Z")
    return st.one_of(near_edges, anywhen, st.just("2021-10-05T08:00Z"))


def counts() -> st.SearchStrategy[int]:
    return st.one_of(st.integers(-5, 50), st.integers(-MAX_COUNT - 2, MAX_COUNT + 2), st.integers())


IDS = st.one_of(st.sampled_from(THINGS), st.text(max_size=5), st.sampled_from(["\ud800", "key\udcff"]))
QUESTIONS = st.builds(
    lambda nouns, index, candidates, verb: {"verb": verb, "said": verb, "prep": None, "nouns": nouns,
                                            "index": index % len(nouns), "candidates": candidates},
    st.lists(st.lists(st.sampled_from(["key", "red", "blue", "#red-key", ""]), max_size=2), min_size=1, max_size=3),
    st.integers(0, 5), st.lists(IDS, max_size=3),
    st.sampled_from(["take", "drop", "go", "save", "restore", "examine", "use", "zap"]))
# A real game's state with a few of its values replaced by anything a hand-edit could put there.
TWISTS: dict[str, st.SearchStrategy[Any]] = {
    "version": st.sampled_from([0, 1, 2]),
    "scene": st.sampled_from(SCENES),
    "flags": st.lists(st.one_of(st.sampled_from(["door-open", "seen-vault"]), IDS), max_size=3),
    "inventory": st.lists(IDS, max_size=3),
    "placed": st.dictionaries(IDS, st.one_of(st.none(), st.sampled_from(SCENES)), max_size=3),
    "visited": st.lists(st.one_of(st.sampled_from(SCENES), IDS), max_size=3),
    "done": st.lists(st.one_of(st.sampled_from(["hall-1", "hall-2", "hall-9"]), IDS), max_size=2),
    "clock": clocks(),
    "score": counts(),
    "turns": counts(),
    "seed": st.one_of(st.integers(0, 2**64), st.integers()),
    "ended": st.one_of(st.none(), st.sampled_from(sorted(TINY.endings) + ["gone"])),
    "pending": st.one_of(st.none(), QUESTIONS),
    "it": st.one_of(st.none(), IDS),
}


@st.composite
def hostile_states(draw: st.DrawFn) -> dict[str, Any]:
    state = played(TINY, draw(st.lists(st.sampled_from(WORDS), max_size=6))).state
    for key in draw(st.lists(st.sampled_from(sorted(TWISTS)), max_size=3, unique=True)):
        state = {**state, key: draw(TWISTS[key])}
    return state


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_states(), st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
def test_whatever_a_sealed_save_holds_it_is_refused_clearly_or_played_without_an_error(
        state: dict[str, Any], commands: list[str]) -> None:
    path = sealed_save("any", state)
    before = path.read_bytes()
    try:
        restored, notes, _ = saves.read_game("any", TINY)
        event("restored")
    except saves.SaveError as exc:
        message = str(exc)
        assert message.startswith(f"{path} cannot be restored: ") and message.endswith("; it was left untouched.")
        message.encode("utf-8")
        assert problems(TINY, state) != []
    else:
        assert notes == [] and problems(TINY, restored) == []
        game = Session(TINY, restored)
        lines(game.look())
        for command in commands:  # the engine must not raise, whatever was restored
            lines(game.submit(command))
        # and saves again (the clock stops at the end of the last year a save may hold)
        saves.write("again", game.state, TINY, game.history)
        assert saves.read_game("again", TINY)[0] == game.state
    assert path.read_bytes() == before


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=12))
def test_a_valid_game_saves_and_restores_exactly_as_before(commands: list[str]) -> None:
    """The new checks take nothing from a game played for real: it saves and restores unchanged."""
    session = played(TINY, commands)
    saves.write("real", session.state, TINY, session.history)
    assert saves.read_game("real", TINY) == (session.state, [], list(session.history))


def test_a_save_keeps_the_clock_to_the_years_a_story_may_show() -> None:
    """The scene schema, a save and the engine's clock (which stops at the end of the last year) agree
    on the years, so no restored game can show a time a story could not, or go back in time."""
    import json
    import re

    from game.content.schema import schema_text
    from game.engine.story import CLOCK_YEARS, add_minutes

    pattern = re.compile(json.loads(schema_text())["$defs"]["datetime"]["pattern"])
    low, high = CLOCK_YEARS
    assert pattern.fullmatch(f"{low}-01-01T00:00Z") and pattern.fullmatch(f"{high}-12-31T23:59Z")
    assert not pattern.fullmatch(f"{low - 1}-12-31T23:59Z") and not pattern.fullmatch(f"{high + 1}-01-01T00:00Z")
    assert add_minutes(f"{high}-12-31T23:00Z", 120) == f"{high}-12-31T23:59Z"
    assert problems(TINY, state_with(clock=f"{high}-12-31T23:59Z")) == []
    assert problems(TINY, state_with(clock=f"{high + 1}-01-01T00:00Z")) == [f"'clock' is outside the years {low} to {high}"]
