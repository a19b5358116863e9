"""WordPress shortcodes found in one pass: `[name attrs]`, `[name attrs/]`, `[name]…[/name]`, and
`[[name]]`, WordPress's escape for the literal text `[name]`.

One regular expression that looked ahead for each opening tag's closing tag read the rest of the
post once per tag (47 KiB of "[a " took 16 s). Here the tags are found once (an attribute text
never holds a bracket, so each match stops at the next one), an enclosing tag finds its closing
tag among the positions of that name's closing tags, and nesting deeper than MAX_NESTING is
left as the text it is.
"""

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

MAX_NESTING = 20
_TAG = re.compile(r"\[(\[?)(/?)([A-Za-z][\w-]*+)((?:\s[^\[\]]*+)?)(/?)\](\]?)")


@dataclass(frozen=True)
class Shortcode:
    name: str
    attrs: str  # as written, with its leading space
    self_closing: bool
    inner: str | None  # the enclosed content, expanded; None when the tag encloses nothing


@dataclass(frozen=True)
class _Tag:
    start: int
    end: int
    escaped_open: bool
    closing: bool
    name: str
    attrs: str
    self_closing: bool
    escaped_close: bool


class _Closings:
    """Where each name's closing tags are, to find the first one after a position."""

    def __init__(self, tags: list[_Tag]) -> None:
        self.by_name: dict[str, list[int]] = {}
        for index, tag in enumerate(tags):
            if tag.closing:
                self.by_name.setdefault(tag.name, []).append(index)

    def after(self, name: str, index: int) -> int | None:
        found = self.by_name.get(name, [])
        at = bisect_right(found, index)
        return found[at] if at < len(found) else None


def expand(content: str, render: Callable[[Shortcode], str]) -> str:
    """`content` with every shortcode replaced by `render(shortcode)`; escaped ones become
    their literal text. An enclosing tag's content is expanded first."""
    tags = [_Tag(m.start(), m.end(), bool(m.group(1)), bool(m.group(2)), m.group(3),
                 m.group(4), bool(m.group(5)), bool(m.group(6)))
            for m in _TAG.finditer(content)]
    return _expand(content, tags, _Closings(tags), 0, len(tags), 0, len(content), render, 0)


def _expand(content: str, tags: list[_Tag], closings: _Closings, first: int, stop: int,
            lo: int, hi: int, render: Callable[[Shortcode], str], depth: int) -> str:
    """The text from lo to hi, which holds tags[first:stop]."""
    out: list[str] = []
    at, index = lo, first
    while index < stop:
        tag = tags[index]
        if tag.closing:  # a stray closing tag is text
            index += 1
            continue
        close = closings.after(tag.name, index)
        if close is not None and (close >= stop or tag.self_closing):
            close = None
        out.append(content[at:tag.start])
        if close is None:
            end, escaped = tag.end, tag.escaped_open and tag.escaped_close
            inner = None
        else:
            end = tags[close].end
            escaped = tag.escaped_open and tags[close].escaped_close
            inner_lo, inner_hi = tag.end - tag.escaped_close, tags[close].start
            if escaped or depth >= MAX_NESTING:
                inner = content[inner_lo:inner_hi]
            else:
                inner = _expand(content, tags, closings, index + 1, close, inner_lo, inner_hi,
                                render, depth + 1)
        if escaped:
            out.append(content[tag.start + 1:end - 1])
        else:
            out.append("[" if tag.escaped_open else "")
            out.append(render(Shortcode(tag.name, tag.attrs, tag.self_closing, inner)))
            trailing = tags[close].escaped_close if close is not None else tag.escaped_close
            out.append("]" if trailing else "")
        at = end
        index = (close + 1) if close is not None else index + 1
    out.append(content[at:hi])
    return "".join(out)
