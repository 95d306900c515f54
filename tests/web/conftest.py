"""What most web tests start from: the list 'morning' and a test client of the app on it (modules that
need another list or app settings define their own `client`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from digest import admin
from digest.runtime import Runtime, utcnow
from digest.web import create_app


@pytest.fixture
def client(runtime: Runtime) -> Iterator[FlaskClient]:
    admin.create_list(runtime.store, "morning", name="Morning Brief", from_addr="brief@example.com",
                      now=utcnow())  # fmt: skip
    app = create_app(runtime)
    app.testing = True  # an exception in a view fails the test instead of becoming a 500 page
    with app.test_client() as test_client:
        yield test_client
