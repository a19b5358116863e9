"""The dashboard's counts and lists."""

from datetime import timedelta

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
