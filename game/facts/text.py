"""Small text helpers shared by the corpus, the scanners and the checker.

Quotes are compared after normalising whitespace and typographic quotes only:
anything more forgiving would let a misquotation through.
"""

from __future__ import annotations

import re

# Typographic quotes and primes folded to their ASCII forms; nothing else is folded.
_QUOTE_FOLD = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
})
_SPACE = re.compile(r"\s+")


def fold_quotes(text: str) -> str:
    """*text* with typographic quotes made plain (same length: one character for one)."""
    return text.translate(_QUOTE_FOLD)


def normalise(text: str) -> str:
    """Whitespace runs made one space, typographic quotes folded, ends stripped."""
    return _SPACE.sub(" ", fold_quotes(text)).strip()


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """:func:`normalise` plus, for each character of the result, its offset in *text*."""
    out: list[str] = []
    where: list[int] = []
    folded = fold_quotes(text)
    i, n = 0, len(folded)
    while i < n:
        ch = folded[i]
        if ch.isspace():
            j = i
            while j < n and folded[j].isspace():
                j += 1
            if out:  # leading whitespace is dropped; trailing is trimmed below
                out.append(" ")
                where.append(i)
            i = j
            continue
        out.append(ch)
        where.append(i)
        i += 1
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count one), capped at *limit* + 1.

    Name checks only ask "is it within 1 or 2", so the cap keeps the cost small.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """Lowercase words (letters and digits) of *text*; punctuation separates words."""
    return [w.lower() for w in _WORD.findall(text)]


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Lowercase words of *text* with their start and end offsets."""
    return [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def shorten(text: str, width: int = 90) -> str:
    """*text* on one line, cut at a word boundary with an ellipsis when longer than *width*."""
    text = normalise(text)
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    space = cut.rfind(" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "\u2026"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 seed``, ``2 seeds``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
