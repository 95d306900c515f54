"""What a feed says in words about an entry's image (Media RSS): its alt text.

feedparser folds media:title into the entry's title and media:description into its summary, so the
words meant for the image are lost by the time its entries are read; and the fast reader hands such
entries to feedparser (digest/collect/feedxml.py). Both readers therefore take the words from here,
read from the document itself, one way.
"""

from __future__ import annotations

import html
from typing import Any

import nh3
from lxml import etree

from digest.models import ArticleImage
from digest.models.images import MAX_ALT_CHARS
from digest.models.text import one_line

MEDIA = "http://search.yahoo.com/mrss/"
_ATOM = "http://www.w3.org/2005/Atom"
_RSS1 = "http://purl.org/rss/1.0/"
_ENTRY_TAGS = ("item", f"{{{_RSS1}}}item", f"{{{_ATOM}}}entry")
# Only the words of the media are wanted: nothing outside the document is ever read.
_PARSER = etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


def media_alt(entry: Any) -> str:
    """The entry's media:description, else its media:title (on the media, in a media:group or on the
    entry itself, the first in the document), as one line of plain text; '' when it declares none."""
    for name in ("description", "title"):
        for element in entry.iter(f"{{{MEDIA}}}{name}"):
            words = _plain("".join(element.itertext()))
            if words:
                return words
    return ""


def media_alts(content: bytes, count: int, first: int) -> list[str]:
    """media_alt of the `first` entries of a feed feedparser read (`count` entries), in document
    order; [] when the document's entries are not feedparser's (the alt text then stays undeclared)."""
    if b"search.yahoo.com/mrss" not in content:
        return []
    try:
        root = etree.fromstring(content, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    entries = list(root.iter(*_ENTRY_TAGS))
    return [media_alt(entry) for entry in entries[:first]] if len(entries) == count else []


def with_alt(image: ArticleImage | None, alt: str) -> ArticleImage | None:
    """The image with the alt text its feed declared, when it declared none of its own."""
    if image is None or image.alt or not alt:
        return image
    return ArticleImage(image.url, one_line(alt, MAX_ALT_CHARS), image.width, image.height)


def _plain(raw: str) -> str:
    # Flickr, WordPress and others send HTML here, typed or not; markup is no alt text.
    return one_line(html.unescape(nh3.clean(raw, tags=set())), MAX_ALT_CHARS)
