"""100,000 posts / 1,000,000 comments against 10,000 / 100,000, on SQLite and on PostgreSQL with
Redis: each reading page warm (wrk on a granian server per size, both up, in alternating rounds,
the median ratio) and cold (rendered in-process with the page cache off, bench/cold_pages.py),
and the memory of each worker at 100,000 posts once it has read the long tail (2,140 pages,
several times the ready pages each worker keeps, PAGE_MEMORY_MB).

Needs PostgreSQL (the 10,000-post database of bench/postgres.py, and BENCH_SCALE_DATABASE_URL,
default postgresql://postgres@127.0.0.1:5432/bench_100k_v<the data version>, both made when
missing) and Redis (BENCH_SCALE_REDIS_URL, default redis://127.0.0.1:6379/10, emptied first).
The sites are built once and reused (the 100,000-post ones take minutes; the time is printed).

    .venv/bin/python -m bench.scale
"""

import os
import statistics
import sys
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench import cold_pages, postgres
from bench.cold_pages import ColdPage, Renderer
from bench.datagen import DATA_VERSION, RARE_EVERY, BenchSite, build_database_site, build_site
from bench.loadgen import LUA_DIR, LoadResult, run_wrk
from bench.longtail import long_tail_paths
from bench.servers import APP_TARGET, TMP, Running, blog_env, granian
from blog.search.terms import RANKED
from blog.settings import Defaults

SIZES = (10_000, 100_000)
DATABASE_URL = os.environ.get(
    "BENCH_SCALE_DATABASE_URL",
    f"postgresql://postgres@127.0.0.1:5432/bench_100k_v{DATA_VERSION}")
REDIS_URL = os.environ.get("BENCH_SCALE_REDIS_URL", "redis://127.0.0.1:6379/10")
ROUNDS = 5  # a median of five stands through a noisy neighbour or two; three did not
SECONDS = int(os.environ.get("BENCH_PAIRED_SECONDS", "5"))
WARMUP_SECONDS = 3
COLD_ROUNDS = 31  # renders per page and size, in turn
FILL_SECONDS = 20  # random reads over the long tail after every page was read once
MAX_SLOWDOWN = 1.2
MAX_RSS_MB = 150
SEARCHES = {"search": "kubernetes",  # one post in 50, as the main bench searches
            "search, common words": "latency+budget"}  # nearly every post
NOT_A_TARGET = "search, common words"


@dataclass
class Store:
    name: str
    sites: tuple[BenchSite, BenchSite]
    env: Callable[[BenchSite], dict[str, str]]
    warm: dict[str, list[tuple[LoadResult, LoadResult]]] = field(default_factory=dict)
    cold: tuple[list[ColdPage], list[ColdPage]] = ([], [])
    rss_six_pages: list[float] = field(default_factory=list)
    rss_long_tail: list[list[float]] = field(default_factory=list)
    long_tail_mb: float = 0.0
    long_tail_pages: int = 0

    def warm_slowdown(self, label: str) -> float:
        """The median over rounds of req/s at 10,000 ÷ req/s at 100,000 (above 1: slower)."""
        return statistics.median(a.requests_per_s / b.requests_per_s
                                 for a, b in self.warm[label] if b.requests_per_s)

    def cold_slowdown(self, label: str) -> float:
        small, large = ({p.name: p for p in pages} for pages in self.cold)
        return large[label].median_ms / small[label].median_ms


def _redis_env(site: BenchSite) -> dict[str, str]:
    # Both sizes in one Redis database: each its own keys (pages and content generation).
    return {**blog_env(site.url), "REDIS_URL": REDIS_URL,
            "BLOG_CACHE_KEY_PREFIX": f"scale-{site.posts}:"}


def _sqlite_env(site: BenchSite) -> dict[str, str]:
    return blog_env(site.url)


