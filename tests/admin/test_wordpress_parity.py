"""The editor's WordPress fields: other categories, visibility, sticky, featured image; and a
private post, which only the logged-in admin sees."""

import re

from blog.extensions import db
from blog.models import Post
from tests.admin.editor import editor_data, new_post_id
from tests.parity.helpers import upload_row


def _saved(app, post_id: int) -> Post:
    with app.app_context():
        post = db.session.get(Post, post_id)
        _ = (post.extra_categories, post.featured_image)
        db.session.expunge(post)
        return post


def test_the_editor_saves_several_categories_visibility_sticky_and_a_featured_image(
        app, client, login, make):
    primary = make.category(name="Systems", slug="systems")
    other = make.category(name="Culture", slug="culture")
    cover = upload_row(app)
    html = client.get("/admin/posts/new").get_data(as_text=True)
    assert 'name="categories" type="checkbox"' in html
    assert f'name="featured_image" value="{cover}"' in html
    data = editor_data(client, title="Many Hats", body="Text.", status="published",
                       category=str(primary.id), visibility="password",
                       post_password="letmein", sticky="y", featured_image=str(cover))
    data["categories"] = [str(other.id), str(primary.id)]
    post_id = new_post_id(client.post("/admin/posts/new", data=data))
    post = _saved(app, post_id)
    assert post.category_id == primary.id
    assert [c.slug for c in post.extra_categories] == ["culture"]
    assert (post.visibility, post.post_password, post.sticky) == ("password", "letmein", True)
    assert post.featured_image.id == cover
    edit = client.get(f"/admin/posts/{post_id}/edit").get_data(as_text=True)
    assert re.search(rf'<input checked id="categories-\d+" name="categories" type="checkbox"'
                     rf' value="{other.id}">', edit)
    assert 'value="letmein"' in edit
    assert f'id="featured_image-{cover}" name="featured_image" value="{cover}" checked' in edit


def test_a_password_post_needs_a_password(client, login):
    answer = client.post("/admin/posts/new", data=editor_data(
        client, title="Locked", body="x", visibility="password", post_password=""))
    assert answer.status_code == 422
    assert "A password-protected post needs a password." in answer.get_data(as_text=True)


def test_a_featured_image_in_use_is_listed_before_it_is_deleted(app, client, login, make):
    cover = upload_row(app)
    post = make.post(title="Cover Story", slug="cover-story")
    with app.app_context():
        from blog.models import Upload
        db.session.get(Post, post.id).featured_image = db.session.get(Upload, cover)
        db.session.commit()
    page = client.get(f"/admin/uploads/{cover}/delete").get_data(as_text=True)
    assert "Cover Story" in page


def test_a_private_post_is_shown_to_the_logged_in_admin_only(app, client, login, make):
    make.post(title="Board Minutes", slug="minutes", visibility="private", body="Agenda.")
    assert client.get("/minutes/").status_code == 200
    assert "Agenda." in client.get("/minutes/").get_data(as_text=True)
    assert app.test_client().get("/minutes/").status_code == 404


def test_held_text_keeps_visibility_and_every_category(app, client, login, make):
    """A Save after the login ended must not bring a password-protected post back public."""
    from tests.admin.test_never_lose_text import _age_the_login, _log_in_on

    systems, culture = make.category(slug="systems"), make.category(slug="culture")
    data = editor_data(client, title="Guarded", body="Words.", visibility="password",
                       post_password="letmein", category=str(systems.id))
    data["categories"] = [str(culture.id)]
    _age_the_login(client, app.config["ADMIN_SESSION_HOURS"] + 1)
    held = client.post("/admin/posts/new", data=data)
    assert held.status_code == 401
    assert _log_in_on(client, held).status_code == 303
    editor = client.get("/admin/posts/new").get_data(as_text=True)
    assert 'checked id="visibility-2" name="visibility" type="radio" value="password"' in editor
    assert 'value="letmein"' in editor
    assert re.search(rf'<input checked id="categories-\d+" name="categories" type="checkbox"'
                     rf' value="{culture.id}">', editor)
