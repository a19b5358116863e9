"""Absolute URLs for feeds, sitemaps and metadata: SITE_URL when set, else the request's host
(which the security settings restrict to TRUSTED_HOSTS)."""

import re

from flask import current_app, request, url_for

_ROOT_RELATIVE = re.compile(r"""(\s(?:href|src)=")/(?!/)""")


def site_root() -> str:
    configured = current_app.config.get("SITE_URL") or ""
    return configured.rstrip("/") if configured else request.host_url.rstrip("/")


def absolute(path: str) -> str:
    return site_root() + path


def external_url(endpoint: str, **values) -> str:
    return absolute(url_for(endpoint, **values))


def absolute_links(html: str) -> str:
    """Root-relative links and images made absolute, for feed readers on other hosts."""
    return _ROOT_RELATIVE.sub(lambda m: m.group(1) + site_root() + "/", html)
