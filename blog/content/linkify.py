"""Links in comments: bare URLs become links, and every link's href is a valid URL.

Works on sanitised HTML (tags exactly `<...>`, text escaped) in one pass. As GitHub's
autolinks do, only `http(s)://…` and `www.…` are linked: a bare "README.md" or "node.js" is
not a site. The patterns are possessive, so a long run of letters, dots or dashes is read
once; and a comment gets at most MAX_LINKS new links, the rest stay text.
"""

import html as html_lib
import re
from urllib.parse import quote

from blog.content.web_address import BAD_PERCENT as _BAD_PERCENT
from blog.content.web_address import WebAddressError, normalise_web_address

MAX_LINKS = 50
UGC_REL = "nofollow ugc noopener"
SKIP = frozenset({"a", "pre", "code"})  # no links made inside these

_TAG = re.compile(r"<[^>]*+>")
_TAG_NAME = re.compile(r"</?([a-z0-9]+)")
_HREF = re.compile(r'\shref="([^"]*+)"')
_TITLE = re.compile(r'\stitle="[^"]*+"')
# Not after a letter, "@", ".", "-" or "/": inside a word, an address or a path.
_URL = re.compile(r"""(?<![\w@./-])(?:https?://|www\.)[^\s<>"'`]++""", re.IGNORECASE)
_TRAILING = ".,:;!?*_~'\""


def _link(url: str) -> str | None:
    """The <a> for a URL found in text, or None when it is no valid address."""
    try:
        href = normalise_web_address(url, max_length=2000)
    except WebAddressError:
        return None
    return (f'<a href="{html_lib.escape(href)}" rel="{UGC_REL}">'
            f"{html_lib.escape(url, quote=False)}</a>")


def _trim(url: str) -> str:
    """Drop the punctuation that ends a sentence, and a ")" the URL did not open."""
    opens, closes = url.count("("), url.count(")")
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last == ")" and closes > opens:
            url, closes = url[:-1], closes - 1
        else:
            break
    return url


class _Budget:
    def __init__(self, links: int) -> None:
        self.left = links


def _linkify_text(text: str, budget: _Budget) -> str:
    """Escaped text with the URLs in it linked."""
    if "://" not in text and "www." not in text.lower():
        return text
    raw = html_lib.unescape(text) if "&" in text else text
    out: list[str] = []
    last = 0
    for match in _URL.finditer(raw):
        if budget.left <= 0:
            break
        url = _trim(match.group(0))
        link = _link(url)
        if link is None:
            continue
        budget.left -= 1
        out.append(html_lib.escape(raw[last:match.start()], quote=False))
        out.append(link)
        last = match.start() + len(url)
    if not out:
        return text
    out.append(html_lib.escape(raw[last:], quote=False))
    return "".join(out)


def _link_tag(tag: str) -> str | None:
    """A link the commenter wrote, with a valid href and the ugc rel; None to drop the tag
    (an href that was refused, or none)."""
    found = _HREF.search(tag)
    if found is None:
        return None
    href = html_lib.unescape(found.group(1))
    try:
        if href.lower().startswith("mailto:"):
            href = "mailto:" + _mail_address(href[len("mailto:"):])
        else:
            href = normalise_web_address(href, max_length=2000)
    except WebAddressError:
        return None
    title = _TITLE.search(tag)
    return (f'<a href="{html_lib.escape(href)}"{title.group(0) if title else ""} '
            f'rel="{UGC_REL}">')


def _mail_address(address: str) -> str:
    if not address or any(ch.isspace() for ch in address):
        raise WebAddressError("not an address")
    try:
        return quote(_BAD_PERCENT.sub("%25", address), safe="@.!$&'()*+,;=:%-_~?/")
    except UnicodeEncodeError:  # a lone surrogate
        raise WebAddressError("not an address") from None


def linkify(html: str, max_links: int = MAX_LINKS) -> str:
    """Sanitised HTML with bare URLs linked and every link's href made a valid URL."""
    budget = _Budget(max_links)
    out: list[str] = []
    skip_depth = 0
    dropped_a = False
    last = 0
    for match in _TAG.finditer(html):
        text = html[last:match.start()]
        out.append(_linkify_text(text, budget) if text and not skip_depth else text)
        last = match.end()
        tag = match.group(0)
        name_match = _TAG_NAME.match(tag)
        name = name_match.group(1) if name_match else ""
        closing = tag.startswith("</")
        if name == "a":
            if closing:
                if dropped_a:
                    dropped_a = False
                    skip_depth -= 1
                    continue
            else:
                rewritten = _link_tag(tag)
                if rewritten is None:
                    dropped_a = True
                    skip_depth += 1
                    continue
                tag = rewritten
        if name in SKIP:
            skip_depth += -1 if closing else 1
            skip_depth = max(skip_depth, 0)
        out.append(tag)
    text = html[last:]
    out.append(_linkify_text(text, budget) if text and not skip_depth else text)
    return "".join(out)
