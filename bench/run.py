"""`make bench`: build the data sets, serve them with granian, drive every page with wrk, and write
the table to bench/results.md. Ratios from one run matter; absolute numbers move with the machine.
"""

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench import cold_pages, comment_shapes, longtail, report
from bench.comment_post import PostResult, bench_comment_posts
from bench.datagen import BenchSite, build_site, scratch_copy
from bench.inprocess import PageCost, statements_per_page
from bench.loadgen import LoadResult, run_wrk
from bench.servers import APP_TARGET, ROOT, TMP, blog_env, granian, nginx
from blog.serve import default_workers

SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
WARMUP_SECONDS = 3  # long enough for every worker to render and cache each page once
PAIRED_ROUNDS = 5  # a median of five stands through a slow round or two (0.22 of nginx, then 0.33)
PAIRED_SECONDS = int(os.environ.get("BENCH_PAIRED_SECONDS", "5"))
SIZES = (100, 10_000)


@dataclass
class SiteRun:
    site: BenchSite
    pages: dict[str, str]  # label -> path
    costs: dict[str, PageCost] = field(default_factory=dict)
    loads: dict[str, LoadResult | None] = field(default_factory=dict)
    worker_rss_mb: list[float] = field(default_factory=list)


RETURNING_READER = "article, returning reader"


def reading_pages(site: BenchSite) -> dict[str, str]:
    return {
        "article": f"/{site.article_path}/",
        RETURNING_READER: f"/{site.article_path}/",  # sends the session cookie it was given
        "front page": "/",
        "category archive": f"/category/{site.category_slug}/",
        "search": "/search/?q=kubernetes",
        "RSS feed": "/feed/",
    }


def _session_cookie(url: str) -> str:
    """The `name=value` of the session cookie a first visit to `url` sets."""
    with urllib.request.urlopen(url) as response:
        return response.headers["Set-Cookie"].split(";", 1)[0]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def measure_site(site: BenchSite) -> SiteRun:
    run = SiteRun(site, reading_pages(site))
    print(f"  SQL statements per page ({site.posts} posts)", flush=True)
    run.costs = statements_per_page(site.url, run.pages.values())
    with granian(APP_TARGET, blog_env(site.url), ready_path="/healthz") as server:
        for label, path in run.pages.items():
            url = server.url + path
            if _status(url) != 200:
                run.loads[label] = None
                continue
            headers = {"Cookie": _session_cookie(url)} if label == RETURNING_READER else {}
            print(f"  wrk {label} ({site.posts} posts)", flush=True)
            run_wrk(url, WARMUP_SECONDS, headers=headers)  # every worker caches the page once
            run.loads[label] = run_wrk(url, SECONDS, headers=headers)
        run.worker_rss_mb = server.worker_rss_mb()
    return run


def article_bytes(site: BenchSite) -> bytes:
    with granian(APP_TARGET, blog_env(site.url), ready_path="/healthz") as server, \
            urllib.request.urlopen(f"{server.url}/{site.article_path}/") as response:
        return response.read()


