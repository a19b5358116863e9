"""What a page costs when the cache has not seen it: each reading page rendered in-process with
the page cache off, on a bench site, median of ROUNDS renders (CPU of one request, no network).

    .venv/bin/python -m bench.cold_pages [posts]
"""

import statistics
import sys
import time
from dataclasses import dataclass

from sqlalchemy import func, select

from bench.datagen import BenchSite, build_site
from bench.inprocess import statements_counted
from blog import create_app
from blog.extensions import db
from blog.models import Post

ROUNDS = 15


@dataclass(frozen=True)
class ColdPage:
    name: str
    url: str
    median_ms: float
    statements: int


def _urls(site: BenchSite, app) -> dict[str, str]:
    per_page = int(app.config.get("POSTS_PER_PAGE", 10))
    with app.app_context():
        in_category = db.session.scalar(select(func.count(Post.id)).where(
            Post.category.has(slug=site.category_slug)))
    last = max(1, -(-in_category // per_page))
    return {
        "article": f"/{site.article_path}/",
        "front page": "/",
        "archive, first page": f"/category/{site.category_slug}/",
        "archive, last page": f"/category/{site.category_slug}/page/{last}/",
        "search": "/search/?q=latency+budget",
        "RSS feed": "/feed/",
    }


def measure(site: BenchSite) -> list[ColdPage]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{site.path}", "PAGE_CACHE": False,
                      "RATELIMIT_ENABLED": False})
    client = app.test_client()
    out = []
    for name, url in _urls(site, app).items():
        response = client.get(url)  # warm the process: templates, statements, SQLite pages
        assert response.status_code == 200, (url, response.status_code)
        with statements_counted(app) as statements:
            client.get(url)
        times = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        out.append(ColdPage(name, url, statistics.median(times), len(statements)))
    with app.app_context():
        db.engine.dispose()
    return out


def main() -> None:
    posts = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for page in measure(build_site(posts)):
        print(f"{page.name:22} {page.median_ms:8.1f} ms  {page.statements:2} statements"
              f"  {page.url}")


if __name__ == "__main__":
    main()
