"""Article HTML → main text, metadata and the publisher's own highlight block.

trafilatura finds the main text and the metadata. The highlight block is found with lxml first,
because only the markup tells a "Highlights" heading in the article from one in a sidebar or a
comment; the block and the site's clutter are then cut from the tree trafilatura reads, so the text
holds neither the block a second time nor a subscribe box that sits inside the article body.

Bad input never raises: an empty, binary or unparsable document yields a page with empty text,
which callers already have to handle (a page can be all images), so one path serves both.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

from digest.models import ExtractedPage

MARKER_LABELS = "Highlights|Story highlights|Key takeaways|Key points|Takeaways|TL;DR|In brief|At a glance"
MARKERS = frozenset(re.sub(r"[\W_]+", "", label.casefold()) for label in MARKER_LABELS.split("|"))
MAX_ITEMS = 5
MAX_PARAGRAPH_WORDS = 60
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Where a marker can sit; links, buttons and list items are navigation or content, never a label.
LABEL_TAGS = HEADINGS | {"p", "div", "span", "strong", "b", "dt", "section"}
SITE_CHROME = frozenset({"nav", "aside", "footer", "form"})
CLUTTER_WORDS = ("comment", "related", "subscribe", "newsletter", "share", "sidebar", "cookie", "promo")
# Themes put words like "comments-open" on these wrappers; judging them would discard the whole page.
NEVER_CLUTTER = frozenset({"html", "body", "article", "main"})
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Text decoded from binary is full of C0/C1 controls and replacement characters; real pages have next to none.
BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
BULLET = re.compile(r"^(?:[•·●▪◦‣∙*+►▶✓✔–—-]+|\(?\d{1,2}[.)](?=\s))\s*")
READ_MORE = re.compile(r"[\s…|–—-]*\bread more\b[\s.…»›→>]*$", re.IGNORECASE)


def extract_page(html: str, url: str = "") -> ExtractedPage:
    """Read one article page; see the module docstring for what bad input gives."""
    root = _parse(html)
    if root is None:
        return ExtractedPage(title="", text="")
    head = _head_metadata(root)
    outside = _outside_article(root)
    marker, items, block = _find_block(root, outside)
    for element in [*block, *outside]:
        if element.getparent() is not None:
            element.drop_tree()
    doc = _run_trafilatura(root, url)
    return ExtractedPage(
        title=_clean(doc.get("title") or head["og:title"] or head["title"] or head["h1"]),
        text=_tidy_text(doc.get("text") or ""),
        author=_clean(doc.get("author") or head["author"]),
        site_name=_clean(doc.get("sitename") or head["og:site_name"]),
        published_at=_parse_date(head["published"]) or _parse_date(doc.get("date") or ""),
        explicit_highlights=items,
        highlight_marker=marker,
    )


def page_from_summary(title: str, summary_html: str) -> ExtractedPage:
    """The feed's own summary as a page: what stands in when the article page cannot be read."""
    root = _parse(f"<div>{summary_html}</div>") if summary_html.strip() else None
    if root is None:
        return ExtractedPage(title=_clean(title), text="")
    for block in root.iter("p", "div", "li", "br", *HEADINGS):
        block.tail = "\n" + (block.tail or "")  # keep paragraphs apart in the flattened text
    return ExtractedPage(title=_clean(title), text=_tidy_text(root.text_content()))


def _parse(html: str) -> Any:
    head = (html or "")[:4096]
    if not head.strip() or len(BINARY_CHARS.findall(head)) > len(head) / 20:
        return None
    cleaned = CONTROL_CHARS.sub("", html)
    # Bytes with an explicit encoding: lxml refuses str input that carries an XML encoding declaration.
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        root = lxml.html.document_fromstring(cleaned.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.LxmlError, ValueError):
        return None
    body = root.find("body")
    if body is None or not _clean(body.text_content()):
        return None
    return root


def _head_metadata(root: Any) -> dict[str, str]:
    def first(xpath: str) -> str:
        found = root.xpath(xpath)
        if isinstance(found, list):
            return _clean(str(found[0])) if found else ""
        return _clean(str(found))

    return {
        "og:title": first("//meta[@property='og:title']/@content"),
        "title": first("//title/text()"),
        "h1": first("string(//h1)"),
        "author": first("//meta[@name='author']/@content"),
        "og:site_name": first("//meta[@property='og:site_name']/@content"),
        "published": first("//meta[@property='article:published_time']/@content")
        or first("//time[@datetime]/@datetime"),
    }


