"""Caps on the shape of HTML, applied in one linear pass before any HTML parser sees it.

HTML parsers check the stack of open elements for every tag, so their cost grows with the
square of the nesting depth (html5ever took 20 s for 100,000 nested <div>s, html5lib recursed
out of stack on 800 <blockquote>s). Here every `<` that could open a tag is counted, with a
running estimate of the depth it opens at. A tag past a cap loses its `<` (a comment shows it
as the text typed) or is removed with its text kept (a post), so no parser ever sees a deep
tree. Escaping a `<` keeps the meaning of text and attribute values alike, so the worst an
estimate that is off can do is show a tag as text.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

# "<" and what follows it in the HTML tokenizer: a start tag, an end tag, or a declaration,
# comment or bogus comment ("<!", "<?", "</" followed by no letter).
_TAG_OPEN = re.compile(r"<(?:(/?)([A-Za-z][A-Za-z0-9-]*+)|[!?/])")
_TAG_REST = re.compile(r"[^<>]*+>?")  # to the tag's end, or to the next "<" if it has none
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
# Elements the parser re-opens after a block closes them (its list of active formatting
# elements): they count against their own cap, whatever block they sit in.
FORMATTING = frozenset({"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small",
                        "strike", "strong", "tt", "u"})
# A start tag of the key closes an open element of the listed names at the top of the stack.
_CLOSES_SIBLING = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "td": {"td", "th"},
                   "th": {"td", "th"}, "tr": {"tr", "td", "th"}, "option": {"option"},
                   "p": {"p"}}
_CLOSES_P = frozenset({"address", "article", "aside", "blockquote", "details", "div", "dl",
                       "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
                       "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section",
                       "table", "ul"})


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_formatting: int = 12
    max_tags: int | None = None  # allowed tags kept; None: any number
    max_items: int | None = None  # <li> elements kept
    allowed: frozenset[str] | None = None  # other tags are shown as text; None: all pass
    scan_budget: int | None = None  # tokens read one by one; past it the rest is text
    drop_past_caps: bool = False  # a tag past a cap is removed (its text kept), not shown


@dataclass
class Shape:
    """What the pass saw and what it had to show as text."""

    tags: int = 0
    items: int = 0
    too_many_tags: bool = False
    too_deep: bool = False
    too_many_items: bool = False

    @property
    def capped(self) -> bool:
        return self.too_many_tags or self.too_deep or self.too_many_items


@dataclass
class _Walk:
    limits: Limits
    shape: Shape = field(default_factory=Shape)
    stack: list[str] = field(default_factory=list)  # open elements other than formatting
    formatting: Counter = field(default_factory=Counter)
    escaped_open: Counter = field(default_factory=Counter)  # shown as text; so are their ends

    def keeps(self, closing: bool, name: str) -> bool:
        """Whether this tag keeps its "<", updating the estimate of the open elements."""
        limits = self.limits
        if limits.allowed is not None and name not in limits.allowed:
            return False
        if closing:
            return self._close(name)
        if limits.max_tags is not None and self.shape.tags >= limits.max_tags:
            self.shape.too_many_tags = True
            return self._escape_open(name)
        if name == "li" and limits.max_items is not None and self.shape.items >= limits.max_items:
            self.shape.too_many_items = True
            return self._escape_open(name)
        if name in VOID:
            self.shape.tags += 1
            return True
        self._implied_closes(name)
        if name in FORMATTING:
            if sum(self.formatting.values()) >= limits.max_formatting:
                self.shape.too_deep = True
                return self._escape_open(name)
            self.formatting[name] += 1
        elif len(self.stack) >= limits.max_depth:
            self.shape.too_deep = True
            return self._escape_open(name)
        else:
            self.stack.append(name)
        self.shape.tags += 1
        self.shape.items += name == "li"
        return True

    def _escape_open(self, name: str) -> bool:
        if name not in VOID:
            self.escaped_open[name] += 1
        return False

    def _implied_closes(self, name: str) -> None:
        closes = _CLOSES_SIBLING.get(name)
        if closes and self.stack and self.stack[-1] in closes:
            self.stack.pop()
        if name in _CLOSES_P and "p" in self.stack[-3:]:
            self._pop_through("p")

    def _close(self, name: str) -> bool:
        if self.escaped_open[name]:
            self.escaped_open[name] -= 1
            return False
        if name in FORMATTING:
            if self.formatting[name]:
                self.formatting[name] -= 1
        elif name in self.stack:  # at most max_depth names to look through
            self._pop_through(name)
        return True

    def _pop_through(self, name: str) -> None:
        index = len(self.stack) - 1 - self.stack[::-1].index(name)
        del self.stack[index:]


def limit_markup(html: str, limits: Limits) -> tuple[str, Shape]:
    """`html` with every tag past a cap shown as text, and what was found. Linear: each tag
    costs at most max_depth steps, and past scan_budget tags the rest is escaped at once."""
    walk = _Walk(limits)
    out: list[str] = []
    last = 0
    for seen, match in enumerate(_TAG_OPEN.finditer(html), 1):
        start = match.start()
        if limits.scan_budget is not None and seen > limits.scan_budget:
            rest = html[start:]
            if limits.allowed is not None and _opens_allowed(rest, limits.allowed):
                walk.shape.too_many_tags = True
            out.append(html[last:start])
            out.append(rest.replace("<", "&lt;"))
            return "".join(out), walk.shape
        name = match.group(2)
        if name is None:  # "<!", "<?", "</" + no letter: a comment or declaration
            keep = limits.allowed is None
        else:
            keep = walk.keeps(match.group(1) == "/", name.lower())
        if not keep:
            out.append(html[last:start])
            if limits.drop_past_caps and (limits.allowed is None or name.lower() in limits.allowed):
                last = _TAG_REST.match(html, match.end()).end()
            else:
                out.append("&lt;")
                last = start + 1
    out.append(html[last:])
    return "".join(out), walk.shape


def _opens_allowed(html: str, allowed: frozenset[str]) -> bool:
    names = "|".join(sorted(allowed, key=len, reverse=True))
    return re.search(rf"<(?:{names})(?![A-Za-z0-9-])", html, re.IGNORECASE) is not None
