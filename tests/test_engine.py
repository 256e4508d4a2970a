"""The engine: step is pure and deterministic, and plays the conventions IF players expect."""

from __future__ import annotations

import copy
import json

from game.engine import events as ev
from game.engine.events import Event
from game.engine.session import Session
from game.engine.state import canonical, new_state
from game.engine.step import start, step
from game.engine.story import Story


def texts(events: list[Event]) -> list[str]:
    return [e.text for e in events if e.text]


def play(story: Story, *commands: str) -> tuple[Session, list[Event]]:
    """A new session that has played *commands*; returns it and the last turn's events."""
    session = Session(story)
    session.start()
    events: list[Event] = []
    for command in commands:
        events = session.submit(command)
    return session, events


def reply(story: Story, *commands: str) -> str:
    return "\n".join(texts(play(story, *commands)[1]))


# -- purity ----------------------------------------------------------------------------------------

def test_step_never_changes_the_state_it_is_given(tiny: Story) -> None:
    state = new_state(tiny)
    before = copy.deepcopy(state)
    for command in ["take red key", "n", "use red key", "n", "z", "drop red key", "x key"]:
        new, _ = step(tiny, state, command)
        assert state == before
        state, before = new, copy.deepcopy(new)


def test_step_is_deterministic_and_the_state_is_plain_json(tiny: Story) -> None:
    commands = ["x key", "red", "take red key", "use it", "n", "z"]
    runs = []
    for _ in range(2):
        state, log = new_state(tiny), []
        for command in commands:
            state, events = step(tiny, state, command)
            log.append([e.to_json() for e in events])
        runs.append((state, log))
    assert runs[0] == runs[1]
    state = runs[0][0]
    assert json.loads(json.dumps(state)) == state
    assert state["ended"] == "won" and state["score"] == 15 and state["clock"] == "2021-10-05T12:22Z"


def test_a_command_that_changes_nothing_returns_the_same_state(tiny: Story) -> None:
    state = new_state(tiny)
    for command in ["score", "help", "", "dance"]:
        assert step(tiny, state, command)[0] is state


def test_canonical_hash_ignores_the_turn_count(tiny: Story) -> None:
    a = new_state(tiny)
    b, _ = step(tiny, a, "look")
    assert b["turns"] == 1 and canonical(a) == canonical(b)
    c, _ = step(tiny, a, "take red key")
    assert canonical(c) != canonical(a)


# -- describing ------------------------------------------------------------------------------------

def test_the_opening_describes_the_start_scene(tiny: Story) -> None:
    state, events = start(tiny, new_state(tiny))
    assert state is not None
    assert [e.kind for e in events] == [ev.TEXT, ev.TITLE, ev.PROSE, ev.PEOPLE, ev.ITEMS, ev.EXITS]
    assert texts(events) == [
        "A tiny story for the engine's tests.", "Hall", "A long hall with a red key and a blue key.",
        "With you: Guard Ivanov and Captain Orlova.", "You can see the red key and the blue key here.",
        "Exits: north (the vault door), east.",
    ]
    exits = events[-1].data["exits"]
    assert exits == [{"label": "north (the vault door)", "command": "north", "to": "vault"},
                     {"label": "east", "command": "east", "to": "garden"}]


def test_examine_things_people_and_yourself(tiny: Story) -> None:
    assert reply(tiny, "x statue") == "A statue of a cosmonaut."
    assert reply(tiny, "examine the guard") == "A guard in a grey coat."
    assert reply(tiny, "look at marble statue") == "A statue of a cosmonaut."
    assert reply(tiny, "x me") == "You look like a tester."
    assert reply(tiny, "x") == "What do you want to examine?"


# -- items -----------------------------------------------------------------------------------------

def test_take_drop_and_inventory(tiny: Story) -> None:
    session, events = play(tiny, "take red key")
    assert texts(events) == ["You take the red key."]
    assert session.state["inventory"] == ["red-key"]
    assert texts(session.submit("i")) == ["You are carrying: red key."]
    assert texts(session.submit("take red key")) == ["You already have the red key."]
    session.submit("e")
    assert texts(session.submit("drop red key")) == ["You put down the red key."]
    assert session.state["placed"] == {"red-key": "garden"}
    assert "You can see the red key here." in texts(session.submit("look"))
    assert texts(session.submit("drop red key")) == ["You are not carrying the red key."]
    session.submit("w")
    assert texts(session.submit("drop red key")) == ["You can't see any such thing here."]


def test_an_item_put_back_where_it_started_is_as_if_never_moved(tiny: Story) -> None:
    """'placed' holds only items away from home: put back, an item is listed where the story lists it,
    and the state is the one it would be had the item never been moved (so a long game's states do not
    each carry every item ever put down, and the explorer sees one state, not two)."""
    untouched, _ = play(tiny, "look")
    session, _ = play(tiny, "take all", "drop blue key", "drop red key")
    assert session.state["placed"] == untouched.state["placed"] == {}
    assert "You can see the red key and the blue key here." in texts(session.submit("look"))
    session.submit("take red key")
    session.submit("e")
    session.submit("drop red key")
    assert session.state["placed"] == {"red-key": "garden"}  # away from home: recorded
    session.submit("take red key")
    session.submit("w")
    session.submit("drop red key")
    assert session.state["placed"] == {}


