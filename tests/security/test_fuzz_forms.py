"""Every field of the comment and login forms, driven with arbitrary text: never a 5xx, never
a template evaluated, never a redirect off the site."""

import re
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blog import create_app
from tests.conftest import csrf_token_from
from tests.security._fuzz import FUZZ, TEMPLATE_INJECTION, assert_no_server_error, nasty_text

ADMIN_PASSWORD = "correct horse battery staple"
STAMP_RE = re.compile(r'name="stamp" type="hidden" value="([^"]*)"')


@pytest.fixture
def fuzz_app(database_url, tmp_path, make):
    """Rate limits and the too-fast check off, so every example reaches the form handling."""
    make.admin(username="admin", password=ADMIN_PASSWORD)
    post = make.post(title="Open for comments", slug="open", allow_comments=True)
    make.comment(post, body="An approved comment")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "SECRET_KEY": "fuzz", "RATELIMIT_ENABLED": False,
                      "COMMENTS_MIN_SECONDS": 0, "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    yield app
    with app.app_context():
        from blog.extensions import db

        db.session.remove()
        db.engine.dispose()


def _twin(values: dict) -> dict:
    """The same submission with {{7*7}} swapped for {{7*8}}: what an unevaluated page shows."""
    return {k: v.replace(TEMPLATE_INJECTION, "{{7*8}}") if isinstance(v, str) else v
            for k, v in values.items()}


def _page_after(client, response) -> str:
    """The page the visitor ends up reading: the response, or where its redirect leads."""
    if response.status_code in (301, 302, 303) and response.location.startswith("/"):
        return client.get(urlsplit(response.location).path).get_data(as_text=True)
    return response.get_data(as_text=True)


def _post_comment(client, fields: dict):
    page = client.get("/open/").get_data(as_text=True)
    stamp = STAMP_RE.search(page)
    data = {"csrf_token": csrf_token_from(page), "stamp": stamp.group(1) if stamp else "",
            "name": "Reader", "email": "reader@example.com", "body": "A fine article.",
            **fields}
    return client.post("/open/comments", data=data)


COMMENT_FIELDS = ("name", "email", "website", "body", "parent_id", "remember", "homepage",
                  "stamp", "csrf_token")


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(COMMENT_FIELDS), nasty_text, min_size=1,
                              max_size=4))
def test_comment_form_survives_any_field_value(fuzz_app, fields):
    client = fuzz_app.test_client()
    response = _post_comment(client, fields)
    assert_no_server_error(response, repr(fields))
    if any(TEMPLATE_INJECTION in v for v in fields.values()):
        shown = _page_after(client, response)
        twin = _page_after(client, _post_comment(client, _twin(fields)))
        assert shown.count("49") <= twin.count("49"), repr(fields)


@pytest.mark.parametrize("field", ["name", "body", "website", "email"])
def test_template_syntax_in_a_comment_is_shown_as_typed(fuzz_app, field):
    client = fuzz_app.test_client()
    value = {"website": "https://example.com/{{7*7}}", "email": "{{7*7}}@example.com"}.get(
        field, f"I typed {TEMPLATE_INJECTION} here")
    response = _post_comment(client, {field: value})
    assert_no_server_error(response, value)
    page = _page_after(client, response)
    assert "I typed 49 here" not in page and "/49" not in page and "49@example" not in page
    if field in ("name", "body", "website"):
        assert response.status_code == 303  # stored, and shown back to its author as typed
        # A web address is stored as a valid URL: its braces percent-encoded.
        shown = "%7B%7B7*7%7D%7D" if field == "website" else TEMPLATE_INJECTION
        assert shown in page


@FUZZ
@given(username=nasty_text, password=nasty_text)
def test_login_form_survives_any_username_and_password(fuzz_app, username, password):
    client = fuzz_app.test_client()
    token = csrf_token_from(client.get("/admin/login").get_data(as_text=True))
    response = client.post("/admin/login", data={"csrf_token": token, "username": username,
                                                 "password": password})
    assert_no_server_error(response, repr((username, password)))
    assert response.status_code in (303, 401, 422), response.status_code
    if TEMPLATE_INJECTION in username:
        twin = client.post("/admin/login", data={"csrf_token": token, "password": password,
                                                 "username": _twin({"u": username})["u"]})
        assert response.get_data(as_text=True).count("49") <= \
            twin.get_data(as_text=True).count("49")


@settings(FUZZ, max_examples=min(FUZZ.max_examples, 40))  # each example logs in (scrypt)
@given(target=st.one_of(nasty_text, st.sampled_from([
    "//evil.example", "/\\evil.example", "https://evil.example/", "\\\\evil.example",
    "/%2F%2Fevil.example", " //evil.example", "\t//evil.example", "/admin/\r\n//evil",
    "javascript:alert(1)", "http:/evil.example", "/admin/posts/new",
])))
def test_login_never_redirects_off_the_site(fuzz_app, target):
    client = fuzz_app.test_client()
    login_page = client.get("/admin/login", query_string={"next": target})
    assert_no_server_error(login_page, target)
    token = csrf_token_from(login_page.get_data(as_text=True))
    response = client.post("/admin/login", query_string={"next": target},
                           data={"csrf_token": token, "username": "admin",
                                 "password": ADMIN_PASSWORD})
    assert response.status_code == 303
    location = urlsplit(response.location)
    assert location.scheme in ("", "http") and location.netloc in ("", "localhost"), target
    assert not response.location.startswith(("//", "/\\")), target


def test_admin_moderation_ignores_ids_that_only_look_like_digits(fuzz_app, make):
    client = fuzz_app.test_client()
    token = csrf_token_from(client.get("/admin/login").get_data(as_text=True))
    assert client.post("/admin/login", data={"csrf_token": token, "username": "admin",
                                             "password": ADMIN_PASSWORD}).status_code == 303
    page = client.get("/admin/comments/").get_data(as_text=True)
    for form in ({"single": "approve:¹"}, {"action": "approve", "ids": ["¹", "²"]}):
        response = client.post("/admin/comments/moderate", data={
            "csrf_token": csrf_token_from(page), **form})
        assert_no_server_error(response, repr(form))


def test_a_rate_limited_reply_with_a_lookalike_parent_id_is_a_429(app, client, make):
    """The 429 page re-renders the form unvalidated: its reply id must still parse safely."""
    app.config["COMMENT_POSTS_RATE_LIMIT"] = "1 per minute"
    make.post(title="Open", slug="open", allow_comments=True)
    first = _post_comment(client, {"body": "First, accepted."})
    assert first.status_code == 303
    second = _post_comment(client, {"body": "Too soon", "parent_id": "¹"})
    assert second.status_code == 429
    assert "Too soon" in second.get_data(as_text=True)  # the text is kept
