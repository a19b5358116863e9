"""Streaming reader for WordPress eXtended RSS (WXR 1.0–1.2) files.

lxml's iterparse reads one <item> at a time and we clear it afterwards, so memory stays
bounded however large the export. Entities are not expanded, no DTD is loaded and nothing is
fetched from the network: a hostile file cannot read local files or explode in memory.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from blog.wxr.entries import Entry, WxrAuthor, WxrComment, WxrItem, WxrTerm

WP_NAMESPACE_PREFIX = "http://wordpress.org/export/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"


class WxrError(Exception):
    """The file is not a readable WXR export; the message says where it broke."""


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _is_wp(tag) -> bool:
    return isinstance(tag, str) and tag.startswith("{" + WP_NAMESPACE_PREFIX)


def _children(element) -> dict[str, str]:
    """Text of each child, keyed by local name ("wp:post_id" → "post_id", "content:encoded"
    → "encoded", "excerpt:encoded" → "excerpt")."""
    values: dict[str, str] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = _local(child.tag)
        if name == "encoded" and "excerpt" in child.tag:
            name = "excerpt"
        values.setdefault(name, child.text or "")
    return values


def parse_wp_date(value: str) -> datetime | None:
    """WordPress writes "2020-01-02 10:00:00" and "0000-00-00 00:00:00" for "never"."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        return default


def _author(element) -> WxrAuthor:
    v = _children(element)
    return WxrAuthor(
        legacy_id=_int(v.get("author_id")) or None,
        login=v.get("author_login", "").strip(),
        email=v.get("author_email", "").strip(),
        display_name=v.get("author_display_name", "").strip(),
        description=v.get("author_description", "").strip(),
    )


def _category(element) -> WxrTerm:
    v = _children(element)
    return WxrTerm("category", _int(v.get("term_id")) or None, v.get("category_nicename", ""),
                   v.get("cat_name", ""), v.get("category_parent", ""),
                   v.get("category_description", ""))


def _tag(element) -> WxrTerm:
    v = _children(element)
    return WxrTerm("post_tag", _int(v.get("term_id")) or None, v.get("tag_slug", ""),
                   v.get("tag_name", ""), "", v.get("tag_description", ""))


def _term(element) -> WxrTerm:
    v = _children(element)
    return WxrTerm(v.get("term_taxonomy", ""), _int(v.get("term_id")) or None,
                   v.get("term_slug", ""), v.get("term_name", ""), v.get("term_parent", ""),
                   v.get("term_description", ""))


def _comment(element) -> WxrComment:
    v = _children(element)
    date = parse_wp_date(v.get("comment_date_gmt", "")) or parse_wp_date(
        v.get("comment_date", ""))
    return WxrComment(
        legacy_id=_int(v.get("comment_id")),
        author=v.get("comment_author", ""),
        author_email=v.get("comment_author_email", "").strip(),
        author_url=v.get("comment_author_url", "").strip(),
        date_gmt=date,
        content=v.get("comment_content", ""),
        approved=v.get("comment_approved", "0").strip(),
        type=v.get("comment_type", "").strip() or "comment",
        parent_id=_int(v.get("comment_parent")),
        user_id=_int(v.get("comment_user_id")),
    )


def _item(element) -> WxrItem:
    v = _children(element)
    item = WxrItem(
        legacy_id=_int(v.get("post_id")),
        post_type=v.get("post_type", "post").strip() or "post",
        title=v.get("title", ""),
        link=v.get("link", "").strip(),
        slug=v.get("post_name", "").strip(),
        status=v.get("status", "").strip(),
        content=v.get("encoded", ""),
        excerpt=v.get("excerpt", ""),
        creator=v.get("creator", "").strip(),
        date_gmt=parse_wp_date(v.get("post_date_gmt", "")) or parse_wp_date(
            v.get("post_date", "")),
        modified_gmt=parse_wp_date(v.get("post_modified_gmt", "")),
        parent_id=_int(v.get("post_parent")),
        menu_order=_int(v.get("menu_order")),
        comment_status=v.get("comment_status", "open").strip(),
        attachment_url=v.get("attachment_url", "").strip(),
        password=v.get("post_password", ""),
        line=element.sourceline or 0,
    )
    for child in element:
        name = _local(child.tag)
        if name == "category" and child.get("domain"):
            item.terms.append((child.get("domain"), child.get("nicename", ""), child.text or ""))
        elif name == "comment" and _is_wp(child.tag):
            item.comments.append(_comment(child))
        elif name == "postmeta" and _is_wp(child.tag):
            meta = _children(child)
            if meta.get("meta_key") == "_thumbnail_id":
                item.thumbnail_id = _int(meta.get("meta_value"))
    return item


_CHANNEL_READERS = {"author": _author, "category": _category, "tag": _tag, "term": _term}


def read_wxr(source: str | Path | BinaryIO) -> Iterator[Entry]:
    """Authors, terms and items in file order. Raises WxrError with the line that broke."""
    parser = etree.iterparse(
        source, events=("end",), resolve_entities=False, no_network=True, load_dtd=False,
        huge_tree=False, remove_comments=True,
    )
    seen_channel = False
    try:
        for _event, element in parser:
            parent = element.getparent()
            name = _local(element.tag)
            if name == "channel":
                seen_channel = True
                continue
            if parent is None or _local(parent.tag) != "channel":
                continue
            if name == "item":
                yield _item(element)
            elif _is_wp(element.tag) and name in _CHANNEL_READERS:
                yield _CHANNEL_READERS[name](element)
            # Drop what we have read, and the references lxml keeps to earlier siblings.
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (error.lineno, 0)
        raise WxrError(f"The file is not well-formed XML at line {line}, column {column}: "
                       f"{error.msg}") from error
    except OSError as error:
        raise WxrError(f"The file cannot be read: {error}") from error
    if not seen_channel:
        raise WxrError("This is not a WordPress export: it has no RSS <channel>.")
