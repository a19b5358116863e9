from pathlib import Path

import pytest

from blog.extensions import db
from blog.wxr.importer import import_wxr

FIXTURES = Path(__file__).parent / "fixtures"
SITE_WXR = FIXTURES / "site.xml"
UPLOADS = FIXTURES / "uploads"


@pytest.fixture
def imported(app):
    """The fixture site imported, with its uploads folder given alongside."""
    with app.app_context():
        summary = import_wxr(SITE_WXR, UPLOADS)
        db.session.remove()
    return summary
