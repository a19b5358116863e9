"""Every admin URL is behind the login: walks app.url_map so a route added later is covered."""

import re

import pytest

from blog import create_app
from tests.conftest import csrf_token_from

# The login, its second step (which checks its own session) and the "Forgot your password?"
# doors (blog/admin/password_reset.py).
ANON_OK = {"admin.login", "admin.login_code", "admin.forgot_password", "admin.reset_password"}


def _admin_rules():
    # Only the URL map is read: an in-memory database keeps collection free of files.
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    rules = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or rule.endpoint in ANON_OK:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            rules.append((rule.endpoint, method, rule.rule))
    return rules


def _url(rule: str) -> str:
    """A concrete URL for a rule: ids 1, the first choice of an `any` converter."""
    url = re.sub(r"<any\(([^,)]+)[^>]*>", lambda m: m.group(1).strip(), rule)
    url = re.sub(r"<int:[^>]+>", "1", url)
    return re.sub(r"<[^>]+>", "x", url)


ADMIN_RULES = _admin_rules()


def test_the_walk_sees_the_admin_routes():
    endpoints = {endpoint for endpoint, _, _ in ADMIN_RULES}
    assert {"admin.dashboard", "admin.edit_post", "admin.moderate_comments",
            "admin.edit_settings", "admin.list_uploads"} <= endpoints


@pytest.mark.parametrize(("endpoint", "method", "rule"), ADMIN_RULES)
def test_anonymous_requests_get_no_admin_content(client, make, endpoint, method, rule):
    post = make.post(title="Secret draft title", status="draft")
    make.comment(post, body="pending words", status="pending", author_email="who@example.com")
    make.category(name="Cat")
    response = client.open(_url(rule), method=method, data={"title": "Hijacked"})
    body = response.get_data(as_text=True)
    if method == "GET":
        assert response.status_code == 302
        assert "/admin/login?next=" in response.headers["Location"]
    else:
        assert response.status_code in (400, 401, 403)
    assert "Secret draft title" not in body
    assert "who@example.com" not in body


@pytest.mark.parametrize(("endpoint", "method", "rule"),
                         [r for r in ADMIN_RULES if r[1] == "POST"])
def test_admin_posts_without_csrf_token_are_400_and_change_nothing(
        app, client, login, make, endpoint, method, rule):
    post = make.post(title="Unchanged title")
    make.comment(post, status="pending")
    make.category(name="Cat")
    response = client.post(_url(rule), data={"title": "Changed", "single": "approve:1",
                                             "name": "Changed"})
    assert response.status_code == 400
    with app.app_context():
        from blog.extensions import db
        from blog.models import Category, Comment, Post
        assert db.session.get(Post, 1).title == "Unchanged title"
        assert db.session.get(Comment, 1).status == "pending"
        assert db.session.get(Category, 1).name == "Cat"


def test_admin_pages_are_not_cached(client, login):
    response = client.get("/admin/")
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("endpoint", "method", "rule"),
                         [r for r in ADMIN_RULES if r[1] == "POST"])
def test_anonymous_posts_with_a_valid_csrf_token_are_401_and_change_nothing(
        app, client, make, endpoint, method, rule):
    """The login page hands anonymous visitors a real token; the guard still says no."""
    post = make.post(title="Unchanged title")
    make.comment(post, status="pending")
    make.category(name="Cat")
    token = csrf_token_from(client.get("/admin/login").get_data(as_text=True))
    response = client.post(_url(rule), data={"csrf_token": token, "title": "Changed",
                                             "single": "approve:1", "name": "Changed"})
    assert response.status_code == 401
    with app.app_context():
        from blog.extensions import db
        from blog.models import Category, Comment, Post
        assert db.session.get(Post, 1).title == "Unchanged title"
        assert db.session.get(Comment, 1).status == "pending"
        assert db.session.get(Category, 1).name == "Cat"