def test_things_that_cannot_be_taken(tiny: Story) -> None:
    assert reply(tiny, "take statue") == "The statue weighs a tonne."
    assert reply(tiny, "take guard") == "Guard Ivanov would not appreciate that."


def test_take_all(tiny: Story) -> None:
    session, events = play(tiny, "take all")
    assert texts(events) == ["You take the red key.", "You take the blue key."]
    assert texts(session.submit("take all")) == ["There is nothing to take."]


# -- nouns -----------------------------------------------------------------------------------------

def test_which_do_you_mean_and_the_answer(tiny: Story) -> None:
    session, events = play(tiny, "take key")
    assert texts(events) == ["Which do you mean, the red key or the blue key?"]
    assert events[0].kind == ev.QUESTION
    assert [c["id"] for c in events[0].data["candidates"]] == ["red-key", "blue-key"]
    assert texts(session.submit("the blue one")) == ["You take the blue key."]


def test_a_new_command_instead_of_an_answer_is_played_as_such(tiny: Story) -> None:
    session, _ = play(tiny, "take key")
    assert texts(session.submit("x statue")) == ["A statue of a cosmonaut."]
    assert session.state["pending"] is None


def test_it_refers_to_the_last_thing(tiny: Story) -> None:
    assert reply(tiny, "x statue", "x it") == "A statue of a cosmonaut."


def test_unknown_word_gets_a_suggestion(tiny: Story) -> None:
    session, events = play(tiny, "x stattue")
    assert texts(events) == ["I don't know the word 'stattue'. Did you mean 'statue'?"]
    assert events[0].kind == ev.ERROR and events[0].data == {"reason": "unknown-word", "word": "stattue"}
    assert session.state["turns"] == 0


def test_known_word_out_of_reach(tiny: Story) -> None:
    assert reply(tiny, "e", "x statue") == "You can't see any such thing here."


def test_unknown_verb_gets_a_suggestion_or_help(tiny: Story) -> None:
    assert reply(tiny, "exmaine statue") == "I don't know the verb 'exmaine'. Did you mean 'examine'?"
    assert reply(tiny, "dance") == "I don't know the verb 'dance'. Type help for a list of commands."


def test_empty_command(tiny: Story) -> None:
    assert reply(tiny, "") == "I beg your pardon?"


# -- movement and the clock ------------------------------------------------------------------------

def test_blocked_exit_then_open_exit(tiny: Story) -> None:
    session, events = play(tiny, "n")
    assert texts(events) == ["The vault door is locked."]
    session.submit("take red key")
    assert texts(session.submit("use red key")) == ["The vault door clicks open."]
    events = session.submit("north")
    assert texts(events) == ["Vault", "An empty vault with a far door.", "Exits: south.",
                             "You have never been here before."]
    assert session.state["clock"] == "2021-10-05T09:05Z"  # 5 minutes of walking, an hour of 'enter'
    assert session.state["visited"] == ["hall", "vault"]


def test_exits_by_name_and_by_destination(tiny: Story) -> None:
    assert reply(tiny, "go vault door") == "The vault door is locked."
    session, events = play(tiny, "garden")
    assert session.state["scene"] == "garden"
    assert reply(tiny, "go moon") == "You can't go to 'moon' from here.\nExits: north (the vault door), east."


def test_no_exit_that_way(tiny: Story) -> None:
    assert reply(tiny, "s") == "You can't go south from here.\nExits: north (the vault door), east."


def test_wait_advances_the_mission_clock(tiny: Story) -> None:
    session, events = play(tiny, "wait")
    assert texts(events) == ["Time passes."]
    assert [e.data for e in events if e.kind == ev.CLOCK] == [{"clock": "2021-10-05T08:10Z"}]


def test_enter_effects_with_if_run_once(tiny: Story) -> None:
    session, _ = play(tiny, "take red key", "use red key", "n", "s", "n")
    assert session.state["clock"] == "2021-10-05T09:10Z"  # the hour of 'enter' counted once
    assert "seen-vault" in session.state["flags"]


# -- actions ---------------------------------------------------------------------------------------

def test_action_condition_otherwise_once_and_score(tiny: Story) -> None:
    assert reply(tiny, "use red key") == "You need to be holding the red key."
    session, events = play(tiny, "take red key", "use red key")
    assert [e.data for e in events if e.kind == ev.SCORE] == [{"delta": 5, "total": 5, "max": 15}]
    assert [e.data for e in events if e.kind == ev.ACTION] == [{"id": "hall-2"}]
    assert texts(session.submit("use red key")) == ["You can't see how to use the red key here."]


def test_custom_verbs_and_synonyms(tiny: Story) -> None:
    assert reply(tiny, "unlock statue") == "You can't unlock a statue."
    assert reply(tiny, "open the statue") == "You can't unlock a statue."
    assert reply(tiny, "unlock guard") == "You can't unlock Guard Ivanov here."


