"""A real browser (headless Chromium through chromedriver) on the real web app: it sees the
unsubscribe page, takes a screenshot, clicks the one button, and the status changes in Redis; an
operator signs in and sees the charts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from digest import admin
from digest.delivery.links import make_confirm_token, make_unsubscribe_token
from digest.models import SubscriberStatus
from digest.runtime import Runtime, utcnow
from digest.web import create_app
from tests.support.processes import wait_until
from tests.support.screens import CHROMIUM, DRIVER, chromium

pytestmark = pytest.mark.slow


@pytest.fixture
def site(runtime: Runtime) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, create_app(runtime), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    if not (CHROMIUM and DRIVER):
        pytest.skip("needs Debian's chromium and chromium-driver (.ci/run installs them)")
    driver = chromium(tmp_path / "profile", "--window-size=420,900")
    yield driver
    driver.quit()


def test_a_reader_unsubscribes_with_one_click_in_a_real_browser(
    runtime: Runtime, site: str, browser: object, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    store = runtime.store
    admin.create_list(store, "morning", name="Morning Brief", from_addr="brief@example.com", now=utcnow())
    person = admin.add_subscriber(store, "morning", "ada@example.com", now=utcnow())
    token = make_unsubscribe_token(runtime.links.secret, person.id, "morning")
    driver = browser
    driver.get(f"{site}/unsubscribe/{token}")  # type: ignore[attr-defined]
    assert "Unsubscribe from Morning Brief" in driver.title  # type: ignore[attr-defined]
    assert driver.save_screenshot(str(tmp_path / "unsubscribe.png"))  # type: ignore[attr-defined]
    assert (tmp_path / "unsubscribe.png").stat().st_size > 1000
    driver.find_element(By.ID, "unsubscribe").click()  # type: ignore[attr-defined]
    WebDriverWait(driver, 10).until(expected_conditions.title_is("You are unsubscribed"))
    found = store.subscribers.subscription("morning", person.id)
    assert found is not None and found.status is SubscriberStatus.UNSUBSCRIBED


def test_the_archive_renders_in_a_real_browser(
    runtime: Runtime, site: str, browser: object, tmp_path: Path
) -> None:
    admin.create_list(runtime.store, "morning", name="Morning Brief", from_addr="b@example.com", now=utcnow())
    driver = browser
    driver.get(f"{site}/archive/morning")  # type: ignore[attr-defined]
    assert driver.title == "Morning Brief archive"  # type: ignore[attr-defined]
    assert driver.save_screenshot(str(tmp_path / "archive.png"))  # type: ignore[attr-defined]


def test_a_reader_subscribes_and_confirms_in_a_real_browser(
    runtime: Runtime, site: str, browser: object, tmp_path: Path
) -> None:
    """A browser's own form posts pass the same-site check (its Origin follows the pages' Referrer-Policy)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    store = runtime.store
    admin.create_list(store, "morning", name="Morning Brief", from_addr="brief@example.com", now=utcnow())
    driver = browser
    driver.get(f"{site}/subscribe/morning")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "email").send_keys("ada@example.com")  # type: ignore[attr-defined]
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()  # type: ignore[attr-defined]
    WebDriverWait(driver, 10).until(expected_conditions.title_is("Check your inbox"))
    wait_until(lambda: bool(store.subscribers.ids_for(["ada@example.com"])[0]), 10, "the join to be recorded")
    person = store.subscribers.by_email("ada@example.com")
    driver.get(f"{site}/confirm/{make_confirm_token(runtime.links.secret, person.id, 'morning')}")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "confirm").click()  # type: ignore[attr-defined]
    WebDriverWait(driver, 10).until(expected_conditions.title_is("You are subscribed"))
    found = store.subscribers.subscription("morning", person.id)
    assert found is not None and found.status is SubscriberStatus.ACTIVE


def test_an_operator_signs_in_and_sees_the_charts_in_a_real_browser(
    runtime: Runtime, site: str, browser: object, tmp_path: Path
) -> None:
    """The login form's cookie is kept and sent back by a real browser (SameSite=Strict, HttpOnly)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    token = "operators-token-0123456789abcdef"
    runtime.settings = replace(
        runtime.settings, admin_token=token, base_url=site
    )  # an http site: no Secure flag
    admin.create_list(runtime.store, "morning", name="Morning Brief", from_addr="b@example.com", now=utcnow())
    driver = browser
    driver.set_window_size(1100, 1500)  # type: ignore[attr-defined]
    driver.get(f"{site}/admin/morning")  # type: ignore[attr-defined]
    assert "Morning Brief" not in driver.page_source  # type: ignore[attr-defined]
    driver.find_element(By.ID, "token").send_keys(token)  # type: ignore[attr-defined]
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()  # type: ignore[attr-defined]
    WebDriverWait(driver, 10).until(expected_conditions.url_to_be(f"{site}/admin/"))
    driver.find_element(By.LINK_TEXT, "morning").click()  # type: ignore[attr-defined]
    WebDriverWait(driver, 10).until(expected_conditions.title_contains("Morning Brief"))
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.chart")) == 4  # type: ignore[attr-defined]
    assert driver.save_screenshot(str(tmp_path / "admin.png"))  # type: ignore[attr-defined]
    assert (tmp_path / "admin.png").stat().st_size > 1000
