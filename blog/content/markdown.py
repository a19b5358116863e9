"""Markdown (CommonMark, tables, strikethrough, footnotes, task lists, heading anchors, an
optional table of contents, highlighted code, library images) to sanitised HTML. Rendered
when a post is saved, never when it is read."""

from markdown_it import MarkdownIt
from markupsafe import Markup
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from blog.content import markdown_rules
from blog.content.highlight import highlight_code
from blog.content.images import ImageLookup, library_image
from blog.content.sanitize import clean_post_html, strip_tags


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False,
                                   "highlight": highlight_code})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin, inline=False)
    md.use(tasklists_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=markdown_rules.heading_slug)
    return markdown_rules.install(md)


_md = _parser()


def render_markdown(source: str, images: ImageLookup | None = library_image) -> Markup:
    """`images` finds a library image by its /uploads/ address (None: no lookups, as for a
    comment-sized snippet or a migration without the app's session)."""
    html = _md.render(source or "", {"images": images})
    # A code block wider than the column scrolls: keyboard users must be able to reach it.
    return clean_post_html(html.replace("<pre>", '<pre tabindex="0">'))


def plain_excerpt(html: str, words: int = 40) -> str:
    """First `words` words of the text, for excerpts and meta descriptions."""
    text = " ".join(strip_tags(html).split())
    parts = text.split(" ")
    return text if len(parts) <= words else " ".join(parts[:words]) + "…"
