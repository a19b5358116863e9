"""RSS 2.0 and Atom documents built with feedgen. Authors appear by name only: no email
address, of a writer or a commenter, is ever put in a feed."""

import re
from datetime import datetime

from feedgen.feed import FeedGenerator
from flask import current_app

from blog.content.markdown import plain_excerpt
from blog.content.sanitize import strip_tags
from blog.discovery.urls import absolute, absolute_links
from blog.media.featured import image_url
from blog.models import Comment, Post, utcnow
from blog.site_settings import site_setting
from blog.web.templating import post_url

PROTECTED_SUMMARY = "There is no excerpt because this is a protected post."
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """lxml refuses control characters that XML 1.0 cannot carry; imported text may hold them."""
    return _NOT_XML.sub("", text or "")


def newest(*dates: datetime | None) -> datetime:
    present = [d for d in dates if d is not None]
    return max(present) if present else utcnow().replace(microsecond=0)


def entry_id(post: Post, url: str) -> str:
    """The post's RSS guid and Atom id: fixed when it was first published (its path then, or
    the WordPress guid it was imported with), so a changed slug is not a new entry to feed
    readers. `url` (where it is now) only for a post that never had one."""
    if not post.guid:
        return url
    return absolute(post.guid) if post.guid.startswith("/") else post.guid


def _feed(title: str, home: str, self_url: str, description: str,
          updated: datetime) -> FeedGenerator:
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)
    feed.id(home)
    feed.title(xml_safe(title))
    feed.link(href=self_url, rel="self")
    feed.link(href=home, rel="alternate")  # RSS's <link> is the last one given
    feed.description(xml_safe(description) or xml_safe(title))
    feed.language("en")
    feed.generator(site_setting("SITE_TITLE"))
    # Fixed to the content's own date, so an unchanged feed keeps its ETag.
    feed.lastBuildDate(updated)
    feed.updated(updated)
    return feed


def posts_feed(posts: list[Post], title: str, home: str, self_url: str, atom: bool) -> bytes:
    updated = newest(*(p.updated_at for p in posts), *(p.published_at for p in posts))
    feed = _feed(title, home, self_url, site_setting("SITE_DESCRIPTION"), updated)
    feed.load_extension("media", atom=True, rss=True)
    full = bool(current_app.config["FEED_FULL_CONTENT"])
    for post in posts:
        url = absolute(post_url(post))
        entry = feed.add_entry(order="append")
        feed_id = entry_id(post, url)
        entry.id(feed_id)
        entry.guid(feed_id, permalink=feed_id == url)
        entry.title(xml_safe(post.title))
        entry.link(href=url)
        entry.published(post.published_at)
        entry.updated(max(post.updated_at, post.published_at))
        if post.is_protected:
            # As WordPress's feeds: the title and link, never what the password guards.
            entry.description(PROTECTED_SUMMARY)
        else:
            _entry_text(entry, post, full, atom)
        _featured_image(entry, post, atom)
        if post.author:
            entry.author(name=xml_safe(post.author.name))
            entry.dc.dc_creator(xml_safe(post.author.name))
        for category in post.categories:
            entry.category(term=xml_safe(category.name))
    return _finish(feed, atom)


def _entry_text(entry, post: Post, full: bool, atom: bool) -> None:
    summary = xml_safe(post.excerpt or plain_excerpt(str(post.body_html), 55))
    entry.description(summary)
    if full:
        entry.content(xml_safe(absolute_links(str(post.body_html))),
                      type="html" if atom else "CDATA")


def _featured_image(entry, post: Post, atom: bool) -> None:
    """The featured image as Media RSS content (RSS and Atom) and, in RSS, the item's
    enclosure. (feedgen drops the rel of Atom links, so Atom gets no rel="enclosure".)"""
    upload = post.featured_image
    if upload is None:
        return
    url = image_url(upload)
    if not url.startswith(("http://", "https://")):
        url = absolute(url)
    mime = upload.mime_type or "image/jpeg"
    entry.media.content(url=url, type=mime, medium="image")
    if not atom:
        entry.enclosure(url, str(upload.size or 0), mime)


def comments_feed(post: Post | None, comments: list[Comment], self_url: str,
                  site_home: str = "") -> bytes:
    """One post's comments, or (post None) the newest comments of the whole site."""
    home = absolute(post_url(post)) if post else site_home
    updated = newest(*(c.created_at for c in comments), post.published_at if post else None)
    title = f"Comments on: {post.title}" if post else f"Comments for {site_setting('SITE_TITLE')}"
    feed = _feed(title, home, self_url, title, updated)
    for comment in comments:
        url = f"{absolute(post_url(comment.post))}#comment-{comment.id}"
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.guid(url, permalink=True)
        by = f"By: {comment.author_name}" if post else \
            f"Comment on {comment.post.title} by {comment.author_name}"
        entry.title(xml_safe(by))
        entry.link(href=url)
        entry.published(comment.created_at)
        entry.description(xml_safe(strip_tags(str(comment.body_html)).strip()))
        entry.content(xml_safe(absolute_links(str(comment.body_html))), type="CDATA")
        entry.dc.dc_creator(xml_safe(comment.author_name))
    return _finish(feed, atom=False)


def _finish(feed: FeedGenerator, atom: bool) -> bytes:
    return feed.atom_str(pretty=False) if atom else feed.rss_str(pretty=False)
