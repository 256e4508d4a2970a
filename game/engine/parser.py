"""Turn what the player typed into a verb and noun phrases.

Only grammar lives here: which words are the verb, which the objects. Deciding
which thing in the world a noun phrase means (scope, aliases, "which do you
mean") is the world's job, because it depends on where the player stands.
"""

from __future__ import annotations

import re
from ..value import FrozenValue
from .vocabulary import ARTICLES, BARE_VERBS, BUILTIN_VERBS, DIRECTION_WORDS, PREPOSITIONS

MAX_INPUT = 500  # characters considered; IF commands are short, and this bounds the work per turn

_NOT_WORD = re.compile(r"[^\w'\-?.]+")  # dots stay inside words: "soyuz-2.1a"


class Parsed(FrozenValue):
    """A command in grammatical parts. *verb* is canonical (``take`` for ``pick up``)."""

    __slots__ = ("verb", "said", "nouns", "prep", "direction")

    def __init__(self, verb: str, said: str, nouns: tuple[tuple[str, ...], ...] = (), prep: str | None = None,
                 direction: str | None = None) -> None:
        self.verb = verb
        self.said = said  # the verb as typed, for replies ("You can't film that")
        self.nouns = nouns  # noun phrases, articles removed
        self.prep = prep  # the preposition between the two phrases
        self.direction = direction


class ParseError(FrozenValue):
    """Why a command could not be parsed, and a suggestion when there is one."""

    __slots__ = ("kind", "message", "word")

    def __init__(self, kind: str, message: str, word: str = "") -> None:
        self.kind = kind  # "empty", "unknown-verb", "missing-noun"
        self.message = message
        self.word = word


def tokens(text: str) -> list[str]:
    """Lowercase words of *text*: punctuation and control characters dropped."""
    text = text[:MAX_INPUT].lower()
    words = (t.strip(".") for t in _NOT_WORD.split(text))
    return [t for t in words if t and t.strip("'-")]


# Parsing is a pure function of the text and the verbs, and players (and the explorer) type the
# same commands again and again: remember the answers, for one verb table at a time. The table
# is held here, so its identity cannot be reused by another; callers pass the same dict per story.
_memo: dict[str, Parsed | ParseError] = {}
_memo_verbs: list[dict[str, str] | None] = [None]
_plain_memo: dict[str, Parsed | ParseError] = {}  # without story verbs
MEMO_SIZE = 4096


def parse(text: str, custom_verbs: dict[str, str] | None = None) -> Parsed | ParseError:
    """Parse one command. *custom_verbs* maps extra verb phrases (from actions) to verb names.
    The table must not change once it has been passed here."""
    if custom_verbs:
        if custom_verbs is not _memo_verbs[0]:
            _memo.clear()
            _memo_verbs[0] = custom_verbs
        memo = _memo
    else:
        memo = _plain_memo
    found = memo.get(text)
    if found is None:
        found = _parse(text, custom_verbs)
        if len(text) <= MAX_INPUT:  # a pasted novel is parsed, not remembered
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[text] = found
    return found


def _parse(text: str, custom_verbs: dict[str, str] | None) -> Parsed | ParseError:
    words = tokens(text)
    if not words:
        return ParseError("empty", "I beg your pardon?")
    verbs = custom_verbs or {}
    if len(words) == 1 and words[0] in DIRECTION_WORDS and words[0] not in verbs:
        return Parsed("go", words[0], direction=DIRECTION_WORDS[words[0]])
    for size in (2, 1):
        phrase = " ".join(words[:size])
        if len(words) >= size and (phrase in verbs or phrase in BUILTIN_VERBS):
            verb = verbs.get(phrase) or BUILTIN_VERBS[phrase]
            return _objects(verb, phrase, words[size:])
    # A bare noun phrase may name an exit ("bus"); the world decides, so pass it on.
    return Parsed("go", "", nouns=(tuple(w for w in words if w not in ARTICLES),))


def _objects(verb: str, said: str, rest: list[str]) -> Parsed | ParseError:
    if verb == "go" and len(rest) == 1 and rest[0] in DIRECTION_WORDS:
        return Parsed("go", said, direction=DIRECTION_WORDS[rest[0]])
    if verb == "look" and rest:  # "look rocket" is how many players say "examine rocket"
        verb, rest = "examine", [w for w in rest if w not in ARTICLES]
        return Parsed(verb, said, nouns=(tuple(rest),) if rest else ())
    if verb in BARE_VERBS or verb in ("save", "restore"):
        # save/restore take a slot name, kept whole.
        return Parsed(verb, said, nouns=(tuple(rest),) if rest else ())
    prep = None
    phrases: list[list[str]] = [[]]
    for w in rest:
        if prep is None and w in PREPOSITIONS and phrases[0]:
            prep = w
            phrases.append([])
        elif w not in ARTICLES:
            phrases[-1].append(w)
    nouns = tuple(tuple(p) for p in phrases if p)
    if prep is not None and len(nouns) < 2:
        return ParseError("missing-noun", f"What do you want to {said} {' '.join(nouns[0]) if nouns else ''} "
                                          f"{prep}?".replace("  ", " "), prep)
    return Parsed(verb, said, nouns=nouns, prep=prep)
