"""The only module that imports bleach: every piece of user-supplied HTML passes here."""

import html as html_lib
import re
import threading
from functools import partial

import bleach
from bleach.linkifier import TLDS, LinkifyFilter, build_url_re
from markupsafe import Markup

PROTOCOLS = ["http", "https", "mailto"]

POST_TAGS = [
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "picture", "pre", "q", "s", "section",
    "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
]
POST_ATTRS = {
    "a": ["href", "title", "rel", "id", "class", "aria-label"],
    "abbr": ["title"],
    "img": ["src", "alt", "title", "width", "height", "loading", "decoding", "srcset",
            "sizes"],
    "source": ["srcset", "sizes", "type"],
    "td": ["colspan", "rowspan", "align"],
    "th": ["colspan", "rowspan", "align", "scope"],
    "ol": ["start", "reversed", "class"],
    "ul": ["class"], "li": ["id", "class"], "hr": ["class"], "sup": ["class"],
    "code": ["class"],
    "pre": ["class", "tabindex"],
    "div": ["class"], "span": ["class", "aria-hidden"],
    "nav": ["class", "aria-label"], "section": ["class", "aria-label"],
    "h2": ["id"], "h3": ["id"], "h4": ["id"], "h5": ["id"], "h6": ["id"],
}
# Classes the Markdown renderer writes (Pygments' short token names, footnotes, task lists,
# heading links, the table of contents): a post's HTML cannot borrow the site's own classes.
_POST_CLASS = re.compile(r"[a-z]{1,3}\d?|language-[\w+#.-]{1,40}|highlight|heading|"
                         r"heading-anchor|footnotes?(?:-[a-z]+)?|footnote-(?:ref|item|backref)|"
                         r"(?:contains-)?task-list(?:-item)?|task-box(?:--done)?|"
                         r"visually-hidden|toc(?:__sub)?")
_SRCSET_URL = re.compile(r"(?:/(?!/)|https?://)\S+")


def _post_attribute(tag: str, name: str, value: str) -> bool:
    if name not in POST_ATTRS.get(tag, ()):
        return False
    if name == "class":
        return all(_POST_CLASS.fullmatch(c) for c in value.split())
    if name == "tabindex":
        return value == "0"  # into the tab order, never ahead of the page's own controls
    if name == "srcset":  # bleach checks the protocol of src, not of each srcset candidate
        return all(_SRCSET_URL.fullmatch(c.strip().split(" ", 1)[0])
                   for c in value.split(",") if c.strip())
    return True

COMMENT_TAGS = [
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "i", "li", "ol", "p",
    "pre", "q", "s", "strike", "strong", "ul",
]
COMMENT_ATTRS = {"a": ["href", "title", "rel"], "abbr": ["title"]}
UGC_REL = "nofollow ugc noopener"


def clean_post_html(html: str) -> Markup:
    """Post-sized allowlist: headings, lists, links, images, code, tables, figures."""
    cleaned = bleach.clean(
        html, tags=POST_TAGS, attributes=_post_attribute, protocols=PROTOCOLS, strip=True
    )
    return Markup(cleaned)  # noqa: S704 (bleach output)


def _ugc_link(attrs, new=False):
    """Every link a commenter makes is nofollow/ugc; an anchor whose href was refused
    (javascript:, data:) loses its tag and keeps its text."""
    if not attrs.get((None, "href")):
        return None
    attrs[(None, "rel")] = UGC_REL
    return attrs


# bleach's TLD list predates the newer domains commenters link to every day.
_NEWER_TLDS = [
    "app", "blog", "cloud", "club", "codes", "design", "dev", "digital", "email", "life",
    "media", "network", "news", "online", "page", "run", "shop", "site", "social", "software",
    "space", "store", "studio", "systems", "tech", "today", "tools", "website", "wiki", "works",
    "world", "xyz", "zone",
]
_COMMENT_URL_RE = build_url_re(tlds=sorted(set(TLDS) | set(_NEWER_TLDS), reverse=True))

def _new_comment_cleaners() -> tuple[bleach.Cleaner, bleach.Cleaner]:
    cleaner = bleach.Cleaner(
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRS,
        protocols=PROTOCOLS,
        strip=False,  # a disallowed tag is shown as the text the commenter typed
        # Linkify inside the cleaner: Linker(skip_tags=...) on cleaned HTML escapes code twice.
        filters=[partial(LinkifyFilter, callbacks=[_ugc_link], skip_tags=["pre", "code"],
                         url_re=_COMMENT_URL_RE)],
    )
    # Re-parsing the paragraphed HTML lets html5lib repair any nesting the splitting produced.
    normaliser = bleach.Cleaner(
        tags=COMMENT_TAGS, attributes=COMMENT_ATTRS, protocols=PROTOCOLS, strip=False
    )
    return cleaner, normaliser