def test_a_cast_member_appears_in_several_scenes(tiny: Story) -> None:
    assert reply(tiny, "talk to captain") == '"Lead on," says the captain.'
    session, events = play(tiny, "e")
    assert "With you: Captain Orlova." in texts(events)
    assert texts(session.submit("talk to orlova")) == ['"Nice garden," says the captain.']


def test_talk_and_ask_about(tiny: Story) -> None:
    assert reply(tiny, "talk to guard") == '"Show me the red key," says the guard.'
    assert reply(tiny, "ask ivanov about the door") == '"The door takes the red key," says the guard.'
    assert reply(tiny, "ask guard about weather") == "Guard Ivanov has nothing to say about that."
    assert reply(tiny, "talk to statue") == "The marble statue has nothing to say."


# -- endings ---------------------------------------------------------------------------------------

def test_an_ending_ends_the_story_and_undo_takes_it_back(tiny: Story) -> None:
    session, events = play(tiny, "push statue")
    end = [e for e in events if e.kind == ev.ENDING]
    assert end[0].data == {"id": "lost", "title": "You lost", "win": False, "score": 0, "max": 15, "turns": 1}
    assert end[0].text == "The lights go out."
    assert texts(session.submit("look")) == [
        "The story is over. Type undo to take back the last move, restore to load a save, or quit."]
    session.submit("undo")
    assert session.state["ended"] is None


def test_winning_sets_the_clock_to_the_story_time(tiny: Story) -> None:
    session, events = play(tiny, "take red key", "use red key", "n", "wait")
    assert session.state["ended"] == "won"
    assert session.state["clock"] == "2021-10-05T12:22Z"


# -- session: undo, again, meta --------------------------------------------------------------------

def test_undo_many_steps_and_nothing_left(tiny: Story) -> None:
    session, _ = play(tiny, "take red key", "e", "drop red key")
    for _ in range(3):
        session.submit("undo")
    assert session.state == new_state(tiny)
    assert texts(session.submit("undo")) == ["There is nothing to undo."]


def test_again_repeats_the_last_command(tiny: Story) -> None:
    session, _ = play(tiny, "wait")
    assert texts(session.submit("g")) == ["Time passes."]
    assert session.state["clock"] == "2021-10-05T08:20Z"
    assert texts(Session(tiny).submit("again")) == ["There is nothing to repeat yet."]


def test_save_restore_quit_are_requests_for_the_front_end(tiny: Story) -> None:
    session, events = play(tiny, "save my game")
    assert [e.to_json() for e in events] == [{"kind": "meta", "data": {"action": "save", "name": "my game"}}]
    assert play(tiny, "restore")[1][0].data == {"action": "restore", "name": ""}
    assert play(tiny, "quit")[1][0].data == {"action": "quit", "name": ""}


def test_score_and_help_take_no_turn(tiny: Story) -> None:
    session, events = play(tiny, "wait", "score")
    assert texts(events) == ["Your score is 0 out of 15, in 1 turn."]
    assert texts(session.submit("help"))[0].startswith("Type what you want to do")


def test_a_verb_word_keeps_its_meaning_across_scenes(tiny: Story) -> None:
    # 'open' is a synonym of 'unlock' for the statue; it must still be 'open' (no action here) elsewhere.
    assert reply(tiny, "open statue") == "You can't unlock a statue."
    assert reply(tiny, "e", "open captain") == "You can't open Captain Orlova here."


def test_words_understood_only_in_part(tiny: Story) -> None:
    assert reply(tiny, "unlock in") == "I only understood you as far as wanting to unlock."


def test_again_after_an_answer_repeats_the_whole_command(tiny: Story) -> None:
    session, events = play(tiny, "x key", "red")
    assert texts(events) == ["A small red key."]
    assert texts(session.submit("again")) == ["A small red key."]


def test_a_word_from_the_scene_prose_is_scenery(tiny: Story) -> None:
    assert reply(tiny, "e", "x garden") == "Nothing about the garden needs your attention."
    assert reply(tiny, "x hall") == "Nothing about the hall needs your attention."


def test_a_direction_word_can_name_an_exit(tiny: Story) -> None:
    session, _ = play(tiny, "e", "out")  # the garden has no exit 'out', but its gate is called that
    assert session.state["scene"] == "hall"
    session, _ = play(tiny, "e", "go out")
    assert session.state["scene"] == "hall"


def test_the_clock_stops_at_the_end_of_2099_instead_of_raising(tiny: Story) -> None:
    from game.engine.story import add_minutes

    assert add_minutes("2099-12-31T23:50Z", 5) == "2099-12-31T23:55Z"
    assert add_minutes("2099-12-31T23:50Z", 60) == "2099-12-31T23:59Z"
    assert add_minutes("2021-10-05T06:00Z", 10**12) == "2099-12-31T23:59Z"  # past what timedelta holds
    late = copy.deepcopy(new_state(tiny))
    late["clock"] = "2099-12-31T23:58Z"
    for _ in range(3):
        late, events = step(tiny, late, "wait")
    assert late["clock"] == "2099-12-31T23:59Z" and not any(e.kind == ev.ERROR for e in events)
