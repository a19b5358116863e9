"""No lost edits: the stale-save 409, the revision history and restore."""

from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Post, Revision
from tests.admin.editor import editor_data, new_post_id, save_post
from tests.conftest import csrf_token_from


def test_saving_over_a_newer_version_is_409_and_shows_both(app, client, login):
    post_id = new_post_id(save_post(client, title="Shared", body="Original text"))
    url = f"/admin/posts/{post_id}/edit"
    stale = editor_data(client, url, body="Tab one's text")  # loaded at version 1
    assert save_post(client, url, body="Tab two's text").status_code == 303  # now version 2
    response = client.post(url, data=stale)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Tab two&#39;s text" in html and "Tab one&#39;s text" in html
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert (post.body_source, post.version) == ("Tab two's text", 2)
    # Saving the conflict page again is a knowing overwrite.
    again = dict(stale, version="2",
                 csrf_token=csrf_token_from(html))
    assert client.post(url, data=again).status_code == 303
    with app.app_context():
        assert db.session.get(Post, post_id).body_source == "Tab one's text"


def test_every_save_is_a_revision_and_only_25_are_kept(app, client, login):
    post_id = new_post_id(save_post(client, title="Busy", body="v1"))
    url = f"/admin/posts/{post_id}/edit"
    for n in range(2, 31):
        assert save_post(client, url, body=f"v{n}").status_code == 303
    with app.app_context():
        versions = db.session.scalars(
            select(Revision.version).where(Revision.post_id == post_id)
            .order_by(Revision.version)).all()
        assert versions == list(range(6, 31))
    html = client.get(f"/admin/posts/{post_id}/revisions/").get_data(as_text=True)
    assert html.count("/revisions/") >= 25


def test_a_revision_shows_its_text_and_can_be_restored(app, client, login):
    post_id = new_post_id(save_post(client, title="First title", body="First body"))
    save_post(client, f"/admin/posts/{post_id}/edit", title="Second title", body="Second body")
    with app.app_context():
        first = db.session.scalar(select(Revision).where(Revision.version == 1))
        first_id = first.id
    page = client.get(f"/admin/posts/{post_id}/revisions/{first_id}")
    html = page.get_data(as_text=True)
    assert "First body" in html and "Restore this version" in html
    assert "-First body" in html and "+Second body" in html  # the diff to the current text
    response = client.post(f"/admin/posts/{post_id}/revisions/{first_id}/restore",
                           data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 303
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert (post.title, post.body_source, post.version) == ("First title", "First body", 3)
        assert str(post.body_html) == "<p>First body</p>\n"
        count = db.session.scalar(select(func.count(Revision.id)))
        assert count == 3  # the second version is still in the history


def test_revision_of_another_post_is_404(client, login):
    a = new_post_id(save_post(client, title="A"))
    b = new_post_id(save_post(client, title="B"))
    with client.application.app_context():
        rev_b = db.session.scalar(select(Revision.id).where(Revision.post_id == b))
    assert client.get(f"/admin/posts/{a}/revisions/{rev_b}").status_code == 404


def test_first_edit_of_an_imported_post_keeps_its_original_text(app, client, login, make):
    post = make.post(title="Imported", body="Words from WordPress")
    html = client.get(f"/admin/posts/{post.id}/revisions/").get_data(as_text=True)
    assert "No saved versions yet" in html
    save_post(client, f"/admin/posts/{post.id}/edit", body="Rewritten")
    with app.app_context():
        bodies = db.session.scalars(select(Revision.body_source).where(
            Revision.post_id == post.id).order_by(Revision.version)).all()
    assert bodies == ["Words from WordPress", "Rewritten"]
