"""'Explore More Stories': the five newest live articles, never the one being read."""

from datetime import timedelta

import pytest

from blog.models import utcnow


def _sidebar(html: str) -> str:
    return html.split('class="sidebar"')[1].split("</aside>")[0]


@pytest.fixture
def posts(make):
    now = utcnow()
    return [make.post(title=f"Recent {i}", slug=f"recent-{i}", published_at=now - timedelta(days=i))
            for i in range(7)]


def test_sidebar_has_five_newest_with_dates(client, posts):
    sidebar = _sidebar(client.get("/").get_data(as_text=True))
    assert [f"Recent {i}" in sidebar for i in range(7)] == [True] * 5 + [False] * 2
    assert sidebar.count("<time") == 5


def test_sidebar_never_lists_the_article_being_read(client, posts):
    sidebar = _sidebar(client.get("/recent-0/").get_data(as_text=True))
    assert "Recent 0" not in sidebar
    assert all(f"Recent {i}" in sidebar for i in range(1, 6))


@pytest.mark.parametrize("url", ["/", "/recent-3/", "/no-such-page/"])
def test_sidebar_is_on_every_page(client, posts, url):
    assert "Explore More Stories" in client.get(url).get_data(as_text=True)


def test_sidebar_skips_drafts_pages_and_future_posts(client, make, posts):
    make.post(title="Draft X", status="draft")
    make.post(title="Page X", type="page")
    make.post(title="Future X", status="scheduled", published_at=utcnow() + timedelta(days=1))
    sidebar = _sidebar(client.get("/").get_data(as_text=True))
    assert "Draft X" not in sidebar and "Page X" not in sidebar and "Future X" not in sidebar
