"""The parser: verbs and their synonyms, directions, articles, prepositions."""

from __future__ import annotations

import pytest

from game.engine.parser import ParseError, Parsed, parse, tokens


@pytest.mark.parametrize("text, verb", [
    ("look", "look"), ("l", "look"), ("examine rocket", "examine"), ("x rocket", "examine"),
    ("look at rocket", "examine"), ("inventory", "inventory"), ("i", "inventory"),
    ("take key", "take"), ("get key", "take"), ("pick up key", "take"), ("drop key", "drop"),
    ("put down key", "drop"), ("talk to guard", "talk"), ("ask guard about door", "ask"),
    ("use key", "use"), ("wait", "wait"), ("z", "wait"), ("again", "again"), ("g", "again"),
    ("undo", "undo"), ("score", "score"), ("help", "help"), ("save", "save"), ("restore", "restore"),
    ("quit", "quit"), ("q", "quit"),
])
def test_verbs_and_synonyms(text: str, verb: str) -> None:
    parsed = parse(text)
    assert isinstance(parsed, Parsed)
    assert parsed.verb == verb


@pytest.mark.parametrize("text, direction", [
    ("n", "north"), ("s", "south"), ("e", "east"), ("w", "west"), ("u", "up"), ("d", "down"),
    ("in", "in"), ("out", "out"), ("north", "north"), ("go north", "north"), ("walk n", "north"),
    ("ne", "northeast"), ("go up", "up"),
])
def test_directions(text: str, direction: str) -> None:
    parsed = parse(text)
    assert isinstance(parsed, Parsed)
    assert (parsed.verb, parsed.direction) == ("go", direction)


def test_articles_are_ignored() -> None:
    assert parse("take the red key") == parse("take red key") == parse("take a red key")
    assert parse("take the red key").nouns == (("red", "key"),)  # type: ignore[union-attr]


def test_two_objects_split_on_the_preposition() -> None:
    parsed = parse("use the key with the door")
    assert isinstance(parsed, Parsed)
    assert parsed.nouns == (("key",), ("door",))
    assert parsed.prep == "with"


def test_ask_about_keeps_the_topic() -> None:
    parsed = parse("ask anton about the console")
    assert isinstance(parsed, Parsed)
    assert (parsed.verb, parsed.nouns, parsed.prep) == ("ask", (("anton",), ("console",)), "about")


def test_look_with_a_noun_means_examine() -> None:
    parsed = parse("look rocket")
    assert isinstance(parsed, Parsed)
    assert (parsed.verb, parsed.nouns) == ("examine", (("rocket",),))


def test_custom_verbs_from_the_story() -> None:
    parsed = parse("film the scene", {"film": "film", "shoot": "film"})
    assert isinstance(parsed, Parsed)
    assert (parsed.verb, parsed.said, parsed.nouns) == ("film", "film", (("scene",),))


def test_a_bare_noun_is_passed_on_as_a_possible_exit_name() -> None:
    parsed = parse("the bus")
    assert isinstance(parsed, Parsed)
    assert (parsed.verb, parsed.said, parsed.nouns) == ("go", "", (("bus",),))


def test_empty_input() -> None:
    assert parse("   ") == ParseError("empty", "I beg your pardon?")


def test_dangling_preposition_asks_for_the_missing_noun() -> None:
    err = parse("use key with")
    assert isinstance(err, ParseError)
    assert err.message == "What do you want to use key with?"


def test_tokens_drop_punctuation_control_characters_and_case() -> None:
    assert tokens("Take the KEY!\x1b[31m") == ["take", "the", "key", "31m"]
    assert tokens("x soyuz-2.1a.") == ["x", "soyuz-2.1a"]
    assert tokens("look. ... wait") == ["look", "wait"]
