"""The writer's studio in a real browser, with JavaScript on and off where it applies: the media
library, text kept across an ended session, autosave, preview links, the comment form's
address after an error, technical Markdown and the article's line on a phone."""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.demo_site import IMAGE_ALT
from tests.browser.pages import THREAD_ARTICLE

pytestmark = pytest.mark.browser


@pytest.fixture
def wide_photo(tmp_path):
    path = tmp_path / "skyline.jpg"
    Image.new("RGB", (1600, 900), (200, 120, 40)).save(path, "JPEG")
    return path


def test_library_image_gets_alt_text_srcset_and_is_replaced_and_deleted(
        new_context, js, login, wide_photo, screenshots, tmp_path):
    page = login(new_context(js=js, viewport={"width": 360, "height": 800}))
    page.goto("/admin/uploads/")
    page.get_by_label("Image", exact=True).set_input_files(wide_photo)
    alt = f"City skyline at sunset ({'js' if js else 'no js'})"
    page.get_by_label("Alt text").fill(alt)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status").first).to_contain_text("Uploaded.")
    page.locator(".media-card__link", has_text=alt).click()
    markdown = page.get_by_label("Markdown for a post").input_value()
    assert markdown.startswith(f"![{alt}](/uploads/")

    editor = page.context.new_page()
    editor.goto("/admin/posts/new")
    title = f"Skyline notes {'js' if js else 'nojs'}"
    editor.get_by_role("textbox", name="Title", exact=True).fill(title)
    editor.get_by_role("textbox", name="Body", exact=True).fill(f"Intro.\n\n{markdown}\n")
    editor.get_by_label("Status").select_option("published")
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.get_by_role("status").filter(has_text="Published.")).to_be_visible()
    slug = editor.get_by_label("Slug").input_value()

    editor.goto(f"/{slug}/")
    image = editor.locator(".prose img")
    expect(image).to_have_attribute("alt", alt)
    assert image.get_attribute("width") == "1600" and image.get_attribute("height") == "900"
    assert "480w" in image.get_attribute("srcset")
    expect(editor.locator(".prose picture source[type='image/webp']")).to_have_count(1)
    # A phone picks a small copy, not the 1600 px original.
    assert image.evaluate("img => img.currentSrc").endswith((".480.webp", ".960.webp"))
    editor.screenshot(path=screenshots / f"library-image-article-{'js' if js else 'nojs'}-360.png",
                      full_page=True)

    page.get_by_label("Alt text").fill(alt + ", edited")
    page.get_by_role("button", name="Save alt text and caption").click()
    expect(page.get_by_role("status").first).to_contain_text("1 post showing it updated.")
    editor.reload()
    expect(editor.locator(".prose img")).to_have_attribute("alt", alt)  # its own Markdown wins

    newer = tmp_path / "newer.png"
    Image.new("RGB", (1200, 600), (20, 40, 200)).save(newer, "PNG")
    page.get_by_label("New image file").set_input_files(newer)
    page.get_by_role("button", name="Replace the image").click()
    expect(page.get_by_text("Image replaced.")).to_be_visible()
    editor.reload()
    expect(editor.locator(".prose img")).to_have_attribute("width", "1200")
    assert "?v=2" in editor.locator(".prose img").get_attribute("src")

    page.get_by_role("link", name="Delete this image…").click()
    expect(page.get_by_role("alert")).to_contain_text("1 post shows this image")
    expect(page.get_by_role("main")).to_contain_text(title)
    page.screenshot(path=screenshots / f"media-delete-warning-{'js' if js else 'nojs'}-360.png",
                    full_page=True)
    page.get_by_role("button", name="Delete for good").click()
    expect(page.get_by_text("Deleted")).to_be_visible()


def test_a_save_after_the_session_ended_keeps_every_word(new_context, js, login, screenshots):
    context = new_context(js=js)
    page = login(context)
    # Autosave's timer stays still: on a slow machine it could fire while the cookies are
    # cleared, and its answer would set the session cookie again before the Save.
    page.clock.install()
    page.goto("/admin/posts/new")
    title = f"Written on a train ({'js' if js else 'no js'})"
    body = "Two hours of drafting.\n\n```python\nprint('kept')\n```\n"
    page.get_by_role("textbox", name="Title", exact=True).fill(title)
    page.get_by_role("textbox", name="Body", exact=True).fill(body)
    page.get_by_label("Tags").fill("travel, drafts")
    page.wait_for_load_state("networkidle")  # no answer still on its way sets the cookie again
    context.clear_cookies()  # the session ends while the writer types (logout elsewhere)
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Save", exact=True).click()
    assert sent.value.status == 401
    expect(page.get_by_role("alert")).to_contain_text("your text is kept")
    page.screenshot(path=screenshots / f"session-ended-{'js' if js else 'nojs'}.png")
    assert "train" not in page.url
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("browser-suite-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New post")
    expect(page.get_by_role("alert").first).to_contain_text("was not saved yet")
    expect(page.get_by_role("textbox", name="Title", exact=True)).to_have_value(title)
    expect(page.get_by_role("textbox", name="Body", exact=True)).to_have_value(body)
    expect(page.get_by_label("Tags")).to_have_value("travel, drafts")


