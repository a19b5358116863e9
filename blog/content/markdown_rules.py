"""The rules markdown-it-py's plugins leave to us: headings with a link to themselves, a table
of contents where the writer puts [[toc]], task-list boxes that are text rather than form
controls, footnotes labelled for screen readers, and library images."""

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup
from slugify import slugify

from blog.content.images import caption_html, image_html, upload_path_of

# Ids the page around a post already uses: a heading called "Comments" must not take them.
PAGE_IDS = frozenset({"main", "comments", "comments-heading", "respond", "respond-heading",
                      "explore-heading", "site-search", "search-page-q"})
TOC_MARKERS = frozenset({"[[toc]]", "[toc]"})
TOC_LEVELS = ("h2", "h3")


def heading_slug(title: str) -> str:
    slug = slugify(title, max_length=80, word_boundary=True) or "section"
    if slug in PAGE_IDS or re.fullmatch(r"comment-\d+|fn(ref)?\d+", slug):
        slug += "-section"
    return slug


def _title_of(inline: Token) -> str:
    return "".join(c.content for c in inline.children or () if c.type in ("text", "code_inline"))


def heading_links(state: StateCore) -> None:
    """<div class="heading"><h2 id=…>…</h2><a href="#…">#</a></div>: the link sits beside the
    heading, not in it, so the heading's name stays its text."""
    tokens, out = state.tokens, []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        slug = token.attrGet("id") if token.type == "heading_open" else None
        if not slug:
            out.append(token)
            i += 1
            continue
        title = _title_of(tokens[i + 1])
        out.append(_html('<div class="heading">'))
        out.extend(tokens[i:i + 3])  # heading_open, inline, heading_close
        out.append(_html(Markup('<a class="heading-anchor" href="#{}" aria-label="Link to the '
                                'section “{}”">#</a></div>\n').format(slug, title)))
        i += 3
    state.tokens = out


def table_of_contents(state: StateCore) -> None:
    """A paragraph of just [[toc]] becomes the list of the post's h2 and h3 headings."""
    tokens = state.tokens
    headings = [(tokens[i].tag, tokens[i].attrGet("id"), _title_of(tokens[i + 1]))
                for i, t in enumerate(tokens)
                if t.type == "heading_open" and t.tag in TOC_LEVELS and t.attrGet("id")]
    out = []
    i = 0
    while i < len(tokens):
        if (tokens[i].type == "paragraph_open" and i + 2 < len(tokens)
                and tokens[i + 1].content.strip().lower() in TOC_MARKERS):
            out.append(_html(_toc_html(headings)))
            i += 3
            continue
        out.append(tokens[i])
        i += 1
    state.tokens = out


def _toc_html(headings: list[tuple[str, str, str]]) -> str:
    if not headings:
        return ""
    items = []
    for index, (tag, slug, title) in enumerate(headings):
        link = Markup('<a href="#{}">{}</a>').format(slug, title)
        item = Markup('<li class="toc__sub">{}</li>') if tag == "h3" and index else \
            Markup("<li>{}</li>")
        items.append(item.format(link))
    return str(Markup('<nav class="toc" aria-label="Contents"><p>Contents</p>'
                      "<ol>{}</ol></nav>\n").format(Markup("").join(items)))


def task_boxes(state: StateCore) -> None:
    """The tasklists plugin draws disabled <input>s: form controls without labels, which axe
    flags and the sanitiser refuses. Readers get a drawn box and the words "Done"/"To do"."""
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "html_inline" and "task-list-item-checkbox" in child.content:
                done = "checked" in child.content
                child.content = (f'<span class="task-box{" task-box--done" if done else ""}" '
                                 f'aria-hidden="true"></span><span class="visually-hidden">'
                                 f'{"Done" if done else "To do"}: </span>')


def library_figures(state: StateCore) -> None:
    """An image alone in its paragraph, with a caption (its Markdown title, or the library's),
    becomes a <figure> with a <figcaption>."""
    lookup = state.env.get("images")
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        for child in token.children:
            if child.type == "image":
                src = child.attrGet("src") or ""
                child.meta["library"] = lookup(src) if lookup and upload_path_of(src) else None
        alone = [c for c in token.children if not (c.type == "text" and not c.content.strip())
                 and c.type != "softbreak"]
        if len(alone) != 1 or alone[0].type != "image" or i == 0:
            continue
        image = alone[0]
        library = image.meta.get("library")
        caption = image.attrGet("title") or (library.caption if library else "")
        if caption and tokens[i - 1].type == "paragraph_open":
            tokens[i - 1].tag = tokens[i + 1].tag = "figure"
            image.meta["caption"] = caption


def render_image(renderer, tokens, idx, options, env) -> str:
    token = tokens[idx]
    library = token.meta.get("library")
    alt = renderer.renderInlineAsText(token.children or [], options, env).strip()
    if not alt and library is not None:
        alt = library.alt
    seen = env.get("images_seen", 0)
    env["images_seen"] = seen + 1
    caption = token.meta.get("caption")
    title = None if caption else token.attrGet("title")
    html = image_html(token.attrGet("src") or "", alt, title, library, lazy=seen > 0)
    return str(html + caption_html(caption)) if caption else str(html)


def render_footnote_block_open(renderer, tokens, idx, options, env) -> str:
    return '<section class="footnotes" aria-label="Footnotes">\n<ol class="footnotes-list">\n'


def render_footnote_anchor(renderer, tokens, idx, options, env) -> str:
    number = tokens[idx].meta["id"] + 1
    subid = tokens[idx].meta.get("subId", 0)
    ref = f"fnref{number}" + (f":{subid}" if subid > 0 else "")
    return (f' <a href="#{ref}" class="footnote-backref" aria-label="Back to the text of '
            f'note {number}">↩</a>')


def _html(content: str) -> Token:
    token = Token("html_block", "", 0)
    token.content = str(content)
    return token


def install(md: MarkdownIt) -> MarkdownIt:
    md.core.ruler.push("heading_links", heading_links)
    md.core.ruler.push("table_of_contents", table_of_contents)
    md.core.ruler.push("task_boxes", task_boxes)
    md.core.ruler.push("library_figures", library_figures)
    md.add_render_rule("image", render_image)
    md.add_render_rule("footnote_block_open", render_footnote_block_open)
    md.add_render_rule("footnote_anchor", render_footnote_anchor)
    return md
