"""``step(story, state, command) -> (state, events)``: one turn of the game.

Pure and deterministic: the same story, state and command always give the same
result, and the given state is never changed. Commands that need the outside
world (save, restore, quit) come back as ``meta`` events for the front end.
"""

from __future__ import annotations

from . import events as ev
from .events import Event
from .parser import ParseError, Parsed, parse, tokens
from .state import State
from .story import Action, Exit, Story, Thing
from .vocabulary import ALL_WORDS, ARTICLES, BUILTIN_VERBS, DIRECTION_WORDS, HELP_TEXT, META_VERBS, PRONOUNS, SELF_WORDS
from .world import Turn, holds, match, matching, present

_ENDED_OK = frozenset({"undo", "restore", "quit", "save", "score", "help", "again", "sources"})


def start(story: Story, state: State) -> tuple[State, list[Event]]:
    """Open a new game: the intro, the start scene, and its 'enter' effects (which may change the state)."""
    turn = Turn(story, state)
    if story.intro:
        turn.say(story.intro)
    turn.describe()
    turn.apply(story.scenes[state["scene"]].enter)
    return (state if turn.s == state else turn.s), turn.events


def step(story: Story, state: State, command: str) -> tuple[State, list[Event]]:
    """Play *command* in *state*; return the new state and what happened."""
    turn = Turn(story, state)
    s = turn.s
    pending = s["pending"]
    s["pending"] = None
    parsed = _answer(turn, pending, command) if pending else None
    if parsed is None:
        found = _custom_cache.get(id(story))  # _custom_verbs(story), inlined: it runs every turn
        parsed = parse(command, found[1] if found is not None and found[0] is story else _custom_verbs(story))
    if isinstance(parsed, ParseError):
        _parse_error(turn, parsed, command)
        return (state, turn.events) if parsed.kind == "empty" else (s, turn.events)
    if parsed.verb in META_VERBS:
        name = " ".join(parsed.nouns[0]) if parsed.nouns else ""
        turn.say("", ev.META, action=parsed.verb, name=name)
        return state, turn.events
    if s["ended"] is not None and parsed.verb not in _ENDED_OK:
        turn.say("The story is over. Type undo to take back the last move, restore to load a save, or quit.",
                 ev.ERROR, reason="ended")
        return state, turn.events
    s["turns"] += 1
    _dispatch(turn, parsed)
    # A turn that changed nothing (score, help, a refused take) returns the very same
    # state, so callers can tell, and undo skips it.
    # (The turn count differs after most commands: a cheap test before comparing everything.)
    return (state if s["turns"] == state["turns"] and s == state else s), turn.events


# id(story) -> (the story, kept alive so that its id cannot pass to another; its custom verbs)
_custom_cache: dict[int, tuple[Story, dict[str, str]]] = {}


def _custom_verbs(story: Story) -> dict[str, str]:
    """Verbs that actions add, mapped to canonical names (builtin synonyms fold into builtins)."""
    found = _custom_cache.get(id(story))
    if found is None or found[0] is not story:
        verbs = {word: name for word, name in story.custom_verbs().items() if word not in BUILTIN_VERBS}
        _custom_cache.clear()  # one story at a time: don't keep old ones alive
        found = _custom_cache[id(story)] = (story, verbs)
    return found[1]


def _parse_error(turn: Turn, err: ParseError, command: str) -> None:
    turn.say(err.message, ev.ERROR, reason=err.kind)


# -- nouns ------------------------------------------------------------------------------------------

class _Unresolved(Exception):
    """The noun phrase could not be pinned to one thing; the turn's reply is already said."""


def _resolve(turn: Turn, parsed: Parsed, index: int) -> Thing:
    phrase = parsed.nouns[index]
    story, s = turn.story, turn.s
    scope = present(story, s)  # in_scope(), inlined: this runs for nearly every noun typed
    if s["inventory"]:
        scope += [story.things[i] for i in s["inventory"] if i in story.things]
    if len(phrase) == 1:
        word = phrase[0]
        if word in PRONOUNS and s["it"]:
            thing = story.things.get(s["it"])
            if thing and thing in scope:
                return thing
        if word.startswith("#"):  # an answered "which do you mean"
            chosen = [t for t in scope if t.id == word[1:]]
            if chosen:
                s["it"] = chosen[0].id
                return chosen[0]
    things = matching(phrase, scope)
    if len(things) == 1:
        s["it"] = things[0].id
        return things[0]
    if not things:
        _no_such_thing(turn, phrase, scope, parsed.said)
        raise _Unresolved
    names = [t.name for t in things]
    question = "Which do you mean, " + " or ".join(f"the {n}" for n in names) + "?"
    turn.say(question, ev.QUESTION, candidates=[{"id": t.id, "name": t.name} for t in things])
    s["pending"] = {"verb": parsed.verb, "said": parsed.said, "prep": parsed.prep, "index": index,
                    "nouns": [list(n) for n in parsed.nouns], "candidates": [t.id for t in things]}
    raise _Unresolved


