"""The web pages in a real browser (headless Chromium) at a phone's 375 px, light and dark: they never
scroll sideways, their text reads (WCAG 4.5:1, computed from what the browser drew), and the leave button
is drawn quieter than Save. The archived issue is a branded list's, with images, grouped by feed.
DIGEST_SAVE_SCREENSHOTS=1 also keeps the PNGs in docs/screenshots/."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from digest import admin
from digest.admin.branding import brand_list
from digest.delivery.links import make_unsubscribe_token
from digest.issues.colours import READABLE, contrast_ratio
from digest.models import ArticleImage
from digest.runtime import Runtime, utcnow
from digest.schedules import tick as scheduling
from digest.web import create_app
from tests.issues.test_render import an_article
from tests.support.archive import sent_issue, stored_issue
from tests.support.screens import CONTRAST_JS, rgb

pytestmark = pytest.mark.slow
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TEXT = "h1, h2, p, label, legend, li, a, button, time"
LONG_TITLE = "A-title-with-no-spaces-at-all-that-a-feed-might-send-" * 3


@pytest.fixture
def site(runtime: Runtime) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, create_app(runtime), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _pages(runtime: Runtime) -> dict[str, str]:
    store = runtime.store
    admin.create_list(store, "morning", name="Morning Brief", from_addr="brief@example.com", now=utcnow(),
                      description="The day's news, short.")  # fmt: skip
    istanbul = scheduling.ScheduleOptions(tz="Europe/Istanbul")
    scheduling.set_schedule(store, "morning", "daily 07:00", utcnow(), options=istanbul)
    scheduling.set_schedule(
        store, "morning", "weekly sun 18:00", utcnow(), edition="weekly", options=istanbul
    )
    person = admin.add_subscriber(store, "morning", "ada.lovelace@example.com", now=utcnow())
    for day in range(1, 4):
        stored_issue(store, day, articles=4)
    stored_issue(store, 4, articles=2, title=LONG_TITLE)
    return {
        "preferences": f"/preferences/{make_unsubscribe_token(runtime.links.secret, person.id, 'morning')}",
        "archive": "/archive/morning",
        "archive-issue": _branded_issue(runtime),
    }


def _branded_issue(runtime: Runtime) -> str:
    store = runtime.store
    admin.create_list(store, "harbour", name="Harbour Notes", from_addr="notes@example.com", now=utcnow())
    address = "1 Quay Street, Bristol BS1 4DJ, United Kingdom"
    brand_list(store, "harbour", colour="#0a7", address=address,
               footer="Written in Bristol.", intro="Three stories from the quay.")  # fmt: skip
    store.lists.update("harbour", {"group_by": "feed"})
    image = ArticleImage("https://cdn.example.com/ferry.jpg", alt="A ferry at dawn", width=1600, height=900)
    articles = [
        an_article(1, id="h1", feed_id="fa", source="Quay Post", image=image, title=LONG_TITLE),
        an_article(2, id="h2", feed_id="fb", source="Rail Weekly", highlights=["One highlight only."]),
        an_article(3, id="h3", feed_id="fa", source="Quay Post"),
    ]
    sent_issue(store, "harbour", 1, articles, f"{runtime.settings.base_url}/archive/harbour")
    return "/archive/harbour/1"


def _show(driver: Any, url: str, width: int, scheme: str) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": True},
    )
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )
    driver.get(url)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_pages_fit_a_phone_and_their_text_reads(
    runtime: Runtime, site: str, browser: Any, tmp_path: Path, scheme: str
) -> None:
    for name, path in _pages(runtime).items():
        _show(browser, site + path, 375, scheme)
        scroll = browser.execute_script("return document.documentElement.scrollWidth")
        # Against the phone's width, not innerWidth: a phone widens its layout to fit what overflows.
        assert scroll <= 375, f"{name}: {scroll} px of page in a 375 px window: it scrolls sideways"
        texts = browser.execute_script(CONTRAST_JS, TEXT)
        assert len(texts) > 8
        unreadable = [
            (name, cls, rgb(fg), rgb(bg))
            for cls, fg, bg in texts
            if contrast_ratio(rgb(fg), rgb(bg)) < READABLE
        ]
        assert unreadable == []
        shot = tmp_path / f"web-{name}-375-{scheme}.png"
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 375, "height": min(height, 4000), "deviceScaleFactor": 1, "mobile": True},
        )
        assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 5000
        if os.environ.get("DIGEST_SAVE_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, SCREENSHOTS / shot.name)


def test_the_leave_button_is_drawn_quieter_than_save_and_pause(
    runtime: Runtime, site: str, browser: Any
) -> None:
    _show(browser, site + _pages(runtime)["preferences"], 375, "light")
    drawn = browser.execute_script(
        "return Array.from(document.querySelectorAll('button'), b => [b.textContent.trim(),"
        " getComputedStyle(b).backgroundColor, getComputedStyle(b).boxShadow])"
    )
    looks = {label: (background, shadow) for label, background, shadow in drawn}
    assert looks["Save"][0] not in ("rgba(0, 0, 0, 0)", "transparent")  # solid: the primary action
    assert looks["Pause"][0] == "rgba(0, 0, 0, 0)" and looks["Pause"][1] != "none"  # outlined
    assert looks["Unsubscribe"] == ("rgba(0, 0, 0, 0)", "none")  # a plain underlined word
