"""Markdown (CommonMark + tables) to sanitised HTML."""

from markdown_it import MarkdownIt
from markupsafe import Markup

from blog.content.sanitize import clean_post_html, strip_tags

_md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable(
    "table"
)


def render_markdown(source: str) -> Markup:
    return clean_post_html(_md.render(source or ""))


def plain_excerpt(html: str, words: int = 40) -> str:
    """First `words` words of the text, for excerpts and meta descriptions."""
    text = " ".join(strip_tags(html).split())
    parts = text.split(" ")
    return text if len(parts) <= words else " ".join(parts[:words]) + "…"
