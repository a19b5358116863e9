"""WordPress post content to the HTML our Markdown renderer passes through unchanged.

WordPress stores "classic" posts as text whose blank lines become paragraphs (wpautop), block
posts as HTML wrapped in `<!-- wp:... -->` comments, and both may hold shortcodes. We apply
those rules once at import, so the stored source is plain block-level HTML.
"""

import html
import re
from collections import Counter

from blog.wxr import shortcodes

BLOCK_TAGS = (
    "address|article|aside|blockquote|caption|col|colgroup|dd|details|div|dl|dt|fieldset|"
    "figcaption|figure|footer|form|h[1-6]|header|hgroup|hr|legend|li|math|menu|nav|ol|p|pre|"
    "section|summary|table|tbody|td|tfoot|th|thead|tr|ul"
)
EMBED_SHORTCODES = ("embed", "video", "audio")
_BLOCK_OPEN = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>])", re.IGNORECASE)
_BLOCK_CLOSE = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.IGNORECASE)
_PRE_OPEN = re.compile(r"<pre[\s>]", re.IGNORECASE)
_COMMENT_OPEN = re.compile(r"<!--")
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->\n?", re.DOTALL)
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


def _sub_spans(text: str, opener: re.Pattern, closer: str, replace, follow=None) -> str:
    """`re.sub` of "opener, anything, the first closer after it" (closer in lower case), in
    linear time: the lazy pattern `opener.*?closer` reads to the end of the text once for every
    opener that has no closer after it. With `follow`, a span counts only if that pattern
    matches right after its closer, and then takes it in."""
    lowered = text.lower()
    out: list[str] = []
    at = pos = 0
    while (found := opener.search(text, pos)) is not None:
        end = lowered.find(closer, found.end())
        if end == -1:
            break
        end += len(closer)
        if follow is not None:
            after = follow.match(text, end)
            if after is None:
                pos = found.end()
                continue
            end = after.end()
        out.append(text[at:found.start()])
        out.append(replace(text[found.start():end], found))
        at = pos = end
    out.append(text[at:])
    return "".join(out)


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

    def keep(block: str, _opener: re.Match) -> str:
        saved.append(block)
        return f"\n\n<pre data-autop=\"{len(saved) - 1}\"></pre>\n\n"

    text = _sub_spans(text, _PRE_OPEN, "</pre>", keep)
    # Every block tag gets a chunk boundary: before an opening tag, after a closing one.
    text = _BLOCK_OPEN.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]
    out = "\n".join(_wrap_chunk(chunk) for chunk in chunks)
    return re.sub(r"<pre data-autop=\"(\d+)\"></pre>", lambda m: saved[int(m.group(1))], out)


_LEADING_BLOCK_TAG = re.compile(rf"^(</?(?:{BLOCK_TAGS})(?:\s[^>]*)?/?>)\s*(.*)$",
                                re.IGNORECASE | re.DOTALL)
# Found by a search (each position fails at once unless it holds "<"): as `^(.*?)\s*(</…>)$`,
# every position of a run of spaces read the rest of the run.
_CLOSE_AT_END = re.compile(rf"</(?:{BLOCK_TAGS})>$", re.IGNORECASE)


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
        if not rest or _CLOSE_AT_END.search(rest):
            return _line_breaks(chunk)
        return f"{tag}\n{_wrap_chunk(rest)}"
    trailing = _CLOSE_AT_END.search(chunk)
    if trailing:
        rest, tag = chunk[:trailing.start()].rstrip(), trailing.group(0)
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

    def render(code: shortcodes.Shortcode) -> str:
        attrs = shortcode_attrs(code.attrs)
        lowered = code.name.lower()
        if lowered in ("caption", "wp_caption"):
            return _caption(attrs, code.inner or "")
        if lowered in EMBED_SHORTCODES:
            return _embed(attrs, code.inner or "")
        if unknown is not None:
            unknown[lowered] += 1
        body = f"[{code.name}{code.attrs}{'/' if code.self_closing else ''}]"
        return body if code.inner is None else f"{body}{code.inner}[/{code.name}]"

    return shortcodes.expand(content, render)


_LONE_SHORTCODE = {name: re.compile(rf"<p>\s*+\[{name}\b", re.IGNORECASE)
                   for name in ("caption", "wp_caption", "embed", "video", "audio")}
_PARAGRAPH_END = re.compile(r"\s*+</p>", re.IGNORECASE)


def _unwrap_lone_shortcodes(html_text: str) -> str:
    """autop wraps a shortcode standing alone in <p>; a <figure> must not sit inside one."""

    def unwrap(span: str, _opener: re.Match) -> str:  # "<p> [name]…[/name] </p>"
        inner = span[len("<p>"):]
        return inner[:inner.lower().rfind("</p>")].strip()

    for name, opener in _LONE_SHORTCODE.items():
        if f"[{name}" in html_text.lower():
            html_text = _sub_spans(html_text, opener, f"[/{name}]", unwrap,
                                   follow=_PARAGRAPH_END)
    return html_text


def markdown_safe(html_text: str) -> str:
    """Make HTML survive our Markdown renderer verbatim, so that editing the imported source
    later renders the same page. CommonMark passes an HTML block through untouched only from
    a line opening with a block tag up to the next blank line: so comments go (the sanitiser
    drops them anyway), no line may be blank (inside <pre> a blank line becomes an entity
    newline, which renders the same), and anything not opening with such a tag is wrapped."""

    def fill_pre(block: str, _opener: re.Match) -> str:
        return re.sub(r"\n(?=\n)", "&#10;", block)

    html_text = _sub_spans(html_text, _COMMENT_OPEN, "-->", lambda _block, _opener: "")
    html_text = _sub_spans(html_text.strip(), _PRE_OPEN, "</pre>", fill_pre)
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
