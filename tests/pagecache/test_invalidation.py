"""A cached page changes exactly when content on it changes: posts, approved comments, settings,
terms, the sidebar; and when a scheduled post's time comes, with no request in between."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import update

from blog.articles import services as article_services
from blog.extensions import db
from blog.models import Category, Comment, Post, utcnow
from blog.pagecache import generation as content_generation
from blog.pagecache.generation import store
from blog.site_settings import save_site_settings


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def _generation(app) -> str:
    with app.app_context():
        return store().current()


def test_a_new_post_appears_on_the_warm_front_page_and_sidebar(app, client, make):
    make.post(title="Older story", slug="older")
    assert "Fresh story" not in _html(client, "/")
    assert "Fresh story" not in _html(client, "/older/")
    make.post(title="Fresh story", slug="fresh", published_at=utcnow())
    assert "Fresh story" in _html(client, "/")
    assert "Fresh story" in _html(client, "/older/")  # the "Explore More Stories" sidebar


def test_editing_a_post_updates_its_cached_page(app, client, make):
    post = make.post(title="Before the edit", slug="edited")
    assert "Before the edit" in _html(client, "/edited/")
    with app.app_context():
        db.session.get(Post, post.id).title = "After the edit"
        db.session.commit()
    html = _html(client, "/edited/")
    assert "After the edit" in html and "Before the edit" not in html


def test_approving_a_comment_updates_the_count_and_thread(app, client, make):
    post = make.post(slug="discussed")
    held = make.comment(post, status="pending", body="Waiting for the admin.")
    html = _html(client, "/discussed/")
    assert "0 Comments" in html and "Waiting for the admin." not in html
    with app.app_context():
        db.session.get(Comment, held.id).status = "approved"
        db.session.commit()
    html = _html(client, "/discussed/")
    assert "1 Comment" in html and "Waiting for the admin." in html


def test_a_held_comment_leaves_cached_pages_alone(app, client, make):
    post = make.post(slug="quiet")
    _html(client, "/quiet/")
    before = _generation(app)
    make.comment(post, status="pending")
    make.comment(post, status="spam")
    assert _generation(app) == before


def test_a_changed_setting_shows_on_every_cached_page(app, client, make):
    make.post(slug="settings-post")
    for url in ("/", "/settings-post/"):
        assert "A Brand New Title" not in _html(client, url)
    with app.app_context():
        save_site_settings({"SITE_TITLE": "A Brand New Title"})
    for url in ("/", "/settings-post/"):
        assert "A Brand New Title" in _html(client, url)


def test_renaming_a_category_updates_archives_and_articles(app, client, make):
    category = make.category(name="Old Name", slug="renamed")
    make.post(slug="in-category", category=category)
    assert "Old Name" in _html(client, "/category/renamed/")
    assert "Old Name" in _html(client, "/in-category/")
    with app.app_context():
        db.session.get(Category, category.id).name = "New Name"
        db.session.commit()
    assert "New Name" in _html(client, "/category/renamed/")
    assert "New Name" in _html(client, "/in-category/")


def test_bulk_statements_bump_the_generation_too(app, make):
    post = make.post(slug="bulk")
    make.comment(post, status="pending")
    before = _generation(app)
    with app.app_context():
        db.session.execute(update(Comment).values(status="approved"))
        db.session.commit()
    assert _generation(app) != before


def test_a_scheduled_post_appears_when_its_time_comes_with_the_cache_warm(client, make,
                                                                          monkeypatch):
    make.post(title="Already out", slug="out")
    make.post(title="Coming soon", slug="soon", status="scheduled",
              published_at=utcnow() + timedelta(hours=1))
    assert "Coming soon" not in _html(client, "/")
    assert "Coming soon" not in _html(client, "/out/")
    assert client.get("/soon/").status_code == 404

    # Two hours pass: nothing is written, the cached pages are still there.
    later = utcnow() + timedelta(hours=2)
    for module in (content_generation, article_services):
        monkeypatch.setattr(module, "utcnow", lambda: later)
    assert "Coming soon" in _html(client, "/")
    assert "Coming soon" in _html(client, "/out/")
    assert client.get("/soon/").status_code == 200


def test_two_workers_sharing_one_sqlite_file_see_each_others_changes(app, database_url, make):
    """Workers are processes with their own memory cache: the generation file tells them all."""
    from blog import create_app

    other_worker = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                               "SECRET_KEY": current_secret(app)})
    make.post(title="First", slug="first")
    mine, theirs = app.test_client(), other_worker.test_client()
    assert "Second" not in _html(mine, "/") and "Second" not in _html(theirs, "/")
    with other_worker.app_context():  # the write happens in the other worker
        db.session.add(Post(title="Second", slug="second", path="second", status="published",
                            published_at=utcnow(), body_html="<p>x</p>"))
        db.session.commit()
    assert "Second" in _html(mine, "/")
    assert "Second" in _html(theirs, "/")
    with other_worker.app_context():
        db.session.remove()
        db.engine.dispose()


def current_secret(app) -> str:
    with app.app_context():
        return current_app.config["SECRET_KEY"]


def test_feeds_and_search_follow_new_posts_with_the_cache_warm(client, make):
    category = make.category(slug="news")
    make.post(title="Zebra crossing basics", slug="zebra-1", category=category)
    urls = ("/feed/", "/feed/atom/", "/category/news/feed/", "/search/?q=zebra")
    for url in urls:
        assert "Zebra migration patterns" not in _html(client, url)
    make.post(title="Zebra migration patterns", slug="zebra-2", category=category,
              published_at=utcnow())
    for url in urls:
        assert "Zebra migration patterns" in _html(client, url), url


def test_a_feed_still_answers_304_from_the_cache(client, make):
    make.post(title="Feed item", slug="feed-item")
    first = client.get("/feed/")
    cached = client.get("/feed/")
    assert cached.headers["ETag"].strip("W/") == first.headers["ETag"].strip("W/")
    assert cached.headers["Last-Modified"] == first.headers["Last-Modified"]
    again = client.get("/feed/", headers={"If-None-Match": cached.headers["ETag"]})
    assert again.status_code == 304
