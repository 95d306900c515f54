"""The digest in a real browser (headless Chromium): at 600 px and at a phone's 375 px it never
scrolls sideways, and its text reads (WCAG contrast 4.5:1, computed from what the browser drew) in
light and dark mode, in the house's look or branded (the branded list also groups by feed).
DIGEST_SAVE_SCREENSHOTS=1 also keeps the PNGs in docs/screenshots/
(after a reviewed change of design, as the golden files are)."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from digest.issues.colours import READABLE, contrast_ratio
from digest.issues.render import personalise, render_issue
from digest.models import ArticleImage, Branding, Feed, Grouping, MailingList
from tests.issues.test_render import ARCHIVE, a_list, a_recipient, an_article, an_issue, fixture_articles
from tests.support.screens import CONTRAST_JS, rgb

pytestmark = pytest.mark.slow
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
BRAND = Branding(
    colour="#0a7",
    address="1 Quay Street, Bristol BS1 4DJ, United Kingdom",
    intro="Good morning. Three pieces on how software ages, and one on feeds.",
    footer="Morning Brief is written in Bristol.",
)
# What the reader reads: every text the digest prints, by class.
TEXT = ".masthead, .tagline, .issue-line, .intro, .greeting, .article-link, .meta, .highlight, " \
       ".highlight-one, .read-more-link, .footer-text, .footer-link, .view-link, .group-title"  # fmt: skip
WIDE, SMALL = "https://cdn.example.com/wide.jpg", "https://cdn.example.com/small.jpg"
FEEDS = [Feed("f1", "https://example.com/feed.xml", "Example Engineering"),
         Feed("f2", "https://blog.example.org/rss", "Other Blog")]  # fmt: skip


def digest_file(folder: Path, mailing_list: MailingList) -> Path:
    saving = "A conditional GET that answers 304 costs a few hundred bytes instead of the whole feed."
    articles = [
        *fixture_articles(),
        an_article(4, title="What a feed's ETag saves", source="Other Blog", highlights=[saving]),
    ]
    # The second and fourth come from the other feed, so a grouped list shows two headings.
    articles = [replace(a, feed_id="f2") if a.id in ("a2", "a4") else a for a in articles]
    # A wide image (shrunk to the column, then to a phone) and a small one (never blown up).
    articles[0] = replace(articles[0], image=ArticleImage(WIDE, "Modules on a shelf", 1600, 900))
    articles[2] = replace(articles[2], image=ArticleImage(SMALL, "", 120, 80))
    rendered = render_issue(mailing_list, an_issue(), articles, archive_url=ARCHIVE, feeds=FEEDS)
    html, _text = personalise(rendered, a_recipient())
    path = folder / f"{mailing_list.slug}-{id(mailing_list)}.html"
    path.write_text(html, encoding="utf-8")
    return path


def show(driver: Any, path: Path, width: int, scheme: str) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )
    driver.get(path.as_uri())


@pytest.mark.parametrize("branded", [False, True], ids=["house", "branded"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [600, 375])
def test_the_digest_fits_the_screen_and_its_text_reads(
    browser: Any, tmp_path: Path, width: int, scheme: str, branded: bool
) -> None:
    mailing_list = replace(a_list(), branding=BRAND, group_by=Grouping.FEED) if branded else a_list()
    show(browser, digest_file(tmp_path, mailing_list), width, scheme)
    # Against the width asked for, not innerWidth: a phone widens its layout to fit what overflows.
    scroll = browser.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= width, f"{scroll} px of page in a {width} px window: it scrolls sideways"
    drawn = browser.execute_script(
        "return Array.from(document.images, i => [i.getAttribute('src'), i.getBoundingClientRect().width])"
    )
    widths = dict(drawn)
    assert widths[SMALL] == 120 and widths[WIDE] <= min(536, width - 32)
    texts = browser.execute_script(CONTRAST_JS, TEXT)
    assert len(texts) > 20
    unreadable = [
        (name, rgb(fg), rgb(bg), round(contrast_ratio(rgb(fg), rgb(bg)), 2))
        for name, fg, bg in texts
        if contrast_ratio(rgb(fg), rgb(bg)) < READABLE
    ]
    assert unreadable == []
    name = f"digest-{'branded' if branded else 'default'}-{width}-{scheme}.png"
    browser.set_window_size(width, 900)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": min(height, 4000), "deviceScaleFactor": 1, "mobile": width < 600},
    )
    assert browser.save_screenshot(str(tmp_path / name))
    assert (tmp_path / name).stat().st_size > 5000
    if os.environ.get("DIGEST_SAVE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp_path / name, SCREENSHOTS / name)
