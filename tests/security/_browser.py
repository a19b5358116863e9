"""A minimal browser for live-server tests: its own cookies, forms filled from the page,
redirects reported rather than followed."""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from tests.admin.editor import form_values

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
STAMP_RE = re.compile(r'name="stamp" type="hidden" value="([^"]*)"')


@dataclass
class Reply:
    status: int
    headers: object
    body: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def request(self, path: str, data: dict | None = None) -> Reply:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=120) as response:
                return Reply(response.status, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.headers, error.read().decode("utf-8", "replace"))

    def post_with_retry(self, path: str, data: dict, attempts: int = 4) -> list[Reply]:
        """POST as a patient client would: a 503 is retried after its Retry-After (capped)."""
        replies = []
        for _ in range(attempts):
            reply = self.request(path, data)
            replies.append(reply)
            if reply.status != 503:
                break
            time.sleep(min(float(reply.headers.get("Retry-After", "1")), 1.0))
        return replies

    def comment_form(self, article_path: str) -> dict:
        page = self.request(article_path).body
        return {"csrf_token": CSRF_RE.search(page).group(1),
                "stamp": STAMP_RE.search(page).group(1)}

    def log_in(self, username: str, password: str) -> Reply:
        page = self.request("/admin/login").body
        return self.request("/admin/login", {"csrf_token": CSRF_RE.search(page).group(1),
                                             "username": username, "password": password})

    def editor_form(self, post_id: int) -> dict:
        """The post editor's fields as a browser would submit them."""
        values = form_values(self.request(f"/admin/posts/{post_id}/edit").body)
        values["action"] = "save"
        return values


def comment_id(location: str) -> int:
    return int(location.rsplit("#comment-", 1)[1])
