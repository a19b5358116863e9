"""The words of a post for the search index and its result snippets: what readers read, not
the markup, nor the page furniture the renderer adds (heading links, a table of contents,
footnote back-links). A heading, list item or table cell ends with a full stop when it has no
punctuation of its own, so a snippet never runs a heading into the sentence after it."""

from html.parser import HTMLParser

BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br",
                    "tr", "td", "th", "pre", "blockquote", "figure", "figcaption", "table",
                    "hr", "dt", "dd", "section", "nav", "caption", "summary", "details"})
# Blocks that read as a sentence of their own.
STOPS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dt", "figcaption",
                   "caption", "summary"})
FURNITURE = frozenset({"heading-anchor", "footnote-backref", "toc"})
PUNCTUATION = ".!?:;…,"
VOID = frozenset({"br", "hr", "img", "source", "input", "wbr"})


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []  # the open tags of furniture being skipped

    def handle_starttag(self, tag, attrs):
        if self._skip:
            if tag not in VOID:
                self._skip.append(tag)
            return
        classes = set((dict(attrs).get("class") or "").split())
        if classes & FURNITURE and tag not in VOID:
            self._skip.append(tag)
        elif tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if self._skip:
            self._skip.pop()
            return
        if tag in STOPS:
            self._full_stop()
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    def _full_stop(self) -> None:
        for index in range(len(self.parts) - 1, -1, -1):
            text = self.parts[index].rstrip()
            if text:
                if text[-1] not in PUNCTUATION:
                    self.parts[index] = text + "."
                return


def search_text(html: str) -> str:
    """The text of some sanitised HTML on one line."""
    parser = _Words()
    parser.feed(html or "")
    parser.close()
    return " ".join("".join(parser.parts).split())
