"""The admin writes, previews and publishes a post with a Markdown heading, a list and an
uploaded image, then moderates a held comment; with JavaScript on and off."""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "harbour-view.png"
    Image.new("RGB", (64, 48), (30, 90, 160)).save(path)
    return path


def _check_rendered_body(page, heading: str, context) -> None:
    prose = page.locator(".prose")
    expect(prose.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(prose.get_by_role("listitem")).to_have_text(["Measure first", "Cache second"])
    image = prose.get_by_role("img", name="A harbour at dusk")
    expect(image).to_be_visible()
    loaded = context.request.get(image.get_attribute("src"))
    assert loaded.status == 200 and loaded.headers["content-type"] == "image/png"


def test_admin_writes_previews_and_publishes_a_post_with_an_image(
    new_context, js, login, photo
):
    context = new_context(js=js)
    page = login(context)
    title = f"Field Notes on Caching ({'script' if js else 'no script'})"
    heading = "What we measured"

    page.get_by_role("link", name="New post").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New post")
    page.get_by_role("textbox", name="Title", exact=True).fill(title)
    body = f"## {heading}\n\n- Measure first\n- Cache second\n"
    page.get_by_role("textbox", name="Body", exact=True).fill(body)

    page.get_by_label(re.compile(r"^Image\b")).set_input_files(photo)
    page.get_by_role("button", name="Upload image").click()
    snippet = page.get_by_label("Markdown for the image")
    expect(snippet).to_have_value(re.compile(r"^!\[.*\]\(/uploads/\d{4}/\d{2}/harbour-view.*\.png\)$"))
    expect(page.get_by_role("textbox", name="Body", exact=True)).to_have_value(body)
    expect(page.get_by_role("textbox", name="Title", exact=True)).to_have_value(title)
    markdown = re.sub(r"^!\[[^\]]*\]", "![A harbour at dusk]", snippet.input_value())
    page.get_by_role("textbox", name="Body", exact=True).fill(body + "\n" + markdown + "\n")

    with context.expect_page() as preview_opened:
        page.get_by_role("button", name="Preview").click()
    preview = preview_opened.value
    preview.wait_for_load_state()
    expect(preview.get_by_role("status")).to_contain_text("Preview")
    expect(preview.get_by_role("heading", level=1)).to_have_text(title)
    _check_rendered_body(preview, heading, context)
    preview.close()

    page.get_by_label("Category").select_option(label="Software Engineering")
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Published.")).to_be_visible()

    page.goto("/")
    first_story = page.get_by_role("main").get_by_role("article").first
    expect(first_story.get_by_role("heading")).to_have_text(title)
    first_story.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".meta")).to_contain_text("Software Engineering")
    _check_rendered_body(page, heading, context)

    page.goto("/latency-budgets/")
    sidebar = page.get_by_role("complementary", name="Explore More Stories")
    expect(sidebar.get_by_role("link", name=title, exact=True)).to_be_visible()
