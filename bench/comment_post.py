"""The comment POST bench: a real form (session cookie, CSRF token, signed timestamp) posted by wrk
with a different body each time, then every accepted comment looked for in the database."""

import http.cookiejar
import sqlite3
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from bench.datagen import BenchSite
from bench.loadgen import LUA_DIR, run_wrk

MIN_FORM_AGE_S = 3.5  # the form refuses posts sooner than this after it was served (anti-spam)


class _CommentForm(HTMLParser):
    """The fields of the first form that posts to a `/comments` URL."""

    def __init__(self):
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        action = urllib.parse.urldefrag(attributes.get("action") or "").url
        if tag == "form" and self.action is None and action.endswith("/comments"):
            self.action, self._inside = action, True
        elif self._inside and tag in ("input", "textarea") and attributes.get("name"):
            kind = attributes.get("type", "text")
            if kind == "checkbox":
                return
            self.fields[attributes["name"]] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


@dataclass
class PostResult:
    requests_per_s: float
    accepted_per_s: float
    accepted: int
    refused: int
    stored: int
    p50_ms: float
    p99_ms: float

    @property
    def lost(self) -> int:
        return max(0, self.accepted - self.stored)


def _count_comments(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM comment").fetchone()[0]


def bench_comment_posts(base_url: str, site: BenchSite, seconds: int) -> PostResult | str:
    """POST comments for `seconds`; a string says why the bench could not run."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base_url}/{site.article_path}/") as response:
        form = _CommentForm()
        form.feed(response.read().decode())
    if form.action is None or "csrf_token" not in form.fields:
        return "the article has no comment form yet"
    fields = {**form.fields, "name": "Bench Reader", "email": site.commenter_email,
              "website": "", "remember": ""}
    fields.pop("body", None)
    fields = {name: value for name, value in fields.items() if value or name in ("website",)}
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    before = _count_comments(site.path)
    time.sleep(MIN_FORM_AGE_S)
    result = run_wrk(base_url + form.action, seconds, connections=8,
                     script=LUA_DIR / "comment_post.lua",
                     script_args=[form.action, cookie, urllib.parse.urlencode(fields)])
    time.sleep(0.5)
    stored = _count_comments(site.path) - before
    accepted = result.extra.get("accepted", 0)
    return PostResult(result.requests_per_s, accepted / seconds, accepted,
                      result.extra.get("refused", 0), stored, result.p50_ms, result.p99_ms)
