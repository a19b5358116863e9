"""The guard every browser test relies on does notice what it is there to notice."""

import pytest

from tests.browser.chromium import PageProblems, is_local

pytestmark = pytest.mark.browser


def test_guard_reports_script_errors_broken_files_and_other_hosts(chromium, demo_site):
    context = chromium.new_context(base_url=demo_site.url)
    problems = PageProblems()
    problems.watch(context)
    page = context.new_page()
    page.goto("/")
    with page.expect_event("pageerror"), page.expect_response("**/no-such-picture.png"):
        page.evaluate("""() => {
            const missing = new Image();
            missing.src = '/static/img/no-such-picture.png';
            document.body.append(missing);
            console.error('something broke');
            setTimeout(() => { throw new Error('uncaught failure'); }, 0);
        }""")
    found = "\n".join(problems.take())
    context.close()

    assert "404 for" in found and "no-such-picture.png" in found
    assert "console error: something broke" in found
    assert "script error: " in found and "uncaught failure" in found


def test_only_this_machine_counts_as_local():
    assert is_local("http://127.0.0.1:8000/")
    assert is_local("http://localhost/feed/")
    assert is_local("data:image/png;base64,AAAA")
    assert not is_local("https://fonts.example.com/font.woff2")
    assert not is_local("http://10.0.0.5/")
