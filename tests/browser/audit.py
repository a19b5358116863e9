"""`make audit`: axe-core (WCAG 2.1 A/AA, light and dark) and the Nu HTML Checker on every page
type, then Lighthouse's mobile preset on an article. Prints the figures; exits 1 below target.

Everything runs against a demo site on a loopback port, in Debian's chromium, offline."""

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.checks import NODE_MODULES, axe_in_both_schemes, vnu_errors
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, launch
from tests.browser.demo_site import start_demo_site
from tests.browser.login import log_in
from tests.browser.pages import PAGE_TYPES, THREAD_ARTICLE
from tests.server import free_port

LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = 95


def check_pages(base_url: str, work: Path) -> tuple[int, int]:
    """axe violations and HTML errors over every page type, printed page by page."""
    violations = 0
    documents = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        anonymous = browser.new_context(base_url=base_url)
        admin = browser.new_context(base_url=base_url)
        if any(kind.admin for kind in PAGE_TYPES):
            log_in(admin)
        for kind in PAGE_TYPES:
            page = (admin if kind.admin else anonymous).new_page()
            documents[kind.name] = kind.open(page, base_url)
            for scheme, found in axe_in_both_schemes(page).items():
                violations += len(found)
                print(f"axe  {kind.name:<24} {scheme:<5} {len(found)} violations")
                for line in found:
                    print(f"     {line}")
            page.close()
        browser.close()
    errors = vnu_errors(documents, work / "vnu")
    for name, found in errors.items():
        print(f"html {name:<24} {len(found)} errors")
        for line in found:
            print(f"     {line}")
    return violations, sum(len(found) for found in errors.values())


def _wait_for_devtools(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("chromium's DevTools port did not open")


def lighthouse_scores(url: str, work: Path) -> dict[str, int]:
    """Lighthouse (mobile preset, its default) in a chromium we start with our own flags."""
    port = free_port()
    chromium = subprocess.Popen(
        [CHROMIUM, "--headless=new", *CHROMIUM_ARGS, f"--remote-debugging-port={port}",
         f"--user-data-dir={work / 'lighthouse-profile'}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    report = work / "lighthouse.json"
    try:
        _wait_for_devtools(port)
        subprocess.run(
            [str(LIGHTHOUSE), url, f"--port={port}", "--output=json",
             f"--output-path={report}", "--quiet",
             f"--only-categories={','.join(CATEGORIES)}"],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, timeout=300,
        )
    finally:
        chromium.terminate()
        chromium.wait(10)
    result = json.loads(report.read_text(encoding="utf-8"))
    for audit in result["audits"].values():
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") \
                in ("binary", "numeric", "metricSavings"):
            print(f"     lighthouse: {audit['id']}: {audit['title']} ({audit['score']})")
    return {key: round(result["categories"][key]["score"] * 100) for key in CATEGORIES}


def main() -> int:
    logging.disable(logging.INFO)  # migrations and request logs would bury the figures
    with tempfile.TemporaryDirectory(prefix="blog-audit-") as folder:
        work = Path(folder)
        site = start_demo_site(work / "site")
        try:
            violations, html_errors = check_pages(site.url, work)
            scores = lighthouse_scores(f"{site.url}/{THREAD_ARTICLE}/", work)
        finally:
            site.stop()
    print()
    print(f"axe-core violations (WCAG 2.1 A/AA, light and dark): {violations}")
    print(f"Nu HTML Checker errors: {html_errors}")
    print("Lighthouse, mobile, article page: " + ", ".join(
        f"{key} {value}" for key, value in scores.items()))
    passed = violations == 0 and html_errors == 0 and min(scores.values()) >= TARGET
    print("PASS" if passed else f"FAIL (targets: 0 violations, 0 errors, every score >= {TARGET})")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
