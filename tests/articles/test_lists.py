"""Front page, archives and their pagination."""

from datetime import timedelta

import pytest

from blog.models import utcnow


@pytest.fixture
def twelve_posts(app, make):
    app.config["POSTS_PER_PAGE"] = 5
    now = utcnow()
    category = make.category(name="Cloud", slug="cloud")
    tag = make.tag(name="Go", slug="go")
    author = make.author(name="Daniel", slug="daniel")
    return [
        make.post(title=f"Story {i:02d}", slug=f"story-{i:02d}", category=category, tags=[tag],
                  author=author, published_at=now - timedelta(days=i))
        for i in range(12)
    ]


def test_front_page_lists_newest_first(client, twelve_posts):
    html = client.get("/").get_data(as_text=True)
    main = html.split('id="main"')[1].split("</main>")[0]
    assert main.index("Story 00") < main.index("Story 01") < main.index("Story 04")
    assert "Story 05" not in main


def test_front_page_second_page_continues(client, twelve_posts):
    main = client.get("/page/2/").get_data(as_text=True).split("</main>")[0]
    assert "Story 05" in main and "Story 09" in main and "Story 04" not in main
    assert 'rel="prev" href="/"' in main and 'rel="next" href="/page/3/"' in main


@pytest.mark.parametrize("url", ["/page/0/", "/page/4/", "/page/999999/", "/page/abc/",
                                 "/page/-1/", "/category/cloud/page/9/", "/tag/go/page/0/",
                                 "/author/daniel/page/x/"])
def test_bad_page_numbers_are_404_never_500(client, twelve_posts, url):
    assert client.get(url).status_code == 404


def test_empty_site_front_page_is_200(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No stories have been published yet." in response.get_data(as_text=True)


@pytest.mark.parametrize("url,heading", [("/category/cloud/", "Cloud"), ("/tag/go/", "Go"),
                                         ("/author/daniel/", "Daniel")])
def test_archives_list_their_posts_and_paginate(client, twelve_posts, url, heading):
    first = client.get(url).get_data(as_text=True)
    assert f">{heading}</h1>" in first and "Story 00" in first
    second = client.get(url + "page/3/")
    assert second.status_code == 200
    assert "Story 10" in second.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/category/nope/", "/tag/nope/", "/author/nope/"])
def test_unknown_archive_is_404(client, url):
    assert client.get(url).status_code == 404


def test_archive_excludes_other_categories(client, make, twelve_posts):
    other = make.category(name="AI", slug="ai")
    make.post(title="Elsewhere", category=other)
    assert "Elsewhere" not in client.get("/category/cloud/").get_data(as_text=True)
    assert "Elsewhere" in client.get("/category/ai/").get_data(as_text=True)


def test_list_shows_approved_comment_count(client, make):
    post = make.post(title="Counted")
    make.comment(post)
    make.comment(post, status="pending")
    assert "1 comment<" in client.get("/").get_data(as_text=True)
