"""Debian's chromium under Playwright: never a downloaded browser, never another host."""

import os
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                      headless=True)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in LOCAL_HOSTS


class PageProblems:
    """Collects what a person would see go wrong: script errors, console errors, broken
    subresources, and any request that leaves this machine."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def watch(self, context) -> None:
        context.on("page", self._watch_page)
        context.on("request", self._on_request)
        context.on("requestfailed", self._on_failed)
        context.on("response", self._on_response)
        for page in context.pages:
            self._watch_page(page)

    def _watch_page(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.items.append(f"script error: {error}"))

    def _on_console(self, message) -> None:
        # A document answered with 404 or 422 on purpose is logged as a failed load; the
        # response handler below judges subresources, so only other errors count here.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.items.append(f"console error: {message.text} at {message.location}")

    def _on_request(self, request) -> None:
        if not is_local(request.url):
            self.items.append(f"request to another host: {request.url}")

    def _on_failed(self, request) -> None:
        if request.failure == "net::ERR_ABORTED":
            # The browser dropped it: a navigation replaced by the next one, or a favicon still
            # loading when the page closed. Error answers are caught by _on_response.
            return
        self.items.append(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            self.items.append(f"{response.status} for {response.url}")

    def take(self) -> list[str]:
        items, self.items = self.items, []
        return items