def _run_trafilatura(root: Any, url: str) -> dict[str, Any]:
    for precise in (True, False):  # precision first; a short page may need the lenient pass to say anything
        doc = trafilatura.bare_extraction(
            root,
            url=url or None,
            favor_precision=precise,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
        )
        data: dict[str, Any] = doc if isinstance(doc, dict) else doc.as_dict() if doc is not None else {}
        if data.get("text"):
            return data
    return {}


def _find_block(root: Any, outside: set[Any]) -> tuple[str, list[str], list[Any]]:
    """The first marked block in reading order: (marker as written, items, elements to cut from text)."""
    for element in root.iter(*LABEL_TAGS):
        label = _short_text(element)
        if label is None or _normalise(label) not in MARKERS:
            continue
        if any(node in outside for node in (element, *element.iterancestors())):
            continue
        anchor = element
        # Climb from <strong> to its <p>, from <h3> to a wrapper holding only the label: the list follows.
        while (parent := anchor.getparent()) is not None and parent.tag not in NEVER_CLUTTER:
            if _normalise(_short_text(parent) or "") != _normalise(label):
                break
            anchor = parent
        items, covered = _items_after(anchor)
        items = [item for item in (_clean_item(raw) for raw in items) if item][:MAX_ITEMS]
        if items:
            return label.strip().rstrip(":–—- ").strip(), items, [anchor, *covered]
    return "", [], []


def _items_after(anchor: Any) -> tuple[list[str], list[Any]]:
    parent = anchor.getparent()
    if anchor.tag in ("strong", "b") and parent is not None and parent.tag == "p":
        # "TL;DR: the whole story in one line." — the rest of the paragraph is the one item.
        rest = _clean(parent.text_content())[len(_clean(anchor.text_content())) :].lstrip(":–—- ")
        return ([rest], [parent]) if not (parent.text or "").strip() else ([], [])
    sibling = anchor.getnext()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getnext()
    if sibling is None:
        return [], []
    listing = _as_list(sibling)
    if listing is not None:
        return [li.text_content() for li in listing.iterchildren("li")], [sibling]
    wrapped = sibling.tag in ("div", "section") and all(child.tag == "p" for child in sibling)
    texts, taken = _short_paragraphs(list(sibling) if wrapped else [sibling, *sibling.itersiblings()])
    return texts, [sibling] if wrapped else taken


def _short_paragraphs(elements: list[Any]) -> tuple[list[str], list[Any]]:
    """Short <p>s in a row; a heading, any other element or a long paragraph is the story starting."""
    texts: list[str] = []
    taken: list[Any] = []
    for element in elements:
        if not isinstance(element.tag, str):
            continue
        words = _clean(element.text_content()).split()
        if element.tag != "p" or len(words) >= MAX_PARAGRAPH_WORDS or len(texts) == MAX_ITEMS:
            break
        if words:
            texts.append(" ".join(words))
        taken.append(element)
    return texts, taken


def _as_list(element: Any) -> Any:
    """The element itself if it is a list, or the one list inside a wrapper that holds nothing else."""
    if element.tag in ("ul", "ol"):
        return element
    lists = element.xpath(".//ul | .//ol")
    if len(lists) == 1 and _clean(lists[0].text_content()) == _clean(element.text_content()):
        return lists[0]
    return None


def _outside_article(root: Any) -> set[Any]:
    """Site chrome and clutter: menus, sidebars, footers, forms, subscribe boxes, share bars, comments.

    An element that holds most of the page is never one of them: some themes put "has-sidebar" on the
    content wrapper, and ASP.NET wraps the whole body in a <form>.
    """
    body = root.find("body")
    half = len(body.text_content()) / 2 if body is not None else 0
    found = set()
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in NEVER_CLUTTER:
            continue
        if (_is_chrome(element) or _is_clutter(element)) and len(element.text_content()) < half:
            found.add(element)
    return found


def _is_chrome(element: Any) -> bool:
    if element.tag in SITE_CHROME:
        return True
    # The site's header is chrome; an article's own header (title, byline) is not.
    return element.tag == "header" and next(element.iterancestors("article"), None) is None


def _is_clutter(element: Any) -> bool:
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return any(word in names for word in CLUTTER_WORDS)


def _short_text(element: Any, limit: int = 40) -> str | None:
    """The element's text, or None once it is longer than any marker (without reading a whole page)."""
    parts: list[str] = []
    size = 0
    for piece in element.itertext():
        size += len(piece)
        if size > limit:
            return None
        parts.append(piece)
    return "".join(parts)


def _normalise(label: str) -> str:
    return re.sub(r"[\W_]+", "", label.casefold())


def _clean_item(raw: str) -> str:
    item = BULLET.sub("", _clean(raw))
    return READ_MORE.sub("", item).strip()


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
