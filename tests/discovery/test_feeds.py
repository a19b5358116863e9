"""RSS, Atom, category and comment feeds: valid, newest first, absolute, no emails."""

from datetime import timedelta

import feedparser
import pytest

from blog.models import utcnow


def _feed(client, url: str, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.data[:300]
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.bozo_exception
    return response, parsed


@pytest.fixture
def site(make):
    author = make.author(name="Writer Person", email="writer@private.example")
    category = make.category(name="Cloud", slug="cloud")
    posts = [make.post(title=f"Story {n}", author=author, excerpt=f"Excerpt {n}",
                       published_at=utcnow() - timedelta(days=n),
                       category=category if n % 2 else None,
                       body=f"Body of story {n} with ![pic](/uploads/2024/01/p{n}.png)")
             for n in range(1, 13)]
    make.post(title="Secret draft", status="draft")
    make.post(title="Future story", status="scheduled", published_at=utcnow() + timedelta(days=3))
    return posts


def test_rss_has_the_ten_newest_posts_with_absolute_links_and_full_content(client, site):
    response, parsed = _feed(client, "/feed/")
    assert response.mimetype == "application/rss+xml" and parsed.version == "rss20"
    titles = [entry.title for entry in parsed.entries]
    assert titles == [f"Story {n}" for n in range(1, 11)]
    first = parsed.entries[0]
    assert first.link == "http://localhost/" + site[0].path + "/"
    assert first.author == "Writer Person"
    assert 'src="http://localhost/uploads/2024/01/p1.png"' in first.content[0].value
    assert first.summary == "Excerpt 1"
    assert "Secret draft" not in response.text and "Future story" not in response.text


def test_atom_feed_parses(client, site):
    response, parsed = _feed(client, "/feed/atom/")
    assert response.mimetype == "application/atom+xml" and parsed.version == "atom10"
    assert len(parsed.entries) == 10 and parsed.entries[0].title == "Story 1"
    assert parsed.entries[0].author == "Writer Person"


def test_feeds_never_carry_email_addresses(client, site, make):
    make.comment(site[0], author_email="reader@private.example", body="Lovely")
    for url in ("/feed/", "/feed/atom/", "/category/cloud/feed/", f"/{site[0].path}/feed/"):
        response, _parsed = _feed(client, url)
        assert "@private.example" not in response.text, url


def test_feed_size_and_excerpt_only_follow_the_settings(app, client, site):
    app.config.update(FEED_ITEMS=3, FEED_FULL_CONTENT=False)
    response, parsed = _feed(client, "/feed/")
    assert len(parsed.entries) == 3
    assert "content" not in parsed.entries[0] and "Body of story" not in response.text
    assert parsed.entries[0].summary == "Excerpt 1"


def test_site_url_setting_makes_the_absolute_urls(app, client, site):
    app.config["SITE_URL"] = "https://blog.example.org"
    _response, parsed = _feed(client, "/feed/")
    assert parsed.entries[0].link.startswith("https://blog.example.org/")
    assert parsed.feed.link == "https://blog.example.org/"


def test_category_feed_holds_only_that_category(client, site):
    _response, parsed = _feed(client, "/category/cloud/feed/")
    assert [e.title for e in parsed.entries] == [f"Story {n}" for n in (1, 3, 5, 7, 9, 11)]
    assert client.get("/category/nope/feed/").status_code == 404


def test_comment_feed_has_approved_comments_only(client, site, make):
    post = site[0]
    make.comment(post, author_name="Ada", body="Approved words")
    make.comment(post, author_name="Pending", body="Pending words", status="pending")
    make.comment(post, author_name="Spammer", body="Spam words", status="spam")
    response, parsed = _feed(client, f"/{post.path}/feed/")
    assert [e.title for e in parsed.entries] == ["By: Ada"]
    assert parsed.entries[0].link.startswith(f"http://localhost/{post.path}/#comment-")
    assert "Pending words" not in response.text and "Spam words" not in response.text
    assert client.get("/no-such-post/feed/").status_code == 404


def test_etag_and_last_modified_answer_304_until_something_changes(client, site, make):
    response = client.get("/feed/")
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert client.get("/feed/", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/feed/", headers={"If-Modified-Since": modified}).status_code == 304
    make.post(title="Brand new", published_at=utcnow())
    fresh = client.get("/feed/", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and "Brand new" in fresh.text
    assert fresh.headers["ETag"] != etag


def test_a_feed_costs_the_same_few_queries_for_1_or_10_posts(client, make, count_queries):
    make.post(title="Only one")
    with count_queries() as one:
        client.get("/feed/")
    for n in range(12):
        make.post(title=f"More {n}", category=make.category(), tags=[make.tag()])
    with count_queries() as many:
        client.get("/feed/")
    assert many.count == one.count


def test_site_wide_comment_feed_lists_newest_approved_comments(client, site, make):
    make.comment(site[0], author_name="Ada", body="On the first",
                 created_at=utcnow() - timedelta(hours=2))
    make.comment(site[1], author_name="Bob", body="On the second", created_at=utcnow())
    make.comment(site[1], author_name="Eve", body="Held back", status="pending")
    response, parsed = _feed(client, "/comments/feed/")
    assert [e.title for e in parsed.entries] == ["Comment on Story 2 by Bob",
                                                "Comment on Story 1 by Ada"]
    assert parsed.entries[0].link.startswith(f"http://localhost/{site[1].path}/#comment-")
    assert "Held back" not in response.text and "@" not in response.text
