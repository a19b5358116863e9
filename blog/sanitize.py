"""The only module that imports bleach: every piece of user-supplied HTML passes here."""

import html as html_lib

import bleach
from bleach.linkifier import Linker
from markupsafe import Markup

PROTOCOLS = ["http", "https", "mailto"]

POST_TAGS = [
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
]
POST_ATTRS = {
    "a": ["href", "title", "rel"],
    "abbr": ["title"],
    "img": ["src", "alt", "title", "width", "height", "loading"],
    "td": ["colspan", "rowspan", "align"],
    "th": ["colspan", "rowspan", "align", "scope"],
    "ol": ["start", "reversed"],
    "code": ["class"],
    "pre": ["class"],
    "h2": ["id"], "h3": ["id"], "h4": ["id"], "h5": ["id"], "h6": ["id"],
}

COMMENT_TAGS = [
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "i", "li", "ol", "p",
    "pre", "q", "s", "strike", "strong", "ul",
]
COMMENT_ATTRS = {"a": ["href", "title", "rel"], "abbr": ["title"]}
UGC_REL = "nofollow ugc noopener"


def clean_post_html(html: str) -> Markup:
    """Post-sized allowlist: headings, lists, links, images, code, tables, figures."""
    cleaned = bleach.clean(
        html, tags=POST_TAGS, attributes=POST_ATTRS, protocols=PROTOCOLS, strip=True
    )
    return Markup(cleaned)  # noqa: S704 (bleach output)


def _set_ugc_rel(attrs, new=False):
    attrs[(None, "rel")] = UGC_REL
    return attrs


_comment_linker = Linker(callbacks=[_set_ugc_rel], skip_tags=["pre", "code"])


def clean_comment_html(text: str) -> Markup:
    """Comments: a small allowlist, other tags shown as text, bare URLs linked, blank lines
    become paragraphs, and every link carries rel="nofollow ugc noopener"."""
    cleaned = bleach.clean(
        text.strip().replace("\r\n", "\n"),
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRS,
        protocols=PROTOCOLS,
        strip=False,
    )
    paragraphs = [p.strip() for p in cleaned.split("\n\n") if p.strip()]
    html = "".join(_paragraph(p) for p in paragraphs)
    return Markup(_comment_linker.linkify(html))  # noqa: S704 (bleach output)


def _paragraph(block: str) -> str:
    if block.startswith(("<p>", "<blockquote", "<ul", "<ol", "<pre")):
        return block
    return "<p>" + block.replace("\n", "<br>\n") + "</p>"


def strip_tags(html: str) -> str:
    """Plain text of some HTML (for excerpts, titles and feeds); the caller escapes it again."""
    return html_lib.unescape(bleach.clean(html, tags=[], attributes={}, strip=True))
