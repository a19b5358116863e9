"""A Save from an ended session keeps everything typed: held for the account on the server
(not in the URL, not in a big cookie), put back into the editor after the next login."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from blog.admin.services.held_text import HELD_TEXT_HOURS
from blog.extensions import db
from blog.models import HeldText, Post
from tests.admin.conftest import PASSWORD
from tests.admin.editor import editor_data, form_values
from tests.conftest import csrf_token_from

ESSAY = "Three hours of careful writing.\n\n" + "A long paragraph. " * 400
SAME_ORIGIN = {"Origin": "http://localhost"}


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def _age_the_login(client, hours: float) -> None:
    with client.session_transaction() as session:
        session["admin_login_at"] -= hours * 3600


def _log_in_on(client, response):
    """Log in through the form the 401 page itself shows."""
    html = response.get_data(as_text=True)
    action = html.split('<form method="post" action="', 1)[1].split('"', 1)[0]
    return client.post(action.replace("&amp;", "&"), data={
        "username": "admin", "password": PASSWORD, "csrf_token": csrf_token_from(html)})


def test_a_save_after_the_login_expired_keeps_the_text_for_after_the_next_login(
        app, client, login):
    data = editor_data(client, title="Long essay", body=ESSAY, tags="writing, craft")
    _age_the_login(client, app.config["ADMIN_SESSION_HOURS"] + 1)
    response = client.post("/admin/posts/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "your text is kept" in html and "Log in" in html
    assert _count(app, Post) == 0
    cookie = response.headers.get("Set-Cookie", "")
    assert "careful" not in cookie and len(cookie) < 600  # a token, not the text
    after_login = _log_in_on(client, response)
    assert after_login.status_code == 303
    assert after_login.headers["Location"] == "/admin/posts/new"
    assert "careful" not in after_login.headers["Location"]
    editor = client.get("/admin/posts/new").get_data(as_text=True)
    values = form_values(editor)
    assert values["title"] == "Long essay"
    assert values["body"].replace("\r\n", "\n").removeprefix("\n") == ESSAY
    assert values["tags"] == "writing, craft"
    assert "was not saved yet" in editor
    # Handed back once: the next visit is an empty editor again.
    assert form_values(client.get("/admin/posts/new").get_data(as_text=True))["title"] == ""


def test_an_edit_of_a_saved_post_comes_back_to_that_posts_editor(app, client, login, make):
    post = make.post(title="Published piece", body="Old words.")
    url = f"/admin/posts/{post.id}/edit"
    data = editor_data(client, url, body="New words I must not lose.")
    _age_the_login(client, app.config["ADMIN_SESSION_HOURS"] + 1)
    response = client.post(url, data=data)
    assert response.status_code == 401
    assert _log_in_on(client, response).headers["Location"] == url
    assert "New words I must not lose." in client.get(url).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Post, post.id).body_source == "Old words."


def test_a_save_with_the_session_gone_is_held_for_whoever_logs_in_here(app, client, login):
    data = editor_data(client, title="Tab left open", body="Typed before the restart.")
    client.delete_cookie("session")  # the browser was restarted: no session at all
    response = client.post("/admin/posts/new", data=data, headers=SAME_ORIGIN)
    assert response.status_code == 401 and "your text is kept" in response.get_data(as_text=True)
    _log_in_on(client, response)
    assert "Typed before the restart." in client.get("/admin/posts/new").get_data(as_text=True)


def test_a_post_from_another_site_is_not_held(app, client, login):
    data = editor_data(client, title="Planted", body="Text from elsewhere.")
    client.delete_cookie("session")
    response = client.post("/admin/posts/new", data=data,
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 401
    assert "your text is kept" not in response.get_data(as_text=True)
    assert _count(app, HeldText) == 0


def test_a_stale_form_while_logged_in_shows_the_editor_again_with_the_text(app, client, login):
    data = editor_data(client, title="Stale token", body="Still mine.")
    data["csrf_token"] = "expired-token"
    response = client.post("/admin/posts/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Still mine." in html and 'value="Stale token"' in html
    assert "The form had expired" in html
    assert _count(app, Post) == 0


def test_held_text_expires(app, client, login):
    data = editor_data(client, title="Old", body="From the day before yesterday.")
    _age_the_login(client, app.config["ADMIN_SESSION_HOURS"] + 1)
    response = client.post("/admin/posts/new", data=data)
    with app.app_context():
        held = db.session.scalar(select(HeldText))
        held.created_at -= timedelta(hours=HELD_TEXT_HOURS + 1)
        db.session.commit()
    _log_in_on(client, response)
    assert "From the day before" not in client.get("/admin/posts/new").get_data(as_text=True)


@pytest.mark.parametrize("hours", [0.5])
def test_a_fresh_login_is_not_affected(client, login, hours):
    _age_the_login(client, hours)
    assert client.get("/admin/posts/new").status_code == 200
