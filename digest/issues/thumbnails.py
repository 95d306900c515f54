"""How an article's image is shown in the digest: the size it is given, so the layout never jumps.

Pure: the image's declared size in, the box it is drawn in out. Mail clients load the image from its
publisher's URL when the reader opens the mail; we never fetch it, so the size is the one the source
declared. An undeclared size gets the column's width and the client keeps the aspect ratio (the HTML
gives `height:auto` in every case, so a wrong declared ratio squeezes nothing on a phone).
"""

from __future__ import annotations

from dataclasses import dataclass

from digest.models import ArticleImage
from digest.models.images import MAX_ALT_CHARS
from digest.models.text import one_line

COLUMN_WIDTH = 536  # the 600 px container less its 32 px side padding (templates/email/_base.html.j2)


@dataclass(frozen=True)
class Thumbnail:
    url: str
    alt: str  # as its source declared it, else the article's title: never empty (see `thumbnail`)
    width: int
    height: int  # 0 when undeclared: the template then writes no height attribute


def thumbnail(image: ArticleImage | None, title: str = "") -> Thumbnail | None:
    """The box one image is drawn in: its declared size, shrunk to the column, ratio kept.

    Its alt text is what the source declared (og:image:alt, media:description, media:title), else the
    article's `title`: the image is a link to the article, and clients that block images show the alt
    text in its place, or read it out (many strip the aria-hidden that asks screen readers to skip it).
    """
    if image is None:
        return None
    alt = image.alt or one_line(title, MAX_ALT_CHARS)
    if not (image.width and image.height):
        return Thumbnail(image.url, alt, COLUMN_WIDTH, 0)
    width = min(image.width, COLUMN_WIDTH)
    height = max(1, round(image.height * width / image.width))
    return Thumbnail(image.url, alt, width, height)
