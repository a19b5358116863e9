"""The dashboard's counts and lists."""

from datetime import timedelta

import pytest

from blog.models import utcnow


def test_dashboard_counts_and_lists(client, login, make):
    make.post(title="Live one")
    make.post(title="Went live by schedule", status="scheduled",
              published_at=utcnow() - timedelta(hours=1))
    make.post(title="Coming soon", status="scheduled", published_at=utcnow() + timedelta(days=1))
    make.post(title="Half written", status="draft", published_at=None)
    post = make.post(title="Commented")
    make.comment(post, status="pending", author_name="Curious", body="Waiting for you")
    html = client.get("/admin/").get_data(as_text=True)
    assert '<span class="stat__n">3</span> <span class="stat__label">published' in html
    assert '<span class="stat__n">1</span> <span class="stat__label">draft' in html
    assert '<span class="stat__n">1</span> <span class="stat__label">scheduled' in html
    assert '<span class="stat__n">1</span> <span class="stat__label">pending comment' in html
    assert "Half written" in html and "Coming soon" in html
    assert "Curious" in html and "Waiting for you" in html


@pytest.mark.parametrize("page", ["99999999999999999999", "0", "-3", "%C2%B9", "2x"])
@pytest.mark.parametrize("listing", ["/admin/posts/", "/admin/comments/", "/admin/uploads/"])
def test_admin_lists_take_any_page_number(client, login, make, listing, page):
    make.post(title="Listed", slug="listed")
    response = client.get(f"{listing}?page={page}")
    assert response.status_code == 200
