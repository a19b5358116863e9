"""Autosave (the editor's script posts here every 30 s): drafts only, no revision per
autosave, and never over a newer save."""

from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Post, Revision
from tests.admin.editor import editor_data, new_post_id, save_post


def _autosave(client, url: str, data: dict):
    return client.post(url, data=data, headers={"Accept": "application/json"})


def test_the_first_autosave_of_a_new_post_makes_a_draft_and_later_ones_update_it(
        app, client, login):
    data = editor_data(client, title="Work in progress", body="First lines.")
    first = _autosave(client, "/admin/posts/autosave", data)
    answer = first.get_json()
    assert first.status_code == 200 and answer["saved"]
    assert answer["edit_url"] == f"/admin/posts/{answer['post_id']}/edit"
    data.update(body="First lines, and more.", version=str(answer["version"]))
    second = _autosave(client, answer["autosave_url"], data).get_json()
    assert second["saved"] and second["version"] == answer["version"] + 1
    with app.app_context():
        post = db.session.get(Post, answer["post_id"])
        assert (post.status, post.body_source) == ("draft", "First lines, and more.")
        revisions = db.session.scalar(select(func.count(Revision.id)))
    assert revisions == 1  # the creation; autosaves keep no history of their own
    # The writer's Save, with the version the last autosave gave, is no conflict.
    data.update(version=str(second["version"]), action="save")
    assert client.post(answer["edit_url"], data=data).status_code == 303


def test_an_autosave_never_writes_over_a_newer_save(app, client, login):
    post_id = new_post_id(save_post(client, title="Shared draft", body="Version one."))
    url = f"/admin/posts/{post_id}/edit"
    stale = editor_data(client, url, body="Typed in an old tab.")
    save_post(client, url, body="Saved in another tab.")
    response = _autosave(client, f"/admin/posts/{post_id}/autosave", stale)
    assert response.status_code == 409 and response.get_json()["reason"] == "stale"
    with app.app_context():
        assert db.session.get(Post, post_id).body_source == "Saved in another tab."


def test_autosave_never_publishes(app, client, login, make):
    live = make.post(title="Live", slug="live", body="Public words.")
    data = editor_data(client, f"/admin/posts/{live.id}/edit", body="Half-finished edit")
    response = _autosave(client, f"/admin/posts/{live.id}/autosave", data)
    assert response.status_code == 409 and response.get_json()["reason"] == "not-a-draft"
    data = editor_data(client, title="Wants out", status="published")
    assert _autosave(client, "/admin/posts/autosave", data).status_code == 409
    with app.app_context():
        assert db.session.get(Post, live.id).body_source == "Public words."
        assert db.session.scalar(select(func.count(Post.id))) == 1


def test_an_autosave_without_a_title_waits(client, login):
    data = editor_data(client, title="", body="Notes")
    response = _autosave(client, "/admin/posts/autosave", data)
    assert response.status_code == 422 and response.get_json()["fields"] == ["title"]


def test_an_autosave_after_the_session_ended_is_401_and_keeps_the_text(app, client, login):
    data = editor_data(client, title="Late night", body="Words at 2 am.")
    with client.session_transaction() as session:
        session["admin_login_at"] -= (app.config["ADMIN_SESSION_HOURS"] + 1) * 3600
    response = _autosave(client, "/admin/posts/autosave", data)
    assert response.status_code == 401
    assert response.get_json()["kept"] is True


def test_an_autosave_with_a_stale_token_gets_a_fresh_one(client, login):
    data = editor_data(client, title="Token", body="x")
    data["csrf_token"] = "old"
    response = _autosave(client, "/admin/posts/autosave", data)
    answer = response.get_json()
    assert response.status_code == 400 and answer["reason"] == "form-expired"
    data["csrf_token"] = answer["csrf_token"]
    assert _autosave(client, "/admin/posts/autosave", data).get_json()["saved"]
