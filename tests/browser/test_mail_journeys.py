"""Signing up for the newsletter from the sidebar of a cached article, and asking for reply
emails with a comment, with JavaScript on and off."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_reader_signs_up_from_the_sidebar_of_any_page(new_context, js):
    page = new_context(js=js).new_page()
    page.goto("/latency-budgets/")
    page.reload()  # the second view comes from the page cache
    sidebar = page.get_by_role("complementary")
    sidebar.get_by_label("Your email address").fill(f"reader.{'js' if js else 'nojs'}@example.org")
    with page.expect_navigation() as sent:
        sidebar.get_by_role("button", name="Subscribe").click()
    assert sent.value.status == 200  # after the 303
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()


def test_a_commenter_asks_for_reply_emails_with_the_checkbox(new_context, js):
    page = new_context(js=js).new_page()
    page.goto("/feature-flags-without-the-mess/#respond" if js
              else "/code-review-field-guide/#respond")
    page.get_by_role("textbox", name="Comment").fill("Versioning by header has served us well.")
    page.get_by_role("textbox", name="Name").fill("Noor")
    page.get_by_role("textbox", name="Email", exact=True).fill(
        f"noor.{'js' if js else 'nojs'}@example.org")
    page.get_by_role("checkbox", name="Email me replies to my comment").check()
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Post Comment").click()
    assert sent.value.status == 200
    expect(page.get_by_text("Your comment is awaiting moderation.")).to_be_visible()
