"""A comment replaces only the cached pages that show its post, and no page is ever served stale.

The oracle: after each kind of change, every page read through the warm cache (the layer in
front of Flask and Flask's own path) must equal the same page rendered by an app with no page
cache on the same database, but for each reader's own tokens.
"""

import re

import pytest
from flask import request_started

from blog import create_app
from blog.extensions import db
from blog.models import Author, Category, Comment, Post, Tag
from blog.site_settings import save_site_settings
from tests.comments.conftest import STAMP_RE
from tests.conftest import csrf_token_from

_PER_READER = re.compile(r'(name="(?:csrf_token|stamp)"[^>]*value=")[^"]*"|'
                         r'(<meta name="csrf-token" content=")[^"]*"')


def _comparable(html: str) -> str:
    return _PER_READER.sub(lambda m: (m.group(1) or m.group(2)) + '"', html)


@pytest.fixture
def site(app, make):
    news = make.category(name="News", slug="news")
    writer = make.author(name="Ada Writer", slug="ada-writer", bio="Writes about queues.")
    topic = make.tag(name="Queues", slug="queues")
    posts = {}
    for slug in ("alpha", "beta", "gamma"):
        posts[slug] = make.post(title=f"Story {slug}", slug=slug, category_id=news.id,
                                author_id=writer.id)
    with app.app_context():
        alpha = db.session.get(Post, posts["alpha"].id)  # held: the session keeps it weakly
        alpha.tags.append(db.session.get(Tag, topic.id))
        db.session.commit()
    make.comment(posts["alpha"], body="First approved word on alpha.")
    make.comment(posts["beta"], body="First approved word on beta.")
    return posts


@pytest.fixture
def uncached(app):
    """The same site rendered with no page cache: what every reader must see."""
    fresh = create_app({**{k: app.config[k] for k in (
        "TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "UPLOAD_FOLDER")},
        "SERVER_NAME": None, "PAGE_CACHE": False})
    yield fresh
    with fresh.app_context():
        db.session.remove()
        db.engine.dispose()


PAGES = ["/", "/alpha/", "/beta/", "/gamma/", "/search/?q=story", "/feed/", "/alpha/feed/",
         "/beta/feed/", "/category/news/", "/tag/queues/", "/author/ada-writer/"]


def _read_all(client, pages) -> dict[str, str]:
    out = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        out[url] = _comparable(response.get_data(as_text=True))
    return out


def _flask_handled(app):
    handled: list[str] = []

    def note(sender, **_extra):
        from flask import request

        handled.append(request.path)

    request_started.connect(note, app)
    return handled, lambda: request_started.disconnect(note, app)


def _comment(app, comment_id: int) -> Comment:
    return db.session.get(Comment, comment_id)


def _approved_on(app, slug: str) -> int:
    with app.app_context():
        post = db.session.scalar(db.select(Post).where(Post.slug == slug))
        return db.session.scalar(db.select(Comment.id).where(
            Comment.post_id == post.id, Comment.status == "approved").limit(1))


def _untag(post: Post) -> None:
    held = db.session.get(Post, post.id)  # the session keeps it weakly until it changes
    held.tags.clear()


def _change(app, action):
    with app.app_context():
        action()
        db.session.commit()


CHANGES = {
    "comment approved on alpha": lambda app, make, site: make.comment(
        site["alpha"], body="A new approved comment on alpha."),
    "held comment approved": lambda app, make, site: _change(app, lambda: setattr(
        _comment(app, make.comment(site["gamma"], body="Held, then approved.",
                                   status="pending").id), "status", "approved")),
    "approved comment marked spam": lambda app, make, site: _change(app, lambda: setattr(
        _comment(app, _approved_on(app, "alpha")), "status", "spam")),
    "approved comment deleted": lambda app, make, site: _change(app, lambda: db.session.delete(
        _comment(app, _approved_on(app, "beta")))),
    "approved comment edited": lambda app, make, site: _change(app, lambda: setattr(
        _comment(app, _approved_on(app, "beta")), "body_html", "<p>Edited by the admin.</p>")),
    "post retitled": lambda app, make, site: _change(app, lambda: setattr(
        db.session.get(Post, site["gamma"].id), "title", "Gamma, retitled")),
    "new post": lambda app, make, site: make.post(title="Story delta", slug="delta"),
    "setting": lambda app, make, site: _change(app, lambda: save_site_settings(
        {"SITE_TITLE": "A renamed site"})),
    "category renamed": lambda app, make, site: _change(app, lambda: setattr(
        db.session.scalar(db.select(Category)), "name", "Dispatches")),
    "tag renamed": lambda app, make, site: _change(app, lambda: setattr(
        db.session.scalar(db.select(Tag)), "name", "Message queues")),
    "tag taken off a post": lambda app, make, site: _change(app, lambda: _untag(site["alpha"])),
    "author renamed and bio edited": lambda app, make, site: _change(app, lambda: (
        setattr(db.session.scalar(db.select(Author)), "name", "Ada Lovelace"),
        setattr(db.session.scalar(db.select(Author)), "bio", "Now writes about engines."))),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_no_page_is_stale_after_a_change(app, make, site, uncached, change):
    client, pages = app.test_client(), PAGES
    for _ in range(2):  # rendered, then answered from the cache (plain parts cut out)
        _read_all(client, pages)
    CHANGES[change](app, make, site)
    assert _read_all(client, pages) == _read_all(uncached.test_client(), pages)
    assert _read_all(client, pages) == _read_all(uncached.test_client(), pages)


def test_a_comment_renders_again_only_the_pages_that_show_its_post(app, make, site):
    client = app.test_client()
    make.post(title="Story epsilon", slug="epsilon")  # older stories fall out of the sidebar?
    pages = ["/alpha/", "/beta/", "/gamma/", "/alpha/feed/", "/beta/feed/"]
    for _ in range(2):
        _read_all(client, pages)
    handled, stop = _flask_handled(app)
    try:
        make.comment(site["beta"], body="Only beta's pages change.")
        _read_all(client, pages)
    finally:
        stop()
    # Alpha and gamma list beta in their sidebar, but a sidebar shows no comment count.
    assert sorted(handled) == ["/beta/", "/beta/feed/"]


def test_an_article_rendered_again_after_a_comment_takes_comments_from_its_form(app, make, site):
    """The re-rendered page keeps the comment form it had (its plain part carried forward):
    a reader of it gets a fresh token and stamp, and the comment they send is taken."""
    client = app.test_client()
    for _ in range(2):
        client.get("/beta/")
    make.comment(site["beta"], body="A comment that makes beta stale.")
    handled, stop = _flask_handled(app)
    try:
        html = client.get("/beta/").get_data(as_text=True)
    finally:
        stop()
    assert handled == ["/beta/"] and "A comment that makes beta stale." in html
    app.config.update(COMMENTS_MIN_SECONDS=0, COMMENTS_RATE_LIMIT="1000 per second",
                      COMMENT_POSTS_RATE_LIMIT="1000 per second")
    sent = client.post("/beta/comments", data={
        "csrf_token": csrf_token_from(html), "stamp": STAMP_RE.search(html).group(1),
        "name": "Reader", "email": "r@example.com", "body": "Sent from the re-rendered page."})
    assert sent.status_code == 303, sent.get_data(as_text=True)[:500]
    with app.app_context():
        assert db.session.scalar(db.select(Comment.id).where(
            Comment.body_source == "Sent from the re-rendered page.")) is not None


def test_a_held_comment_renders_nothing_again(app, make, site):
    client, pages = app.test_client(), PAGES
    for _ in range(2):
        _read_all(client, pages)
    handled, stop = _flask_handled(app)
    try:
        make.comment(site["alpha"], body="Waiting for the admin.", status="pending")
        make.comment(site["beta"], body="Buy pills.", status="spam")
        _read_all(client, pages)
    finally:
        stop()
    assert handled == []


def test_a_comment_on_a_post_no_page_shows_leaves_the_lists_alone(app, make, site):
    """A comment on an article only its own URL shows (an old one, past the sidebar and the
    first page of every list) re-renders that article and its feed, nothing else."""
    from datetime import timedelta

    from blog.models import utcnow

    old = make.post(title="An old story", slug="old-story",
                    published_at=utcnow() - timedelta(days=3000))
    for n in range(12):
        make.post(title=f"Newer {n}", slug=f"newer-{n}")
    client = app.test_client()
    pages = ["/", "/alpha/", "/feed/", "/old-story/"]
    for _ in range(2):
        _read_all(client, pages)
    handled, stop = _flask_handled(app)
    try:
        make.comment(old, body="Someone still reads this.")
        html = _read_all(client, pages)
    finally:
        stop()
    assert handled == ["/old-story/"]
    assert "Someone still reads this." in html["/old-story/"]


def test_a_comment_committed_while_its_page_renders_is_shown_next_time(app, make, site):
    """The page was read before the comment and stored after it: it must count as stale."""
    from flask import template_rendered

    committed = []

    def comment_meanwhile(sender, template, **_extra):
        if not committed and template.name == "articles/post.html":
            committed.append(make.comment(site["gamma"], body="Sent during the render."))

    client = app.test_client()
    template_rendered.connect(comment_meanwhile, app)
    try:
        first = client.get("/gamma/").get_data(as_text=True)
    finally:
        template_rendered.disconnect(comment_meanwhile, app)
    assert committed and "Sent during the render." not in first
    assert "Sent during the render." in client.get("/gamma/").get_data(as_text=True)
