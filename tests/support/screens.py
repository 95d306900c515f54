"""Headless Chromium for the screen tests, and what they read back from the page it drew."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from digest.issues.colours import to_hex

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
# Each text element's colour and the first opaque background behind it, as the browser computed them.
CONTRAST_JS = """
const out = [];
for (const el of document.querySelectorAll(arguments[0])) {
  let bg = el, colour = getComputedStyle(bg).backgroundColor;
  while (bg && (colour === 'rgba(0, 0, 0, 0)' || colour === 'transparent')) {
    bg = bg.parentElement; colour = bg ? getComputedStyle(bg).backgroundColor : 'rgb(255, 255, 255)';
  }
  out.push([el.className || el.tagName.toLowerCase(), getComputedStyle(el).color, colour]);
}
return out;
"""


def chromium(profile: Path, *extra: str) -> Any:
    """A headless Chromium that stays off the network but for the pages it is sent to (`extra`: more
    flags, such as a window size)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # Without the background-networking flags Chromium keeps dialling Google on this closed network.
    flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
    flags += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
    flags += [f"--user-data-dir={profile}", "--hide-scrollbars", *extra]
    for flag in flags:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(20)
    return driver


def rgb(css: str) -> str:
    """#rrggbb of a computed CSS colour such as rgb(18, 18, 18)."""
    channels = [float(c) for c in re.findall(r"[\d.]+", css)[:3]]
    return to_hex((channels[0], channels[1], channels[2]))
