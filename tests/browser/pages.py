"""Every kind of page the site shows, and how a browser gets to each one."""

from collections.abc import Callable
from dataclasses import dataclass

from tests.browser.demo_site import PREVIEW_TOKEN, PROTECTED_ARTICLE

THREAD_ARTICLE = "latency-budgets"  # the demo article with a threaded conversation


@dataclass(frozen=True)
class PageType:
    name: str
    open: Callable[..., str]  # (page, base_url) -> the HTML the server sent
    admin: bool = False


def _visit(path: str, status: int = 200) -> Callable[..., str]:
    def open_page(page, base_url: str) -> str:
        response = page.goto(base_url + path)
        assert response is not None and response.status == status, (
            f"{path} answered {response and response.status}, expected {status}"
        )
        return response.text()

    return open_page


def _comment_form_with_errors(page, base_url: str) -> str:
    """The article with its thread, after sending the comment form empty: every field's error."""
    page.goto(f"{base_url}/{THREAD_ARTICLE}/#respond")
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Post Comment").click()
    response = sent.value
    assert response.status == 422, f"an empty comment answered {response.status}, expected 422"
    return response.text()


def _from_link(start: str, *links: str, suffix: str = "") -> Callable[..., str]:
    """Open `start`, then follow the first link matching each CSS selector in turn (the last
    address + `suffix`): ids of demo rows are not known in advance."""
    def open_page(page, base_url: str) -> str:
        page.goto(base_url + start)
        for link in links[:-1]:
            page.goto(base_url + page.locator(link).first.get_attribute("href"))
        href = page.locator(links[-1]).first.get_attribute("href")
        return _visit(href + suffix)(page, base_url)

    return open_page


def _subscribe_errors(page, base_url: str) -> str:
    """The sign-up page after sending a bad address: its error, the input kept."""
    page.goto(f"{base_url}/subscribe/")
    page.get_by_label("Email address").fill("not an address")
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Subscribe").click()
    assert sent.value.status == 422, f"a bad address answered {sent.value.status}"
    return sent.value.text()


def _link(purpose: str, path: str) -> Callable[..., str]:
    def open_page(page, base_url: str) -> str:
        from tests.browser.demo_site import link_token

        return _visit(path.format(token=link_token(purpose)))(page, base_url)

    return open_page


def _session_ended(page, base_url: str) -> str:
    """The 401 page an editor Save gets after its session ended (here: no session at all)."""
    page.goto(f"{base_url}/admin/login")
    with page.expect_navigation() as sent:
        page.evaluate("""() => {
            const form = document.createElement('form');
            form.method = 'post';
            form.action = '/admin/posts/new';
            for (const [name, value] of [['title', 'Kept'], ['body', 'Typed words']]) {
                const field = document.createElement('input');
                field.name = name; field.value = value; form.append(field);
            }
            document.body.append(form);
            form.submit();
        }""")
    response = sent.value
    assert response.status == 401, f"an editor POST without a session answered {response.status}"
    return response.text()


ARTICLE_EDIT = f"/admin/posts/?q={THREAD_ARTICLE.replace('-', '+')}"
EDIT_LINK = ".table__title a.strong"

PAGE_TYPES = [
    PageType("front", _visit("/")),
    PageType("front-page-2", _visit("/page/2/")),
    PageType("article", _visit(f"/{THREAD_ARTICLE}/")),
    PageType("article-comment-errors", _comment_form_with_errors),
    PageType("page", _visit("/about/")),
    PageType("category", _visit("/category/security/")),
    PageType("author", _visit("/author/daniel-okafor/")),
    PageType("search", _visit("/search/?q=latency+budget")),
    PageType("not-found", _visit("/no-such-story/", 404)),
    PageType("login", _visit("/admin/login")),
    PageType("subscribe", _visit("/subscribe/")),
    PageType("subscribe-errors", _subscribe_errors),
    PageType("subscribe-sent", _visit("/subscribe/sent/")),
    PageType("subscribe-confirm", _link("mail-confirm", "/subscribe/confirm/{token}/")),
    PageType("unsubscribe", _link("mail-unsubscribe", "/unsubscribe/{token}/")),
    PageType("forgot-password", _visit("/admin/forgot-password")),
    PageType("dashboard", _visit("/admin/"), admin=True),
    PageType("editor", _visit("/admin/posts/new"), admin=True),
    PageType("moderation", _visit("/admin/comments/?tab=approved"), admin=True),
    PageType("technical-article", _visit("/feature-flags-without-the-mess/")),
    PageType("shared-preview", _visit(f"/preview/{PREVIEW_TOKEN}/")),
    PageType("session-ended", _session_ended),
    PageType("posts-list", _visit("/admin/posts/"), admin=True),
    PageType("pages-list", _visit("/admin/posts/?type=page"), admin=True),
    PageType("edit-post", _from_link(ARTICLE_EDIT, EDIT_LINK), admin=True),
    PageType("edit-draft", _from_link("/admin/posts/?status=draft", EDIT_LINK), admin=True),
    PageType("revisions", _from_link(ARTICLE_EDIT, "a[href$='/revisions/']"), admin=True),
    PageType("revision", _from_link(ARTICLE_EDIT, "a[href$='/revisions/']",
                                    "td a[href*='/revisions/']"), admin=True),
    PageType("delete-post", _from_link(ARTICLE_EDIT, "a[href$='/delete']"), admin=True),
    PageType("categories", _visit("/admin/categories/"), admin=True),
    PageType("tags", _visit("/admin/tags/"), admin=True),
    PageType("authors", _visit("/admin/authors/"), admin=True),
    PageType("edit-term", _from_link("/admin/categories/", EDIT_LINK), admin=True),
    PageType("media", _visit("/admin/uploads/"), admin=True),
    PageType("media-item", _from_link("/admin/uploads/", ".media-card__link"), admin=True),
    PageType("media-delete", _from_link("/admin/uploads/", ".media-card__link", suffix="delete"),
             admin=True),
    PageType("comment-edit", _from_link("/admin/comments/?tab=approved",
                                        ".row-buttons a[href$='/edit']"), admin=True),
    PageType("comment-reply", _from_link("/admin/comments/?tab=approved",
                                         ".row-buttons a[href$='/reply']"), admin=True),
    PageType("pending-comments", _visit("/admin/comments/"), admin=True),
    PageType("approve-comment", _visit("/admin/comments/1/approve"), admin=True),
    PageType("outbox", _visit("/admin/outbox/"), admin=True),
    PageType("subscribers", _visit("/admin/subscribers/"), admin=True),
    PageType("settings", _visit("/admin/settings"), admin=True),
    PageType("account", _visit("/admin/account/"), admin=True),
    PageType("two-factor-setup", _visit("/admin/account/two-factor"), admin=True),
    PageType("protected-article", _visit(f"/{PROTECTED_ARTICLE}/")),
    PageType("menus", _visit("/admin/menus/"), admin=True),
    PageType("menu", _from_link("/admin/menus/", EDIT_LINK), admin=True),
    PageType("menu-item", _from_link("/admin/menus/", EDIT_LINK, ".row-actions a"), admin=True),
]
PAGE_NAMES = [kind.name for kind in PAGE_TYPES]
BY_NAME = {kind.name: kind for kind in PAGE_TYPES}
