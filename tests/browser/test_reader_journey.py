"""A reader browses the site the way people do, by clicking, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _main(page):
    return page.get_by_role("main")


def _sidebar(page):
    return page.get_by_role("complementary", name="Explore More Stories")


def test_reader_goes_from_the_front_page_through_stories_to_an_archive_page_two(page):
    page.goto("/")
    expect(page).to_have_title(re.compile("ClingCentral"))
    first_card = _main(page).get_by_role("article").first
    title = first_card.get_by_role("heading").inner_text()
    first_card.get_by_role("link", name=title, exact=True).click()

    expect(page).to_have_url(re.compile(r"/[a-z0-9-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(_main(page).get_by_text("Written By")).to_be_visible()
    expect(_sidebar(page).get_by_role("link", name=title, exact=True)).to_have_count(0)

    story = _sidebar(page).get_by_role("link").first
    story_title = story.inner_text()
    story.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(story_title)
    expect(_sidebar(page).get_by_role("link", name=story_title, exact=True)).to_have_count(0)

    category_link = _main(page).locator(".meta a[href*='/category/']")
    category = category_link.inner_text()
    category_link.click()
    expect(page).to_have_url(re.compile(r"/category/[a-z0-9-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(category)
    first_page_titles = _main(page).get_by_role("article").get_by_role("heading").all_inner_texts()
    assert first_page_titles

    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Older posts").click()
    expect(page).to_have_url(re.compile(r"/category/[a-z0-9-]+/page/2/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(category)
    expect(page.get_by_text("Page 2 of")).to_be_visible()
    second_page_titles = _main(page).get_by_role("article").get_by_role("heading").all_inner_texts()
    assert second_page_titles and not set(second_page_titles) & set(first_page_titles)
    expect(page.get_by_role("link", name="Newer posts")).to_be_visible()

    search = page.get_by_role("banner").get_by_role("searchbox", name="Search articles")
    search.fill("percentile")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=percentile$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “percentile”")
    found = "Latency Budgets: Designing for the 99th Percentile"
    _main(page).get_by_role("link", name=found, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(found)


def test_a_keyboard_user_can_skip_to_the_content(new_context):
    page = new_context().new_page()
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))


def test_an_unknown_address_shows_the_sites_own_page_with_a_way_home(page):
    response = page.goto("/this-story-does-not-exist/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    page.get_by_role("link", name="Go to the front page").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(_main(page).get_by_role("article").first).to_be_visible()
