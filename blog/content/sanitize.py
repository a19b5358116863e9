"""The only module that imports bleach: every piece of user-supplied HTML passes here.

Each HTML fragment goes through limit_markup first (content/markup_limits.py): html5lib, which
bleach parses with, slows down with the square of the nesting depth and of the open formatting
elements, so it never sees a deep tree. Comments are linked and paragraphed in linear passes of
our own (content/linkify.py, content/paragraphs.py) rather than by bleach's LinkifyFilter, and
parsed again to close whatever those passes left open.
"""

import html as html_lib
import re
import threading
from typing import NamedTuple

import bleach
from bleach.html5lib_shim import Filter  # html5lib as bleach vendors it
from markupsafe import Markup

from blog.content.linkify import UGC_REL, linkify
from blog.content.markup_limits import Limits, Shape, limit_markup
from blog.content.paragraphs import autop

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
COMMENT_ATTRS = {"a": ["href", "title"], "abbr": ["title"]}

# Posts are long and written by the admin (or imported): only the depth is capped. A comment is
# at most 10,000 characters: its tags, depth and list items are capped too, and the form says
# so (comment_markup_problem) rather than show the surplus as text.
POST_LIMITS = Limits(max_depth=64, drop_past_caps=True)
COMMENT_LIMITS = Limits(max_depth=16, max_formatting=8, max_tags=200, max_items=100,
                        allowed=frozenset(COMMENT_TAGS), scan_budget=600)



class _CommenterLinks(Filter):
    """Every link a commenter writes is nofollow/ugc; an anchor whose href was refused
    (javascript:, data:) loses its tag and keeps its text. html5lib never nests anchors, so
    one flag follows the open one."""

    def __iter__(self):
        dropping = False
        for token in super().__iter__():
            if token.get("name") == "a":
                if token["type"] == "StartTag":
                    dropping = not token["data"].get((None, "href"))
                    if dropping:
                        continue
                    token["data"][(None, "rel")] = UGC_REL
                elif token["type"] == "EndTag" and dropping:
                    dropping = False
                    continue
            yield token


class _Cleaners(NamedTuple):
    post: bleach.Cleaner
    comment: bleach.Cleaner
    text: bleach.Cleaner


def _new_cleaners() -> _Cleaners:
    return _Cleaners(
        post=bleach.Cleaner(tags=POST_TAGS, attributes=_post_attribute, protocols=PROTOCOLS,
                            strip=True),
        # strip=False: a disallowed tag is shown as the text the commenter typed.
        comment=bleach.Cleaner(tags=COMMENT_TAGS, attributes=COMMENT_ATTRS, protocols=PROTOCOLS,
                               strip=False, filters=[_CommenterLinks]),
        text=bleach.Cleaner(tags=[], attributes={}, strip=True),
    )


# "This cleaner is not thread-safe--the html parser has internal state" (bleach): granian runs
# several threads per worker, and two comments cleaned at once by one Cleaner broke html5lib
# (IndexError: pop from empty list, a 500). Each thread makes its own cleaners, once.
_per_thread = threading.local()


def _cleaners() -> _Cleaners:
    cleaners = getattr(_per_thread, "cleaners", None)
    if cleaners is None:
        cleaners = _per_thread.cleaners = _new_cleaners()
    return cleaners


def clean_post_html(html: str) -> Markup:
    """Post-sized allowlist: headings, lists, links, images, code, tables, figures."""
    limited, _ = limit_markup(html, POST_LIMITS)
    return Markup(_cleaners().post.clean(limited))  # noqa: S704 (bleach output)


def clean_comment_html(text: str) -> Markup:
    """Comments: a small allowlist, other tags shown as text, bare URLs linked, blank lines
    become paragraphs, and every link carries rel="nofollow ugc noopener" and a valid href.
    Markup past the caps is shown as text (the form refuses it first: comment_markup_problem)."""
    source = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    limited, _ = limit_markup(source, COMMENT_LIMITS)
    paragraphed, misnested = autop(linkify(_clean_comment(limited)))
    if misnested:  # a block inside an inline element went into a <p>: let the parser repair it
        paragraphed = _clean_comment(paragraphed).replace("<p></p>", "")
    return Markup(paragraphed)  # noqa: S704 (bleach output, then linked and paragraphed)


# html5lib splits the text at every character reference and bleach re-serialises each piece:
# 3,300 "<x>" shown as text ("&lt;x>") cost 6.4 times a plain comment. The two references the
# caps and commenters write most stand in as private-use characters while bleach runs, and are
# put back after: the same text, read as a few long runs.
_STAND_INS = (("&lt;", "\ue000"), ("&amp;", "\ue001"))
_OWN_STAND_INS = re.compile("[\ue000\ue001]")


def _clean_comment(html: str) -> str:
    html = _OWN_STAND_INS.sub("\ufffd", html)  # a commenter's own are not ours to turn back
    for reference, stand_in in _STAND_INS:
        html = html.replace(reference, stand_in)
    cleaned = _cleaners().comment.clean(html)
    for reference, stand_in in _STAND_INS:
        cleaned = cleaned.replace(stand_in, reference)
    return cleaned


def comment_shape(text: str) -> Shape:
    return limit_markup(text, COMMENT_LIMITS)[1]


def comment_markup_problem(text: str) -> str | None:
    """Why a comment's HTML is more than a comment may hold, or None."""
    shape = comment_shape(text)
    problems = []
    if shape.too_many_tags:
        problems.append(f"has more than {COMMENT_LIMITS.max_tags} HTML tags")
    if shape.too_many_items:
        problems.append(f"has more than {COMMENT_LIMITS.max_items} list items")
    if shape.too_deep:
        problems.append("nests HTML tags more deeply than a comment may (quotes inside quotes "
                        "inside quotes…)")
    if not problems:
        return None
    return f"Your comment {' and '.join(problems)}. Simplify it and send it again."


def strip_tags(html: str) -> str:
    """Plain text of some HTML (for excerpts, titles and feeds); the caller escapes it again."""
    limited, _ = limit_markup(html, POST_LIMITS)
    return html_lib.unescape(_cleaners().text.clean(limited))


def plain_text(html: str) -> str:
    """The words of some HTML on one line, for the search index: block tags become spaces, so
    "<p>one</p><p>two</p>" is two words, not "onetwo"."""
    return " ".join(strip_tags(_BLOCK_END.sub(" ", html)).split())


_BLOCK_END = re.compile(r"</?(?:p|div|li|ul|ol|h[1-6]|br|tr|td|th|pre|blockquote|figure|"
                        r"figcaption|table|hr)\b[^<>]*+>", re.IGNORECASE)
