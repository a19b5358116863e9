"""Helpers for templates/partials/_head_meta.html: canonical and paginated URLs, the
description and image of a post, and its JSON-LD."""

import re
from typing import Any

from flask import request, url_for

from blog.content.markdown import plain_excerpt
from blog.discovery import bp
from blog.discovery.urls import absolute, external_url, site_root
from blog.media.featured import featured_image_url
from blog.models import Post
from blog.site_settings import site_setting
from blog.web.templating import iso_datetime, post_url

DESCRIPTION_WORDS = 30
PROTECTED_DESCRIPTION = "There is no excerpt because this is a protected post."
_FIRST_IMAGE = re.compile(r"""<img\s[^>]*?src="([^"]+)\"""")


@bp.app_template_global()
def absolute_url(endpoint: str, **values) -> str:
    return external_url(endpoint, **values)


@bp.app_template_global()
def canonical_url() -> str:
    return absolute(request.path)


@bp.app_template_global()
def absolute_post_url(post: Post) -> str:
    return absolute(post_url(post))


@bp.app_template_global()
def page_link(number: int) -> str:
    """Page `number` of the list being shown (same endpoint, same query)."""
    values = dict(request.view_args or {})
    values.pop("page", None)
    if number > 1:
        values["page"] = number
    if request.endpoint == "discovery.search":
        values["q"] = request.args.get("q", "")
    return absolute(url_for(request.endpoint, **values))


@bp.app_template_global()
def post_description(post: Post) -> str:
    if post.is_protected:
        return PROTECTED_DESCRIPTION
    return post.excerpt or plain_excerpt(str(post.body_html), DESCRIPTION_WORDS)


@bp.app_template_global()
def post_image(post: Post) -> str | None:
    """The featured image, else the body's first image (never a protected body's)."""
    featured = featured_image_url(post)
    if featured:
        return featured if featured.startswith(("http://", "https://")) else absolute(featured)
    if post.is_protected:
        return None
    found = _FIRST_IMAGE.search(str(post.body_html))
    if not found:
        return None
    src = found.group(1).replace("&amp;", "&")
    if src.startswith(("http://", "https://")):
        return src
    return absolute(src) if src.startswith("/") and not src.startswith("//") else None


def _publisher() -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": site_setting("SITE_TITLE"),
        "url": site_root() + "/",
        "logo": {"@type": "ImageObject",
                 "url": absolute(url_for("static", filename="img/favicon.svg"))},
    }


def _modified(post: Post):
    """The later of its edit and publish dates (a post scheduled after its last edit was
    modified, for readers, when it appeared)."""
    dates = [d for d in (post.updated_at, post.published_at) if d is not None]
    return max(dates) if dates else None


@bp.app_template_global()
def post_json_ld(post: Post) -> dict[str, Any]:
    url = absolute_post_url(post)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article" if post.is_page else "BlogPosting",
        "headline": post.title[:110],
        "description": post_description(post),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": iso_datetime(post.published_at),
        "dateModified": iso_datetime(_modified(post)),
        "publisher": _publisher(),
    }
    if post.author:
        data["author"] = {"@type": "Person", "name": post.author.name,
                          "url": absolute(url_for("articles.author", slug=post.author.slug))}
    image = post_image(post)
    if image:
        data["image"] = image
    if post.category:
        data["articleSection"] = post.category.name
    if post.tags:
        data["keywords"] = ", ".join(tag.name for tag in post.tags)
    return data


@bp.app_template_global()
def site_json_ld() -> dict[str, Any]:
    """The front page: the site, and how to search it (search engines show a search box)."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site_setting("SITE_TITLE"),
        "description": site_setting("SITE_DESCRIPTION"),
        "url": site_root() + "/",
        "publisher": _publisher(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute(url_for("discovery.search")) + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }
