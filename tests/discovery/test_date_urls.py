"""Every year and month a date URL can name, in the zones at either end of UTC, with posts at the
ends of the calendar: a page or a 404, never a 500 (/9999/ was year 10000)."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.security._fuzz import FUZZ

ZONES = ["UTC", "Pacific/Kiritimati", "Etc/GMT+12"]  # UTC+14 and UTC-12


@pytest.fixture
def calendar_ends(app, make):
    """A post on the first day datetime knows, and one scheduled for its last hour."""
    make.post(title="The first post", slug="first",
              published_at=datetime(1, 1, 1, 1, 0, tzinfo=UTC))
    make.post(title="The last post", slug="last", status="scheduled",
              published_at=datetime(9999, 12, 31, 23, 0, tzinfo=UTC))
    return app


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("url", ["/9999/", "/9999/12/", "/9999/12/page/2/", "/?m=999912"])
def test_the_last_year_and_month_are_answered(calendar_ends, zone, url):
    calendar_ends.config["SITE_TIMEZONE"] = zone
    response = calendar_ends.test_client().get(url)
    assert response.status_code in (301, 404)  # nothing published there yet


@pytest.mark.parametrize("zone", ZONES)
def test_pages_showing_a_post_from_year_one_render(calendar_ends, zone):
    calendar_ends.config["SITE_TIMEZONE"] = zone
    client = calendar_ends.test_client()
    for url in ("/", "/first/", "/feed/", "/sitemap.xml", "/search/?q=first"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "The first post" in client.get("/").get_data(as_text=True)


@FUZZ
@given(year=st.integers(0, 9999), month=st.one_of(st.none(), st.integers(0, 99)),
       day=st.integers(0, 99), zone=st.sampled_from(ZONES), page=st.integers(1, 2**31 - 1))
def test_any_date_url_is_a_page_or_a_404(calendar_ends, year, month, day, zone, page):
    calendar_ends.config["SITE_TIMEZONE"] = zone
    client = calendar_ends.test_client()
    urls = [f"/{year:04d}/", f"/{year:04d}/page/{page}/", f"/?m={year:04d}",
            f"/{year:04d}/{month or 0:02d}/{day:02d}/last/"]
    if month is not None:
        urls += [f"/{year:04d}/{month:02d}/", f"/{year:04d}/{month:02d}/page/{page}/",
                 f"/?m={year:04d}{month:02d}"]
    for url in urls:
        assert client.get(url).status_code in (200, 301, 308, 404), url
