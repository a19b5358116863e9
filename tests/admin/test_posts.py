"""Writing, publishing, scheduling and previewing posts through the editor."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Post, Tag, utcnow
from tests.admin.editor import editor_data, new_post_id, save_post


def _post(app, post_id) -> Post:
    with app.app_context():
        post = db.session.get(Post, post_id)
        db.session.expunge(post)
        return post


def test_draft_is_saved_and_hidden_from_readers(app, client, login):
    post_id = new_post_id(save_post(client, title="My first draft", body="Hello **world**"))
    post = _post(app, post_id)
    assert (post.status, post.slug, post.path) == ("draft", "my-first-draft", "my-first-draft")
    assert str(post.body_html) == "<p>Hello <strong>world</strong></p>\n"
    assert client.get("/my-first-draft/").status_code == 404
    preview = client.get(f"/admin/posts/{post_id}/preview")
    assert preview.status_code == 200
    assert "My first draft" in preview.get_data(as_text=True)


def test_draft_preview_url_needs_the_login(app, client, login, token):
    post_id = new_post_id(save_post(client, title="Secret plans"))
    client.post("/admin/logout", data={"csrf_token": token()})
    response = client.get(f"/admin/posts/{post_id}/preview")
    assert response.status_code == 302
    assert "Secret plans" not in response.get_data(as_text=True)


def test_publish_without_date_goes_live_now(app, client, login):
    before = utcnow()
    post_id = new_post_id(save_post(client, title="Live now", body="Text", status="published"))
    post = _post(app, post_id)
    assert before - timedelta(seconds=1) <= post.published_at <= utcnow()
    page = client.get("/live-now/")
    assert page.status_code == 200
    assert "<h1" in page.get_data(as_text=True) and "Live now" in page.get_data(as_text=True)


def test_scheduled_post_appears_by_itself_when_its_time_comes(app, client, login):
    when = (utcnow() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    post_id = new_post_id(save_post(client, title="Tomorrow news", status="scheduled",
                                    published_at=when))
    assert client.get("/tomorrow-news/").status_code == 404
    assert client.get(f"/admin/posts/{post_id}/preview").status_code == 200
    with app.app_context():  # time passes
        db.session.get(Post, post_id).published_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert client.get("/tomorrow-news/").status_code == 200


def test_publish_date_is_read_in_the_site_timezone(app, client, login):
    from blog.site_settings import save_site_settings
    with app.app_context():
        save_site_settings({"SITE_TIMEZONE": "Europe/Berlin"})
    post_id = new_post_id(save_post(client, title="Berlin", status="published",
                                    published_at="2025-05-26T12:00"))
    assert _post(app, post_id).published_at.strftime("%H:%M") == "10:00"  # CEST is UTC+2


def test_scheduled_without_date_is_422_with_input_kept(client, login):
    response = save_post(client, title="Keep me", body="My precious words", status="scheduled")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "A scheduled post needs a publish date." in html
    assert "My precious words" in html and 'value="Keep me"' in html


def test_missing_title_is_422_next_to_the_field(client, login):
    response = save_post(client, title="", body="Body kept")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="title-error"' in html and "Body kept" in html
    with client.application.app_context():
        assert db.session.scalar(select(func.count(Post.id))) == 0


def test_body_html_is_sanitised(app, client, login):
    post_id = new_post_id(save_post(client, title="XSS", body="Hi <script>alert(1)</script>"))
    assert "<script" not in str(_post(app, post_id).body_html)


def test_tags_category_and_author_are_saved(app, client, login, make):
    category = make.category(name="Security")
    author = make.author(name="Ada")
    make.tag(name="Python", slug="python")
    post_id = new_post_id(save_post(client, title="Tagged", tags="python, Web Apps, ,web apps",
                                    category=str(category.id), author=str(author.id),
                                    status="published"))
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert sorted(t.name for t in post.tags) == ["Python", "Web Apps"]
        assert (post.category.name, post.author.name) == ("Security", "Ada")
        assert db.session.scalar(select(func.count(Tag.id))) == 2
    html = client.get("/tagged/").get_data(as_text=True)
    assert "Security" in html and "Written By" in html and "Ada" in html


def test_allow_comments_unticked_closes_comments(app, client, login):
    data = editor_data(client, title="Quiet", status="published")
    del data["allow_comments"]
    post_id = new_post_id(client.post("/admin/posts/new", data=data))
    assert _post(app, post_id).allow_comments is False


def test_edit_page_shows_the_saved_values(client, login, make):
    post = make.post(title="Saved title", body="Saved *body*")
    html = client.get(f"/admin/posts/{post.id}/edit").get_data(as_text=True)
    assert 'value="Saved title"' in html and "Saved *body*" in html


def test_unknown_post_is_404(client, login):
    assert client.get("/admin/posts/999/edit").status_code == 404
    assert client.get("/admin/posts/999/preview").status_code == 404


def test_delete_asks_then_removes(app, client, login, make, token):
    post = make.post(title="Doomed", slug="doomed")
    assert "Delete for good" in client.get(f"/admin/posts/{post.id}/delete").get_data(as_text=True)
    response = client.post(f"/admin/posts/{post.id}/delete",
                           data={"csrf_token": token(f"/admin/posts/{post.id}/delete")})
    assert response.status_code == 303
    assert client.get("/doomed/").status_code == 404


def test_list_filters_searches_and_paginates(client, login, make):
    for n in range(23):
        make.post(title=f"Published {n}")
    make.post(title="A lonely draft", status="draft")
    html = client.get("/admin/posts/?status=draft").get_data(as_text=True)
    assert "A lonely draft" in html and "Published 1" not in html
    html = client.get("/admin/posts/?q=lonely").get_data(as_text=True)
    assert "A lonely draft" in html and "Published 2" not in html
    first = client.get("/admin/posts/").get_data(as_text=True)
    second = client.get("/admin/posts/?page=2").get_data(as_text=True)
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert client.get("/admin/posts/?q=%25").status_code == 200  # LIKE wildcards are literal


def test_resaving_a_published_post_keeps_its_date(app, client, login, make):
    post = make.post(title="Dated", published_at=utcnow() - timedelta(days=30))
    before = _post(app, post.id).published_at
    assert save_post(client, f"/admin/posts/{post.id}/edit", body="Edited").status_code == 303
    assert _post(app, post.id).published_at == before


def test_scheduled_with_a_past_date_is_refused_and_nothing_is_published(app, client, login):
    response = save_post(client, title="Late schedule", status="scheduled",
                         published_at="2024-01-02T03:04")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "That time has passed" in html and 'value="Late schedule"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Post.id))) == 0
    assert client.get("/late-schedule/").status_code == 404


def test_unpublishing_to_draft_hides_the_post(app, client, login, make):
    post = make.post(title="Retracted", slug="retracted")
    assert client.get("/retracted/").status_code == 200
    save_post(client, f"/admin/posts/{post.id}/edit", status="draft")
    assert client.get("/retracted/").status_code == 404


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Pacific/Kiritimati"])
@pytest.mark.parametrize("date", ["9999-12-31T23:59", "0001-01-01T00:00"])
def test_a_publish_date_at_the_ends_of_the_calendar_is_422_not_500(app, client, login, zone,
                                                                   date):
    """In UTC-12 the last minute of 9999 is already year 10000 in UTC."""
    from blog.site_settings import save_site_settings
    with app.app_context():
        save_site_settings({"SITE_TIMEZONE": zone})
    response = save_post(client, title="Far away", status="scheduled", published_at=date)
    assert response.status_code == 422
    assert "between the years 2 and 9998" in response.get_data(as_text=True)
