"""Commenting as people do it: by keyboard, with a mistake; replying; coming back; and the admin
approving a held comment. Each journey runs with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RETURNING_EMAIL = "priya@example.com"  # has approved demo comments, so is not held again


def _count_on(page) -> int:
    heading = page.locator("#comments-heading").inner_text()
    return int(heading.split()[0])


def _counted(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _article(js: bool, with_js: str, without_js: str) -> str:
    """Each journey's two runs use different articles, so their counts don't meet."""
    return f"/{with_js if js else without_js}/"


def test_keyboard_commenter_fixes_a_mistake_and_sees_the_moderation_message(
    new_context, js
):
    context = new_context(js=js)
    page = context.new_page()
    article = _article(js, "rag-in-practice", "apis-that-age-well")
    page.goto(article + "#respond")
    body = "Chunking by heading made the biggest difference for us, more than the model."

    # Into the first field, then keyboard only: Tab through the fields, Enter on the button.
    page.get_by_role("textbox", name="Comment").focus()
    page.keyboard.type(body)
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox", name="Name")).to_be_focused()
    page.keyboard.type("Lena Hofmann")
    page.keyboard.press("Tab")
    page.keyboard.type("lena.hofmann@")  # the mistake
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox", name="Website")).to_be_focused()
    page.keyboard.press("Tab")  # "Save my name…"
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox", name="Email me replies to my comment")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Post Comment")).to_be_focused()
    with page.expect_navigation() as sent:
        page.keyboard.press("Enter")
    assert sent.value.status == 422

    email = page.get_by_role("textbox", name="Email", exact=True)
    expect(email).to_have_attribute("aria-invalid", "true")
    error = page.locator("#" + email.get_attribute("aria-describedby").split()[-1])
    expect(error).to_have_text(re.compile("valid email address"))
    expect(page.get_by_role("alert")).to_contain_text("Email")
    expect(page.get_by_role("textbox", name="Comment")).to_have_value(body)
    expect(page.get_by_role("textbox", name="Name")).to_have_value("Lena Hofmann")
    expect(email).to_have_value("lena.hofmann@")

    email.focus()
    page.keyboard.press("End")
    page.keyboard.type("example.org")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    mine = page.locator(f"#{anchor}")
    expect(mine).to_be_in_viewport()
    expect(mine).to_contain_text("Your comment is awaiting moderation.")
    expect(mine).to_contain_text(body)

    stranger = new_context(js=js).new_page()
    stranger.goto(article)
    expect(stranger.get_by_text(body)).to_have_count(0)


def test_reply_through_the_reply_link_lands_in_the_thread(new_context, js):
    page = new_context(js=js).new_page()
    page.goto("/passkeys-migration-plan/")
    parent = page.locator(".comment").first
    parent_id = parent.get_attribute("id")
    parent_author = parent.locator(".comment__author").first.inner_text().strip()
    before = _count_on(page)

    parent.get_by_role("link", name=f"Reply to {parent_author}").first.click()
    expect(page).to_have_url(re.compile(r"\?replytocom=\d+#respond$"))
    expect(page.locator("#respond")).to_contain_text(f"Replying to {parent_author}")
    reply = f"Thanks {parent_author}, that answers it ({'script' if js else 'no script'})."
    page.get_by_role("textbox", name="Comment").fill(reply)
    page.get_by_role("textbox", name="Name").fill("Priya Raman")
    page.get_by_role("textbox", name="Email", exact=True).fill(RETURNING_EMAIL)
    page.get_by_role("button", name="Post Comment").click()

    expect(page).to_have_url(re.compile(r"/passkeys-migration-plan/(comment-page-\d+/)?#comment-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    nested = page.locator(f"#{parent_id} .comment-list--replies #{anchor}")
    expect(nested).to_contain_text(reply)
    expect(page.locator("#comments-heading")).to_have_text(_counted(before + 1, "Comment"))


def test_returning_commenter_finds_their_details_remembered(new_context, js):
    context = new_context(js=js)
    page = context.new_page()
    page.goto(_article(js, "latency-budgets", "evaluating-llm-features") + "#respond")
    page.get_by_role("textbox", name="Comment").fill("Coming back to say the budget table helped.")
    page.get_by_role("textbox", name="Name").fill("Priya Raman")
    page.get_by_role("textbox", name="Email", exact=True).fill(RETURNING_EMAIL)
    page.get_by_role("textbox", name="Website").fill("https://priya.example.net")
    page.get_by_role("checkbox", name=re.compile("Save my name")).check()
    page.get_by_role("button", name="Post Comment").click()
    expect(page).to_have_url(re.compile(r"#comment-\d+$"))

    page.goto("/when-simpler-platforms-win/")
    expect(page.get_by_role("textbox", name="Name")).to_have_value("Priya Raman")
    expect(page.get_by_role("textbox", name="Email", exact=True)).to_have_value(RETURNING_EMAIL)
    expect(page.get_by_role("textbox", name="Website")).to_have_value("https://priya.example.net")
    expect(page.get_by_role("textbox", name="Comment")).to_have_value("")

    someone_else = new_context(js=js).new_page()
    someone_else.goto("/when-simpler-platforms-win/")
    expect(someone_else.get_by_role("textbox", name="Name")).to_have_value("")


def test_admin_approves_a_held_comment_and_the_count_on_the_article_changes(
    new_context, js, login
):
    article = _article(js, "data-contracts", "taming-cloud-costs")
    reader = new_context(js=js).new_page()
    reader.goto(article)
    before = _count_on(reader)
    name = f"Omar Haddad {'A' if js else 'B'}"
    body = "Do you version the contracts in the producer's repository or in a shared one?"
    reader.get_by_role("textbox", name="Comment").fill(body)
    reader.get_by_role("textbox", name="Name").fill(name)
    reader.get_by_role("textbox", name="Email", exact=True).fill(
        f"omar.{'a' if js else 'b'}@example.org")
    reader.get_by_role("button", name="Post Comment").click()
    expect(reader.get_by_text("Your comment is awaiting moderation.")).to_be_visible()

    visitor = new_context(js=js).new_page()
    visitor.goto(article)
    assert _count_on(visitor) == before
    expect(visitor.get_by_text(body)).to_have_count(0)

    admin = new_context(js=js)
    moderation = login(admin)
    moderation.goto("/admin/comments/")
    row = moderation.locator(".comment-row").filter(has_text=name)
    expect(row).to_contain_text(body)
    row.get_by_role("button", name="Approve").click()
    expect(moderation.get_by_role("main")).to_contain_text("approved")
    expect(moderation.locator(".comment-row").filter(has_text=name)).to_have_count(0)

    visitor.goto(article)
    expect(visitor.locator("#comments-heading")).to_have_text(_counted(before + 1, "Comment"))
    meta_count = visitor.locator(".meta").get_by_role("link", name=re.compile("comment"))
    expect(meta_count).to_have_text(_counted(before + 1, "comment"))
    expect(visitor.locator(".comment").filter(has_text=body)).to_be_visible()
