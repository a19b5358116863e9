"""Every page type passes axe-core (light and dark), the Nu HTML Checker, and the phone and
tablet layout rules; screenshots of each at 360, 390 and 768 px go to the screenshots folder."""

import pytest

from tests.browser.checks import MOBILE_WIDTHS, axe_in_both_schemes, layout_problems, vnu_errors
from tests.browser.pages import BY_NAME, PAGE_NAMES, PAGE_TYPES

pytestmark = pytest.mark.browser


def _open(new_context, name: str, base_url: str, admin_session: str, **options):
    kind = BY_NAME[name]
    if kind.admin:
        options["storage_state"] = admin_session
    page = new_context(**options).new_page()
    return page, kind.open(page, base_url)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_accessibility_violations_in_light_or_dark(name, new_context, demo_site, admin_session):
    page, _ = _open(new_context, name, demo_site.url, admin_session)
    found = axe_in_both_schemes(page)
    assert found == {"light": [], "dark": []}, "\n".join(
        f"{scheme}: {line}" for scheme, lines in found.items() for line in lines
    )


@pytest.mark.parametrize("width", MOBILE_WIDTHS)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_fits_a_phone_or_tablet(name, width, new_context, demo_site, admin_session, screenshots):
    page, _ = _open(new_context, name, demo_site.url, admin_session,
                    viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)
    page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)
    problems = layout_problems(page)
    assert problems == [], "\n".join(problems)


@pytest.fixture(scope="module")
def html_errors(chromium, demo_site, admin_session, tmp_path_factory):
    """The Nu HTML Checker's verdict on every page type, from one run of the checker."""
    documents = {}
    anonymous = chromium.new_context(base_url=demo_site.url)
    admin = chromium.new_context(base_url=demo_site.url, storage_state=admin_session)
    for kind in PAGE_TYPES:
        documents[kind.name] = kind.open((admin if kind.admin else anonymous).new_page(),
                                         demo_site.url)
    anonymous.close()
    admin.close()
    return vnu_errors(documents, tmp_path_factory.mktemp("vnu"))


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_html_is_valid(name, html_errors):
    assert html_errors[name] == [], "\n".join(html_errors[name])
