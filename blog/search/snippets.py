"""Highlighted excerpts of the text around the words searched for."""

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from markupsafe import Markup, escape

SNIPPET_CHARS = 240
# Folding is done character by character: a 1 MB post took 0.7 s per result. Matches are looked
# for in the text's first MAX_SCAN characters; past them the snippet shows the start.
MAX_SCAN = 20_000
MAX_MATCHES_PER_TERM = 200  # more than a snippet or a title can show


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", char)
                   if not unicodedata.combining(c)).casefold()


def _fold(text: str) -> tuple[str, Sequence[int]]:
    """Lower-case, accent-free text, with each folded character's index in the original.
    ASCII folds to itself lower-cased, index for index, so only the other characters are
    folded one by one (all of them, one by one: 1.7 ms for a post of 1,500 words)."""
    if text.isascii():
        return text.lower(), range(len(text))
    folded: list[str] = []
    origin: list[int] = []
    last = 0
    for run in _NOT_ASCII.finditer(text):
        folded.append(text[last:run.start()].lower())
        origin.extend(range(last, run.start()))
        for index in range(run.start(), run.end()):
            plain = _fold_char(text[index])
            folded.append(plain)
            origin.extend([index] * len(plain))
        last = run.end()
    folded.append(text[last:].lower())
    origin.extend(range(last, len(text)))
    return "".join(folded), origin


def _patterns(terms: list[str]) -> list[re.Pattern]:
    """Each term folded as the text is; a word matches at a word's start and is marked whole
    ("measur" marks "measured"), a CJK run wherever it is found."""
    patterns = []
    for term in terms:
        folded_term, _ = _fold(term)
        if not folded_term:
            continue
        word = folded_term[0].isascii()
        patterns.append(re.compile((r"(?<!\w)" + re.escape(folded_term) + r"\w*") if word
                                   else re.escape(folded_term)))
    return patterns


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """(start, end) in `text` of each term found in its first MAX_SCAN characters."""
    folded, origin = _fold(text[:MAX_SCAN])
    spans: list[tuple[int, int]] = []
    for pattern in _patterns(terms):
        for count, match in enumerate(pattern.finditer(folded)):
            if count == MAX_MATCHES_PER_TERM:
                break
            spans.append((origin[match.start()], origin[match.end() - 1] + 1))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _first_match(text: str, terms: list[str]) -> int | None:
    """Where in `text` the first term found begins (in its first MAX_SCAN characters): a
    snippet needs only that, not every match of a common word."""
    folded, origin = _fold(text[:MAX_SCAN])
    starts = [found.start() for pattern in _patterns(terms)
              if (found := pattern.search(folded))]
    return origin[min(starts)] if starts else None


def has_match(text: str, terms: list[str]) -> bool:
    return _first_match(text, terms) is not None


def highlight(text: str, terms: list[str]) -> Markup:
    """The whole text, escaped, with each term found wrapped in <mark>."""
    out, last = [], 0
    for start, end in _spans(text, terms):
        out += [escape(text[last:start]), Markup("<mark>"), escape(text[start:end]),
                Markup("</mark>")]
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> Markup:
    """About `width` characters around the first term found (or the start), highlighted."""
    text = " ".join(text.split())
    first = _first_match(text, terms)
    start = 0
    if first is not None and first > width // 3:
        start = text.rfind(" ", 0, first - width // 3) + 1
    end = len(text) if len(text) - start <= width else text.rfind(" ", start, start + width)
    end = end if end > start else start + width
    piece = highlight(text[start:end], terms)
    return Markup("").join([Markup("… ") if start else Markup(""), piece,
                            Markup(" …") if end < len(text) else Markup("")])
