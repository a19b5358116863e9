"""What a WXR file holds, one dataclass per kind of entry."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class WxrSite:
    """The channel's own fields, read before its first author, term or item."""

    version: str
    base_site_url: str
    base_blog_url: str


@dataclass
class WxrAuthor:
    legacy_id: int | None
    login: str
    email: str
    display_name: str
    description: str = ""


@dataclass
class WxrTerm:
    """A category or a tag (`taxonomy` is "category" or "post_tag")."""

    taxonomy: str
    legacy_id: int | None
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""


@dataclass
class WxrComment:
    legacy_id: int
    author: str
    author_email: str
    author_url: str
    date_gmt: datetime | None
    content: str
    approved: str
    type: str
    parent_id: int
    user_id: int


@dataclass
class WxrItem:
    legacy_id: int
    post_type: str
    title: str
    link: str
    slug: str
    status: str
    content: str
    excerpt: str
    creator: str
    date_gmt: datetime | None
    modified_gmt: datetime | None
    parent_id: int
    menu_order: int
    comment_status: str
    attachment_url: str
    password: str = ""
    guid: str = ""
    attached_file: str = ""  # an attachment's `_wp_attached_file`: its path under uploads/
    other_meta: list[str] = field(default_factory=list)  # post meta keys not read here
    thumbnail_id: int = 0  # the featured image: an attachment's WordPress id
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # (taxonomy, slug, name)
    comments: list[WxrComment] = field(default_factory=list)
    line: int = 0


Entry = WxrSite | WxrAuthor | WxrTerm | WxrItem
