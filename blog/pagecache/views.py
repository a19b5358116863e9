"""@cached_page: a view declares that its output depends only on its URL and the site's content."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import Flask

View = TypeVar("View", bound=Callable)
_OPTIONS = "_page_cache"


@dataclass(frozen=True)
class CacheOptions:
    # The query string picks no other page (the article's ?replytocom= only changes its reader
    # part, which its reader gets rendered by Flask).
    ignore_query: bool = False


def cached_page(view: View | None = None, *, ignore_query: bool = False):
    """Mark a view's pages cacheable; use bare or as @cached_page(ignore_query=True)."""
    def mark(function: View) -> View:
        setattr(function, _OPTIONS, CacheOptions(ignore_query))
        return function

    return mark(view) if view is not None else mark


def cache_options(app: Flask, endpoint: str | None) -> CacheOptions | None:
    """The options of the view behind `endpoint`, or None when its pages are not cached."""
    view = app.view_functions.get(endpoint) if endpoint else None
    return getattr(view, _OPTIONS, None)
