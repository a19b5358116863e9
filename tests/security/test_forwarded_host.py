"""Behind a proxy, the host and port a client claims never reach a link or a redirect: absolute
URLs come from SITE_URL, TRUSTED_HOSTS defaults to its host, and routing's redirects name a
path only."""

import pytest

from blog import create_app

SITE = "https://blog.example.com"


@pytest.fixture
def make_app(database_url, tmp_path, make):
    make.post(title="Hello", slug="hello")

    def build(**overrides):
        return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                           "SECRET_KEY": "test-secret", "UPLOAD_FOLDER": str(tmp_path),
                           "PROXY_FIX_HOPS": 1, **overrides})
    return build


def test_trusted_hosts_default_to_the_site_urls_host(make_app):
    assert make_app(SITE_URL=SITE).config["TRUSTED_HOSTS"] == ["blog.example.com"]
    assert make_app(SITE_URL=SITE, TRUSTED_HOSTS=["a.example"]).config["TRUSTED_HOSTS"] == \
        ["a.example"]


@pytest.mark.parametrize("path", ["/", "/hello/", "/feed/", "/sitemap.xml", "/hello"])
def test_a_forwarded_host_from_the_client_is_refused_when_site_url_is_set(make_app, path):
    client = make_app(SITE_URL=SITE).test_client()
    forged = client.get(path, headers={"Host": "blog.example.com",
                                       "X-Forwarded-Host": "evil.example"})
    assert forged.status_code == 400
    assert b"evil.example" not in forged.data


def test_the_proxys_own_forwarded_host_and_port_are_used_and_links_name_the_site(make_app):
    client = make_app(SITE_URL=SITE).test_client()
    feed = client.get("/feed/", headers={"X-Forwarded-Host": "blog.example.com",
                                         "X-Forwarded-Port": "8443",
                                         "X-Forwarded-Proto": "https"})
    assert feed.status_code == 200
    assert b"https://blog.example.com/hello/" in feed.data
    assert b":8443" not in feed.data


@pytest.mark.parametrize("headers", [{"X-Forwarded-Host": "evil.example"},
                                     {"X-Forwarded-Port": "6666"},
                                     {"Host": "evil.example"}])
def test_routing_redirects_never_name_a_forged_host(make_app, headers):
    """Without SITE_URL any host is answered, but a redirect names a path only."""
    response = make_app().test_client().get("/hello?x=1", headers=headers)
    assert response.status_code == 308
    assert response.headers["Location"] == "/hello/?x=1"
