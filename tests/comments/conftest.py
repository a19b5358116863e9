"""Helpers for the comment tests: a reader who loads the form and posts it, like a browser."""

import re
import time
from dataclasses import dataclass

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from tests.conftest import csrf_token_from

STAMP_RE = re.compile(r'name="stamp" type="hidden" value="([^"]*)"')


@pytest.fixture(autouse=True)
def human_speed(request):
    """Most tests post right after loading the form; the speed and rate rules have their own
    tests, which put the real settings back."""
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    app.config["COMMENTS_MIN_SECONDS"] = 0
    app.config["COMMENTS_RATE_LIMIT"] = "1000 per second"
    app.config["COMMENT_POSTS_RATE_LIMIT"] = "1000 per second"


def aged_stamp(app, post_id: int, seconds_ago: float) -> str:
    """A form timestamp signed `seconds_ago` in the past, as if the page had been open that
    long (the signature itself is the real one)."""

    class PastSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - seconds_ago)

    serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="comment-form-stamp",
                                        signer=PastSigner)
    return serializer.dumps(post_id)


@dataclass
class Reader:
    client: object
    path: str

    def load(self, url: str | None = None):
        response = self.client.get(url or f"/{self.path}/")
        assert response.status_code == 200, response.status_code
        return response

    def form_fields(self, html: str) -> dict[str, str]:
        stamp = STAMP_RE.search(html)
        return {"csrf_token": csrf_token_from(html), "stamp": stamp.group(1) if stamp else ""}

    def post(self, url: str | None = None, **fields):
        """Load the article (or `url`), then send the comment form with `fields`."""
        html = self.load(url).get_data(as_text=True)
        data = {**self.form_fields(html), "name": "Ada Reader", "email": "ada@example.com",
                "body": "A thoughtful comment."}
        data.update({k: v for k, v in fields.items() if v is not None})
        for key in [k for k, v in fields.items() if v is None]:
            data.pop(key, None)
        return self.client.post(f"/{self.path}/comments", data=data)


@pytest.fixture
def reader(client, make):
    """A reader of a fresh published post (`reader.post(body=...)`)."""
    post = make.post(title="Comment Target", slug="target")
    return Reader(client, post.path)


def comment_id_from(location: str) -> int:
    match = re.search(r"#comment-(\d+)$", location)
    assert match, location
    return int(match.group(1))
