"""The preview renders the reader's page from unsaved input and saves nothing."""

from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Post
from tests.admin.editor import editor_data, new_post_id, save_post


def test_preview_of_a_new_post_renders_the_readers_page_and_saves_nothing(app, client, login,
                                                                          make):
    make.post(title="Another story")
    author = make.author(name="Grace")
    data = editor_data(client, title="Unsaved idea", body="## Heading\n\nSome *text*",
                       author=str(author.id))
    response = client.post("/admin/posts/new/preview", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1" in html and "Unsaved idea" in html and "<em>text</em>" in html
    assert "Explore More Stories" in html and "Another story" in html  # the site's own base
    assert "Written By" in html and "Grace" in html
    assert "Preview" in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Post.id))) == 1


def test_preview_of_an_edit_shows_the_changes_without_saving(app, client, login):
    post_id = new_post_id(save_post(client, title="Saved", body="Saved body",
                                    status="published"))
    data = editor_data(client, f"/admin/posts/{post_id}/edit", body="Changed body")
    html = client.post(f"/admin/posts/{post_id}/preview", data=data).get_data(as_text=True)
    assert "Changed body" in html
    with app.app_context():
        assert db.session.get(Post, post_id).body_source == "Saved body"
    assert "Saved body" in client.get("/saved/").get_data(as_text=True)


def test_preview_with_a_reserved_title_still_renders(client, login):
    data = editor_data(client, title="Admin", body="x")
    assert client.post("/admin/posts/new/preview", data=data).status_code == 200


def test_preview_without_csrf_is_400(client, login):
    assert client.post("/admin/posts/new/preview", data={"title": "x"}).status_code == 400