def _no_such_thing(turn: Turn, phrase: tuple[str, ...], scope: list[Thing], said: str) -> None:
    story = turn.story
    known = {w for t in story.things.values() for alias in t.words for w in alias.split()}
    unknown = [w for w in phrase if w not in known]
    if unknown and (unknown[0] in DIRECTION_WORDS or unknown[0] in BUILTIN_VERBS):
        # "strap in", "look up": the rest is grammar we don't know, not a thing to suggest.
        turn.say(f"I only understood you as far as wanting to {said}.", ev.ERROR, reason="partial", word=unknown[0])
    elif unknown and _in_prose(turn, unknown[0]):
        # A word from the scene's own description: scenery, not a thing to deal with.
        turn.say(f"Nothing about the {' '.join(phrase)} needs your attention.",
                 ev.ERROR, reason="scenery", word=unknown[0])
    elif unknown:
        nearby = {w for t in scope for alias in t.words for w in alias.split()} | set(DIRECTION_WORDS)
        import difflib  # only for a word it does not know: not worth its import at start-up

        close = difflib.get_close_matches(unknown[0], sorted(nearby), n=1, cutoff=0.7)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        turn.say(f"I don't know the word '{unknown[0]}'.{hint}", ev.ERROR, reason="unknown-word", word=unknown[0])
    else:
        turn.say("You can't see any such thing here.", ev.ERROR, reason="not-here")


def _in_prose(turn: Turn, word: str) -> bool:
    """Does *word* (or its singular) appear in the current scene's description?"""
    words = set(tokens(turn.story.scenes[turn.s["scene"]].prose))
    return word in words or (word.endswith("s") and word[:-1] in words) or word + "s" in words


def _answer(turn: Turn, pending: dict, command: str) -> Parsed | None:
    """If *command* answers the last "which do you mean", the original command with the choice made."""
    reparsed = parse(command, _custom_verbs(turn.story))
    if isinstance(reparsed, Parsed) and reparsed.said:  # it starts with a verb: a new command
        return None
    candidates = [turn.story.things[c] for c in pending["candidates"] if c in turn.story.things]
    vocabulary = {w for t in candidates for alias in t.words for w in alias.split()}
    # "the blue one", "blue please": keep the words that name a candidate.
    words = tuple(w for w in tokens(command) if w not in ARTICLES and w in vocabulary)
    if not words:
        return None
    found = match(words, candidates)
    if len(found.things) != 1:
        return None
    nouns = [tuple(n) for n in pending["nouns"]]
    # Name the choice by id: '#' never survives the tokenizer, so a player cannot type this.
    nouns[pending["index"]] = ("#" + found.things[0].id,)
    turn.s["it"] = found.things[0].id
    return Parsed(pending["verb"], pending["said"], tuple(nouns), pending["prep"])


# -- verbs ------------------------------------------------------------------------------------------

def _dispatch(turn: Turn, parsed: Parsed) -> None:
    verb = parsed.verb
    if verb == "go":
        _go(turn, parsed)
        return
    nouns = parsed.nouns
    if nouns:
        first = nouns[0]
        if len(first) == 1 and first[0] in ALL_WORDS and verb in ("take", "drop"):
            _all(turn, verb)
            return
        if verb == "examine" and SELF_WORDS.issuperset(first):
            turn.say(turn.story.player or "You look as ready as you will ever be.")
            return
    # "ask X about Y": Y is a topic, not something that must be in reach.
    count = 1 if verb == "ask" and parsed.prep == "about" else len(nouns)
    try:
        if count == 0:
            things = []
        elif count == 1:
            things = [_resolve(turn, parsed, 0)]
        else:
            things = [_resolve(turn, parsed, i) for i in range(count)]
    except _Unresolved:
        turn.s["turns"] -= 1  # a question or an unknown word is not a move
        return
    story = turn.story
    if (story.actions or story.scenes[turn.s["scene"]].actions) and _try_actions(turn, verb, parsed.said, things):
        return
    handler = _VERBS.get(verb)
    if handler is None:
        target = f" {things[0].name}" if things else ""
        turn.say(f"You can't {parsed.said}{target} here.")
        return
    handler(turn, parsed, things)


