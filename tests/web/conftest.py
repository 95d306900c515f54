"""What most web tests start from: the list 'morning' and a test client of the app on it (modules that
need another list or app settings define their own `client`), and one headless Chromium per module
for the screen tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from digest import admin
from digest.runtime import Runtime, utcnow
from digest.web import create_app
from tests.support.screens import CHROMIUM, DRIVER, chromium


@pytest.fixture
def client(runtime: Runtime) -> Iterator[FlaskClient]:
    admin.create_list(runtime.store, "morning", name="Morning Brief", from_addr="brief@example.com",
                      now=utcnow())  # fmt: skip
    app = create_app(runtime)
    app.testing = True  # an exception in a view fails the test instead of becoming a 500 page
    with app.test_client() as test_client:
        yield test_client


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (CHROMIUM and DRIVER):
        pytest.skip("needs Debian's chromium and chromium-driver (.ci/run installs them)")
    driver = chromium(tmp_path_factory.mktemp("profile"))
    yield driver
    driver.quit()
