"""The seed corpus: the five news articles every fact in the game is traced to.

A seed file's first line is `` date YYYY-MM-DD`` followed by the headline (on the
same line, or on the next when the first line holds only the date); the body
follows, one paragraph per line. Sentences keep the file, line and column they
start at, so every report can point into the seed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .text import normalise, normalise_with_map

_DATELINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})[ \t]*(.*)$")

# Words that end with a full stop without ending the sentence ("4:55 a.m. EDT", "Oct. 5").
ABBREVIATIONS = frozenset({
    "a.m", "p.m", "am", "pm", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mr", "mrs", "ms", "dr", "st", "no", "nos", "vs", "e.g", "i.e", "u.s", "u.k", "jr",
    "sr", "lt", "col", "gen", "inc", "ltd", "co", "approx", "etc", "fig",
})
_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[#@A-Z0-9\u2014-])")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a seed, where it starts, and its offsets in the seed's text."""

    seed: str
    text: str
    line: int
    col: int
    start: int
    end: int


@dataclass(frozen=True)
class Passage:
    """The part of a seed closest to a quote that was not found, and how they differ."""

    text: str
    line: int
    col: int
    ratio: float
    difference: str


@dataclass
class Seed:
    """One seed article."""

    file: str  # the file name, as the ledger cites it
    path: Path
    text: str
    date: date | None = None
    headline: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    problem: str | None = None  # why the file could not be read as a seed
    _norm: tuple[str, list[int]] | None = field(default=None, repr=False)

    @property
    def short(self) -> str:
        """The seed's number (``000``), how tables and messages name it."""
        return self.file.split("_", 1)[0]

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column (from 1) of *offset* in the seed's text."""
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, col

    def normalised(self) -> tuple[str, list[int]]:
        if self._norm is None:
            self._norm = normalise_with_map(self.text)
        return self._norm

    def find(self, quote: str) -> int | None:
        """Offset in the seed's text where *quote* starts (whitespace and typographic quotes
        normalised), or None when the seed does not contain it verbatim."""
        span = self.locate(quote)
        return span[0] if span else None

    def locate(self, quote: str) -> tuple[int, int] | None:
        """Start and end offsets of *quote* in the seed's text (as :meth:`find`), or None."""
        wanted = normalise(quote)
        if not wanted:
            return None
        norm, where = self.normalised()
        at = norm.find(wanted)
        if at < 0:
            return None
        return where[at], where[at + len(wanted) - 1] + 1

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding *offset*."""
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None

    def closest(self, quote: str) -> Passage | None:
        """The passage most like *quote*, for the error when a quote is not found."""
        wanted = normalise(quote)
        best: tuple[float, int, int] | None = None
        spans = [(s.start, s.end) for s in self.sentences]
        spans += [(a.start, b.end) for a, b in zip(self.sentences, self.sentences[1:]) if a.line == b.line]
        for start, end in spans:
            candidate = normalise(self.text[start:end])
            matcher = difflib.SequenceMatcher(None, wanted, candidate, autojunk=False)
            if best is not None and matcher.real_quick_ratio() <= best[0]:
                continue
            ratio = matcher.ratio()
            if best is None or ratio > best[0]:
                best = (ratio, start, end)
        if best is None:
            return None
        _, start, end = best
        return _narrow(self, wanted, start, end)


def _narrow(seed: Seed, wanted: str, start: int, end: int) -> Passage:
    """Within a seed span, the stretch aligned with *wanted*, and the first place they differ."""
    raw = seed.text[start:end]
    norm, where = normalise_with_map(raw)
    matcher = difflib.SequenceMatcher(None, wanted, norm, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if blocks:
        lo = max(0, blocks[0].b - blocks[0].a)
        hi = min(len(norm), blocks[-1].b + blocks[-1].size + (len(wanted) - blocks[-1].a - blocks[-1].size))
        norm_part = norm[lo:hi]
        offset = start + where[lo] if norm_part else start
    else:
        norm_part, offset = norm, start
    ratio = difflib.SequenceMatcher(None, wanted, norm_part, autojunk=False).ratio()
    line, col = seed.position(offset)
    return Passage(norm_part, line, col, ratio, describe_difference(wanted, norm_part))


def _word_around(text: str, i: int, j: int) -> str:
    """The words of *text* covering [i, j), for a readable difference."""
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    while j < len(text) and not text[j].isspace():
        j += 1
    return text[i:j].strip()


def describe_difference(quote: str, passage: str) -> str:
    """The first difference between a quote and the seed's passage, in words."""
    matcher = difflib.SequenceMatcher(None, quote, passage, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        ours = _word_around(quote, i1, i2) if i2 > i1 or quote else ""
        theirs = _word_around(passage, j1, j2) if j2 > j1 or passage else ""
        if tag == "insert" and not ours:
            return f"the seed has '{theirs}' that the quote lacks"
        if tag == "delete" and not theirs:
            return f"the quote has '{ours}' that the seed lacks"
        return f"the quote has '{ours}' where the seed has '{theirs}'"
    return "they are the same"


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]`` (one paragraph), as offsets into *text*."""
    spans: list[tuple[int, int]] = []
    begin = start
    for m in _END.finditer(text, start, end):
        stop = m.end()
        if text[m.start()] == "." and m.group().startswith(".") and len(m.group().rstrip("\"'\u201d\u2019)]")) == 1:
            word = re.search(r"([\w.]+)$", text[begin:m.start()])
            last = word.group(1).lower() if word else ""
            if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue  # "a.m. EDT", "Oct. 5", an initial
        spans.append((begin, stop))
        begin = stop
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end and text[begin:end].strip():
        spans.append((begin, end))
    return spans


def load_seed(path: Path) -> Seed:
    """Read one seed file; a malformed one comes back with :attr:`Seed.problem` set."""
    seed = Seed(path.name, path, "")
    try:
        seed.text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        seed.problem = f"cannot read seed: {exc}"
        return seed
    first_end = seed.text.find("\n")
    first = seed.text if first_end < 0 else seed.text[:first_end]
    m = _DATELINE.match(first)
    if not m:
        seed.problem = "the first line is not ' date YYYY-MM-DD' followed by the headline"
        return seed
    try:
        seed.date = date.fromisoformat(m.group(1))
    except ValueError:
        seed.problem = f"'{m.group(1)}' is not a date"
        return seed
    offset = 0
    for raw_line in seed.text.split("\n"):
        line_start, line_end = offset, offset + len(raw_line)
        offset = line_end + 1
        if line_start == 0:
            line_start = m.start(2)  # the headline, after the date
        if not seed.text[line_start:line_end].strip():
            continue
        if not seed.headline:
            seed.headline = normalise(seed.text[line_start:line_end])
        for a, b in split_sentences(seed.text, line_start, line_end):
            line, col = seed.position(a)
            seed.sentences.append(Sentence(seed.file, seed.text[a:b].rstrip(), line, col, a, b))
    return seed


@dataclass
class Corpus:
    """Every seed in a folder, by file name."""

    folder: Path
    seeds: dict[str, Seed] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Seed:
        return self.seeds[name]

    def __contains__(self, name: object) -> bool:
        return name in self.seeds

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.seeds.values())


def load_corpus(folder: Path) -> Corpus:
    """Every ``*.txt`` seed in *folder*, in file-name order."""
    corpus = Corpus(folder)
    for path in sorted(folder.glob("*.txt")):
        corpus.seeds[path.name] = load_seed(path)
    return corpus
