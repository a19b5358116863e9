"""Categories, tags and authors: create, rename (slug kept), delete with posts still working."""

import pytest
from sqlalchemy import select

from blog.extensions import db
from blog.models import Author, Category, Post, Tag
from tests.admin.editor import form_values
from tests.conftest import csrf_token_from

MODELS = {"categories": Category, "tags": Tag, "authors": Author}
ARCHIVE = {"categories": "category", "tags": "tag", "authors": "author"}


def _create(client, kind, **values):
    html = client.get(f"/admin/{kind}/").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(html), "slug": "", **values}
    return client.post(f"/admin/{kind}/", data=data)


@pytest.mark.parametrize("kind", ["categories", "tags", "authors"])
def test_create_lists_and_gives_a_slug(app, client, login, kind):
    assert _create(client, kind, name="Machine Learning").status_code == 303
    assert _create(client, kind, name="Machine learning").status_code == 303
    with app.app_context():
        slugs = db.session.scalars(select(MODELS[kind].slug).order_by(MODELS[kind].id)).all()
    assert slugs == ["machine-learning", "machine-learning-2"]
    assert "Machine Learning" in client.get(f"/admin/{kind}/").get_data(as_text=True)


@pytest.mark.parametrize("kind", ["categories", "tags", "authors"])
def test_empty_name_is_422(client, login, kind):
    response = _create(client, kind, name="")
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)


@pytest.mark.parametrize("kind", ["categories", "tags", "authors"])
def test_rename_keeps_the_slug_so_archives_keep_their_address(app, client, login, make, kind):
    factory = {"categories": make.category, "tags": make.tag, "authors": make.author}[kind]
    term = factory(name="Old", slug="old")
    post = make.post(title="Filed")
    with app.app_context():
        filed = db.session.get(Post, post.id)
        if kind == "tags":
            filed.tags = [db.session.get(Tag, term.id)]
        else:
            setattr(filed, {"categories": "category_id", "authors": "author_id"}[kind], term.id)
        db.session.commit()
    url = f"/admin/{kind}/{term.id}/edit"
    data = form_values(client.get(url).get_data(as_text=True))
    data["name"] = "Brand New"
    assert client.post(url, data=data).status_code == 303
    archive = client.get(f"/{ARCHIVE[kind]}/old/")
    assert archive.status_code == 200
    assert "Brand New" in archive.get_data(as_text=True)


@pytest.mark.parametrize("kind", ["categories", "tags", "authors"])
def test_delete_leaves_the_posts_working(app, client, login, make, kind, token):
    factory = {"categories": make.category, "tags": make.tag, "authors": make.author}[kind]
    term = factory(name="Doomed", slug="doomed")
    post = make.post(title="Survivor", slug="survivor")
    with app.app_context():
        filed = db.session.get(Post, post.id)
        if kind == "tags":
            filed.tags = [db.session.get(Tag, term.id)]
        else:
            setattr(filed, {"categories": "category_id", "authors": "author_id"}[kind], term.id)
        db.session.commit()
    response = client.post(f"/admin/{kind}/{term.id}/delete",
                           data={"csrf_token": token(f"/admin/{kind}/{term.id}/edit")})
    assert response.status_code == 303
    page = client.get("/survivor/")
    assert page.status_code == 200
    assert "Doomed" not in page.get_data(as_text=True)
    assert client.get(f"/{ARCHIVE[kind]}/doomed/").status_code == 404


def test_author_bio_and_email_are_saved(app, client, login):
    _create(client, "authors", name="Ada", email="ada@example.com", bio="Counts things.")
    with app.app_context():
        author = db.session.scalar(select(Author))
        assert (author.email, author.bio) == ("ada@example.com", "Counts things.")


def test_category_cannot_be_its_own_parent(app, client, login, make):
    category = make.category(name="Loop")
    url = f"/admin/categories/{category.id}/edit"
    data = form_values(client.get(url).get_data(as_text=True))
    data["parent"] = str(category.id)
    assert client.post(url, data=data).status_code == 422


def test_unknown_term_is_404(client, login):
    assert client.get("/admin/tags/999/edit").status_code == 404
