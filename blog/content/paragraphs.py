"""Blank lines to paragraphs in a comment, as WordPress's wpautop does, in one linear pass.

Works on sanitised HTML (balanced, tags exactly `<...>`), keeping one running depth: the old
version recounted the depth of everything before each tag, which made 3,300 <b> tags cost
25 s. Blank lines between inline content make paragraphs and single newlines <br>; the blocks
a commenter wrote (lists, code, paragraphs) are kept as they are, never inside a <p>; a quote's
own text is paragraphed inside it.
"""

import re
from dataclasses import dataclass, field

_TAG = re.compile(r"(<[^>]*+>)")
_NAME = re.compile(r"</?([a-z0-9]+)")
_BLANK_LINE = re.compile(r"\n\s*\n")
_VERBATIM = frozenset({"ol", "p", "pre", "ul"})  # blocks kept exactly as written
_VOID = frozenset({"br", "img", "hr"})
_BLOCKS = frozenset({"blockquote", "li", "ol", "p", "pre", "ul"})


@dataclass
class _Level:
    """The content of the document or of one <blockquote>: finished blocks, and the run of
    inline content since the last one, split at blank lines outside any element."""

    blocks: list[str] = field(default_factory=list)
    paragraph: list[str] = field(default_factory=list)
    open_inline: int = 0

    def text(self, piece: str) -> None:
        if self.open_inline:
            self.paragraph.append(piece)
            return
        parts = _BLANK_LINE.split(piece)
        for part in parts[:-1]:
            self.paragraph.append(part)
            self.end_paragraph()
        self.paragraph.append(parts[-1])

    def end_paragraph(self) -> None:
        text = "".join(self.paragraph).strip()
        if text:
            self.blocks.append("<p>" + text.replace("\n", "<br>\n") + "</p>")
        self.paragraph = []


def autop(html: str) -> tuple[str, bool]:
    """(the paragraphed HTML, whether a paragraph holds a block: the parser must repair that,
    the rest is well formed as it is)."""
    levels = [_Level()]
    misnested = False
    verbatim: list[str] = []
    verbatim_depth = 0
    for piece in _TAG.split(html):
        if not piece:
            continue
        level = levels[-1]
        is_tag = piece.startswith("<")
        name = _NAME.match(piece).group(1) if is_tag else ""
        closing = piece.startswith("</")
        if verbatim_depth:
            verbatim.append(piece)
            if is_tag and name not in _VOID:
                verbatim_depth += -1 if closing else 1
            if not verbatim_depth:
                level.blocks.append("".join(verbatim))
                verbatim = []
            continue
        if not is_tag:
            level.text(piece)
        elif level.open_inline or name in _VOID:
            level.paragraph.append(piece)
            misnested = misnested or name in _BLOCKS
            if name not in _VOID:
                level.open_inline += -1 if closing else 1
        elif name in _VERBATIM and not closing:
            level.end_paragraph()
            verbatim, verbatim_depth = [piece], 1
        elif name == "blockquote" and not closing:
            level.end_paragraph()
            levels.append(_Level())
        elif name == "blockquote" and len(levels) > 1:
            level.end_paragraph()
            levels.pop()
            levels[-1].blocks.append("<blockquote>" + "".join(level.blocks) + "</blockquote>")
        else:  # an inline element opens (or a stray end tag, which the cleaner drops)
            level.paragraph.append(piece)
            misnested = misnested or name in _BLOCKS
            level.open_inline += -1 if closing else 1
            level.open_inline = max(level.open_inline, 0)
    if verbatim:
        levels[-1].blocks.append("".join(verbatim))
    while len(levels) > 1:  # unclosed quotes (not from the cleaner, which balances them)
        level = levels.pop()
        level.end_paragraph()
        levels[-1].blocks.append("<blockquote>" + "".join(level.blocks) + "</blockquote>")
    levels[0].end_paragraph()
    return "".join(levels[0].blocks), misnested
