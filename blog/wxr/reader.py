"""Streaming reader for WordPress eXtended RSS (WXR 1.0–1.2) files.

lxml's iterparse reads one <item> at a time and we clear it afterwards, so memory stays
bounded however large the export. Entities are not expanded, no DTD is loaded and nothing is
fetched from the network: a hostile file cannot read local files or explode in memory.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from blog.wxr.entries import Entry, WxrAuthor, WxrComment, WxrItem, WxrSite, WxrTerm

# What WordPress's importer assumes when a document binds no `wp` or `excerpt` prefix.
DEFAULT_NAMESPACES = {
    "wp": "http://wordpress.org/export/1.1/",
    "excerpt": "http://wordpress.org/export/1.1/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_VERSION = re.compile(r"\d+\.\d+")
# libxml2's complaints about a namespace name that is not a URI (non-ASCII, relative): the
# document is still read whole; WordPress's importer does not mind them either.
_NAMESPACE_NAME_COMPLAINTS = {"WAR_NS_URI", "WAR_NS_URI_RELATIVE"}


class WxrError(Exception):
    """The file is not a readable WXR export; the message says where it broke."""


@dataclass(frozen=True)
class Namespaces:
    """The URIs this document binds to WordPress's prefixes (`wp` is
    http://wordpress.org/export/1.2/ or https://…, 1.0, 1.1 or later): elements are read by
    their local name under these, as WordPress's importer reads them."""

    wp: str
    excerpt: str
    content: str
    dc: str

    @classmethod
    def bound(cls, bindings: dict[str, str]) -> "Namespaces":
        return cls(**{prefix: bindings.get(prefix) or default
                      for prefix, default in DEFAULT_NAMESPACES.items()})

    def key(self, tag) -> str | None:
        """The name a child is read by: "post_id" (wp:post_id), "encoded" (content:encoded),
        "excerpt" (excerpt:encoded), "creator" (dc:creator), "title" (no namespace); None for
        any other namespace's elements."""
        if not isinstance(tag, str):
            return None
        if tag[0] != "{":
            return tag
        uri, local = tag[1:].split("}", 1)
        if uri == self.wp or uri == self.content or uri == self.dc:
            return local
        if uri == self.excerpt:
            return "excerpt" if local == "encoded" else None
        return None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, ns: Namespaces) -> dict[str, str]:
    """Text of each child read by WordPress's names (see Namespaces.key)."""
    values: dict[str, str] = {}
    for child in element:
        name = ns.key(child.tag)
        if name is not None:
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


def _author(element, ns: Namespaces) -> WxrAuthor:
    v = _children(element, ns)
    return WxrAuthor(
        legacy_id=_int(v.get("author_id")) or None,
        login=v.get("author_login", "").strip(),
        email=v.get("author_email", "").strip(),
        display_name=v.get("author_display_name", "").strip(),
        description=v.get("author_description", "").strip(),
    )


def _category(element, ns: Namespaces) -> WxrTerm:
    v = _children(element, ns)
    return WxrTerm("category", _int(v.get("term_id")) or None, v.get("category_nicename", ""),
                   v.get("cat_name", ""), v.get("category_parent", ""),
                   v.get("category_description", ""))


def _tag(element, ns: Namespaces) -> WxrTerm:
    v = _children(element, ns)
    return WxrTerm("post_tag", _int(v.get("term_id")) or None, v.get("tag_slug", ""),
                   v.get("tag_name", ""), "", v.get("tag_description", ""))


def _term(element, ns: Namespaces) -> WxrTerm:
    v = _children(element, ns)
    return WxrTerm(v.get("term_taxonomy", ""), _int(v.get("term_id")) or None,
                   v.get("term_slug", ""), v.get("term_name", ""), v.get("term_parent", ""),
                   v.get("term_description", ""))


def _comment(element, ns: Namespaces) -> WxrComment:
    v = _children(element, ns)
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


def _item(element, ns: Namespaces) -> WxrItem:
    v = _children(element, ns)
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
        guid=v.get("guid", "").strip(),
        line=element.sourceline or 0,
    )
    wp = "{" + ns.wp + "}"
    for child in element:
        tag = child.tag
        if tag == "category":
            domain = child.get("domain")
            if domain:  # WXR 1.0 names tags "tag"; later versions "post_tag"
                item.terms.append(("post_tag" if domain == "tag" else domain,
                                   child.get("nicename", ""), child.text or ""))
        elif tag == wp + "comment":
            item.comments.append(_comment(child, ns))
        elif tag == wp + "postmeta":
            meta = _children(child, ns)
            key = meta.get("meta_key")
            if key == "_thumbnail_id":
                item.thumbnail_id = _int(meta.get("meta_value"))
            elif key == "_wp_attached_file":
                item.attached_file = (meta.get("meta_value") or "").strip()
            elif key:
                item.other_meta.append(key)
    return item


