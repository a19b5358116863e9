"""Highlighted excerpts of the text around the words searched for."""

import re
import unicodedata

from markupsafe import Markup, escape

SNIPPET_CHARS = 240
# Folding is done character by character: a 1 MB post took 0.7 s per result. Matches are looked
# for in the text's first MAX_SCAN characters; past them the snippet shows the start.
MAX_SCAN = 20_000
MAX_MATCHES_PER_TERM = 200  # more than a snippet or a title can show


def _fold(text: str) -> tuple[str, list[int]]:
    """Lower-case, accent-free text, with each folded character's index in the original."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        plain = "".join(c for c in unicodedata.normalize("NFKD", char)
                        if not unicodedata.combining(c)).casefold()
        for c in plain:
            folded.append(c)
            origin.append(index)
    return "".join(folded), origin


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """(start, end) in `text` of each term found in its first MAX_SCAN characters; words match
    at a word's start."""
    folded, origin = _fold(text[:MAX_SCAN])
    spans: list[tuple[int, int]] = []
    for term in terms:
        folded_term, _ = _fold(term)
        if not folded_term:
            continue
        # A word is marked whole from its start ("measur" marks "measured"); CJK runs as found.
        word = folded_term[0].isascii()
        pattern = (r"(?<!\w)" + re.escape(folded_term) + r"\w*") if word else \
            re.escape(folded_term)
        for count, match in enumerate(re.finditer(pattern, folded)):
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


def has_match(text: str, terms: list[str]) -> bool:
    return bool(_spans(text, terms))


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
    spans = _spans(text, terms)
    start = 0
    if spans and spans[0][0] > width // 3:
        start = text.rfind(" ", 0, spans[0][0] - width // 3) + 1
    end = len(text) if len(text) - start <= width else text.rfind(" ", start, start + width)
    end = end if end > start else start + width
    piece = highlight(text[start:end], terms)
    return Markup("").join([Markup("… ") if start else Markup(""), piece,
                            Markup(" …") if end < len(text) else Markup("")])
