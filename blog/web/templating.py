"""Template filters, and the context processor that gives every page the site's settings.
(The sidebar's posts come from the articles domain, which owns them.)"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, url_for

from blog.content.web_address import web_href
from blog.site_settings import all_site_settings, site_setting


def site_zone() -> ZoneInfo:
    try:
        return ZoneInfo(site_setting("SITE_TIMEZONE"))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(value: datetime) -> datetime:
    """`value` in the site's timezone; in UTC for the hours at either end of what datetime
    holds (9999-12-31 20:00 UTC is already year 10000 in Kiritimati)."""
    try:
        return value.astimezone(site_zone())
    except OverflowError:
        return value.astimezone(UTC)


def format_date(value: datetime | None) -> str:
    """"May 26, 2025" in the site's timezone."""
    if value is None:
        return ""
    local = local_time(value)
    return f"{local:%B} {local.day}, {local.year}"


def iso_datetime(value: datetime | None) -> str:
    return local_time(value).isoformat(timespec="seconds") if value else ""


def post_url(post, _external: bool = False) -> str:
    return url_for("articles.post", path=post.path, _external=_external)


def pluralize(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def with_article(noun: str) -> str:
    """"an author", "a category": the article English puts before the noun's sound (by its
    first letter, which is right for the site's own words)."""
    return f"{'an' if noun[:1].lower() in 'aeio' else 'a'} {noun}"


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(format_date, "date")
    app.add_template_filter(iso_datetime, "isodate")
    app.add_template_filter(with_article)
    app.add_template_filter(web_href, "web_href")
    app.add_template_global(post_url)
    app.add_template_global(pluralize)

    @app.context_processor
    def site_context():
        return {"site": all_site_settings()}
