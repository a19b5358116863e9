"""Every kind of page the site shows, and how a browser gets to each one."""

from collections.abc import Callable
from dataclasses import dataclass

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


PAGE_TYPES = [
    PageType("front", _visit("/")),
    PageType("front-page-2", _visit("/page/2/")),
    PageType("article", _visit(f"/{THREAD_ARTICLE}/")),
    PageType("page", _visit("/about/")),
    PageType("category", _visit("/category/security/")),
    PageType("author", _visit("/author/daniel-okafor/")),
    PageType("not-found", _visit("/no-such-story/", 404)),
    PageType("login", _visit("/admin/login")),
    PageType("dashboard", _visit("/admin/"), admin=True),
    PageType("editor", _visit("/admin/posts/new"), admin=True),
    PageType("moderation", _visit("/admin/comments/?tab=approved"), admin=True),
]
PAGE_NAMES = [kind.name for kind in PAGE_TYPES]
BY_NAME = {kind.name: kind for kind in PAGE_TYPES}
