"""The results table (Markdown) and the verdict on each target."""

import os
import platform
from datetime import datetime

from bench.cold_pages import ColdPage
from bench.comment_post import PostResult
from bench.comment_shapes import ShapesResult
from bench.loadgen import CONNECTIONS, THREADS, LoadResult
from bench.longtail import LongTail
from blog.serve import default_workers

MAX_WARM_STATEMENTS = 4
MAX_SLOWDOWN_AT_10K = 1.2
MIN_SHARE_OF_NGINX = 0.25
MIN_SHARE_OF_FLOOR = 0.5
MIN_COMMENTS_PER_S = 300


def _rate(load: LoadResult | None) -> str:
    return f"{load.requests_per_s:,.0f}" if load else "n/a"


def _latency(load: LoadResult | None) -> str:
    return f"{load.p50_ms:.1f} / {load.p99_ms:.1f}" if load else "n/a"


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a and b else "n/a"


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(runs, paired, posts: PostResult | str, generation_us: tuple[float, float],
           wxr: list[dict] | str | None, mail: str | None = None, *, seconds: int,
           paired_seconds: int, when: datetime, elapsed_s: float,
           shapes: ShapesResult | None = None,
           cold: tuple[list[ColdPage], list[ColdPage]] | None = None,
           longtail: LongTail | None = None, postgres: str | None = None,
           scale: str | None = None) -> str:
    small, large = runs[0], runs[-1]
    static, floor = paired.median_load(paired.nginx), paired.median_load(paired.floor)
    lines = [
        "# Benchmark results",
        "",
        f"Measured {when:%Y-%m-%d %H:%M} UTC by `make bench` on {platform.machine()}, "
        f"{os.cpu_count()} cores (shared and noisy: read the ratios, not the absolute numbers). "
        f"granian (WSGI, production settings from `blog/serve.py`, {default_workers()} workers), "
        f"wrk {THREADS} threads / {CONNECTIONS} connections / {seconds} s per page after a "
        f"3 s warm-up, all on loopback. Whole run: {elapsed_s / 60:.1f} min.",
        "",
        f"Data: {small.site.posts:,} posts / {small.site.comments:,} comments, and "
        f"{large.site.posts:,} posts / {large.site.comments:,} comments (fixed seed, SQLite).",
        "",
        f"| page | req/s @{small.site.posts:,} | p50 / p99 ms @{small.site.posts:,} "
        f"| req/s @{large.site.posts:,} | p50 / p99 ms @{large.site.posts:,} "
        f"| {large.site.posts:,} ÷ {small.site.posts:,} | ÷ nginx | SQL cold → warm "
        f"@{small.site.posts:,} | SQL cold → warm @{large.site.posts:,} | HTML bytes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, path in large.pages.items():
        a, b = small.loads.get(label), large.loads.get(label)
        ca, cb = small.costs[small.pages[label]], large.costs[path]
        lines.append(
            f"| {label} | {_rate(a)} | {_latency(a)} | {_rate(b)} | {_latency(b)} "
            f"| {_ratio(b and b.requests_per_s, a and a.requests_per_s)} "
            f"| {_ratio(b and b.requests_per_s, static.requests_per_s)} "
            f"| {ca.cold_statements} → {ca.warm_statements} "
            f"| {cb.cold_statements} → {cb.warm_statements} "
            f"| {cb.html_bytes:,}{'' if cb.status == 200 else f' (status {cb.status})'} |")
    lines += [
        f"| nginx, static copy of the article (median round) | | | {_rate(static)} "
        f"| {_latency(static)} | | 1.00 | | | {len_html(large):,} |",
        f"| floor: minimal Flask app, same bytes from memory (median round) | | "
        f"| {_rate(floor)} | {_latency(floor)} | | "
        f"{_ratio(floor.requests_per_s, static.requests_per_s)} | | | |",
        "",
        f"÷ nginx divides by the median nginx round below. The article at both sizes, nginx "
        f"and the floor app were then measured again in {len(paired.nginx)} alternating rounds "
        f"of {paired_seconds} s with every server up, so each ratio compares loads taken "
        f"seconds apart; the targets use the median ratio over the rounds.",
        "",
        f"| round | nginx req/s | floor req/s | article req/s @{small.site.posts:,} "
        f"| article req/s @{large.site.posts:,} | {large.site.posts:,} ÷ {small.site.posts:,} "
        f"| article ÷ nginx | article ÷ floor | floor ÷ nginx |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rounds = zip(paired.nginx, paired.floor, paired.small_article, paired.article, strict=True)
    for number, (n, f, a100, a) in enumerate(rounds, 1):
        lines.append(f"| {number} | {_rate(n)} | {_rate(f)} | {_rate(a100)} | {_rate(a)} "
                     f"| {_ratio(a.requests_per_s, a100.requests_per_s)} "
                     f"| {_ratio(a.requests_per_s, n.requests_per_s)} "
                     f"| {_ratio(a.requests_per_s, f.requests_per_s)} "
                     f"| {_ratio(f.requests_per_s, n.requests_per_s)} |")
    lines += [
        f"| median | | | | | {paired.ratio(paired.article, paired.small_article):.2f} "
        f"| {paired.ratio(paired.article, paired.nginx):.2f} "
        f"| {paired.ratio(paired.article, paired.floor):.2f} "
        f"| {paired.ratio(paired.floor, paired.nginx):.2f} |",
        "",
    ]
    if isinstance(posts, PostResult):
        lines.append(
            f"Comment POST ({large.site.posts:,}-post copy, rate limits off, 8 connections): "
            f"{posts.requests_per_s:,.0f} req/s, {posts.accepted_per_s:,.0f} accepted/s "
            f"(303), p50 / p99 {posts.p50_ms:.1f} / {posts.p99_ms:.1f} ms; "
            f"{posts.accepted:,} accepted, {posts.stored:,} stored, {posts.lost} lost, "
            f"{posts.refused} refused.")
    else:
        lines.append(f"Comment POST: not measured ({posts}).")
    rss = large.worker_rss_mb
    lines += [
        "",
        f"RSS per worker after the {large.site.posts:,}-post run: "
        + (", ".join(f"{mb:.0f} MB" for mb in rss) if rss else "n/a") + ".",
        "",
        f"Shared content generation (the file every worker checks; Redis when REDIS_URL is "
        f"set): {generation_us[0]:.0f} µs to read per request, {generation_us[1]:.0f} µs to "
        f"replace per content change.",
        "",
    ]
    if cold is not None:
        lines += _cold_lines(small, large, *cold)
    if longtail is not None:
        lines += ["## The long tail (bench/longtail.py)", "",
                  "The 10,000-post site read uniformly over its articles and archives, read-only "
                  "and while comments are published on random posts, in alternating rounds on "
                  "one server; a comment renders again only the pages that show its post.", "",
                  *longtail.lines(), ""]
    if postgres is not None:
        lines += ["## PostgreSQL and Redis (bench/postgres.py)", "", postgres, ""]
    if scale is not None:
        lines += ["## 100,000 posts (bench/scale.py)", "", scale, ""]
    if shapes is not None:
        lines += ["## Hostile comments (bench/comment_shapes.py)", "",
                  "Each comment POSTed in-process (CSRF, form, sanitiser, moderation, insert), in "
                  "alternating rounds; shapes past the markup caps are refused with a 422 "
                  "(the article rendered again with the text kept).", "", *shapes.lines(), ""]
    lines += ["## Targets", ""]
    lines += _targets(small, large, paired, posts)
    if shapes is not None:
        lines.append(shapes.target(_mark))
    if wxr:
        lines += ["", "## WordPress import (bench/wxr_import.py)", "", *_wxr_lines(wxr)]
    if mail:
        lines += ["", "## Newsletter to 10,000 subscribers (bench/newsletter.py)", "",
                  "A real SMTP server process (aiosmtpd) on loopback; `flask send-mail` as "
                  "`make run` starts it; the article read by wrk while it sends, against the "
                  "same with the sender paused.", "", "```", mail, "```"]
    return "\n".join(lines) + "\n"


def _wxr_lines(wxr: list[dict] | str) -> list[str]:
    """A generated export imported into a fresh SQLite database, one process per size: its
    peak memory at both sizes says whether the import holds the export in memory."""
    if isinstance(wxr, str):
        return ["```", wxr, "```"]
    lines = ["Each size imported in a process of its own (fixed seed, SQLite).", "",
             "| export | file | time | CPU | peak RSS |", "| --- | ---: | ---: | ---: | ---: |"]
    for run in wxr:
        cpu = f"{run['cpu_seconds']:,.0f} s" if "cpu_seconds" in run else "n/a"
        lines.append(f"| {run['posts']:,} posts / {run['comments']:,} comments "
                     f"| {run['file_mb']:,.0f} MB | {run['seconds']:,.0f} s | {cpu} "
                     f"| {run['peak_rss_mb']:,.0f} MB |")
    if len(wxr) > 1:
        small, large = wxr[0], wxr[-1]
        lines += ["", f"{large['posts'] // small['posts']}× the export: "
                  f"{large['seconds'] / small['seconds']:.1f}× the time, "
                  f"{large['peak_rss_mb'] / small['peak_rss_mb']:.2f}× the peak memory."]
    return lines


def _cold_lines(small, large, at_small: list[ColdPage], at_large: list[ColdPage]) -> list[str]:
    lines = ["## Pages the cache has not seen (bench/cold_pages.py)", "",
             "Each page rendered in-process with the page cache off: the median of "
             "15 renders (CPU of one request, no network).", "",
             f"| page | ms @{small.site.posts:,} | ms @{large.site.posts:,} | "
             f"{large.site.posts:,} ÷ {small.site.posts:,} | SQL statements |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for a, b in zip(at_small, at_large, strict=True):
        lines.append(f"| {b.name} | {a.median_ms:.1f} | {b.median_ms:.1f} | "
                     f"{b.median_ms / a.median_ms:.2f} | {a.statements} → {b.statements} |")
    return [*lines, ""]


def len_html(run) -> int:
    return run.costs[run.pages["article"]].html_bytes


def _targets(small, large, paired, posts) -> list[str]:
    out = []
    warm = [(run.site.posts, label, run.costs[path].warm_statements)
            for run in (small, large) for label, path in run.pages.items()
            if run.costs[path].status == 200]
    worst = max((n for *_, n in warm), default=0)
    constant = all(
        small.costs[small.pages[label]].warm_statements
        == large.costs[large.pages[label]].warm_statements
        for label in large.pages if large.costs[large.pages[label]].status == 200
        and small.costs[small.pages[label]].status == 200)
    out.append(f"- Reading pages run at most {MAX_WARM_STATEMENTS} SQL statements on a warm "
               f"cache, the same at both sizes: worst {worst}, "
               f"{'constant' if constant else 'not constant'} — "
               f"{_mark(worst <= MAX_WARM_STATEMENTS and constant)}")
    speed_at_large = paired.ratio(paired.article, paired.small_article)
    if speed_at_large:
        slowdown = 1 / speed_at_large
        out.append(f"- Article at {large.site.posts:,} posts within {MAX_SLOWDOWN_AT_10K}× of "
                   f"{small.site.posts:,} posts: {slowdown:.2f}× (median of the rounds) — "
                   f"{_mark(slowdown <= MAX_SLOWDOWN_AT_10K)}")
        share = paired.ratio(paired.article, paired.nginx)
        floor_of_nginx = paired.ratio(paired.floor, paired.nginx)
        out.append(f"- Article ≥ {MIN_SHARE_OF_NGINX:.0%} of nginx serving the same bytes: "
                   f"{share:.0%} (median of the rounds) — {_mark(share >= MIN_SHARE_OF_NGINX)} "
                   f"(the floor app itself reaches {floor_of_nginx:.0%} of nginx)")
        floor_share = paired.ratio(paired.article, paired.floor)
        out.append(f"- Article ÷ floor ≥ {MIN_SHARE_OF_FLOOR}: {floor_share:.2f} (median of the "
                   f"rounds) — {_mark(floor_share >= MIN_SHARE_OF_FLOOR)}")
    if isinstance(posts, PostResult):
        ok = posts.accepted_per_s >= MIN_COMMENTS_PER_S and posts.lost == 0
        out.append(f"- Comment POSTs ≥ {MIN_COMMENTS_PER_S}/s accepted, none lost: "
                   f"{posts.accepted_per_s:,.0f}/s, {posts.lost} lost — {_mark(ok)}")
    else:
        out.append(f"- Comment POSTs: not measured ({posts})")
    return out
