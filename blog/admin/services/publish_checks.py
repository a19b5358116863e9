"""What the editor asks before a post goes out: a schedule in the past is refused, and images
without alt text are named so the writer adds it (or says they are decorative)."""

import html
import re
from datetime import datetime

from blog.models import Post, utcnow

_IMG = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'\salt="([^"]*)"')
_SRC = re.compile(r'\ssrc="([^"]*)"')


def images_without_alt(body_html: str) -> list[str]:
    """The addresses of the images in rendered (sanitised) HTML that have no alt text."""
    missing = []
    for tag in _IMG.findall(body_html or ""):
        alt = _ALT.search(tag)
        if alt is None or not alt.group(1).strip():
            src = _SRC.search(tag)
            missing.append(html.unescape(src.group(1)) if src else "")
    return missing


def schedule_in_the_past(status: str, published_at: datetime | None,
                         saved: Post | None) -> bool:
    """A new schedule whose time has gone: publishing it would date it in the past without
    the writer asking. Re-saving a scheduled post that has since gone live is no such case."""
    if status != "scheduled" or published_at is None or published_at > utcnow():
        return False
    unchanged = saved is not None and saved.published_at is not None and \
        saved.published_at.replace(second=0, microsecond=0) == published_at
    return not (unchanged and saved.is_live(utcnow()))
