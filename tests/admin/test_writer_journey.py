"""The writer's day in a real chromium with JavaScript off: log in, write a post with an image,
preview it, publish it, schedule another, moderate a comment. Nothing needs JavaScript."""

from datetime import timedelta

import pytest
from PIL import Image
from playwright.sync_api import expect, sync_playwright

from blog.models import utcnow
from tests.admin.conftest import PASSWORD
from tests.browser.chromium import launch
from tests.server import live_server

pytestmark = pytest.mark.browser


@pytest.fixture
def site(database_url, tmp_path, make):
    make.admin(username="admin", password=PASSWORD)
    post = make.post(title="Older story", slug="older-story")
    make.comment(post, status="pending", author_name="Quinn", body="Held for you to see")
    make.author(name="Maya Chen")
    with live_server(database_url, {"BLOG_RATELIMIT_ENABLED": "false",
                                    "BLOG_UPLOAD_FOLDER": str(tmp_path / "uploads")}) as server:
        yield server


@pytest.fixture
def page(site):
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(base_url=site.url, java_script_enabled=False)
        context.set_default_timeout(10_000)
        yield context.new_page()
        browser.close()


def _png(path):
    Image.new("RGB", (64, 48), (30, 90, 200)).save(path, "PNG")
    return path


def test_writer_journey_without_javascript(page, tmp_path):
    page.goto("/admin/")
    assert "/admin/login" in page.url
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")

    # Write, upload an image from the editor, paste its Markdown.
    page.get_by_role("link", name="Write a post").click()
    page.get_by_label("Title").fill("Shipping Without Fear")
    page.get_by_label("Body").fill("Intro paragraph with **bold** words.")
    page.get_by_label("Image file").set_input_files(_png(tmp_path / "diagram.png"))
    page.get_by_label("Alt text for the image").fill("The release pipeline")
    page.get_by_role("button", name="Upload image").click()
    markdown = page.locator("#snippet").input_value()
    assert markdown.startswith("![The release pipeline](/uploads/")
    assert page.get_by_label("Body").input_value() == "Intro paragraph with **bold** words."
    page.get_by_label("Body").fill(page.get_by_label("Body").input_value() + "\n\n" + markdown)

    # Preview opens in a new tab and renders the reader's page, saving nothing.
    with page.context.expect_page() as preview_tab:
        page.get_by_role("button", name="Preview").click()
    preview = preview_tab.value
    preview.wait_for_load_state()
    assert preview.locator("h1").inner_text() == "Shipping Without Fear"
    assert preview.locator(".prose img").count() == 1
    assert preview.get_by_text("Explore More Stories").is_visible()
    preview.close()

    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="View it on the site").click()
    expect(page.locator("h1")).to_have_text("Shipping Without Fear")
    image = page.locator(".prose img")
    assert image.evaluate("img => img.naturalWidth") == 64  # really served

    # Schedule a second post for tomorrow: not on the site yet.
    page.goto("/admin/posts/new")
    page.get_by_label("Title").fill("Tomorrow's Post")
    page.get_by_label("Status").select_option("scheduled")
    tomorrow = (utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Publish date").fill(tomorrow)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Scheduled: it will appear on the site on")).to_be_visible()
    expect(page.get_by_label("Slug")).to_have_value("tomorrow-s-post")
    response = page.goto("/tomorrow-s-post/")
    assert response.status == 404

    # Moderate the held comment.
    page.goto("/admin/comments/")
    assert page.get_by_text("Held for you to see").is_visible()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("1 comment approved.")).to_be_visible()
    page.goto("/older-story/")
    assert page.get_by_text("Held for you to see").is_visible()

    # Log out: the admin is closed again.
    page.goto("/admin/")
    page.get_by_role("button", name="Log out").click()
    page.goto("/admin/posts/")
    assert "/admin/login" in page.url
