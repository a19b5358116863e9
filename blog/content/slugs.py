"""Slug rules: made with python-slugify, never a word the site's own URLs use."""

from slugify import slugify

RESERVED_SLUGS = frozenset(
    {
        "admin", "category", "tag", "author", "feed", "page", "search", "static", "uploads",
        "sitemap.xml", "robots.txt", "healthz", "comment-page", "wp-admin", "wp-login.php",
        "preview",
        "subscribe", "unsubscribe",
    }
)


def make_slug(text: str, max_length: int = 200) -> str:
    return slugify(text or "", max_length=max_length, word_boundary=True) or "untitled"


def is_reserved(slug: str) -> bool:
    slug = slug.lower()
    return slug in RESERVED_SLUGS or slug.startswith("comment-page-")


def unique_slug(base: str, taken) -> str:
    """`base`, or `base-2`, `base-3`… : the first that is neither reserved nor `taken(slug)`."""
    candidate, n = base, 1
    while is_reserved(candidate) or taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate
