"""Preview links: a draft shown to a reviewer without a login; unguessable, revocable, never
cached or indexed, ended by publication."""

import re
from datetime import timedelta

from sqlalchemy import select

from blog.extensions import db
from blog.models import Post, PreviewLink, utcnow
from tests.admin.editor import save_post
from tests.conftest import csrf_token_from


def _make_link(client, post_id: int) -> str:
    page = client.get(f"/admin/posts/{post_id}/edit").get_data(as_text=True)
    client.post(f"/admin/posts/{post_id}/preview-links",
                data={"csrf_token": csrf_token_from(page)})
    page = client.get(f"/admin/posts/{post_id}/edit").get_data(as_text=True)
    return re.search(r'value="http://localhost(/preview/[\w-]+/)"', page).group(1)


def test_a_reviewer_without_a_login_reads_the_draft(app, client, login, make):
    draft = make.post(title="Embargoed launch", slug="launch", status="draft",
                      body="Secret until Tuesday.", published_at=None)
    url = _make_link(client, draft.id)
    assert len(url.split("/")[2]) >= 43  # 256 random bits
    reviewer = app.test_client()
    response = reviewer.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Embargoed launch" in html and "Secret until Tuesday." in html
    assert "not published yet" in html and "Submit a Comment" not in html
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert reviewer.get("/launch/").status_code == 404  # the post itself is still private


def test_a_revoked_link_stops_at_once(app, client, login, make):
    draft = make.post(title="Revoke me", status="draft", published_at=None)
    url = _make_link(client, draft.id)
    reviewer = app.test_client()
    assert reviewer.get(url).status_code == 200
    with app.app_context():
        link_id = db.session.scalar(select(PreviewLink.id))
    page = client.get(f"/admin/posts/{draft.id}/edit").get_data(as_text=True)
    client.post(f"/admin/posts/{draft.id}/preview-links/{link_id}/revoke",
                data={"csrf_token": csrf_token_from(page)})
    assert reviewer.get(url).status_code == 404  # never served from a cache


def test_publishing_ends_the_links(app, client, login, make):
    draft = make.post(title="Goes out", slug="goes-out", status="draft", published_at=None)
    url = _make_link(client, draft.id)
    save_post(client, f"/admin/posts/{draft.id}/edit", status="published")
    assert app.test_client().get(url).status_code == 404
    with app.app_context():
        assert db.session.scalars(select(PreviewLink)).all() == []


def test_a_scheduled_posts_link_ends_when_its_time_comes(app, client, login, make):
    post = make.post(title="Later", status="scheduled",
                     published_at=utcnow() + timedelta(days=1))
    url = _make_link(client, post.id)
    assert app.test_client().get(url).status_code == 200
    with app.app_context():
        db.session.get(Post, post.id).published_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert app.test_client().get(url).status_code == 404


def test_unknown_and_malformed_tokens_are_404(client):
    for url in ("/preview/" + "a" * 43 + "/", "/preview/short/", "/preview/%00%ff/"):
        assert client.get(url).status_code == 404


def test_a_public_post_offers_no_preview_link(client, login, make):
    post = make.post(title="Already out")
    html = client.get(f"/admin/posts/{post.id}/edit").get_data(as_text=True)
    assert "Share a preview" not in html


def test_preview_is_a_reserved_slug(app, client, login):
    response = save_post(client, title="Preview")
    with app.app_context():
        assert db.session.scalar(select(Post.slug)) == "preview-2"
    assert response.status_code == 303