def stores() -> list[Store]:
    import redis

    sqlite = tuple(build_site(n) for n in SIZES)
    for url in (postgres.DATABASE_URL, DATABASE_URL):
        postgres.create_database(url)
    on_postgres = (build_database_site(SIZES[0], postgres.DATABASE_URL),
                   build_database_site(SIZES[1], DATABASE_URL))
    redis.Redis.from_url(REDIS_URL).flushdb()
    return [Store("SQLite", sqlite, _sqlite_env),
            Store("PostgreSQL + Redis", on_postgres, _redis_env)]


def _urls(site: BenchSite) -> dict[str, str]:
    renderer = Renderer(site)
    try:
        return renderer.urls(SEARCHES)
    finally:
        renderer.close()


def measure_warm(store: Store) -> None:
    urls = [_urls(site) for site in store.sites]
    small_site, large_site = store.sites
    with granian(APP_TARGET, store.env(small_site), ready_path="/healthz") as small, \
            granian(APP_TARGET, store.env(large_site), ready_path="/healthz") as large:
        servers = (small, large)
        for label in urls[0]:
            for server, site_urls in zip(servers, urls, strict=True):
                run_wrk(server.url + site_urls[label], WARMUP_SECONDS)  # every worker caches it
        store.warm = {label: [] for label in urls[0]}
        for number in range(1, ROUNDS + 1):
            print(f"  {store.name}: wrk each page at both sizes, round {number} of {ROUNDS}",
                  file=sys.stderr, flush=True)
            # Which size goes first swaps every round, so a drift within a round (the
            # machine is shared) favours neither size.
            order = (0, 1) if number % 2 else (1, 0)
            for label, loads in store.warm.items():
                load = {size: run_wrk(servers[size].url + urls[size][label], SECONDS)
                        for size in order}
                loads.append((load[0], load[1]))
        store.rss_six_pages = large.worker_rss_mb()
        print(f"  {store.name}: the long tail at {large_site.posts:,} posts, for memory",
              file=sys.stderr, flush=True)
        read_long_tail(store, large_site, large)


def read_long_tail(store: Store, site: BenchSite, server: Running) -> None:
    """Every page of the long tail read once (the shared store fills, the bytes are counted),
    then FILL_SECONDS of random reads twice over: each worker reads every page many times,
    so what it keeps ready reaches its bound, and the second figure shows it stays there."""
    paths = long_tail_paths(site)
    paths_file = TMP / f"scale-paths-{site.posts}.txt"
    paths_file.write_text("\n".join(paths) + "\n")

    def size(path: str) -> int:
        with urllib.request.urlopen(server.url + path) as response:
            return len(response.read())

    with ThreadPoolExecutor(4) as pool:
        store.long_tail_mb = sum(pool.map(size, paths)) / 1e6
    store.long_tail_pages = len(paths)
    for _ in range(2):
        run_wrk(server.url + "/", FILL_SECONDS, script=LUA_DIR / "longtail.lua",
                script_args=[str(paths_file)])
        store.rss_long_tail.append(server.worker_rss_mb())


def measure_cold(store: Store) -> None:
    print(f"  {store.name}: each page cold at both sizes (bench/cold_pages.py)",
          file=sys.stderr, flush=True)
    store.cold = cold_pages.measure_alternating(*store.sites, searches=SEARCHES,
                                                rounds=COLD_ROUNDS)


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _mb(values: list[float]) -> str:
    return ", ".join(f"{mb:.0f}" for mb in values) + " MB" if values else "n/a"