def _try_actions(turn: Turn, verb: str, said: str, things: list[Thing]) -> bool:
    """Carry out the first action that fits; True if an action answered the command."""
    story, s = turn.story, turn.s
    scene_actions = story.scenes[s["scene"]].actions
    if not scene_actions and not story.actions:
        return False
    ids = (things[0].id,) if len(things) == 1 else tuple([t.id for t in things])
    refused: Action | None = None
    for action in _for_verb(scene_actions, story.actions, verb).get(ids, ()):
        if action.once and action.id in s["done"]:
            continue
        if not holds(action.when, s):
            refused = refused or action
            continue
        if action.once:
            turn.own("done").append(action.id)
        turn.say("", ev.ACTION, id=action.id)
        turn.apply(action.effects)
        return True
    if refused is not None and refused.otherwise:
        turn.say(refused.otherwise)
        return True
    return False


# (scene's actions, story's actions, verb) by the lists' ids -> (the lists, kept alive; the actions
# among them that answer the verb, in order, by the ids of the things they take): most turns, most
# actions answer other verbs or take other things.
_by_verb: dict[tuple[int, int, str], tuple[list[Action], list[Action], dict[tuple[str, ...], list[Action]]]] = {}
_NO_ACTIONS: list[Action] = []  # stands for every scene without actions of its own, so they share entries


def _for_verb(scene_actions: list[Action], story_actions: list[Action],
              verb: str) -> dict[tuple[str, ...], list[Action]]:
    """The actions of a scene, then the story's, that answer *verb*, by the ids of the things they take."""
    if not scene_actions:
        scene_actions = _NO_ACTIONS
    key = (id(scene_actions), id(story_actions), verb)
    found = _by_verb.get(key)
    if found is None or found[0] is not scene_actions or found[1] is not story_actions:
        if len(_by_verb) > 10_000:  # stories come and go (reloads, tests): don't keep old ones forever
            _by_verb.clear()
        chosen: dict[tuple[str, ...], list[Action]] = {}
        for a in scene_actions + story_actions:
            if verb in _answered(a):
                chosen.setdefault(tuple(x for x in (a.object, a.with_) if x), []).append(a)
        found = _by_verb[key] = (scene_actions, story_actions, chosen)
    return found[2]


_answers: dict[int, tuple[Action, frozenset[str]]] = {}  # id -> (the action, kept alive; the verbs it answers)


def _answered(action: Action) -> frozenset[str]:
    """The verbs *action* answers: its own words, and the built-in verbs they are phrasings of."""
    found = _answers.get(id(action))
    if found is None or found[0] is not action:
        if len(_answers) > 10_000:  # stories come and go (reloads, tests): don't keep old ones forever
            _answers.clear()
        verbs = frozenset(action.verbs) | {BUILTIN_VERBS[v] for v in action.verbs if v in BUILTIN_VERBS}
        found = _answers[id(action)] = (action, verbs)
    return found[1]


