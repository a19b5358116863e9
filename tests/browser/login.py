"""Logging in as the admin through the real login form."""

from tests.browser.demo_site import ADMIN_PASSWORD, ADMIN_USER


def log_in(context, username: str = ADMIN_USER, password: str = ADMIN_PASSWORD):
    """Log the context in through /admin/login; returns the page, now on the dashboard."""
    page = context.new_page()
    page.goto("/admin/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page