_CHANNEL_READERS = {"author": _author, "category": _category, "tag": _tag, "term": _term}
_SITE_FIELDS = ("wxr_version", "base_site_url", "base_blog_url")


def _site(fields: dict[str, str]) -> WxrSite:
    """The channel's version and base URLs; a missing or invalid version is refused, as
    WordPress's importer refuses it."""
    version = fields.get("wxr_version", "").strip()
    if not _VERSION.fullmatch(version):
        found = f"“{version[:40]}”" if version else "none"
        raise WxrError("This does not appear to be a WordPress export: its <wp:wxr_version> "
                       f"is missing or invalid (found {found}; WordPress writes e.g. 1.2).")
    site_url = fields.get("base_site_url", "").strip()
    return WxrSite(version, site_url, fields.get("base_blog_url", "").strip() or site_url)


def only_namespace_name_complaints(error: etree.XMLSyntaxError) -> bool:
    entries = [e for e in error.error_log if e.level >= etree.ErrorLevels.ERROR]
    return bool(entries) and all(e.domain_name == "NAMESPACE" and
                                 e.type_name in _NAMESPACE_NAME_COMPLAINTS for e in entries)


def _syntax_error(error: etree.XMLSyntaxError) -> WxrError:
    line, column = error.position if error.position else (error.lineno, 0)
    message = error.msg
    complaints = {getattr(etree.ErrorTypes, name) for name in _NAMESPACE_NAME_COMPLAINTS}
    if error.code in complaints:  # a namespace complaint came first: name the real error
        real = [e for e in error.error_log if e.level >= etree.ErrorLevels.ERROR
                and e.type_name not in _NAMESPACE_NAME_COMPLAINTS]
        if real:
            line, column, message = real[0].line, real[0].column, real[0].message.strip()
    return WxrError(f"The file is not well-formed XML at line {line}, column {column}: "
                    f"{message}")


def read_wxr(source: str | Path | BinaryIO) -> Iterator[Entry]:
    """The channel (a WxrSite), then authors, terms and items in file order. Raises WxrError
    with the line that broke."""
    etree.clear_error_log()  # libxml2's log is per thread: an earlier file's errors are not ours
    parser = etree.iterparse(
        source, events=("start-ns", "end"), resolve_entities=False, no_network=True,
        load_dtd=False, huge_tree=False, remove_comments=True,
    )
    bindings: dict[str, str] = {}
    ns: Namespaces | None = None
    site_fields: dict[str, str] = {}
    site_sent = seen_channel = finished = False
    try:
        for event, element in parser:
            if event == "start-ns":
                if ns is None:  # the root's bindings (and its first children's) name the roles
                    prefix, uri = element
                    bindings.setdefault(prefix or "", uri)
                continue
            if ns is None:
                ns = Namespaces.bound(bindings)
            parent = element.getparent()
            if parent is None:
                finished = True
                continue
            name = _local(element.tag)
            if name == "channel":
                seen_channel = True
                continue
            if _local(parent.tag) != "channel":
                continue
            tag = element.tag
            is_wp = isinstance(tag, str) and tag.startswith("{" + ns.wp + "}")
            if is_wp and name in _SITE_FIELDS:
                site_fields.setdefault(name, element.text or "")
            elif name == "item" and tag == "item" or is_wp and name in _CHANNEL_READERS:
                if not site_sent:
                    yield _site(site_fields)
                    site_sent = True
                yield _item(element, ns) if name == "item" else _CHANNEL_READERS[name](element, ns)
            # Drop what we have read, and the references lxml keeps to earlier siblings.
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        if not (finished and only_namespace_name_complaints(error)):
            raise _syntax_error(error) from error
    except OSError as error:
        raise WxrError(f"The file cannot be read: {error}") from error
    if not seen_channel:
        raise WxrError("This is not a WordPress export: it has no RSS <channel>.")
    if not site_sent:
        yield _site(site_fields)