def lines(store: Store) -> list[str]:
    small, large = store.sites
    out = [f"### {store.name}", "",
           f"| page | warm req/s @{small.posts:,} | warm req/s @{large.posts:,} | warm "
           f"{large.posts:,} ÷ {small.posts:,} | cold ms @{small.posts:,} | cold ms "
           f"@{large.posts:,} | cold {large.posts:,} ÷ {small.posts:,} | SQL ms @{small.posts:,} "
           f"→ @{large.posts:,} | SQL statements, cold | warm ratio per round |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for a, b in zip(*store.cold, strict=True):
        loads = store.warm[a.name]
        rates = [statistics.median(load[n].requests_per_s for load in loads) for n in (0, 1)]
        out.append(f"| {a.name} | {rates[0]:,.0f} | {rates[1]:,.0f} "
                   f"| {store.warm_slowdown(a.name):.2f}× | {a.median_ms:.1f} "
                   f"| {b.median_ms:.1f} | {store.cold_slowdown(a.name):.2f}× "
                   f"| {a.sql_ms or 0:.1f} → {b.sql_ms or 0:.1f} "
                   f"| {a.statements} → {b.statements} | "
                   + " / ".join(f"{x.requests_per_s / y.requests_per_s:.2f}"
                                for x, y in loads if y.requests_per_s) + " |")
    out += ["", f"RSS per worker at {large.posts:,} posts: {_mb(store.rss_six_pages)} after "
            f"the pages above; after the long tail ({store.long_tail_pages:,} pages, "
            f"{store.long_tail_mb:.0f} MB of HTML, every page read once and then {FILL_SECONDS} "
            f"s of random reads, twice): "
            + "; then ".join(_mb(rss) for rss in store.rss_long_tail) + ".", ""]
    return out


def targets(store: Store) -> list[str]:
    small, large = store.sites
    out = []
    for kind, slowdown in (("warm", store.warm_slowdown), ("cold", store.cold_slowdown)):
        labels = [page.name for page in store.cold[0] if page.name != NOT_A_TARGET]
        worst = max(labels, key=slowdown)
        out.append(f"- {store.name}, {kind}: every page at {large.posts:,} posts within "
                   f"{MAX_SLOWDOWN}× of {small.posts:,} posts: worst {worst} "
                   f"{slowdown(worst):.2f}× — {_mark(slowdown(worst) <= MAX_SLOWDOWN)}")
    rss = store.rss_long_tail[-1] if store.rss_long_tail else []
    out.append(f"- {store.name}: RSS per worker at {large.posts:,} posts ≤ {MAX_RSS_MB} MB "
               f"(its {Defaults.PAGE_MEMORY_MB} MB of ready pages full): {_mb(rss)} — "
               f"{_mark(bool(rss) and max(rss) <= MAX_RSS_MB)}")
    return out


def _built(site: BenchSite, store: str) -> str:
    how = (f"built in {site.built_s / 60:.1f} min" if site.built_s is not None
           else "reused (built by an earlier run)")
    return f"{site.posts:,} posts / {site.comments:,} comments on {store}: {how}"


def main() -> None:
    started = time.monotonic()
    print("  building or reusing the sites", file=sys.stderr, flush=True)
    measured = stores()
    for store in measured:
        measure_warm(store)
        measure_cold(store)
    report = ["Data: " + "; ".join(_built(store.sites[1], store.name) for store in measured)
              + ".", "",
              f"Warm: wrk on one granian server per size, both up, each page after a "
              f"{WARMUP_SECONDS} s warm-up, in {ROUNDS} alternating rounds of {SECONDS} s (the "
              f"ratio is the median over the rounds of req/s at {SIZES[0]:,} ÷ at {SIZES[1]:,}). "
              f"Cold: in-process with the page cache off, both sizes in turn, median of "
              f"{COLD_ROUNDS} renders each; of it, the time the SQL statements took (median of "
              f"{cold_pages.SQL_ROUNDS} renders timed apart), which the machine's noise hardly "
              f"moves. Search for two common words matches nearly every "
              f"post and ranks the newest {RANKED:,} of them at both sizes (not a "
              f"target); \"kubernetes\" is in one post in {RARE_EVERY}: all "
              f"{SIZES[0] // RARE_EVERY:,} matches ranked at {SIZES[0]:,} posts, {RANKED:,} of "
              f"{SIZES[1] // RARE_EVERY:,} at {SIZES[1]:,}.", ""]
    for store in measured:
        report += lines(store)
    for store in measured:
        report += targets(store)
    report += ["", f"Scale run: {(time.monotonic() - started) / 60:.1f} min."]
    print("\n".join(report))


if __name__ == "__main__":
    main()
