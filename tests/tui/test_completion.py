"""Tab completion and command history, without a terminal."""

from __future__ import annotations

from game.engine.session import Session
from game.engine.story import Story
from game.tui.completion import Completer, common_prefix, completions, words_for
from game.tui.history import History


def words(story: Story, *commands: str, slots: tuple[str, ...] = ()):
    session = Session(story)
    session.start()
    for c in commands:
        session.submit(c)
    return words_for(story, session.state, slots)


def test_first_word_completes_from_the_parsers_verbs(mission: Story) -> None:
    assert completions("ta", words(mission)).lines == ["take", "talk to", "talk", "talk with"]
    assert completions("exa", words(mission)).lines == ["examine"]


def test_first_word_offers_the_exits_of_this_scene_only(mission: Story) -> None:
    # The hangar's exit is north (the pad road): "no" completes it, "so" offers no direction.
    assert "north" in completions("no", words(mission)).lines
    assert "south" not in completions("so", words(mission)).lines


def test_story_verbs_complete_too(mission: Story) -> None:
    assert completions("buck", words(mission)).lines == ["buckle"]
    assert Completer().tab("buck", words(mission)) == "buckle"  # it takes no object: no space after it


def test_objects_come_from_what_is_in_scope(mission: Story) -> None:
    here = completions("take ", words(mission)).tails
    assert here[:3] == ("checklist", "safety poster", "engineer petrova")  # names first, then aliases
    assert "poster" in here and "rocket" not in here  # the rocket is on the pad, out of reach
    assert completions("x ch", words(mission)).lines == ["x checklist"]


def test_what_the_player_carries_is_in_scope_elsewhere(mission: Story) -> None:
    carried = words(mission, "take checklist", "north")
    assert completions("drop ch", carried).lines == ["drop checklist"]
    assert completions("x ro", carried).lines == ["x rocket"]


def test_the_players_capitals_are_kept(mission: Story) -> None:
    assert completions("Take Ch", words(mission)).lines == ["Take checklist"]


def test_the_second_object_after_a_preposition(mission: Story) -> None:
    assert completions("use checklist with po", words(mission)).lines == ["use checklist with poster"]


def test_ask_about_completes_the_persons_topics(mission: Story) -> None:
    assert completions("ask petrova about ", words(mission)).tails == ("weather", "rocket")
    assert completions("ask the engineer about w", words(mission)).lines == ["ask the engineer about weather"]


def test_go_completes_exits_and_save_completes_slot_names(mission: Story) -> None:
    assert completions("go ro", words(mission)).lines == ["go road"]
    assert completions("restore f", words(mission, slots=("first", "second"))).lines == ["restore first"]


def test_nothing_to_complete(mission: Story) -> None:
    assert completions("xyzzy", words(mission)).tails == ()
    assert completions("take zz", words(mission)).tails == ()


def test_common_prefix() -> None:
    assert common_prefix(["talk to", "talk", "talk with"]) == "talk"
    assert common_prefix([]) == ""


def test_tab_takes_a_single_completion_and_adds_a_space_after_a_verb(mission: Story) -> None:
    c = Completer()
    w = words(mission)
    assert c.tab("exa", w) == "examine "
    assert c.tab("examine ", w) == "examine checklist"  # the next Tab completes the object


def test_tab_extends_to_the_shared_start_then_cycles(mission: Story) -> None:
    c, w = Completer(), words(mission)
    line = c.tab("tal", w)
    assert line == "talk"  # every choice starts with "talk"
    assert [line := c.tab(line, w) for _ in range(4)] == ["talk to", "talk", "talk with", "talk to"]
    assert c.tab("talk to", w, step=-1) == "talk with"  # Shift+Tab goes back


def test_typing_something_else_starts_a_new_completion(mission: Story) -> None:
    c, w = Completer(), words(mission)
    c.tab("ta", w)
    assert c.tab("x po", w) == "x poster"


def test_tab_with_no_completion_leaves_the_line(mission: Story) -> None:
    c = Completer()
    assert c.tab("xyzzy", words(mission)) == "xyzzy"
    assert c.options.tails == ()


def test_history_browses_back_and_forth_keeping_the_draft() -> None:
    h = History()
    for command in ["look", "take checklist", "take checklist", "", "north"]:
        h.add(command)
    assert list(h.items) == ["look", "take checklist", "north"]  # no blanks, no repeats in a row
    assert h.previous("half typed") == "north"
    assert h.previous("north") == "take checklist"
    assert h.previous("take checklist") == "look"
    assert h.previous("look") is None  # the oldest
    assert h.next() == "take checklist"
    assert h.next() == "north"
    assert h.next() == "half typed"  # past the newest: the draft comes back
    assert h.next() is None


def test_history_is_bounded() -> None:
    h = History(size=3)
    for i in range(10):
        h.add(f"x {i}")
    assert list(h.items) == ["x 7", "x 8", "x 9"]
