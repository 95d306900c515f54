"""An article's own image, and the one rule for which image URLs we accept, wherever they come from.

Beside the other domain objects (digest.models) to keep each module short. The page (og:image,
twitter:image, JSON-LD) and the feed (media:content, media:thumbnail, an image enclosure) both pass
through `article_image`, so a hostile URL is refused once, the same way for every source. The image is
linked from the digest as declared: mail clients fetch it, we never do (nor proxy it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from digest.models.text import one_line

MAX_IMAGE_URL_CHARS = 2048  # past this a URL is data smuggled in a link, and costs every recipient bytes
# Alt text is read aloud whole and shown whole where images are blocked: a caption's length, not a story's.
MAX_ALT_CHARS = 150
MAX_DIMENSION = 10_000  # pixels; a larger declared size is a typo or a trap, so it counts as undeclared
_IMAGE_SCHEMES = frozenset({"http", "https"})
_UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\`]")


@dataclass(frozen=True)
class ArticleImage:
    """An absolute http(s) URL, with what its source declared about it ('' and 0 when nothing)."""

    url: str
    alt: str = ""
    width: int = 0
    height: int = 0


def article_image(
    url: str, *, base: str = "", alt: str = "", width: str = "", height: str = ""
) -> ArticleImage | None:
    """The image when its URL is one we may put in a mail (absolute http/https once resolved against
    `base`, no spaces, quotes or control characters, at most MAX_IMAGE_URL_CHARS); None otherwise."""
    raw = (url or "").strip()
    if not raw or len(raw) > MAX_IMAGE_URL_CHARS:
        return None
    try:
        resolved = urljoin(base, raw) if base else raw
        parts = urlsplit(resolved)
    except ValueError:
        return None
    if (
        parts.scheme.lower() not in _IMAGE_SCHEMES
        or not parts.hostname
        or len(resolved) > MAX_IMAGE_URL_CHARS
        or _UNSAFE_CHARS.search(resolved)
    ):
        return None
    w, h = _dimension(width), _dimension(height)
    if not (w and h):
        w = h = 0  # one side alone cannot keep the aspect ratio: the client sizes it instead
    return ArticleImage(url=resolved, alt=one_line(alt, MAX_ALT_CHARS), width=w, height=h)


def preferred_image(page: ArticleImage | None, feed: ArticleImage | None) -> ArticleImage | None:
    """The page's own image first: its publisher chose it for this article (og:image is what every
    share card shows), where a feed's media is often a channel logo or a tiny thumbnail. The feed's
    stands in when the page declares none, or none we accept."""
    return page or feed


def _dimension(value: str) -> int:
    text = (value or "").strip().removesuffix("px")
    if not text.isdigit() or not text.isascii():
        return 0
    number = int(text[:6])
    return number if 0 < number <= MAX_DIMENSION else 0
