"""Which WordPress site an item came from, and whether it is already here.

WordPress ids are small integers that every site reuses, so an imported item is known by its
site and its id; and, as WordPress's own importer does, an item with the same type, title and
date as one already here is that item (a post imported before sites were recorded, or written
here by hand and exported back).
"""

from datetime import datetime
from urllib.parse import unquote, urlsplit

from blog.content.sanitize import strip_tags
from blog.models import Post
from blog.wxr.entries import WxrSite


def site_source(site: WxrSite) -> str:
    """"old.example.com/blog" from the channel's base blog URL (its site URL when it has
    none): no scheme (a site moved from http to https is the same site), no trailing slash."""
    parts = urlsplit((site.base_blog_url or site.base_site_url).strip())
    host = (parts.netloc or "").lower()
    path = unquote(parts.path).strip("/")
    return (f"{host}/{path}" if path else host)[:300]


def blog_prefix(site: WxrSite) -> str:
    """The sub-folder the blog lived in ("blog" for https://example.com/blog/), or ""."""
    return unquote(urlsplit((site.base_blog_url or site.base_site_url).strip()).path).strip("/")


def clean_title(raw: str) -> str:
    title = " ".join(strip_tags(raw).split())
    length = Post.title.type.length
    return title[:length] or "Untitled"


def title_date_key(kind: str, title: str, when: datetime | None) -> tuple | None:
    """The key WordPress's post_exists() compares: type, title and date (to the second)."""
    if when is None:
        return None
    return (kind, title, when.replace(microsecond=0).isoformat())
