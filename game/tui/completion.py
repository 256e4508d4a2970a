"""Tab completion for the command line: what could finish what the player is typing.

Pure functions over the parser's vocabulary and the things in scope, so the
rules are tested without a terminal; the command input widget only cycles
through the lists made here. Nothing here decides what a command means: a
completion is only ever a string the player could have typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine.state import State
from ..engine.story import Story
from ..engine.vocabulary import BARE_VERBS, BUILTIN_VERBS, DIRECTION_WORDS, PREPOSITIONS, VERB_PHRASES
from ..engine.world import in_scope

# Verbs whose objects are not things in reach.
_SLOT_VERBS = frozenset({"save", "restore"})


@dataclass(frozen=True)
class Words:
    """Every phrase completion may offer, for one state of one story."""

    verbs: dict[str, str]  # phrase -> canonical verb
    bare: frozenset[str]  # verb phrases that take no object (no space after them)
    things: tuple[str, ...]  # names and aliases of the things in scope, names first
    exits: tuple[str, ...]  # directions and exit names of the current scene
    topics: dict[str, tuple[str, ...]] = field(default_factory=dict)  # person alias -> topics
    slots: tuple[str, ...] = ()  # save names


def words_for(story: Story, state: State, slots: tuple[str, ...] = ()) -> Words:
    """The completion vocabulary at *state*: the parser's verbs, the story's verbs, what is in scope."""
    verbs = dict(BUILTIN_VERBS)  # as in the engine, a builtin phrase keeps its builtin meaning
    for phrase, verb in story.custom_verbs().items():
        verbs.setdefault(phrase, verb)
    with_object = {w for a in story.all_actions() if a.object for w in a.verbs}
    bare = {p for p, v in BUILTIN_VERBS.items() if v in BARE_VERBS}
    bare |= {p for p in verbs if p not in BUILTIN_VERBS and p not in with_object}
    scope = in_scope(story, state)
    things = [t.name.lower() for t in scope] + [w for t in scope for w in t.words]
    scene = story.scenes[state["scene"]]
    exits = [e.dir for e in scene.exits if e.dir] + [w for e in scene.exits for w in e.words]
    topics: dict[str, tuple[str, ...]] = {}
    for t in scope:
        if t.topics:
            for w in t.words:
                topics[w] = tuple(t.topics)
    return Words(verbs, frozenset(bare), _unique(things), _unique(exits), topics, slots)


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


# Verb phrases in the vocabulary's own order (canonical word first); one-letter
# abbreviations are left out, since nobody needs Tab to type "x".
_BUILTIN_ORDER = [p for phrases in VERB_PHRASES.values() for p in phrases if len(p) > 1]


@dataclass(frozen=True)
class Options:
    """Completions of a line: each is *head* followed by one of *tails*."""

    head: str = ""
    tails: tuple[str, ...] = ()

    @property
    def lines(self) -> list[str]:
        """The whole command lines."""
        return [self.head + t for t in self.tails]


def completions(text: str, words: Words) -> Options:
    """What could finish *text*, most useful first (no tails when nothing does)."""
    lowered = text.lower()
    verb, rest_at = _leading_verb(lowered, words)
    if verb is None:
        return _extend(text, 0, _first_words(words))
    if verb in _SLOT_VERBS:
        return _extend(text, rest_at, list(words.slots))
    if verb == "go":
        return _extend(text, rest_at, list(words.exits))
    if verb == "ask":
        cut = lowered.find(" about ", rest_at - 1)
        if cut > 0:
            person = lowered[rest_at:cut].strip().removeprefix("the ")
            return _extend(text, cut + len(" about "), list(words.topics.get(person, ())))
    # A second object after a preposition: "use key with d" completes "d".
    at = rest_at
    for prep in PREPOSITIONS:
        cut = lowered.rfind(f" {prep} ", rest_at - 1)
        if cut >= rest_at:
            at = max(at, cut + len(prep) + 2)
    return _extend(text, at, list(words.things))


def _first_words(words: Words) -> list[str]:
    """A line's first word: a verb, or a way out of this scene (directions the scene lacks are noise)."""
    custom = [p for p in words.verbs if p not in BUILTIN_VERBS]
    return _BUILTIN_ORDER + custom + list(words.exits)


def _leading_verb(lowered: str, words: Words) -> tuple[str | None, int]:
    """The verb phrase that *lowered* starts with and where its objects begin (longest phrase wins)."""
    best: tuple[str | None, int] = (None, 0)
    for phrase, verb in words.verbs.items():
        if lowered.startswith(phrase + " ") and len(phrase) + 1 > best[1]:
            best = (verb, len(phrase) + 1)
    return best


def _extend(text: str, at: int, options: list[str]) -> Options:
    """The options that start with what follows position *at* in *text* (and are longer than it)."""
    partial = text[at:].lower()
    tails = tuple(o for o in dict.fromkeys(options) if o.startswith(partial) and o != partial)
    return Options(text[:at], tails)


def common_prefix(options: list[str] | tuple[str, ...]) -> str:
    """The longest start shared by every option."""
    if not options:
        return ""
    first, last = min(options), max(options)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def takes_object(line: str, words: Words) -> bool:
    """Should a space follow this completed verb (``take`` yes, ``look`` and ``north`` no)?"""
    phrase = line.lower()
    return phrase in words.verbs and phrase not in words.bare and phrase not in DIRECTION_WORDS


@dataclass
class Completer:
    """Tab and Shift+Tab over the completions of one line, like a shell's menu completion.

    The first Tab extends the line as far as every completion agrees (a single
    completion is taken whole); further Tabs step through the list. Any other
    change to the line starts afresh.
    """

    options: Options = field(default_factory=Options)
    index: int = -1  # the option shown in the line, -1 when none is
    line: str | None = None  # what the line held after our last change

    def reset(self) -> None:
        """Forget the completion in progress."""
        self.options, self.index, self.line = Options(), -1, None

    def tab(self, text: str, words: Words, step: int = 1) -> str:
        """The new text of the line after Tab (*step* 1) or Shift+Tab (*step* -1)."""
        if text == self.line and len(self.options.tails) > 1:
            self.index = (self.index + step) % len(self.options.tails)
            return self._set(self.options.lines[self.index])
        self.options, self.index = completions(text, words), -1
        tails = self.options.tails
        if not tails:
            self.line = None
            return text
        if len(tails) == 1:
            self.index = 0
            line = self.options.lines[0]
            return self._set(line + " " if takes_object(line, words) else line)
        shared = common_prefix(tails)
        if len(self.options.head + shared) > len(text):
            return self._set(self.options.head + shared)
        self.index = 0 if step > 0 else len(tails) - 1
        return self._set(self.options.lines[self.index])

    def _set(self, line: str) -> str:
        self.line = line
        return line