def test_autosave_keeps_a_draft_every_thirty_seconds(new_context, login):
    context = new_context(js=True)
    page = login(context)
    page.clock.install()
    page.goto("/admin/posts/new")
    page.get_by_role("textbox", name="Title", exact=True).fill("Autosaved thoughts")
    page.get_by_role("textbox", name="Body", exact=True).fill("Half a paragraph")
    page.clock.run_for("00:31")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at")
    expect(page).to_have_url(re.compile(r"/admin/posts/\d+/edit$"))
    page.get_by_role("textbox", name="Body", exact=True).fill("Half a paragraph, then more")
    page.clock.run_for("00:31")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at")
    # The writer's own Save after two autosaves is no conflict with them.
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Body", exact=True)).to_have_value(
        "Half a paragraph, then more")


def test_without_javascript_the_editor_saves_as_before(new_context, login):
    page = login(new_context(js=False))
    page.goto("/admin/posts/new")
    page.get_by_role("textbox", name="Title", exact=True).fill("Saved by hand")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.locator("#autosave-status")).to_have_text("")


def test_a_reviewer_reads_a_draft_through_its_preview_link(new_context, js, login, screenshots):
    page = login(new_context(js=js))
    page.goto("/admin/posts/new")
    title = f"For review ({'js' if js else 'no js'})"
    page.get_by_role("textbox", name="Title", exact=True).fill(title)
    page.get_by_role("textbox", name="Body", exact=True).fill("Please check the numbers.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Make a preview link").click()
    link = page.get_by_label(re.compile("^Preview link made")).input_value()

    reviewer = new_context(js=js, viewport={"width": 360, "height": 800}).new_page()
    response = reviewer.goto(link)
    assert response.status == 200 and response.headers["x-robots-tag"] == "noindex, nofollow"
    expect(reviewer.get_by_role("heading", level=1)).to_have_text(title)
    expect(reviewer.get_by_role("status")).to_contain_text("not published yet")
    expect(reviewer.get_by_text("Submit a Comment")).to_have_count(0)
    reviewer.screenshot(path=screenshots / f"shared-preview-{'js' if js else 'nojs'}-360.png",
                        full_page=True)

    page.get_by_role("button", name="Revoke this link").click()
    expect(page.get_by_text("Preview link revoked")).to_be_visible()
    assert reviewer.goto(link).status == 404


def test_after_a_comment_error_the_address_leads_back_to_the_form(new_context, js):
    page = new_context(js=js).new_page()
    page.goto(f"/{THREAD_ARTICLE}/#respond")
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Post Comment").click()
    assert sent.value.status == 422
    if js:  # the address bar shows the article's own address
        expect(page).to_have_url(re.compile(rf"/{THREAD_ARTICLE}/#respond$"))
    else:  # the form's, which a reload or a shared link must not turn into a dead end
        expect(page).to_have_url(re.compile(rf"/{THREAD_ARTICLE}/comments#respond$"))
    page.goto("about:blank")  # else the browser would only scroll to #respond
    page.goto(f"/{THREAD_ARTICLE}/comments#respond")
    expect(page).to_have_url(re.compile(rf"/{THREAD_ARTICLE}/#respond$"))
    expect(page.locator("#respond")).to_be_visible()


@pytest.mark.parametrize("width", [360, 390])
def test_the_comment_count_never_breaks_across_lines(new_context, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    page.goto("/")
    counts = page.locator(".meta a[href$='#comments']")
    assert counts.count() > 0
    for index in range(counts.count()):
        assert counts.nth(index).evaluate("a => a.getClientRects().length") == 1


def test_technical_writing_reads_well(new_context, js):
    page = new_context(js=js).new_page()
    page.goto("/feature-flags-without-the-mess/")
    keyword = page.locator(".prose pre .k").first
    colours = keyword.evaluate("k => [getComputedStyle(k).color, "
                               "getComputedStyle(k.closest('code')).color]")
    assert colours[0] != colours[1]  # highlighted, with classes only
    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="Keep flag checks at the edges").click()
    expect(page).to_have_url(re.compile(r"#keep-flag-checks-at-the-edges$"))
    expect(page.get_by_role("heading", name="Keep flag checks at the edges")).to_be_in_viewport()
    page.locator(".footnote-ref a").first.click()
    expect(page.locator("#fn1")).to_be_in_viewport()
    expect(page.get_by_text("Done:", exact=False).first).to_be_attached()


def test_the_demo_article_shows_its_library_image(new_context):
    page = new_context(viewport={"width": 390, "height": 800}).new_page()
    page.goto(f"/{THREAD_ARTICLE}/")
    figure = page.locator(".prose figure")
    expect(figure.get_by_role("img", name=IMAGE_ALT)).to_be_visible()
    expect(figure.locator("figcaption")).to_contain_text("harbour")
    # A 390 px phone downloads the 480 px copy, not the 1200 px original.
    assert figure.locator("img").evaluate("img => img.currentSrc").endswith(".480.webp")
