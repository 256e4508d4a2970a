"""Events as log text: plain text stays plain, names become links, the clock is said once."""

from __future__ import annotations

from textual.content import Content

from game.engine import events as ev
from game.engine.events import Event
from game.engine.session import Session
from game.engine.story import Story
from game.tui.story_text import echo, reflow, turn_content, visible


def links(content: Content) -> dict[str, str]:
    """Link text -> the command it runs."""
    out = {}
    for span in content.spans:
        style = span.style
        meta = getattr(style, "meta", {}) if not isinstance(style, str) else {}
        if "@click" in meta:
            action, (command,) = meta["@click"]
            assert action == "run_command"
            out[content.plain[span.start:span.end]] = command
    return out


def test_a_scene_reads_as_in_a_book_and_its_names_are_links(mission: Story) -> None:
    text = turn_content(Session(mission).start())
    assert text.plain.startswith("A test mission for the terminal interface.\n\n(Type help for the commands.)")
    # Hand-wrapped prose is joined so the log wraps it; the title sits on its prose.
    assert "Hangar\nA bright hangar. A checklist lies on the bench by the door, and a poster" in text.plain
    assert links(text) == {"Engineer Petrova": "examine engineer petrova", "checklist": "examine checklist",
                           "north (the pad road)": "north"}


def test_player_text_is_data_not_markup() -> None:
    typed = "[bold red]x[/] [link=https://example.com]y[/link] $accent \x1b[31m"
    shown = echo(typed)
    assert shown.plain == "> [bold red]x[/] [link=https://example.com]y[/link] $accent ␛[31m"
    assert links(shown) == {}


def test_control_characters_are_shown_not_obeyed() -> None:
    assert visible("a\x1bb\x07c\x7fd\x9be\tf\ng") == "a␛b␇c␡d\ufffde f g"


def test_invisible_characters_that_act_on_the_line_are_shown_not_obeyed() -> None:
    # a right-to-left override, a zero-width space, a byte-order mark, a line separator; letters stay
    assert visible("a\u202eb\u200bc\ufeffd\u2028e") == "a\ufffdb\ufffdc\ufffdd\ufffde"
    assert visible("a\u2066b\u2069c\u200ed\u2060e") == "a\ufffdb\ufffdc\ufffdd\ufffde"  # isolates, a mark, a joiner
    # letters of every script stay, and so do the joiners words and emoji need, and the soft hyphen
    for text in ("Пересильд, 宇宙, café", "می\u200cخواهم", "👨\u200d👩\u200d👧", "co\u00adop"):
        assert visible(text) == text


def test_the_clock_is_said_once_where_it_stopped(mission: Story) -> None:
    session = Session(mission)
    session.start()
    session.submit("take checklist")
    text = turn_content(session.submit("north"), "north").plain
    assert text.startswith("> north\nYou walk out along the pad road.\n\n[Mission clock: 5 Oct 2021, 06:30 GMT]")
    assert text.count("Mission clock") == 1


def test_score_changes_and_endings(mission: Story) -> None:
    session = Session(mission)
    session.start()
    for command in ["take checklist", "north", "up"]:
        session.submit(command)
    assert "[Your score has gone up by 5 points.]" in turn_content(session.submit("buckle")).plain
    ending = turn_content(session.submit("wait")).plain
    assert "*** Launched ***\nThe rocket climbs away on time. The test is a success." in ending
    assert "Score 15 of 15, in 5 turns. Type undo to take back the last move." in ending


def test_a_question_links_its_answers() -> None:
    question = Event(ev.QUESTION, "Which do you mean, the red key or the blue key?",
                     {"candidates": [{"id": "r", "name": "red key"}, {"id": "b", "name": "blue key"}]})
    assert links(turn_content([question])) == {"red key": "red key", "blue key": "blue key"}


def test_trace_and_meta_events_are_not_shown() -> None:
    quiet = [Event(ev.META, "", {"action": "save", "name": ""}), Event(ev.ACTION, "", {"id": "a"}),
             Event(ev.MOVE, "", {"from": "a", "to": "b", "exit": 0})]
    assert turn_content(quiet, "save").plain == "> save"


def test_reflow_keeps_paragraphs() -> None:
    assert reflow("one\ntwo\n\nthree\n") == "one two\n\nthree"


def test_the_sources_command_shows_facts_and_quotes_as_data() -> None:
    quote = {"seed": "001_d7b0d856108d1c4a.txt", "date": "2021-10-04", "quote": "[b]verbatim[/b]", "headline": ""}
    e = Event(ev.SOURCES, "Sources for Hangar: what the game states here.\n* ...",
              {"scene": "hangar", "facts": [{"id": "f", "statement": "A fact.", "value": "v", "disputed": None,
                                             "quotes": [quote]}]})
    assert turn_content([e], "sources").plain == ("> sources\nSources for Hangar: what the game states here.\n\n"
                                                  "• A fact.\n  “[b]verbatim[/b]”\n    — article 001, 4 Oct 2021")