def _go(turn: Turn, parsed: Parsed) -> None:
    story, s = turn.story, turn.s
    scene = story.scenes[s["scene"]]
    target: Exit | None = None
    direction = parsed.direction
    if direction:
        for e in scene.exits:  # the first open exit that way, else the first that way
            if e.dir == direction and (e.when is None or holds(e.when, s)):
                target = e
                break
        else:
            target = next((e for e in scene.exits if e.dir == direction), None)
        if target is None and parsed.said:
            # "out" typed as a word may be an exit's name ("go out" through the corridor door).
            target = _named_exit(story, scene.exits, parsed.said if parsed.said in DIRECTION_WORDS else
                                 parsed.direction, s)
        if target is None:
            turn.say(f"You can't go {parsed.direction} from here.", ev.ERROR, reason="no-exit")
            turn.list_exits()
            return
    else:
        phrase = " ".join(parsed.nouns[0]) if parsed.nouns else ""
        if not phrase:
            turn.say("Where do you want to go?", ev.ERROR, reason="missing-noun")
            turn.list_exits()
            return
        target = _named_exit(story, scene.exits, phrase, s)
        if target is None:
            s["turns"] -= 1
            if parsed.said == "":  # a bare word that is neither verb nor exit
                _unknown_verb(turn, parsed.nouns[0][0] if parsed.nouns[0] else phrase)
            else:
                turn.say(f"You can't go to '{phrase}' from here.", ev.ERROR, reason="no-exit")
                turn.list_exits()
            return
    if target.when is not None and not holds(target.when, s):
        turn.say(target.blocked or "You can't go that way just now.")
        return
    if target.say:
        turn.say(target.say)
    if target.minutes:
        turn.advance(target.minutes)
    where = next(i for i, e in enumerate(scene.exits) if e is target)  # (list.index would compare with ==)
    turn.events.append(Event(ev.MOVE, "", {"from": s["scene"], "to": target.to, "exit": where}))
    turn.enter(target.to)


def _named_exit(story: Story, exits: list[Exit], phrase: str, s: State) -> Exit | None:
    words = set(phrase.split())
    candidates = []
    for e in exits:
        title = story.scenes[e.to].title.lower() if e.to in story.scenes else ""
        names = list(e.words) + [e.to.replace("-", " "), title]
        if phrase in names or any(words <= set(n.split()) for n in names if n):
            candidates.append(e)
    open_ = [e for e in candidates if holds(e.when, s)]
    return (open_ or candidates or [None])[0]


def _unknown_verb(turn: Turn, word: str) -> None:
    known = list(BUILTIN_VERBS) + list(_custom_verbs(turn.story)) + list(DIRECTION_WORDS)
    import difflib  # only for a verb it does not know: not worth its import at start-up

    close = difflib.get_close_matches(word, known, n=1, cutoff=0.7)
    hint = f" Did you mean '{close[0]}'?" if close else " Type help for a list of commands."
    turn.say(f"I don't know the verb '{word}'.{hint}", ev.ERROR, reason="unknown-verb", word=word)


def _look(turn: Turn, parsed: Parsed, things: list[Thing]) -> None:
    turn.describe()


def _examine(turn: Turn, parsed: Parsed, things: list[Thing]) -> None:
    if not things:
        turn.say("What do you want to examine?", ev.ERROR, reason="missing-noun")
        return
    turn.say(things[0].description)


def _inventory(turn: Turn, parsed: Parsed, things: list[Thing]) -> None:
    inventory = turn.s["inventory"]
    held = [turn.story.things[i] for i in inventory if i in turn.story.things] if inventory else ()
    if not held:
        turn.say("You are carrying nothing.", ev.INVENTORY, things=[])
        return
    turn.say("You are carrying: " + ", ".join(t.name for t in held) + ".", ev.INVENTORY,
             things=[{"id": t.id, "name": t.name} for t in held])


def _take(turn: Turn, parsed: Parsed, things: list[Thing]) -> None:
    if not things:
        turn.say("What do you want to take?", ev.ERROR, reason="missing-noun")
        return
    thing, s = things[0], turn.s
    if thing.id in s["inventory"]:
        turn.say(f"You already have the {thing.name}.")
    elif thing.kind == "person":
        turn.say(f"{thing.name} would not appreciate that.")
    elif not thing.portable:
        turn.say(thing.fixed or f"The {thing.name} stays where it is.")
    else:
        turn.own("inventory").append(thing.id)
        turn.unplace(thing.id)
        turn.say(f"You take the {thing.name}.")


def _drop(turn: Turn, parsed: Parsed, things: list[Thing]) -> None:
    if not things:
        turn.say("What do you want to drop?", ev.ERROR, reason="missing-noun")
        return
    thing, s = things[0], turn.s
    if thing.id not in s["inventory"]:
        turn.say(f"You are not carrying the {thing.name}.")
        return
    turn.own("inventory").remove(thing.id)
    turn.place(thing.id, s["scene"])
    turn.say(f"You put down the {thing.name}.")


