"""Find the publisher's own highlight block in a parsed page, and the site clutter around the article.

Only the markup tells a "Highlights" heading in the article from one in a sidebar or a comment,
so the search runs on the lxml tree and skips anything inside site chrome or clutter. A block is
marked either by a label (a heading, a <strong> or a short line reading "Key takeaways", "TL;DR", …)
followed by a list or short paragraphs, or by a class/id naming it (`story-highlights`, `tldr`).
Whatever is found, a list made of links is navigation or "related stories", never highlights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MARKER_LABELS = (
    "Highlights|Story highlights|Key takeaways|Key points|Takeaways|TL;DR|In brief|At a glance|Summary"
    "|What you need to know|Why it matters|The big picture|The gist"
)
MARKERS = frozenset(re.sub(r"[\W_]+", "", label.casefold()) for label in MARKER_LABELS.split("|"))
MARKER_CLASS = re.compile(r"highlight|takeaway|summary|tldr|tl-dr|key-?points", re.IGNORECASE)
MAX_ITEMS = 5
MAX_PARAGRAPH_WORDS = 60
MAX_CLASS_BLOCK_WORDS = 150
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Where a marker can sit; links, buttons and list items are navigation or content, never a label.
LABEL_TAGS = HEADINGS | {"p", "div", "span", "strong", "b", "dt", "section"}
CLASS_BLOCK_TAGS = ("div", "section", "aside", "ul", "ol", "p")
SITE_CHROME = frozenset({"nav", "aside", "footer", "form"})
CLUTTER_WORDS = (
    "comment",
    "related",
    "subscribe",
    "newsletter",
    "share",
    "sidebar",
    "cookie",
    "consent",
    "promo",
    "recommended",
    "most-read",
    "popular",
    "breadcrumb",
    "advert",
)
# Themes put words like "comments-open" on these wrappers; judging them would discard the whole page.
NEVER_CLUTTER = frozenset({"html", "body", "article", "main"})
BULLET = re.compile(r"^(?:[•·●▪◦‣∙*+►▶✓✔–—-]+|\(?\d{1,2}[.)](?=\s))\s*")
READ_MORE = re.compile(r"[\s…|–—-]*\b(?:read more|continue reading)\b[\s.…»›→>]*$", re.IGNORECASE)
# A lone paragraph styled "highlight" is often a pull quote; one named as a summary is the standfirst.
PARAGRAPH_CLASS = re.compile(r"summary|tldr|tl-dr|takeaway", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    marker: str = ""
    items: list[str] = field(default_factory=list)
    elements: list[Any] = field(default_factory=list)  # to cut from the text, so it is not read twice


def outside_article(root: Any) -> set[Any]:
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


def find_block(root: Any, outside: set[Any]) -> Block:
    """A labelled block first (the words say what it is), else one its class or id names."""
    return _labelled_block(root, outside) or _named_block(root, outside) or Block()


def _labelled_block(root: Any, outside: set[Any]) -> Block | None:
    for element in root.iter(*LABEL_TAGS):
        label = _short_text(element)
        if label is None or normalise(label) not in MARKERS or _is_inside(element, outside):
            continue
        anchor = element
        # Climb from <strong> to its <p>, from <h3> to a wrapper holding only the label: the list follows.
        while (parent := anchor.getparent()) is not None and parent.tag not in NEVER_CLUTTER:
            if normalise(_short_text(parent) or "") != normalise(label):
                break
            anchor = parent
        raw, covered = _items_after(anchor, outside)
        items = clean_items(raw)
        if items:
            return Block(label.strip().rstrip(":–—- ").strip(), items, [anchor, *covered])
    return None


def _named_block(root: Any, outside: set[Any]) -> Block | None:
    for element in root.iter(*CLASS_BLOCK_TAGS):
        name = next((n for n in _names(element) if MARKER_CLASS.search(n)), None)
        if name is None or _is_inside(element, outside):
            continue
        if element.tag == "p" and not PARAGRAPH_CLASS.search(name):
            continue
        if len(element.text_content().split()) > MAX_CLASS_BLOCK_WORDS:
            continue  # a wrapper around the story, not a summary of it
        listing = _as_list(element)
        if listing is not None:
            raw = _list_items(listing)
        else:
            paragraphs = [p for p in element.iter("p") if p is not element] or [element]
            raw, _ = _short_paragraphs(paragraphs, outside)
        items = clean_items(raw)
        if items:
            return Block(name, items, [element])
    return None


def _items_after(anchor: Any, outside: set[Any]) -> tuple[list[str], list[Any]]:
    parent = anchor.getparent()
    if anchor.tag in ("strong", "b") and parent is not None and parent.tag == "p":
        # "TL;DR: the whole story in one line." — the rest of the paragraph is the one item.
        rest = _clean(parent.text_content())[len(_clean(anchor.text_content())) :].lstrip(":–—- ")
        return ([rest], [parent]) if not (parent.text or "").strip() else ([], [])
    sibling = anchor.getnext()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getnext()
    if sibling is None or sibling in outside:
        return [], []  # a "related stories" list right after the heading is still related stories
    listing = _as_list(sibling)
    if listing is not None:
        return _list_items(listing), [sibling]
    wrapped = sibling.tag in ("div", "section") and all(child.tag == "p" for child in sibling)
    texts, taken = _short_paragraphs(
        list(sibling) if wrapped else [sibling, *sibling.itersiblings()], outside
    )
    return texts, [sibling] if wrapped else taken


def _list_items(listing: Any) -> list[str]:
    items = list(listing.iterchildren("li"))
    linked = sum(1 for li in items if _mostly_link(li))
    if not items or linked * 2 >= len(items):
        return []  # a list of links is navigation or "related articles", whatever heads it
    return [li.text_content() for li in items]


def _mostly_link(element: Any) -> bool:
    text = len(_clean(element.text_content()))
    in_links = sum(len(_clean(a.text_content())) for a in element.iter("a"))
    return text > 0 and in_links >= 0.7 * text


def _short_paragraphs(elements: list[Any], outside: set[Any]) -> tuple[list[str], list[Any]]:
    """Short <p>s in a row; a heading, any other element or a long paragraph is the story starting."""
    texts: list[str] = []
    taken: list[Any] = []
    for element in elements:
        if not isinstance(element.tag, str):
            continue
        words = _clean(element.text_content()).split()
        if element.tag != "p" or element in outside or len(words) >= MAX_PARAGRAPH_WORDS:
            break
        if len(texts) == MAX_ITEMS:
            break
        if words and not _mostly_link(element):
            texts.append(" ".join(words))
        taken.append(element)
    return texts, taken


def _as_list(element: Any) -> Any:
    """The element itself if it is a list, or the one list inside a wrapper that holds little else."""
    if element.tag in ("ul", "ol"):
        return element
    lists = element.xpath(".//ul | .//ol")
    if len(lists) != 1:
        return None
    rest = _clean(element.text_content()).replace(_clean(lists[0].text_content()), "")
    # A wrapper may title its list ("Story highlights"): up to a short label besides the list is fine.
    return lists[0] if len(rest) <= 40 else None


def clean_items(raw: list[str]) -> list[str]:
    """Bullets, numbering and trailing "Read more" stripped, whitespace collapsed, at most five kept."""
    items = (READ_MORE.sub("", BULLET.sub("", _clean(item))).strip() for item in raw)
    return [item for item in items if item][:MAX_ITEMS]


def _is_inside(element: Any, outside: set[Any]) -> bool:
    return any(node in outside for node in (element, *element.iterancestors()))


def _is_chrome(element: Any) -> bool:
    if element.tag == "aside":
        # A key-points box the publisher set beside the text, inside the article, is the article's own.
        in_article = next(element.iterancestors("article"), None) is not None
        return not (in_article and any(MARKER_CLASS.search(n) for n in _names(element)))
    if element.tag in SITE_CHROME:
        return True
    # The site's header is chrome; an article's own header (title, byline) is not.
    return element.tag == "header" and next(element.iterancestors("article"), None) is None


def _is_clutter(element: Any) -> bool:
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return any(word in names for word in CLUTTER_WORDS)


def _names(element: Any) -> list[str]:
    return [*(element.get("class") or "").split(), *(element.get("id") or "").split()]


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


def normalise(label: str) -> str:
    return re.sub(r"[\W_]+", "", label.casefold())


def _clean(text: str) -> str:
    return " ".join(str(text).split())
