"""The small data classes (game/value.py): what they promised as dataclasses, they still do.

Each spells out ``__slots__`` and ``__init__``; pickling (the cache) and copying call ``__init__``
with the fields in slot order, so the two must agree, field for field.
"""

from __future__ import annotations

import copy
import inspect
import pickle

import pytest

from game.content.diagnostics import ERROR, WARNING, Diagnostic
from game.engine import events, parser, story, world
from game.value import FrozenValue, Value

from .conftest import load_fixture


def value_classes() -> list[type]:
    found, todo = [], [Value]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__slots__:
                found.append(sub)
    return sorted(found, key=lambda c: c.__qualname__)


def test_every_game_class_on_value_is_found() -> None:
    names = {c.__name__ for c in value_classes()}
    assert {"Exit", "Thing", "Action", "Scene", "Ending", "Quote", "FactView", "Story", "Event", "Parsed",
            "ParseError", "Match", "Diagnostic"} <= names


@pytest.mark.parametrize("cls", value_classes(), ids=lambda c: c.__name__)
def test_init_takes_the_slots_in_order(cls: type) -> None:
    params = list(inspect.signature(cls.__init__).parameters)[1:]
    assert tuple(params) == cls.__slots__


def test_a_compiled_story_survives_pickling_and_copying() -> None:
    tiny = load_fixture("tiny")
    again = pickle.loads(pickle.dumps(tiny, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == tiny and again is not tiny
    assert again.scenes == tiny.scenes and type(next(iter(again.scenes.values()))) is story.Scene
    shallow = copy.copy(tiny)
    assert shallow == tiny and shallow.scenes is tiny.scenes
    deep = copy.deepcopy(tiny)
    assert deep == tiny and deep.scenes is not tiny.scenes


def test_equality_is_by_class_and_fields() -> None:
    a = story.Exit("hall", dir="north")
    assert a == story.Exit("hall", "north") and a != story.Exit("hall", "south")
    assert a != ("hall", "north", None, (), None, None, None, 0)  # not a tuple
    assert events.Event("text", "Hi") == events.Event("text", "Hi", {})
    assert events.Event("text", "Hi") != events.Event("title", "Hi")


def test_defaults_are_fresh_for_each_object() -> None:
    one, two = story.Scene("a", "A", "prose"), story.Scene("b", "B", "prose")
    one.exits.append(story.Exit("b"))
    assert two.exits == [] and story.Thing("t", "item", "T", "d").topics == {}
    assert events.Event("text").data == {} and events.Event("text").data is not events.Event("text").data


def test_mutable_values_are_unhashable_and_frozen_ones_hash_by_value() -> None:
    with pytest.raises(TypeError):
        hash(story.Exit("hall"))
    assert issubclass(story.Quote, FrozenValue)
    q = story.Quote("001.txt", "2021-10-05", "words")
    assert hash(q) == hash(story.Quote("001.txt", "2021-10-05", "words")) and len({q, copy.copy(q)}) == 1
    assert parser.parse("take key") == parser.parse("take  key")


def test_repr_names_every_field() -> None:
    assert repr(world.Match([], True)) == "Match(things=[], exact=True)"
    assert repr(events.Event("text", "x")) == "Event(kind='text', text='x', data={})"


def test_diagnostics_sort_by_place_and_ignore_their_code_when_compared() -> None:
    late = Diagnostic("a.yaml", 3, 1, ERROR, "m", "E100")
    early = Diagnostic("a.yaml", 2, 9, WARNING, "m", "W001")
    other_file = Diagnostic("0.yaml", 9, 9, ERROR, "m")
    assert sorted([late, early, other_file]) == [other_file, early, late]
    assert late == Diagnostic("a.yaml", 3, 1, ERROR, "m", "E999") and hash(late) == hash(late.__class__(
        "a.yaml", 3, 1, ERROR, "m", "other"))
    assert late > early >= early and not late < early
    assert late != Diagnostic("a.yaml", 3, 1, WARNING, "m", "E100")
    again = pickle.loads(pickle.dumps(late))
    assert again.code == "E100" and again == late  # pickled whole, code included


def test_equality_stops_at_the_first_field_that_differs() -> None:
    class Loud:
        def __eq__(self, other: object) -> bool:
            raise AssertionError("compared past a field that differed")

    assert story.Exit("hall", when=Loud()) != story.Exit("vault", when=Loud())  # type: ignore[arg-type]
    same = story.Exit("hall", when=Loud())  # type: ignore[arg-type]
    assert same == same  # itself: no field compared
