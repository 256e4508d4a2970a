"""The scenes against the ledger: every text a player can read is scanned like a seed.

A mention that contradicts the ledger ("Soyuz MS-22", "Expedition 55", "a 17-day
stay", "Perselid", "launched at 4:40") is an error at its own line and column,
naming the right value and its evidence. A mention that agrees ties the fact to
the scene it is written in, so the game's ``sources`` command can show it. A
scene's ``facts:`` list names facts explicitly; an unknown id there is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from ..content.diagnostics import ERROR, Diagnostic, did_you_mean
from ..content.yaml_source import Path_, Source
from .attribution import Judge, Verdict
from .corpus import split_sentences
from .ledger import Ledger
from .mentions import Mention, scan
from .names import MISSPELT, SUSPECT, NameIndex
from .positions import ScalarMap
from .text import normalise, normalise_with_map, plural, shorten
from .values import Moment

# Keys whose values are structure (ids, directions, clock times), not text a player reads.
STRUCTURE_KEYS = frozenset({
    "id", "to", "dir", "aliases", "verb", "object", "with", "start", "clock", "set", "clear", "give", "take",
    "move", "end", "flags", "not_flags", "has", "lacks", "visited", "not_visited", "after", "before",
    "advance", "minutes", "wait", "facts", "cast", "score", "max_score",
})


@dataclass
class ProseResult:
    """What the scenes state: problems, and the facts each scene (or ending) states."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    stated: dict[str, list[str]] = field(default_factory=dict)

    def state(self, owner: str, fact_id: str) -> None:
        facts = self.stated.setdefault(owner, [])
        if fact_id not in facts:
            facts.append(fact_id)


MAX_SENTENCE = 2_000
MAX_PARAGRAPH = 20_000


