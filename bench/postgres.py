"""The same site on PostgreSQL with Redis: the reading pages on one app server, and the long tail
across two app servers sharing the database, the page store and the content generation.

Needs PostgreSQL (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/bench_v<the
data version>, made if missing, so a new data version builds a new database) and Redis
(BENCH_REDIS_URL, default redis://127.0.0.1:6379/9, emptied first).

    .venv/bin/python -m bench.postgres
"""

import os
import subprocess
from contextlib import ExitStack

from bench import longtail
from bench.datagen import DATA_VERSION, BenchSite, build_database_site
from bench.loadgen import LoadResult, run_wrk
from bench.servers import APP_TARGET, blog_env, granian

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL",
                              f"postgresql://postgres@127.0.0.1:5432/bench_v{DATA_VERSION}")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
POSTS = 10_000


def create_database(url: str) -> None:
    """createdb, which says so and changes nothing when the database is there already."""
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", url.rsplit("/", 1)[1]],
                   capture_output=True, check=False)


def _env(site: BenchSite) -> dict[str, str]:
    return {**blog_env(site.url), "REDIS_URL": REDIS_URL}


def pages(site: BenchSite) -> dict[str, LoadResult]:
    paths = {"article": f"/{site.article_path}/", "front page": "/",
             "category archive": f"/category/{site.category_slug}/",
             "search": "/search/?q=kubernetes", "RSS feed": "/feed/"}
    out = {}
    with granian(APP_TARGET, _env(site), ready_path="/healthz") as server:
        for label, path in paths.items():
            run_wrk(server.url + path, 3)  # warm-up: every worker renders and caches it
            out[label] = run_wrk(server.url + path, SECONDS)
    return out


def main() -> None:
    import redis

    create_database(DATABASE_URL)
    redis.Redis.from_url(REDIS_URL).flushdb()
    site = build_database_site(POSTS, DATABASE_URL)
    print(f"PostgreSQL + Redis, {site.posts:,} posts / {site.comments:,} comments, "
          f"one app server, wrk {SECONDS} s per page:")
    print()
    print("| page | req/s | p50 / p99 ms | errors |")
    print("| --- | ---: | ---: | ---: |")
    for label, load in pages(site).items():
        print(f"| {label} | {load.requests_per_s:,.0f} | {load.p50_ms:.1f} / {load.p99_ms:.1f} "
              f"| {load.errors} |")
    print()
    print("The long tail across two app servers (reads split between them, comments posted "
          "to the first; every page must follow comments made through the other):")
    print()
    with ExitStack() as stack:
        servers = [stack.enter_context(granian(APP_TARGET, _env(site), ready_path="/healthz"))
                   for _ in range(2)]
        print("\n".join(longtail.measure_servers(site, [s.url for s in servers]).lines()))


if __name__ == "__main__":
    main()
