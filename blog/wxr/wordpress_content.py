"""WordPress post content to the HTML our Markdown renderer passes through unchanged.

WordPress stores "classic" posts as text whose blank lines become paragraphs (wpautop), block
posts as HTML wrapped in `<!-- wp:... -->` comments, and both may hold shortcodes. We apply
those rules once at import, so the stored source is plain block-level HTML.
"""

import html
import re
from collections import Counter

BLOCK_TAGS = (
    "address|article|aside|blockquote|caption|col|colgroup|dd|details|div|dl|dt|fieldset|"
    "figcaption|figure|footer|form|h[1-6]|header|hgroup|hr|legend|li|math|menu|nav|ol|p|pre|"
    "section|summary|table|tbody|td|tfoot|th|thead|tr|ul"
)
EMBED_SHORTCODES = ("embed", "video", "audio")
_BLOCK_OPEN = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>])", re.IGNORECASE)
_BLOCK_CLOSE = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.IGNORECASE)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.IGNORECASE | re.DOTALL)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->\n?", re.DOTALL)
_SHORTCODE = re.compile(
    r"\[(\[?)([A-Za-z][\w-]*)((?:\s[^\]]*?)?)(/?)\]"  # [[escaped, name, attributes, self-close
    r"(?:(.*?)\[/\2\])?(\]?)",
    re.DOTALL,
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
# Tags that open a CommonMark HTML block lasting until a blank line (its "type 6").
_MARKDOWN_HTML_BLOCK = re.compile(
    r"</?(?:address|article|aside|blockquote|details|div|dl|fieldset|figure|footer|form|"
    r"h[1-6]|header|hr|nav|ol|p|section|table|ul)(?:[\s>]|/>)",
    re.IGNORECASE,
)
_IMG_OR_LINKED_IMG = re.compile(
    r"^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)\s*(.*)$", re.DOTALL | re.IGNORECASE
)


def is_block_markup(content: str) -> bool:
    return "<!-- wp:" in content


def strip_block_comments(content: str) -> str:
    """Block editor delimiters carry no visible content: keep the HTML between them."""
    return _BLOCK_COMMENT.sub("", content)


def autop(text: str) -> str:
    """WordPress's paragraph rules: blank lines separate paragraphs, single newlines are line
    breaks, block-level elements are not wrapped, and <pre> keeps its text exactly."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ""
    saved: list[str] = []

    def keep(match: re.Match) -> str:
        saved.append(match.group(0))
        return f"\n\n<pre data-autop=\"{len(saved) - 1}\"></pre>\n\n"

    text = _PRE.sub(keep, text)
    # Every block tag gets a chunk boundary: before an opening tag, after a closing one.
    text = _BLOCK_OPEN.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]
    out = "\n".join(_wrap_chunk(chunk) for chunk in chunks)
    return re.sub(r"<pre data-autop=\"(\d+)\"></pre>", lambda m: saved[int(m.group(1))], out)


_LEADING_BLOCK_TAG = re.compile(rf"^(</?(?:{BLOCK_TAGS})(?:\s[^>]*)?/?>)\s*(.*)$",
                                re.IGNORECASE | re.DOTALL)
_TRAILING_CLOSE_TAG = re.compile(rf"^(.*?)\s*(</(?:{BLOCK_TAGS})>)$", re.IGNORECASE | re.DOTALL)


def _line_breaks(text: str) -> str:
    return re.sub(r"(?<![>\n])\n(?![<\n])", "<br>\n", text)


def _wrap_chunk(chunk: str) -> str:
    """One blank-line-separated chunk: text becomes a paragraph, a complete block element
    stays as it is, and text after an opening or before a closing block tag is wrapped."""
    if not chunk:
        return ""
    leading = _LEADING_BLOCK_TAG.match(chunk)
    if leading:
        tag, rest = leading.groups()
        if not rest or _TRAILING_CLOSE_TAG.match(rest):
            return _line_breaks(chunk)
        return f"{tag}\n{_wrap_chunk(rest)}"
    trailing = _TRAILING_CLOSE_TAG.match(chunk)
    if trailing:
        rest, tag = trailing.groups()
        return f"{_wrap_chunk(rest)}\n{tag}" if rest else tag
    return f"<p>{_line_breaks(chunk)}</p>"


def shortcode_attrs(raw: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTR.finditer(raw):
        attrs[match.group(1).lower()] = next(g for g in match.groups()[1:] if g is not None)
    return attrs


def _caption(attrs: dict[str, str], content: str) -> str:
    """[caption]<img> Text[/caption] (or caption="Text") becomes a <figure>."""
    found = _IMG_OR_LINKED_IMG.match(content)
    media, text = (found.group(1), found.group(2)) if found else (content, "")
    text = text.strip() or html.escape(attrs.get("caption", ""), quote=False)
    caption = f"<figcaption>{text}</figcaption>" if text else ""
    return f"<figure>{media.strip()}{caption}</figure>"


def _embed(attrs: dict[str, str], content: str) -> str:
    url = (content or attrs.get("src", "")).strip()
    if not url.startswith(("http://", "https://")):
        return ""
    safe = html.escape(url)
    return f"<a href=\"{safe}\">{safe}</a>"


def expand_shortcodes(content: str, unknown: Counter | None = None) -> str:
    """Shortcodes we know become HTML. Unknown ones stay as the text they are, as WordPress
    shows them when no plugin handles them (counted in `unknown` for the import summary);
    `[[name]]` is WordPress's escape for the literal text `[name]`."""

    def replace(match: re.Match) -> str:
        escaped_open, name, raw_attrs, self_close, inner, escaped_close = match.groups()
        if escaped_open and escaped_close:
            return match.group(0)[1:-1]
        expanded = expand_shortcodes(inner, unknown) if inner else ""
        attrs = shortcode_attrs(raw_attrs or "")
        lowered = name.lower()
        if lowered in ("caption", "wp_caption"):
            body = _caption(attrs, expanded)
        elif lowered in EMBED_SHORTCODES:
            body = _embed(attrs, expanded)
        else:
            if unknown is not None:
                unknown[lowered] += 1
            body = f"[{name}{raw_attrs or ''}{self_close}]"
            if inner is not None:
                body += f"{expanded}[/{name}]"
        return (escaped_open or "") + body + (escaped_close or "")

    return _SHORTCODE.sub(replace, content)


def _unwrap_lone_shortcodes(html_text: str) -> str:
    """autop wraps a shortcode standing alone in <p>; a <figure> must not sit inside one."""
    return re.sub(r"<p>\s*(\[(caption|wp_caption|embed|video|audio)\b.*?\[/\2\])\s*</p>",
                  r"\1", html_text, flags=re.DOTALL | re.IGNORECASE)


def markdown_safe(html_text: str) -> str:
    """Make HTML survive our Markdown renderer verbatim, so that editing the imported source
    later renders the same page. CommonMark passes an HTML block through untouched only from
    a line opening with a block tag up to the next blank line: so comments go (the sanitiser
    drops them anyway), no line may be blank (inside <pre> a blank line becomes an entity
    newline, which renders the same), and anything not opening with such a tag is wrapped."""

    def fill_pre(match: re.Match) -> str:
        return re.sub(r"\n(?=\n)", "&#10;", match.group(0))

    html_text = re.sub(r"<!--.*?-->", "", html_text, flags=re.DOTALL)
    html_text = _PRE.sub(fill_pre, html_text.strip())
    html_text = re.sub(r"\n[ \t]*(?=\n)", "", html_text).strip()
    if html_text and not _MARKDOWN_HTML_BLOCK.match(html_text):
        html_text = f"<div>\n{html_text}\n</div>"
    return html_text


def wordpress_to_html(content: str, unknown: Counter | None = None) -> str:
    """The whole WordPress pipeline for one post body."""
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    if is_block_markup(content):
        content = strip_block_comments(content)
    else:
        content = _unwrap_lone_shortcodes(autop(content))
    return markdown_safe(expand_shortcodes(content, unknown))
