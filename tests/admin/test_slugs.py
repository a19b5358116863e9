"""Slug rules, nested page paths and the redirects that keep old links working."""

import pytest
from sqlalchemy import select

from blog.extensions import db
from blog.models import Post, Redirect
from tests.admin.editor import new_post_id, save_post


def _path(app, post_id):
    with app.app_context():
        return db.session.get(Post, post_id).path


def test_slug_is_made_from_the_title(app, client, login):
    post_id = new_post_id(save_post(client, title="Ünïcode & Friends: A Guide!"))
    assert _path(app, post_id) == "unicode-friends-a-guide"


def test_typed_slug_is_cleaned(app, client, login):
    post_id = new_post_id(save_post(client, title="T", slug="  My Custom Slug!! "))
    assert _path(app, post_id) == "my-custom-slug"


def test_duplicate_slug_gets_a_number(app, client, login):
    first = new_post_id(save_post(client, title="Same title"))
    second = new_post_id(save_post(client, title="Same title"))
    third = new_post_id(save_post(client, title="Other", slug="same-title"))
    assert [_path(app, i) for i in (first, second, third)] == [
        "same-title", "same-title-2", "same-title-3"]


@pytest.mark.parametrize("word", ["admin", "uploads", "feed", "category", "page", "search"])
def test_reserved_words_are_never_slugs(app, client, login, word):
    post_id = new_post_id(save_post(client, title=word.title(), status="published"))
    assert _path(app, post_id) == f"{word}-2"


def test_resaving_keeps_the_slug(app, client, login):
    post_id = new_post_id(save_post(client, title="Stable"))
    url = f"/admin/posts/{post_id}/edit"
    new_post_id(save_post(client, url, title="Stable", slug="stable"))
    assert _path(app, post_id) == "stable"


def test_changing_a_published_slug_redirects_the_old_one(app, client, login):
    post_id = new_post_id(save_post(client, title="Old name", status="published"))
    save_post(client, f"/admin/posts/{post_id}/edit", slug="new-name")
    response = client.get("/old-name/")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/new-name/")
    assert client.get("/new-name/").status_code == 200
    # Renamed again: the first address still lands on the newest one.
    save_post(client, f"/admin/posts/{post_id}/edit", slug="newest-name")
    assert client.get("/old-name/").headers["Location"].endswith("/newest-name/")
    assert client.get("/new-name/").headers["Location"].endswith("/newest-name/")


def test_changing_back_to_an_old_slug_drops_its_redirect(app, client, login):
    post_id = new_post_id(save_post(client, title="Back", status="published"))
    save_post(client, f"/admin/posts/{post_id}/edit", slug="away")
    save_post(client, f"/admin/posts/{post_id}/edit", slug="back")
    assert client.get("/back/").status_code == 200
    with app.app_context():
        assert db.session.scalars(select(Redirect.old_path)).all() == ["away"]


def test_a_drafts_slug_change_leaves_no_redirect(app, client, login):
    post_id = new_post_id(save_post(client, title="Draft name"))
    save_post(client, f"/admin/posts/{post_id}/edit", slug="other-name")
    with app.app_context():
        assert db.session.scalars(select(Redirect)).all() == []


def test_child_page_lives_under_its_parent(app, client, login):
    parent = new_post_id(save_post(client, title="About", type="page", status="published"))
    child = new_post_id(save_post(client, title="Team", type="page", status="published",
                                  parent=str(parent)))
    assert _path(app, child) == "about/team"
    assert client.get("/about/team/").status_code == 200


def test_renaming_a_parent_moves_its_children_and_redirects_them(app, client, login):
    parent = new_post_id(save_post(client, title="About", type="page", status="published"))
    child = new_post_id(save_post(client, title="Team", type="page", status="published",
                                  parent=str(parent)))
    grandchild = new_post_id(save_post(client, title="Ada", type="page", status="published",
                                       parent=str(child)))
    save_post(client, f"/admin/posts/{parent}/edit", slug="company")
    assert _path(app, child) == "company/team"
    assert _path(app, grandchild) == "company/team/ada"
    assert client.get("/about/team/ada/").headers["Location"].endswith("/company/team/ada/")
    assert client.get("/about/").headers["Location"].endswith("/company/")


def test_a_page_cannot_be_its_own_parent(app, client, login):
    page = new_post_id(save_post(client, title="Loop", type="page"))
    response = save_post(client, f"/admin/posts/{page}/edit", parent=str(page))
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_a_post_cannot_have_a_parent(app, client, login):
    page = new_post_id(save_post(client, title="A page", type="page"))
    response = save_post(client, title="A post", type="post", parent=str(page))
    assert response.status_code == 422
    assert "Only pages have a parent." in response.get_data(as_text=True)
