"""Full-text search over live posts and pages, on SQLite (FTS5) or PostgreSQL."""

from blog.search.service import SearchResult, search_posts

__all__ = ["SearchResult", "search_posts"]
