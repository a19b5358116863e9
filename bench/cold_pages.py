"""What a page costs when the cache has not seen it: each reading page rendered in-process with
the page cache off, on a bench site (SQLite or another database: the site's URL), median of
ROUNDS renders (CPU of one request, no network). `measure_alternating` renders two sites' pages
in turn, so their ratio compares renders taken milliseconds apart on a noisy machine.

    .venv/bin/python -m bench.cold_pages [posts]
"""

import statistics
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select

from bench.datagen import BenchSite, build_site
from bench.inprocess import statements_counted, statements_timed
from blog import create_app
from blog.extensions import db
from blog.models import Post

ROUNDS = 15
SQL_ROUNDS = 5
SEARCHES = {"search": "latency+budget"}  # two common words: nearly every post matches


@dataclass(frozen=True)
class ColdPage:
    name: str
    url: str
    median_ms: float
    statements: int
    sql_ms: float | None = None  # of median_ms, the statements' own time (median of SQL_ROUNDS)


class Renderer:
    """A site's app in this process with the page cache off, and its reading pages."""

    def __init__(self, site: BenchSite):
        self.app = create_app({"SQLALCHEMY_DATABASE_URI": site.url, "PAGE_CACHE": False,
                               "RATELIMIT_ENABLED": False})
        self.site = site
        self.client = self.app.test_client()

    def urls(self, searches: Mapping[str, str] = SEARCHES) -> dict[str, str]:
        per_page = int(self.app.config.get("POSTS_PER_PAGE", 10))
        with self.app.app_context():
            in_category = db.session.scalar(select(func.count(Post.id)).where(
                Post.category.has(slug=self.site.category_slug)))
        last = max(1, -(-in_category // per_page))
        slug = self.site.category_slug
        return {
            "article": f"/{self.site.article_path}/",
            "front page": "/",
            "archive, first page": f"/category/{slug}/",
            "archive, last page": f"/category/{slug}/page/{last}/",
            **{name: f"/search/?q={query}" for name, query in searches.items()},
            "RSS feed": "/feed/",
        }

    def statements(self, url: str) -> int:
        """The statements `url` runs, once the process has rendered it (templates compiled,
        statements built, the database's pages read)."""
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        with statements_counted(self.app) as statements:
            self.client.get(url)
        return len(statements)

    def sql_ms(self, url: str) -> float:
        """The statements' time in a render of `url` (apart, so the timing costs no render)."""
        totals = []
        for _ in range(SQL_ROUNDS):
            with statements_timed(self.app) as took:
                self.client.get(url)
            totals.append(sum(took))
        return statistics.median(totals)

    def render_ms(self, url: str) -> float:
        started = time.perf_counter()
        self.client.get(url)
        return (time.perf_counter() - started) * 1000

    def close(self) -> None:
        with self.app.app_context():
            db.engine.dispose()


def measure(site: BenchSite, searches: Mapping[str, str] = SEARCHES) -> list[ColdPage]:
    renderer = Renderer(site)
    out = []
    for name, url in renderer.urls(searches).items():
        statements = renderer.statements(url)
        times = [renderer.render_ms(url) for _ in range(ROUNDS)]
        out.append(ColdPage(name, url, statistics.median(times), statements))
    renderer.close()
    return out


def measure_alternating(small: BenchSite, large: BenchSite,
                        searches: Mapping[str, str] = SEARCHES, rounds: int = ROUNDS,
                        ) -> tuple[list[ColdPage], list[ColdPage]]:
    """Each page of both sites, rendered small, large, small, … `rounds` times each; and the
    time its statements took (which, unlike the render, the machine's noise hardly moves)."""
    renderers = (Renderer(small), Renderer(large))
    urls = [renderer.urls(searches) for renderer in renderers]
    out: tuple[list[ColdPage], list[ColdPage]] = ([], [])
    for name in urls[0]:
        statements = [r.statements(u[name]) for r, u in zip(renderers, urls, strict=True)]
        sql = [r.sql_ms(u[name]) for r, u in zip(renderers, urls, strict=True)]
        times: tuple[list[float], list[float]] = ([], [])
        for _ in range(rounds):
            for renderer, site_urls, site_times in zip(renderers, urls, times, strict=True):
                site_times.append(renderer.render_ms(site_urls[name]))
        for pages, site_urls, site_times, count, sql_ms in zip(out, urls, times, statements,
                                                               sql, strict=True):
            pages.append(ColdPage(name, site_urls[name], statistics.median(site_times), count,
                                  sql_ms))
    for renderer in renderers:
        renderer.close()
    return out


def main() -> None:
    posts = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for page in measure(build_site(posts)):
        print(f"{page.name:22} {page.median_ms:8.1f} ms  {page.statements:2} statements"
              f"  {page.url}")


if __name__ == "__main__":
    main()