def texts(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every string a player may read in a scene file's data, with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in STRUCTURE_KEYS:
                yield from texts(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from texts(value, path + (i,))


def _owners(data: dict[str, Any], path: Path_, cast: dict[str, list[str]], start: str | None) -> list[str]:
    """The scenes (or ending) whose sources show a fact stated at *path*."""
    try:
        if path[0] == "scenes":
            return [data["scenes"][path[1]]["id"]]
        if path[0] == "people":
            return cast.get(data["people"][path[1]]["id"], [])
        if path[0] == "story" and len(path) > 2 and path[1] == "endings":
            return [data["story"]["endings"][path[2]]["id"]]
        if path[0] == "story" and start:
            return [start]
    except (KeyError, IndexError, TypeError):
        pass
    return []


def _element(data: Any, path: Path_) -> str:
    """Words about what a text describes: the enclosing thing's name, and the topic asked about."""
    words = []
    node = data
    for i, key in enumerate(path):
        if isinstance(node, dict) and isinstance(node.get("name"), str) and i < len(path) - 1:
            words.append(node["name"])
        if path[i - 1:i] == ("topics",) and isinstance(key, str):
            words.append(key)
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return ". ".join(words)


class ProseChecker:
    """Scans scene files with one ledger."""

    def __init__(self, ledger: Ledger, index: NameIndex, judge: Judge) -> None:
        self.ledger = ledger
        self.index = index
        self.judge = judge

    def check(self, sources: list[Source], start: str | None) -> ProseResult:
        result = ProseResult()
        cast: dict[str, list[str]] = {}
        for src in sources:
            for scene in (src.data or {}).get("scenes", []) if isinstance(src.data, dict) else []:
                if isinstance(scene, dict) and isinstance(scene.get("cast"), list):
                    for pid in scene["cast"]:
                        cast.setdefault(pid, []).append(scene.get("id"))
        for src in sources:
            if not isinstance(src.data, dict):
                continue
            where = ScalarMap(src.text) if src.text else None
            for path, text in texts(src.data):
                owners = _owners(src.data, path, cast, start)
                self._text(src, where, path, text, owners, result)
            self._references(src, result, cast, start)
        return result

    # -- one text ----------------------------------------------------------------------------------
    def _text(self, src: Source, where: ScalarMap | None, path: Path_, text: str, owners: list[str],
              result: ProseResult) -> None:
        element = _element(src.data, path)
        speaker = {n.name.entry for n in scan(element, self.index) if n.kind == "name" and n.name} if element else set()
        for para_start, para_end in _paragraphs(text):
            raw = text[para_start:para_end]
            if _too_long_to_judge(raw):
                line, col = self._position(src, where, path, para_start)
                result.diagnostics.append(Diagnostic(
                    src.file, line, col, ERROR,
                    f"this paragraph is too long for the fact checker (sentences of at most {MAX_SENTENCE:,} "
                    f"characters, paragraphs of at most {MAX_PARAGRAPH:,}); split it", "F407"))
                continue
            norm, back = normalise_with_map(raw)
            if not norm:
                continue
            mentions = scan(norm, self.index, self.judge.nouns)
            names = [m.name for m in mentions if m.kind == "name" and m.name]
            for s_start, s_end in split_sentences(norm, 0, len(norm)):
                sentence = norm[s_start:s_end]
                here = [m for m in mentions if s_start <= m.start < s_end]
                sentence_names = [n for n in names if s_start <= n.start < s_end]
                context = norm[:s_start] + " " + norm[s_end:] + ". " + element
                around = [n for n in names if not s_start <= n.start < s_end]
                for m in here:
                    diag = self._mention(m, sentence, s_start, context, sentence_names, around, speaker, owners,
                                         result)
                    if diag is not None:
                        line, col = self._position(src, where, path, para_start + back[m.start])
                        result.diagnostics.append(Diagnostic(src.file, line, col, ERROR, diag[0], diag[1]))

    @staticmethod
    def _position(src: Source, where: ScalarMap | None, path: Path_, offset: int) -> tuple[int, int]:
        found = where.position(path, offset) if where else None
        return found or src.at(path)

    def _mention(self, m: Mention, sentence: str, s_start: int, context: str, names: list, around: list,
                 speaker: set[str], owners: list[str], result: ProseResult) -> tuple[str, str] | None:
        if m.kind == "name":
            return self._name(m)
        verdict = self.judge.judge(m, sentence, s_start, context, names, around, speaker=speaker)
        if verdict is None:
            return None
        if not verdict.agrees:
            return self.contradiction(verdict), "F401" if m.kind != "role" else "F404"
        if not verdict.fact.usable:
            return (f"'{m.text}' states fact '{verdict.fact.id}', which the ledger marks {verdict.fact.status}: "
                    f"the game may not state it ({shorten(verdict.fact.note or verdict.fact.statement, 120)})", "F406")
        for owner in owners:
            result.state(owner, verdict.fact.id)
        return None

    def _name(self, m: Mention) -> tuple[str, str] | None:
        n = m.name
        if n is None or n.status not in (MISSPELT, SUSPECT):
            return None
        entry = self.ledger.glossary[n.entry]
        wrong = n.wrong or n.text
        if n.status == MISSPELT:
            form = next((f for f in entry.misspellings if f.form.lower() == wrong.lower()), None)
            seeds = sorted({e.seed.split("_")[0] for e in form.evidence}) if form else []
            found = f", a misspelling found in seed {', '.join(seeds)}" if seeds else ", a known misspelling"
            return f"'{wrong}' is not how {entry.name} is spelt{found}: write '{n.expected}'", "F402"
        return (f"'{wrong}' looks like a misspelling of '{n.expected}' ({entry.name}, "
                f"{plural(n.distance or 1, 'letter')} off): write '{n.expected}', or add '{wrong}' to the "
                "glossary's variants if it is a real spelling", "F403")

    def contradiction(self, v: Verdict) -> str:
        """The message for a mention that contradicts the ledger: the right value and its evidence."""
        fact, m = v.fact, v.mention
        right = fact.show(self.ledger.glossary)
        if isinstance(fact.value, Moment) and fact.value.equivalents():
            right = " = ".join([fact.value.show()] + fact.value.equivalents()[1:3])
        first = fact.evidence[0]
        more = len(fact.seeds()) - 1
        evidence = f"seed {first.seed.split('_')[0]}: \"{shorten(first.quote, 70)}\"" + \
            (f", and {plural(more, 'more seed')}" if more > 0 else "")
        if m.kind == "role":
            head = f"'{m.text}' contradicts the ledger: {self.ledger.display_name(m.subject or '')} is " \
                   f"'{right}' (fact '{fact.id}'; {evidence})"
        else:
            head = f"'{m.text}' contradicts the ledger: {right} (fact '{fact.id}'; {evidence})"
        if v.variant is not None:
            seeds = ", ".join(s.split("_")[0] for s in v.variant.seeds())
            shown = v.variant.value.show() if v.variant.value is not None else v.variant.raw
            head += f"; {shown} is seed {seeds}'s error"
        if v.why and isinstance(m.value, Moment) and (m.value.zone not in (None, "GMT") or m.value.weekday is not None):
            head += f" ({v.why})"
        elif v.why and m.kind == "role":
            head += f"; {v.why}"
        return f"{head} [{v.reason()}]"

    # -- explicit references -----------------------------------------------------------------------
    def _references(self, src: Source, result: ProseResult, cast: dict[str, list[str]], start: str | None) -> None:
        data = src.data
        holders: list[tuple[Path_, Any]] = []
        for i, scene in enumerate(data.get("scenes", []) if isinstance(data.get("scenes"), list) else []):
            holders.append((("scenes", i), scene))
        story = data.get("story")
        if isinstance(story, dict) and isinstance(story.get("endings"), list):
            for i, ending in enumerate(story["endings"]):
                holders.append((("story", "endings", i), ending))
        for path, holder in holders:
            if not isinstance(holder, dict) or not isinstance(holder.get("facts"), list):
                continue
            owners = _owners(data, path + ("facts",), cast, start)
            for j, fid in enumerate(holder["facts"]):
                if not isinstance(fid, str):
                    continue
                fact = self.ledger.facts.get(fid)
                if fact is None:
                    result.diagnostics.append(src.error(path + ("facts", j), f"unknown fact '{fid}'"
                                                        + did_you_mean(fid, self.ledger.facts)
                                                        + "; facts are defined in the ledger (scenes/facts/ledger.yaml)",
                                                        "F405"))
                elif not fact.usable:
                    result.diagnostics.append(src.error(path + ("facts", j), f"fact '{fid}' is marked {fact.status} "
                                                        "in the ledger: the game may not state it", "F406"))
                else:
                    for owner in owners:
                        result.state(owner, fid)


def _too_long_to_judge(paragraph: str) -> bool:
    """Judging a mention reads its whole sentence and paragraph, so a huge one costs time squared; no
    story needs one, and an unread text must not pass as checked. Asked of the plain normalised text,
    before the map of offsets back to the file is built (for megabytes, hundreds of them)."""
    if len(paragraph) <= MAX_SENTENCE:  # (normalising never lengthens a text: nearly every paragraph)
        return False
    norm = normalise(paragraph)
    return len(norm) > MAX_PARAGRAPH or any(e - b > MAX_SENTENCE for b, e in split_sentences(norm, 0, len(norm)))


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Paragraphs of a text: runs of lines between blank lines."""
    start = 0
    lines = text.split("\n")
    offset = 0
    for line in lines:
        if not line.strip():
            if offset > start:
                yield start, offset
            start = offset + len(line) + 1
        offset += len(line) + 1
    if start < len(text):
        yield start, len(text)
