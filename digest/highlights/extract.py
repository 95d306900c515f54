"""Article HTML → main text, metadata and the publisher's own highlight block.

The page is parsed once with lxml. The highlight block is looked for first (digest.highlights.blocks), because
only the markup tells a "Highlights" heading in the article from one in a sidebar or a comment; the
block is then cut from the tree, so the text does not hold it a second time. The text is
trafilatura's: on a copy of the article container, without the clutter inside it, when the page
marks one plainly (digest.highlights.maintext), else on the whole tree, where the site's clutter is
left for trafilatura to judge (cutting it by class lost whole articles). The JSON-LD abstract and
description are passed on as the page declares them: whether one stands in for a missing block is
digest.highlights.choose's decision, the one place that orders the sources, so this module reports
and never ranks.

Bad input never raises: an empty, binary or unparsable document yields a page with empty text,
which callers already have to handle (a page can be all images), so one path serves both.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.metadata import extract_metadata

from digest.highlights.blocks import HEADINGS, find_block, outside_article
from digest.highlights.maintext import alone, article_container
from digest.highlights.nodes import html_parser
from digest.highlights.pagemeta import read_meta
from digest.highlights.titles import strip_site_name
from digest.models import ExtractedPage
from digest.models.images import article_image

# C0 controls but tab, newline and return, and DEL: lxml refuses them in text. Removed from the UTF-8
# bytes, where each is one byte that no other character's encoding holds (a third of a regex's time).
CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
# Text decoded from binary is full of C0/C1 controls and replacement characters; real pages have next to none.
BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


def extract_page(html: str, url: str = "") -> ExtractedPage:
    """Read one article page; see the module docstring for what bad input gives."""
    root = parse_page(html)
    if root is None:
        return ExtractedPage(title="", text="")
    meta = read_meta(root)
    h1 = root.find(".//h1")
    headline = _clean(h1.text_content()) if h1 is not None else ""
    outside = outside_article(root)
    block = find_block(root, outside)
    for element in block.elements:
        if element.getparent() is not None:
            element.drop_tree()
    # The clutter is read around, not cut: trafilatura judges it better on the whole tree, and cutting
    # it lost whole articles whose wrapper carried a "sidebar" class or sat in a <header>.
    container = article_container(root, outside)
    # trafilatura's second opinion (readability, jusText) adds nothing on a tree that is the article
    # alone: skipped there (fast=True), it scored the same on the body benchmark's development half.
    text = _run_trafilatura(alone(container, outside), url, fast=True) if container is not None else ""
    text = _without_headline(_tidy_text(text or _run_trafilatura(root, url)), root, meta.title)
    # trafilatura's own metadata costs as much as half its extraction (htmldate above all): it is asked
    # only for a title the page's tags do not give; author, site and date come from those tags alone
    # (a site name missing there leaves the feed's title to stand in, never the URL's host).
    site_name = _clean(meta.site_name)
    title = _clean(meta.title or (_fallback_title(root, url) if text else ""))
    return ExtractedPage(
        title=strip_site_name(title, site_name=site_name, headline=headline, host=_host(url)),
        text=text,
        author=_clean(meta.author),
        site_name=site_name,
        published_at=_parse_date(meta.published),
        explicit_highlights=block.items,
        highlight_marker=block.marker,
        abstract=meta.abstract,
        description=meta.description,
        description_shown=meta.description_shown,
        image=next(
            (
                image
                for src, alt, width, height in meta.images
                if (image := article_image(src, base=url, alt=alt, width=width, height=height))
            ),
            None,
        ),
    )


def page_from_summary(title: str, summary_html: str) -> ExtractedPage:
    """The feed's own summary as a page: what stands in when the article page cannot be read.

    Its text is both the feed summary and the text to rank (choose_highlights decides between them).
    """
    return ExtractedPage(title=_clean(title), text=summary_text(summary_html))


def summary_text(summary_html: str) -> str:
    """A feed entry's summary (HTML) as plain text, one paragraph a line."""
    root = parse_page(f"<div>{summary_html}</div>") if summary_html.strip() else None
    if root is None:
        return ""
    for block in root.iter("p", "div", "li", "br", *HEADINGS):
        block.tail = "\n" + (block.tail or "")  # keep paragraphs apart in the flattened text
    return _tidy_text(root.text_content())


def parse_page(html: str) -> Any:
    """The page's lxml tree, or None for an empty, binary or unparsable document."""
    head = (html or "")[:4096]
    if not head.strip() or len(BINARY_CHARS.findall(head)) > len(head) / 20:
        return None
    # Bytes with an explicit encoding: lxml refuses str input that carries an XML encoding declaration.
    cleaned = html.encode("utf-8", "replace").translate(None, CONTROL_BYTES)
    try:
        root = lxml.html.document_fromstring(cleaned, parser=html_parser())
    except (lxml.etree.LxmlError, ValueError):
        return None
    body = root.find("body")
    # Whether the body shows anything is told at its first word, not by joining the whole text.
    if body is None or not any(piece.strip() for piece in body.itertext()):
        return None
    return root


def _run_trafilatura(root: Any, url: str, *, fast: bool = False) -> str:
    for precise in (True, False):  # precision first; a short page may need the lenient pass to say anything
        doc = trafilatura.bare_extraction(
            root,
            url=url or None,
            favor_precision=precise,
            include_comments=False,
            include_tables=True,  # a table of figures is part of the story (and scored so by the benchmark)
            with_metadata=False,
            fast=fast,
        )
        data: dict[str, Any] = doc if isinstance(doc, dict) else doc.as_dict() if doc is not None else {}
        if data.get("text"):
            return str(data["text"])
    return ""


def _without_headline(text: str, root: Any, title: str) -> str:
    """The text without a first line that repeats the headline: the title is shown apart, and the
    first line is what a declared summary is compared with (is it the lead copied out?)."""
    first, _, rest = text.partition("\n")
    headlines = {_clean(h1.text_content()) for h1 in root.iter("h1")} | {_clean(title)}
    return rest if first in headlines else text


def _fallback_title(root: Any, url: str) -> str:
    return str(extract_metadata(root, default_url=url or None, extensive=False).title or "")


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # "http://[oops": a caller's bad URL must not cost us the page
        return ""


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def _tidy_text(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _parse_date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
