"""What search engines, social cards and feed readers read in each page's <head>."""

import json
import re

import pytest
from lxml import html as lxml_html


def _head(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, url
    return lxml_html.fromstring(response.data).head, response.text


def _meta(head, key: str) -> list[str]:
    return head.xpath(f'meta[@property="{key}" or @name="{key}"]/@content')


def _links(head, rel: str) -> list[str]:
    return head.xpath(f'link[@rel="{rel}"]/@href')


@pytest.fixture
def article(make):
    author = make.author(name="Ana Writer", slug="ana", email="ana@private.example")
    category = make.category(name="Cloud", slug="cloud")
    return make.post(title="Scaling Postgres", slug="scaling-postgres", author=author,
                     category=category, tags=[make.tag(name="Databases")],
                     excerpt="How we scaled a busy database.",
                     body="Intro.\n\n![Chart](/uploads/2024/05/chart.png)\n\nMore.")


def test_article_head_has_title_description_canonical_cards_and_json_ld(client, article):
    head, text = _head(client, "/scaling-postgres/")
    assert head.findtext("title").startswith("Scaling Postgres")
    assert _meta(head, "description") == ["How we scaled a busy database."]
    assert _links(head, "canonical") == ["http://localhost/scaling-postgres/"]
    assert _meta(head, "og:type") == ["article"]
    assert _meta(head, "og:title") == ["Scaling Postgres"]
    assert _meta(head, "og:url") == ["http://localhost/scaling-postgres/"]
    assert _meta(head, "og:image") == ["http://localhost/uploads/2024/05/chart.png"]
    assert _meta(head, "twitter:card") == ["summary_large_image"]
    assert _meta(head, "article:section") == ["Cloud"]
    assert _meta(head, "article:tag") == ["Databases"]
    data = json.loads(head.xpath('script[@type="application/ld+json"]/text()')[0])
    assert data["@type"] == "BlogPosting" and data["headline"] == "Scaling Postgres"
    assert data["author"] == {"@type": "Person", "name": "Ana Writer",
                              "url": "http://localhost/author/ana/"}
    assert data["publisher"]["name"] == "ClingCentral"
    assert data["datePublished"] == article.published_at.isoformat(timespec="seconds")
    assert "dateModified" in data and data["image"].endswith("/chart.png")
    assert "ana@private.example" not in text


def test_article_without_excerpt_describes_itself_from_its_text(client, make):
    make.post(title="No excerpt", slug="no-excerpt", body="The first words of the body.")
    head, _ = _head(client, "/no-excerpt/")
    assert _meta(head, "og:description") == ["The first words of the body."]
    assert _meta(head, "twitter:card") == ["summary"]


def test_pages_are_articles_without_comment_feeds(client, make):
    make.post(title="About", slug="about", type="page")
    head, _ = _head(client, "/about/")
    data = json.loads(head.xpath('script[@type="application/ld+json"]/text()')[0])
    assert data["@type"] == "Article"
    assert not [h for h in _links(head, "alternate") if h.endswith("/about/feed/")]


@pytest.mark.parametrize("url", ["/", "/scaling-postgres/", "/category/cloud/", "/tag/",
                                 "/search/?q=x"])
def test_every_page_names_the_site_feeds(client, article, url):
    head, _ = _head(client, url, status=404 if url == "/tag/" else 200)
    feeds = _links(head, "alternate")
    assert "http://localhost/feed/" in feeds and "http://localhost/feed/atom/" in feeds


def test_category_and_article_pages_name_their_own_feeds(client, article):
    head, _ = _head(client, "/category/cloud/")
    assert "http://localhost/category/cloud/feed/" in _links(head, "alternate")
    head, _ = _head(client, "/scaling-postgres/")
    assert "http://localhost/scaling-postgres/feed/" in _links(head, "alternate")


def test_paginated_lists_link_prev_and_next(app, client, make):
    app.config["POSTS_PER_PAGE"] = 2
    for _ in range(5):
        make.post()
    head, _ = _head(client, "/")
    assert _links(head, "next") == ["http://localhost/page/2/"] and not _links(head, "prev")
    head, _ = _head(client, "/page/2/")
    assert _links(head, "prev") == ["http://localhost/"]
    assert _links(head, "next") == ["http://localhost/page/3/"]
    assert _links(head, "canonical") == ["http://localhost/page/2/"]
    head, _ = _head(client, "/page/3/")
    assert not _links(head, "next")


def test_front_page_describes_the_website_and_its_search(client, article):
    head, _ = _head(client, "/")
    data = json.loads(head.xpath('script[@type="application/ld+json"]/text()')[0])
    assert data["@type"] == "WebSite"
    assert data["potentialAction"]["target"] == \
        "http://localhost/search/?q={search_term_string}"
    assert _meta(head, "og:type") == ["website"]


def test_search_results_and_404s_are_not_indexed(client, article):
    head, _ = _head(client, "/search/?q=postgres")
    assert _meta(head, "robots") == ["noindex, follow"] and not _links(head, "canonical")
    head, _ = _head(client, "/no-such-page/", status=404)
    assert [c for c in _meta(head, "robots") if "noindex" in c]
    assert not _links(head, "canonical")


def test_reply_links_are_kept_out_of_search_indexes(client, make, article):
    comment = make.comment(article)
    for _ in range(2):  # rendered, then from the page cache
        reply = client.get(f"/scaling-postgres/?replytocom={comment.id}")
        assert reply.status_code == 200
        assert reply.headers["X-Robots-Tag"] == "noindex, follow"
        head, _ = _head(client, f"/scaling-postgres/?replytocom={comment.id}")
        assert _links(head, "canonical") == ["http://localhost/scaling-postgres/"]
        assert "X-Robots-Tag" not in client.get("/scaling-postgres/").headers


def test_site_url_setting_drives_canonical_urls(app, client, article):
    app.config["SITE_URL"] = "https://blog.example.org"
    head, _ = _head(client, "/scaling-postgres/")
    assert _links(head, "canonical") == ["https://blog.example.org/scaling-postgres/"]


def test_the_header_search_form_has_a_label(client):
    text = client.get("/").text
    form = re.search(r'<form class="search-form".*?</form>', text, re.S).group(0)
    assert 'action="/search/"' in form and 'method="get"' in form
    assert '<label class="visually-hidden" for="site-search">' in form