# "This cleaner is not thread-safe--the html parser has internal state" (bleach): granian runs
# several threads per worker, and two comments cleaned at once by one Cleaner broke html5lib
# (IndexError: pop from empty list, a 500). Each thread makes its own pair, once.
_per_thread = threading.local()


def _comment_cleaners() -> tuple[bleach.Cleaner, bleach.Cleaner]:
    cleaners = getattr(_per_thread, "cleaners", None)
    if cleaners is None:
        cleaners = _per_thread.cleaners = _new_comment_cleaners()
    return cleaners


def clean_comment_html(text: str) -> Markup:
    """Comments: a small allowlist, other tags shown as text, bare URLs linked, blank lines
    become paragraphs, and every link carries rel="nofollow ugc noopener"."""
    source = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    cleaner, normaliser = _comment_cleaners()
    return Markup(normaliser.clean(_autop(cleaner.clean(source))))  # noqa: S704 (bleach output)


# Cleaned HTML is balanced and escapes every literal "<", so a tag is exactly this.
_TAG_RE = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
_BLOCK_TAGS = frozenset({"blockquote", "ol", "p", "pre", "ul"})
_VOID_TAGS = frozenset({"br"})


def _tag_name(tag: str) -> str:
    return re.match(r"</?([a-zA-Z0-9]+)", tag).group(1).lower()


def _autop(html: str) -> str:
    """Blank lines become paragraphs and single newlines <br>, as WordPress does; block
    elements the commenter wrote (lists, quotes, code) stay blocks, never inside a <p>."""
    out: list[str] = []
    run: list[str] = []  # inline content between top-level blocks
    block: list[str] = []
    block_name, depth = "", 0
    for piece in _TAG_RE.split(html):
        if not piece:
            continue
        is_tag = piece.startswith("<")
        if block_name:
            block.append(piece)
            if is_tag and _tag_name(piece) == block_name:
                depth += -1 if piece.startswith("</") else 1
            if depth == 0:
                out.append(_finish_block(block_name, "".join(block)))
                block, block_name = [], ""
            continue
        if is_tag and not piece.startswith("</") and _tag_name(piece) in _BLOCK_TAGS \
                and _inline_depth(run) == 0:
            out.extend(_paragraphs("".join(run)))
            run, block, block_name, depth = [], [piece], _tag_name(piece), 1
            continue
        run.append(piece)
    out.extend(_paragraphs("".join(run + block)))
    return "".join(out)


def _finish_block(name: str, html: str) -> str:
    if name != "blockquote":
        return html
    inner = html[len("<blockquote>"):-len("</blockquote>")]
    return "<blockquote>" + _autop(inner) + "</blockquote>"


def _inline_depth(pieces: list[str]) -> int:
    depth = 0
    for piece in pieces:
        if piece.startswith("<") and _tag_name(piece) not in _VOID_TAGS:
            depth += -1 if piece.startswith("</") else 1
    return depth


def _paragraphs(html: str) -> list[str]:
    """Split inline HTML at blank lines that are not inside an element."""
    paragraphs: list[str] = []
    current: list[str] = []
    for piece in _TAG_RE.split(html):
        if not piece.startswith("<") and _inline_depth(current) == 0:
            parts = re.split(r"\n\s*\n", piece)
            for part in parts[:-1]:
                current.append(part)
                paragraphs.append("".join(current))
                current = []
            piece = parts[-1]
        current.append(piece)
    paragraphs.append("".join(current))
    return [
        "<p>" + p.strip().replace("\n", "<br>\n") + "</p>" for p in paragraphs if p.strip()
    ]


def strip_tags(html: str) -> str:
    """Plain text of some HTML (for excerpts, titles and feeds); the caller escapes it again."""
    return html_lib.unescape(bleach.clean(html, tags=[], attributes={}, strip=True))


def plain_text(html: str) -> str:
    """The words of some HTML on one line, for the search index: block tags become spaces, so
    "<p>one</p><p>two</p>" is two words, not "onetwo"."""
    return " ".join(strip_tags(_BLOCK_END.sub(" ", html)).split())


_BLOCK_END = re.compile(r"</?(?:p|div|li|ul|ol|h[1-6]|br|tr|td|th|pre|blockquote|figure|"
                        r"figcaption|table|hr)\b[^>]*>", re.IGNORECASE)
