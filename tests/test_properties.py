"""Property-based tests: whatever a player types and whatever an author writes, the engine and the
loader answer without raising, and the state stays valid."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.loader import load_story
from game.content.yaml_source import load_text
from game.engine.events import Event
from game.engine.session import Session
from game.engine.state import problems
from game.engine.story import Story
from game.engine.vocabulary import BUILTIN_VERBS, DIRECTION_WORDS
from game.paths import scenes_dir

from .conftest import FIXTURES, load_fixture

SHIPPED = load_story([scenes_dir()]).story
TINY = load_fixture("tiny")


def _words(story: Story) -> list[str]:
    nouns = {w for t in story.things.values() for alias in t.words for w in alias.split()}
    return sorted(set(BUILTIN_VERBS) | set(DIRECTION_WORDS) | nouns | set(story.custom_verbs()))


def commands(story: Story) -> st.SearchStrategy[str]:
    """Mostly plausible commands from the story's own words, sometimes anything at all."""
    sensible = st.lists(st.sampled_from(_words(story)), min_size=1, max_size=4).map(" ".join)
    return st.one_of(sensible, sensible, sensible, st.text(max_size=60))


def _play(story: Story, script: list[str]) -> None:
    session = Session(story)
    assert all(isinstance(e, Event) for e in session.start())
    for command in script:
        events = session.submit(command)
        assert all(isinstance(e, Event) and isinstance(e.text, str) for e in events)
        assert problems(story, session.state) == []
        assert json.loads(json.dumps(session.state)) == session.state


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(commands(TINY), max_size=25))
def test_any_commands_keep_the_tiny_story_valid(script: list[str]) -> None:
    _play(TINY, script)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(commands(SHIPPED), max_size=25))
def test_any_commands_keep_the_shipped_story_valid(script: list[str]) -> None:
    _play(SHIPPED, script)


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(), min_size=1000, max_size=5000))
def test_long_and_strange_lines(line: str) -> None:
    _play(TINY, [line, "look"])


TINY_TEXT = (FIXTURES / "tiny" / "story.yaml").read_text()


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """The tiny story with a few random edits: cuts, insertions of YAML-ish characters, moved lines."""
    text = TINY_TEXT
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "insert", "move"]))
        at = draw(st.integers(0, len(text)))
        if kind == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif kind == "insert":
            junk = draw(st.text(alphabet=":-[]{}&*!|>'\"#%@`, \n\tab1", max_size=8))
            text = text[:at] + junk + text[at:]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines.insert(j, lines.pop(i))
            text = "\n".join(lines)
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated())
def test_mutated_scene_files_load_or_give_clean_diagnostics(tmp_path: Path, text: str) -> None:
    path = tmp_path / "story.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_story([path])
    lines = text.count("\n") + 1
    for d in result.diagnostics:
        assert d.file == str(path) and 1 <= d.line <= lines + 1 and d.col >= 1, d.format()
        assert d.message and "Traceback" not in d.message
    if result.ok:
        _play(result.story, ["look", "take key", "n", "use red key", "wait"])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_or_gives_diagnostics(text: str) -> None:
    src = load_text(text, "x.yaml")
    assert all(d.line >= 1 and d.col >= 1 for d in src.diagnostics)
