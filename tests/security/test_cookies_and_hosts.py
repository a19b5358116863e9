"""Cookies, HTTPS-only headers and trusted hosts, as a browser or an attacker would see them."""

from datetime import timedelta

import pytest
from flask import session

from blog import create_app
from tests.security._checks import header_problems


@pytest.fixture
def make_app(database_url, tmp_path):
    def build(**overrides):
        return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                           "SECRET_KEY": "test-secret", "UPLOAD_FOLDER": str(tmp_path),
                           **overrides})
    return build


def _session_cookie(app, secure_scheme: bool = False):
    """The Set-Cookie line of a response that stores something in the session."""

    @app.get("/_touch-session")
    def touch():
        session["seen"] = True
        session.permanent = True
        return "ok"

    base = "https://localhost" if secure_scheme else "http://localhost"
    response = app.test_client().get("/_touch-session", base_url=base)
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1
    return cookies[0]


def _attributes(set_cookie: str) -> dict[str, str]:
    parts = [p.strip() for p in set_cookie.split(";")[1:]]
    return {p.split("=")[0].lower(): (p.split("=", 1)[1] if "=" in p else "") for p in parts}


def test_session_cookie_is_httponly_and_samesite_lax_without_https(make_app):
    attributes = _attributes(_session_cookie(make_app()))
    assert "httponly" in attributes
    assert attributes["samesite"] == "Lax"
    assert "secure" not in attributes  # a plain-HTTP site could not send it back


def test_session_cookie_is_secure_and_hsts_is_sent_when_https_is_on(make_app):
    app = make_app(HTTPS=True)
    attributes = _attributes(_session_cookie(app, secure_scheme=True))
    assert {"httponly", "secure"} <= attributes.keys()
    assert attributes["samesite"] == "Lax"
    response = app.test_client().get("/healthz", base_url="https://localhost")
    assert header_problems(response.headers, https=True) == []
    assert "includeSubDomains" in response.headers["Strict-Transport-Security"]


def test_remember_cookie_is_httponly_lax_and_secure_over_https(make_app):
    app = make_app(HTTPS=True)
    assert app.config["REMEMBER_COOKIE_HTTPONLY"] is True
    assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_admin_session_lifetime_follows_its_setting(make_app):
    assert make_app().permanent_session_lifetime == timedelta(hours=12)
    app = make_app(ADMIN_SESSION_HOURS=2)
    assert app.permanent_session_lifetime == timedelta(hours=2)
    cookie = _attributes(_session_cookie(app))
    assert "expires" in cookie  # a permanent session ends; the browser drops it after 2 h


def test_forged_host_header_is_refused_when_trusted_hosts_is_set(make_app):
    client = make_app(TRUSTED_HOSTS=["blog.example.com"]).test_client()
    assert client.get("/", headers={"Host": "blog.example.com"}).status_code == 200
    forged = client.get("/", headers={"Host": "evil.example.net"})
    assert forged.status_code == 400
    assert "evil.example.net" not in forged.get_data(as_text=True)
    assert header_problems(forged.headers) == []


def test_trusted_hosts_may_be_a_comma_separated_environment_value(make_app, monkeypatch):
    monkeypatch.setenv("BLOG_TRUSTED_HOSTS", "blog.example.com, .example.org")
    client = make_app().test_client()
    assert client.get("/", headers={"Host": "www.example.org"}).status_code == 200
    assert client.get("/", headers={"Host": "example.net"}).status_code == 400


def test_forged_host_cannot_poison_feed_or_sitemap_links(make_app, make):
    make.post(title="Hello", slug="hello")
    client = make_app(TRUSTED_HOSTS=["blog.example.com"]).test_client()
    for path in ("/feed/", "/sitemap.xml"):
        real = client.get(path, headers={"Host": "blog.example.com"})
        forged = client.get(path, headers={"Host": "evil.example.net"})
        assert forged.status_code == 400
        assert b"evil.example.net" not in forged.data
        # The honest request is served (and whatever is cached from it names the real host).
        assert real.status_code == 200, path
        assert b"blog.example.com" in real.data


def test_proxy_headers_are_ignored_unless_proxy_hops_are_configured(make_app):
    direct = make_app()

    @direct.get("/_scheme")
    def scheme():
        from flask import request

        return f"{request.scheme} {request.remote_addr}"

    spoof = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    assert direct.test_client().get("/_scheme", headers=spoof).data == b"http 127.0.0.1"

    behind_proxy = make_app(PROXY_FIX_HOPS=1)
    behind_proxy.add_url_rule("/_scheme", view_func=scheme)
    assert behind_proxy.test_client().get("/_scheme", headers=spoof).data == b"https 203.0.113.9"



def test_every_cookie_the_site_sets_is_httponly_lax_and_secure_over_https(make_app, make):
    """Walk the flows that set cookies (commenting with "remember me", logging in) over
    HTTPS and check each Set-Cookie line."""
    import re

    from tests.conftest import csrf_token_from

    make.admin(username="admin", password="correct horse battery staple")
    make.post(title="Open", slug="open", allow_comments=True)
    app = make_app(HTTPS=True, RATELIMIT_ENABLED=False, COMMENTS_MIN_SECONDS=0)
    client = app.test_client()
    base = "https://localhost"
    set_cookies = []

    def collect(response):
        set_cookies.extend(response.headers.getlist("Set-Cookie"))
        return response

    page = collect(client.get("/open/", base_url=base)).get_data(as_text=True)
    stamp = re.search(r'name="stamp" type="hidden" value="([^"]*)"', page).group(1)
    # Over HTTPS, Flask-WTF also wants a same-site Referer, as a browser sends.
    posted = collect(client.post("/open/comments", base_url=base,
                                 headers={"Referer": base + "/open/"}, data={
        "csrf_token": csrf_token_from(page), "stamp": stamp, "name": "Ada",
        "email": "ada@example.com", "body": "Remember me, please.", "remember": "y"}))
    assert posted.status_code == 303
    login_page = collect(client.get("/admin/login", base_url=base)).get_data(as_text=True)
    logged_in = collect(client.post("/admin/login", base_url=base,
                                    headers={"Referer": base + "/admin/login"}, data={
        "csrf_token": csrf_token_from(login_page), "username": "admin",
        "password": "correct horse battery staple"}))
    assert logged_in.status_code == 303

    names = {line.split("=", 1)[0] for line in set_cookies}
    assert "session" in names and len(names) >= 2  # the session and the commenter's cookie
    for line in set_cookies:
        attributes = _attributes(line)
        assert {"httponly", "secure"} <= attributes.keys(), line
        assert attributes.get("samesite") in ("Lax", "Strict"), line  # the device cookie: Strict


@pytest.mark.parametrize("path", ["/", "/hello/", "/feed/", "/sitemap.xml", "/robots.txt"])
def test_a_forged_host_never_reaches_honest_visitors_through_the_page_cache(make_app, make,
                                                                            path):
    """Even with TRUSTED_HOSTS unset, the forger only fools themselves."""
    make.post(title="Hello", slug="hello")
    app = make_app()
    forged = app.test_client().get(path, headers={"Host": "evil.example.net"})
    honest = app.test_client().get(path, headers={"Host": "blog.example.com"})
    assert forged.status_code == honest.status_code == 200
    assert b"evil.example.net" not in honest.data
