"""Site settings edited in the admin take effect on the public pages."""

from blog.site_settings import site_setting
from tests.admin.editor import form_values


def _save(client, **changes):
    data = form_values(client.get("/admin/settings").get_data(as_text=True))
    data.update(changes)
    return client.post("/admin/settings", data=data)


def test_title_and_tagline_show_in_the_site_header(client, login):
    assert _save(client, title="Byte Notes", tagline="Small notes on big systems").status_code \
        == 303
    html = client.get("/").get_data(as_text=True)
    assert "Byte Notes" in html and "Small notes on big systems" in html


def test_posts_per_page_changes_the_front_page(client, login, make):
    for n in range(4):
        make.post(title=f"Story {n}")
    _save(client, posts_per_page="2")
    html = client.get("/").get_data(as_text=True)
    assert html.count('class="card"') == 2
    assert client.get("/page/2/").status_code == 200


def test_timezone_changes_the_dates_readers_see(client, login, make):
    from datetime import UTC, datetime
    make.post(title="Late", slug="late", published_at=datetime(2025, 5, 26, 23, 30, tzinfo=UTC))
    assert "May 26, 2025" in client.get("/late/").get_data(as_text=True)
    _save(client, timezone="Asia/Tokyo")
    assert "May 27, 2025" in client.get("/late/").get_data(as_text=True)


def test_comment_rules_are_stored(app, client, login):
    _save(client, max_links="5", comments_per_page="30", disallowed="viagra\n\n  casino  \n")
    data = form_values(client.get("/admin/settings").get_data(as_text=True))
    assert data.get("hold_first_time") == "y"
    del data["hold_first_time"]
    assert client.post("/admin/settings", data=data).status_code == 303
    with app.test_request_context():
        assert site_setting("COMMENTS_MAX_LINKS") == 5
        assert site_setting("COMMENTS_PER_PAGE") == 30
        assert site_setting("COMMENTS_DISALLOWED") == "viagra\ncasino"
        assert site_setting("COMMENTS_HOLD_FIRST_TIME") is False


def test_invalid_settings_are_422_with_input_kept(app, client, login):
    response = _save(client, title="", posts_per_page="0", timezone="Mars/Olympus",
                     tagline="Kept tagline")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kept tagline" in html and "Not a valid choice" in html
    with app.test_request_context():
        assert site_setting("SITE_TAGLINE") != "Kept tagline"