def _all(turn: Turn, verb: str) -> None:
    s = turn.s
    if verb == "take":
        chosen = [t for t in present(turn.story, s) if t.portable]
    else:
        chosen = [turn.story.things[i] for i in s["inventory"]]
    if not chosen:
        turn.say("There is nothing to take." if verb == "take" else "You are carrying nothing.")
        return
    for thing in chosen:
        if not _try_actions(turn, verb, verb, [thing]):
            (_take if verb == "take" else _drop)(turn, Parsed(verb, verb), [thing])


def _talk(turn: Turn, parsed: Parsed, things: list[Thing]) -> None:
    if not things:
        turn.say("Who do you want to talk to?", ev.ERROR, reason="missing-noun")
        return
    person = things[0]
    if person.kind != "person":
        turn.say(f"The {person.name} has nothing to say.")
        return
    if len(things) > 1:  # "ask X about Y" where Y is a thing in reach
        _topic(turn, person, things[1].words)
        return
    turn.say(person.talk or f"{person.name} nods, busy with the work at hand.")


def _ask(turn: Turn, parsed: Parsed, things: list[Thing]) -> None:
    if things and things[0].kind == "person" and parsed.prep == "about" and len(parsed.nouns) > 1:
        _topic(turn, things[0], (" ".join(parsed.nouns[1]),) + parsed.nouns[1])
        return
    _talk(turn, parsed, things)


def _topic(turn: Turn, person: Thing, words: tuple[str, ...]) -> None:
    for topic, answer in person.topics.items():
        if topic in words or any(w in topic.split() for w in words):
            turn.say(answer)
            return
    turn.say(f"{person.name} has nothing to say about that.")


def _use(turn: Turn, parsed: Parsed, things: list[Thing]) -> None:
    if not things:
        turn.say("What do you want to use?", ev.ERROR, reason="missing-noun")
        return
    turn.say(f"You can't see how to use the {things[0].name} here.")


def _wait(turn: Turn, parsed: Parsed, things: list[Thing]) -> None:
    turn.say("Time passes.")
    turn.advance(turn.story.wait_minutes)


def _score(turn: Turn, parsed: Parsed, things: list[Thing]) -> None:
    s = turn.s
    turn.s["turns"] -= 1  # asking the score is not a move
    turn.say(f"Your score is {s['score']} out of {turn.story.max_score}, in {s['turns']} "
             f"turn{'s' if s['turns'] != 1 else ''}.", ev.SCORE, delta=0, total=s["score"],
             max=turn.story.max_score)


def _help(turn: Turn, parsed: Parsed, things: list[Thing]) -> None:
    turn.s["turns"] -= 1
    turn.say(HELP_TEXT, ev.HELP)


def _sources(turn: Turn, parsed: Parsed, things: list[Thing]) -> None:
    """The ledger facts this scene (and the ending, once reached) states, each with its seed quotes."""
    story, s = turn.story, turn.s
    turn.s["turns"] -= 1  # looking up the sources is not a move
    scene = story.scenes[s["scene"]]
    ids = list(scene.facts)
    ending = story.endings.get(s["ended"]) if s["ended"] is not None else None
    if ending is not None:
        ids = list(ending.facts) + [i for i in ids if i not in ending.facts]
    facts = [story.facts[i] for i in ids if i in story.facts]
    where = f"{ending.title}" if ending is not None else scene.title
    if not facts:
        turn.say(f"Nothing in {where} is drawn from the news articles.", ev.SOURCES, scene=scene.id, facts=[])
        return
    lines = [f"Sources for {where}: what the game states here, and the news articles it comes from."]
    for f in facts:
        lines.append(f"* {f.statement}")
        for q in f.quotes:
            lines.append(f'    "{q.quote}" ({q.seed}, {q.date})')
        if f.disputed:
            lines.append(f"    Note: {f.disputed}")
    data = [{"id": f.id, "statement": f.statement, "value": f.value, "disputed": f.disputed,
             "quotes": [{"seed": q.seed, "date": q.date, "quote": q.quote, "headline": q.headline} for q in f.quotes]}
            for f in facts]
    turn.say("\n".join(lines), ev.SOURCES, scene=scene.id, facts=data)


_VERBS = {
    "look": _look, "examine": _examine, "inventory": _inventory, "take": _take, "drop": _drop,
    "talk": _talk, "ask": _ask, "use": _use, "wait": _wait, "score": _score, "help": _help,
    "sources": _sources,
}
