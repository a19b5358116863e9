"""The article page shows every element SPEC lists, in order, and nothing broken."""

from datetime import UTC, datetime

import pytest


@pytest.fixture
def article(make):
    author = make.author(name="Maya Chen", slug="maya-chen", bio="Maya writes about systems.")
    category = make.category(name="Security", slug="security")
    tag = make.tag(name="Python", slug="python")
    post = make.post(
        title="Threat Modeling in an Hour", slug="threat-modeling", author=author,
        category=category, tags=[tag], published_at=datetime(2025, 5, 26, 9, tzinfo=UTC),
        body="## Start small\n\n- **Scope:** one feature\n\nDone.",
    )
    first = make.comment(post, body="Great read.", author_name="Priya")
    make.comment(post, body="Thanks!", author_name="Maya", parent_id=first.id)
    make.comment(post, body="Held back", author_name="Spammer", status="pending")
    make.comment(post, body="Buy now", author_name="Bot", status="spam")
    return post


def test_article_shows_spec_elements_in_order(client, article):
    html = client.get("/threat-modeling/").get_data(as_text=True)
    markers = [
        'class="site-title"',
        "<h1",
        "May 26, 2025",
        'href="/category/security/"',
        'href="/threat-modeling/#comments">2 comments<',
        'Written By <a href="/author/maya-chen/"',
        '<h2 id="start-small">Start small</h2>',
        "Maya writes about systems.",
        'id="comments"',
        "2 Comments",
        "Submit a Comment",
        "Your email address will not be published. Required fields are marked",
        "Explore More Stories",
    ]
    positions = [html.find(marker) for marker in markers]
    assert -1 not in positions, [m for m, p in zip(markers, positions, strict=True) if p == -1]
    assert positions == sorted(positions)


def test_article_counts_and_shows_only_approved_comments(client, article):
    html = client.get("/threat-modeling/").get_data(as_text=True)
    assert "Great read." in html and "Thanks!" in html
    assert "Held back" not in html and "Buy now" not in html
    assert "2 Comments" in html


def test_replies_are_nested_under_their_parent(client, article):
    html = client.get("/threat-modeling/").get_data(as_text=True)
    parent_at = html.index("Great read.")
    nested_list_at = html.index("comment-list--replies")
    assert parent_at < nested_list_at < html.index("Thanks!")


def test_comment_authors_email_is_never_shown(client, article):
    assert "reader@example.com" not in client.get("/threat-modeling/").get_data(as_text=True)


def test_author_without_bio_shows_no_bio_and_no_none(client, make):
    author = make.author(name="No Bio", bio=None)
    make.post(title="Plain", slug="plain", author=author)
    html = client.get("/plain/").get_data(as_text=True)
    assert "author-box__bio" not in html
    for word in ("None", "null", "undefined"):
        assert f">{word}<" not in html and f" {word} " not in html


def test_post_without_category_or_author_still_renders(client, make):
    make.post(title="Orphan", slug="orphan")
    response = client.get("/orphan/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Written By" not in html
    assert "None" not in html


def test_post_body_script_is_removed(client, make):
    make.post(slug="evil", body='<script>alert(1)</script>\n\n[x](javascript:alert(2))\n\n'
                                '<img src=x onerror="alert(3)">')
    html = client.get("/evil/").get_data(as_text=True)
    assert "<script>" not in html
    assert "javascript:" not in html.split("<a ")[-1] and 'href="javascript' not in html
    assert "onerror" not in html


def test_dates_use_the_site_timezone(app, client, make):
    from blog.site_settings import save_site_settings

    make.post(slug="late", published_at=datetime(2025, 5, 26, 23, 30, tzinfo=UTC))
    for zone, shown in [("Asia/Seoul", "May 27, 2025"), ("America/New_York", "May 26, 2025")]:
        with app.app_context():
            save_site_settings({"SITE_TIMEZONE": zone})
        assert shown in client.get("/late/").get_data(as_text=True)


def test_nested_page_answers_at_parent_child_path(client, make):
    about = make.post(title="About", slug="about", type="page")
    make.post(title="Our Team", slug="team", type="page", parent=about)
    response = client.get("/about/team/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Our Team" in html
    assert "Submit a Comment" not in html  # pages carry no comment form
    assert client.get("/team/").status_code == 404


def test_url_without_trailing_slash_redirects_with_308(client, make):
    make.post(slug="hello")
    for url, target in [("/hello", "/hello/"), ("/category/x", "/category/x/")]:
        response = client.get(url)
        assert response.status_code == 308
        assert response.headers["Location"].endswith(target)


def test_unknown_slug_is_the_sites_own_404(client):
    response = client.get("/no-such-thing/")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page not found" in html and "Explore More Stories" in html


def test_old_slug_redirects_permanently(app, client, make):
    from blog.extensions import db
    from blog.models import Redirect

    post = make.post(slug="new-name")
    with app.app_context():
        db.session.add(Redirect(old_path="old-name", post_id=post.id))
        db.session.commit()
    response = client.get("/old-name/")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/new-name/")
