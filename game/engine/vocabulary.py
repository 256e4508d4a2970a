"""The words the parser knows before any scene adds its own.

Kept as data so the parser, Tab completion, the help text and the author's checks
(``'examin' is a new verb; did you mean 'examine'?``) all read the same table.
"""

from __future__ import annotations

# canonical verb -> the phrasings players use for it (the canonical word first)
VERB_PHRASES: dict[str, tuple[str, ...]] = {
    "look": ("look", "l", "look around"),
    "examine": ("examine", "x", "inspect", "check", "read", "look at", "study", "describe", "l at"),
    "inventory": ("inventory", "i", "inv"),
    "take": ("take", "get", "pick up", "grab", "collect"),
    "drop": ("drop", "put down", "discard"),
    "talk": ("talk to", "talk", "talk with", "speak to", "speak with", "speak", "greet", "chat with"),
    "ask": ("ask", "question"),
    "use": ("use", "operate"),
    "go": ("go", "walk", "run", "head", "go to", "walk to", "travel"),
    "wait": ("wait", "z"),
    "again": ("again", "g"),
    "undo": ("undo",),
    "score": ("score",),
    "help": ("help", "?", "commands"),
    "sources": ("sources", "source", "facts", "evidence"),
    "save": ("save",),
    "restore": ("restore", "load"),
    "quit": ("quit", "q"),
}

# Verbs the front end carries out (they never change the world).
META_VERBS = frozenset({"again", "undo", "save", "restore", "quit"})
# Verbs that take no object.
BARE_VERBS = frozenset({"look", "inventory", "wait", "again", "undo", "score", "help", "quit", "sources"})

BUILTIN_VERBS: dict[str, str] = {
    phrase: verb for verb, phrases in VERB_PHRASES.items() for phrase in phrases
}

DIRECTION_WORDS: dict[str, str] = {
    "n": "north", "s": "south", "e": "east", "w": "west",
    "ne": "northeast", "nw": "northwest", "se": "southeast", "sw": "southwest",
    "u": "up", "d": "down", "upstairs": "up", "downstairs": "down",
    "inside": "in", "outside": "out", "enter": "in", "exit": "out", "leave": "out", "out": "out", "in": "in",
    **{d: d for d in ("north", "south", "east", "west", "northeast", "northwest",
                      "southeast", "southwest", "up", "down")},
}

ARTICLES = frozenset({"the", "a", "an", "some", "my", "this", "that"})
PREPOSITIONS = ("about", "with", "on", "onto", "into", "in", "to", "at", "using", "from", "for")
SELF_WORDS = frozenset({"me", "myself", "self", "yourself"})
ALL_WORDS = frozenset({"all", "everything"})
PRONOUNS = frozenset({"it", "them", "him", "her"})

HELP_TEXT = """\
Type what you want to do, in a few words. Some commands:
  look (l)                   describe where you are
  examine THING (x)          look closely at something or someone
  take THING, drop THING     pick up or put down an item
  inventory (i)              list what you carry
  talk to PERSON             talk to someone; ask PERSON about TOPIC
  use THING [with THING]     operate, press, fit something
  north, south, in, out...   go that way (n, s, e, w, u, d); go NAME takes a named exit
  wait (z)                   let some time pass
  score                      your score and the turns taken
  sources                    where this scene's facts come from: the news articles, quoted
  undo, again (g)            take back the last turn; repeat the last command
  save [NAME], restore [NAME], quit
Articles (the, a) are optional. When a name is ambiguous you are asked which you mean."""
