"""Drafts stay hidden; scheduled posts appear by themselves once their time has passed."""

from datetime import timedelta

from blog.models import utcnow


def test_draft_is_hidden_everywhere(client, make):
    make.post(title="Secret Draft", slug="secret", status="draft")
    make.post(title="Visible")
    assert client.get("/secret/").status_code == 404
    for url in ("/", "/visible/"):
        assert "Secret Draft" not in client.get(url).get_data(as_text=True)


def test_scheduled_post_is_hidden_until_its_time(client, make):
    make.post(title="Future", slug="future", status="scheduled",
              published_at=utcnow() + timedelta(hours=1))
    assert client.get("/future/").status_code == 404
    assert "Future" not in client.get("/").get_data(as_text=True)


def test_scheduled_post_appears_once_its_time_has_passed(client, make):
    make.post(title="Just Went Live", slug="went-live", status="scheduled",
              published_at=utcnow() - timedelta(seconds=1))
    assert client.get("/went-live/").status_code == 200
    assert "Just Went Live" in client.get("/").get_data(as_text=True)


def test_draft_page_is_hidden(client, make):
    make.post(title="Hidden Page", slug="hidden-page", type="page", status="draft")
    assert client.get("/hidden-page/").status_code == 404


def test_pages_are_not_listed_on_the_front_page(client, make):
    make.post(title="About Us", slug="about", type="page")
    assert "About Us" not in client.get("/").get_data(as_text=True)
