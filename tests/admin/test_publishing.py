"""What a writer expects when a post goes out: a date in the past is never scheduled silently,
images without alt text are flagged first, a missing author or category gets WordPress's
defaults, and the counts and messages say what really happened."""

from datetime import timedelta

from sqlalchemy import func, select

from blog.extensions import db
from blog.models import Author, Category, Post, User, utcnow
from tests.admin import images
from tests.admin.editor import editor_data, new_post_id, save_post
from tests.conftest import csrf_token_from


def _post(app, post_id: int) -> Post:
    with app.app_context():
        post = db.session.get(Post, post_id)
        db.session.expunge(post)
        return post


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Post.id)))


def test_a_future_date_with_published_is_scheduled_and_says_so(app, client, login):
    when = (utcnow() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = save_post(client, title="Next week", status="published", published_at=when)
    post = _post(app, new_post_id(response))
    assert post.status == "scheduled" and not post.is_live(utcnow())
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Scheduled: it will appear on the site on" in page
    assert client.get("/next-week/").status_code == 404


def test_resaving_a_scheduled_post_whose_time_came_is_not_refused(app, client, login, make):
    post = make.post(title="Came due", slug="came-due", status="scheduled",
                     published_at=utcnow() - timedelta(hours=2))
    response = save_post(client, f"/admin/posts/{post.id}/edit", body="Edited after it went out.")
    assert response.status_code == 303
    assert client.get("/came-due/").status_code == 200


def test_images_without_alt_text_are_flagged_before_publishing(app, client, login):
    images.upload(client, images.image_bytes(), "diagram.png")
    page = client.get("/admin/uploads/").get_data(as_text=True)
    snippet = page.split('value="![](', 1)[1].split(')"', 1)[0]
    data = editor_data(client, title="Pictures", status="published",
                       body=f"Look:\n\n![]({snippet})")
    response = client.post("/admin/posts/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "1 image without alt text" in html and "diagram.png" in html
    assert "Look:" in html and _count(app) == 0
    data["publish_without_alt"] = "y"
    assert new_post_id(client.post("/admin/posts/new", data=data))
    assert client.get("/pictures/").status_code == 200


def test_a_draft_with_an_image_without_alt_text_saves_without_asking(client, login):
    response = save_post(client, title="Draft pic", body="![](https://example.com/a.png)")
    assert response.status_code == 303


def test_a_post_with_no_author_or_category_gets_the_writers_byline_and_uncategorized(
        app, client, login):
    post_id = new_post_id(save_post(client, title="Plain", status="published", author="0",
                                    category="0"))
    with app.app_context():
        post = db.session.get(Post, post_id)
        admin = db.session.scalar(select(User))
        assert post.category.name == "Uncategorized" and post.category.slug == "uncategorized"
        assert post.author is not None and post.author.id == admin.author_id
        assert post.author.name == "admin"  # a fresh site: made from the account's name
    html = client.get("/plain/").get_data(as_text=True)
    assert 'Written By <a href="/author/admin/"' in html
    assert 'href="/category/uncategorized/"' in html


def test_the_writers_own_byline_is_the_editors_default(app, client, login, make, admin_user):
    make.author(name="Maya Chen")
    daniel = make.author(name="Daniel Okafor")
    with app.app_context():
        db.session.get(User, admin_user.id).author_id = daniel.id
        db.session.commit()
    html = client.get("/admin/posts/new").get_data(as_text=True)
    assert f'<option selected value="{daniel.id}">Daniel Okafor</option>' in html or \
        f'<option value="{daniel.id}" selected>Daniel Okafor</option>' in html


def test_a_second_post_reuses_uncategorized(app, client, login):
    save_post(client, title="One", category="0")
    save_post(client, title="Two", category="0")
    with app.app_context():
        assert db.session.scalar(select(func.count(Category.id))) == 1


def test_pages_get_a_byline_but_no_category(app, client, login):
    post_id = new_post_id(save_post(client, "/admin/posts/new?type=page", title="About us",
                                    type="page", category="0"))
    post = _post(app, post_id)
    assert post.category_id is None and post.author_id is not None


def test_preview_shows_tags_that_do_not_exist_yet(app, client, login, make):
    make.tag(name="Existing")
    data = editor_data(client, title="Tagged", tags="Existing, Brand New")
    html = client.post("/admin/posts/new/preview", data=data).get_data(as_text=True)
    assert ">Existing</a>" in html and ">Brand New</a>" in html
    with app.app_context():
        from blog.models import Tag
        assert [t.name for t in db.session.scalars(select(Tag))] == ["Existing"]


def test_reloading_the_preview_of_a_new_post_goes_back_to_the_editor(client, login):
    response = client.get("/admin/posts/new/preview")
    assert response.status_code == 303 and response.headers["Location"] == "/admin/posts/new"


def test_category_tag_and_author_counts_are_of_published_posts_only(app, client, login,
                                                                     make):
    category, tag, author = make.category(name="Ops"), make.tag(name="k8s"), \
        make.author(name="Lee")
    with app.app_context():
        tag_row = db.session.merge(tag)
        for status, when in (("published", utcnow() - timedelta(days=1)),
                             ("scheduled", utcnow() + timedelta(days=1)),
                             ("draft", None),
                             ("scheduled", utcnow() - timedelta(minutes=5))):
            db.session.add(Post(title=status, slug=f"{status}-{when}", path=f"p{when}".replace(
                " ", "").replace(":", "").replace("+", "").replace(".", ""), status=status,
                published_at=when, category_id=category.id, author_id=author.id,
                tags=[tag_row], body_html="", body_source=""))
        db.session.commit()
    for kind in ("categories", "tags", "authors"):
        html = client.get(f"/admin/{kind}/").get_data(as_text=True)
        assert '<td data-label="Posts">2</td>' in html, kind


def test_the_add_form_for_authors_says_an_author(client, login):
    html = client.get("/admin/authors/").get_data(as_text=True)
    assert "Add an author" in html and "Add a author" not in html
    assert "Add a category" in client.get("/admin/categories/").get_data(as_text=True)


def test_admin_reply_is_signed_by_the_posts_author(app, client, login, make):
    make.author(name="Maya Chen")  # the first author, who signed every reply before
    daniel = make.author(name="Daniel Okafor")
    post = make.post(title="Daniel's post", slug="daniels", author_id=daniel.id)
    question = make.comment(post, body="How?", status="approved")
    page = client.get(f"/admin/comments/{question.id}/reply").get_data(as_text=True)
    assert "signed as Daniel Okafor" in page
    client.post(f"/admin/comments/{question.id}/reply",
                data={"csrf_token": csrf_token_from(page), "body": "Like this."})
    html = client.get("/daniels/").get_data(as_text=True)
    reply = html.split("Like this.")[0].rsplit('class="comment__author"', 1)[1]
    assert "Daniel Okafor" in reply and "Maya Chen" not in reply
    with app.app_context():
        assert db.session.scalar(select(func.count(Author.id))) == 2
