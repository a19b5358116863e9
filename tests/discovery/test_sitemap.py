"""/sitemap.xml (an index) and its children, and /robots.txt."""

from datetime import timedelta

from lxml import etree
from sqlalchemy import insert

from blog.extensions import db
from blog.models import Post, utcnow

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _xml(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "application/xml"
    return etree.fromstring(response.data)


def _children(client) -> dict[str, etree._Element]:
    index = _xml(client, "/sitemap.xml")
    assert etree.QName(index).localname == "sitemapindex"
    locs = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    return {loc: _xml(client, loc.removeprefix("http://localhost")) for loc in locs}


def _urls(children) -> dict[str, str | None]:
    out = {}
    for child in children.values():
        assert etree.QName(child).localname == "urlset"
        for url in child.xpath("//sm:url", namespaces=NS):
            lastmod = url.xpath("sm:lastmod/text()", namespaces=NS)
            out[url.xpath("sm:loc/text()", namespaces=NS)[0]] = lastmod[0] if lastmod else None
    return out


def test_sitemap_lists_every_live_post_page_category_tag_and_author(client, make):
    author = make.author(slug="ana")
    category = make.category(slug="cloud")
    tag = make.tag(slug="k8s")
    post = make.post(slug="live-post", author=author, category=category, tags=[tag])
    page = make.post(slug="about", type="page")
    make.post(slug="a-draft", status="draft")
    make.post(slug="later", status="scheduled", published_at=utcnow() + timedelta(days=1))
    make.category(slug="empty-category")  # no posts: nothing to index
    urls = _urls(_children(client))
    assert set(urls) == {
        "http://localhost/live-post/", "http://localhost/about/",
        "http://localhost/category/cloud/", "http://localhost/tag/k8s/",
        "http://localhost/author/ana/",
    }
    assert urls["http://localhost/live-post/"] == post.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert urls["http://localhost/about/"] == page.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert urls["http://localhost/category/cloud/"] == urls["http://localhost/live-post/"]


def test_children_hold_at_most_2000_urls(app, client):
    now = utcnow() - timedelta(days=1)
    with app.app_context():
        db.session.execute(insert(Post), [
            {"title": f"P{n}", "slug": f"p{n}", "path": f"p{n}", "status": "published",
             "published_at": now, "body_html": "", "type": "post"} for n in range(2001)])
        db.session.commit()
    children = _children(client)
    sizes = {loc.rsplit("/", 1)[-1]: len(child) for loc, child in children.items()}
    assert sizes == {"sitemap-posts-1.xml": 2000, "sitemap-posts-2.xml": 1}
    assert len(_urls(children)) == 2001


def test_unknown_or_empty_child_sitemaps_are_404(client, make):
    make.post()
    assert client.get("/sitemap-posts-2.xml").status_code == 404
    assert client.get("/sitemap-secrets-1.xml").status_code == 404
    assert client.get("/sitemap-posts-0.xml").status_code == 404


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    lines = response.text.splitlines()
    assert "Disallow: /admin/" in lines and "Sitemap: http://localhost/sitemap.xml" in lines
    assert lines[0] == "User-agent: *"