@dataclass
class Paired:
    """The article at both sizes, nginx serving its bytes and the floor app, measured in
    alternating rounds with every server up: each ratio compares loads taken seconds apart,
    not minutes, on a machine whose speed drifts."""

    nginx: list[LoadResult] = field(default_factory=list)
    floor: list[LoadResult] = field(default_factory=list)
    small_article: list[LoadResult] = field(default_factory=list)
    article: list[LoadResult] = field(default_factory=list)

    def ratio(self, a: list[LoadResult], b: list[LoadResult]) -> float:
        """The median over rounds of a ÷ b (0 when no round of b served anything)."""
        ratios = [x.requests_per_s / y.requests_per_s
                  for x, y in zip(a, b, strict=True) if y.requests_per_s]
        return statistics.median(ratios) if ratios else 0.0

    @staticmethod
    def median_load(loads: list[LoadResult]) -> LoadResult:
        return sorted(loads, key=lambda load: load.requests_per_s)[len(loads) // 2]


def measure_paired(small: BenchSite, large: BenchSite, html: bytes) -> Paired:
    page = TMP / "floor.html"
    page.write_bytes(html)
    paired = Paired()
    with nginx(html, default_workers()) as static, \
            granian("bench.floor:app", {"BENCH_FLOOR_FILE": str(page)}) as floor, \
            granian(APP_TARGET, blog_env(small.url), ready_path="/healthz") as small_blog, \
            granian(APP_TARGET, blog_env(large.url), ready_path="/healthz") as large_blog:
        targets = (
            (paired.nginx, static.url + "/article.html"),
            (paired.floor, floor.url + "/"),
            (paired.small_article, f"{small_blog.url}/{small.article_path}/"),
            (paired.article, f"{large_blog.url}/{large.article_path}/"),
        )
        for _, url in targets:
            run_wrk(url, WARMUP_SECONDS)
        for number in range(1, PAIRED_ROUNDS + 1):
            print(f"  wrk nginx, floor app, article at both sizes: round {number} of "
                  f"{PAIRED_ROUNDS}", flush=True)
            for loads, url in targets:
                loads.append(run_wrk(url, PAIRED_SECONDS))
    return paired


def measure_comment_posts(site: BenchSite) -> PostResult | str:
    scratch = scratch_copy(site, "comment-posts")
    with granian(APP_TARGET, blog_env(scratch.url), ready_path="/healthz") as server:
        print("  wrk comment POSTs", flush=True)
        return bench_comment_posts(server.url, scratch, SECONDS)


def generation_cost_us(site: BenchSite) -> tuple[float, float]:
    """What the shared content generation costs: one read per request, one write per change."""
    from blog.pagecache.generation import FileGeneration

    store = FileGeneration(TMP / "generation-cost")
    rounds = 5000
    started = time.perf_counter()
    for _ in range(rounds):
        store.bump()
    bump = (time.perf_counter() - started) / rounds * 1e6
    started = time.perf_counter()
    for _ in range(rounds):
        store.current()
    return (time.perf_counter() - started) / rounds * 1e6, bump


SCALE = os.environ.get("BENCH_SCALE", "1") != "0"  # BENCH_SCALE=0: no 100,000-post runs
WXR_SIZES = ((10_000, 100_000), (100_000, 1_000_000))  # (posts, comments)


def wxr_import_section() -> list[dict] | str | None:
    """The discovery bench (a WordPress import of 10,000 posts, and of 100,000 unless
    BENCH_SCALE=0), each in a process of its own so its peak memory is its own."""
    if not (ROOT / "bench" / "wxr_import.py").exists():
        return None
    out = []
    for posts, comments in WXR_SIZES[:None if SCALE else 1]:
        print(f"  WXR import of {posts:,} posts (bench/wxr_import.py)", flush=True)
        done = subprocess.run(
            [sys.executable, "-c", "import json, sys; from bench.wxr_import import run; "
             "print(json.dumps(run(int(sys.argv[1]), int(sys.argv[2]))))",
             str(posts), str(comments)],
            cwd=ROOT, capture_output=True, text=True, timeout=900 * posts // 10_000)
        if done.returncode:
            return (done.stdout + "\n" + done.stderr[-2000:]).strip()
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


def newsletter_section() -> str:
    """The mail bench (bench/newsletter.py): 10,000 subscribers, and the site while it sends."""
    print("  newsletter to 10,000 subscribers (bench/newsletter.py)", flush=True)
    done = subprocess.run([sys.executable, "-m", "bench.newsletter"], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800)
    lines = [line for line in done.stdout.splitlines() if not line.startswith("INFO")]
    output = "\n".join(lines) + ("\n" + done.stderr[-2000:] if done.returncode else "")
    return output.strip() or f"(no output, exit status {done.returncode})"


def postgres_section() -> str:
    """PostgreSQL + Redis (bench/postgres.py): the pages on one server, the long tail on two."""
    print("  PostgreSQL + Redis (bench/postgres.py)", flush=True)
    done = subprocess.run([sys.executable, "-m", "bench.postgres"], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800)
    lines = [line for line in done.stdout.splitlines() if not line.startswith(("INFO", "{"))]
    output = "\n".join(lines) + ("\n" + done.stderr[-2000:] if done.returncode else "")
    return output.strip() or f"(no output, exit status {done.returncode})"


def scale_section() -> str | None:
    """100,000 posts against 10,000, SQLite and PostgreSQL (bench/scale.py), unless
    BENCH_SCALE=0."""
    if not SCALE:
        return None
    print("  100,000 posts / 1,000,000 comments (bench/scale.py)", flush=True)
    done = subprocess.run([sys.executable, "-m", "bench.scale"], cwd=ROOT,
                          capture_output=True, text=True, timeout=5400)
    lines = [line for line in done.stdout.splitlines() if not line.startswith(("INFO", "{"))]
    output = "\n".join(lines) + ("\n" + done.stderr[-2000:] if done.returncode else "")
    return output.strip() or f"(no output, exit status {done.returncode})"


def main() -> None:
    started = time.monotonic()
    print("Building data sets (reused when present)", flush=True)
    sites = [build_site(size) for size in SIZES]
    runs = [measure_site(site) for site in sites]
    html = article_bytes(sites[-1])
    paired = measure_paired(sites[0], sites[-1], html)
    posts = measure_comment_posts(sites[-1])
    generation = generation_cost_us(sites[-1])
    wxr = wxr_import_section()
    mail = newsletter_section()
    print("  pages the cache has not seen (bench/cold_pages.py)", flush=True)
    cold = (cold_pages.measure(sites[0]), cold_pages.measure(sites[-1]))
    print("  the long tail (bench/longtail.py)", flush=True)
    tail = longtail.measure(sites[-1])
    postgres = postgres_section()
    scale = scale_section()
    print("  hostile comment shapes (bench/comment_shapes.py)", flush=True)
    shapes = comment_shapes.run()
    text = report.render(runs, paired, posts, generation, wxr, mail, shapes=shapes,
                         cold=cold, longtail=tail, postgres=postgres, scale=scale,
                         seconds=SECONDS, paired_seconds=PAIRED_SECONDS, when=datetime.now(UTC),
                         elapsed_s=time.monotonic() - started)
    out = Path(__file__).resolve().parent / "results.md"
    out.write_text(text)
    print(text)
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
