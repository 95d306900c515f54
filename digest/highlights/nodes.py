"""Reading one element of a page the way every step of block finding reads it: its text collapsed,
its short text (a label is never longer than a line), its names, its neighbours that are elements."""

from __future__ import annotations

from typing import Any

import lxml.etree
import lxml.html

# Every element of lxml.html's trees is an HtmlElement, and the detector and trafilatura both need
# that class (text_content, drop_tree; trafilatura takes no other tree); but lxml.html picks the
# class per element in a Python callback (a form's <input> gets its own), which was a tenth of the
# time of a page. The default lookup gives the same class to every element from C: the detector and
# trafilatura call nothing of the form classes.
ELEMENT_CLASSES = lxml.etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)
MAX_LABEL_SCAN = 80  # characters read before an element is known to be too long for a label
WRAPPERS = frozenset({"div", "section", "span"})


def html_parser() -> lxml.etree.HTMLParser:
    """The parser of every page tree (one per call: an lxml parser is not for sharing across threads).

    No comments: trafilatura drops the text after a comment inside a paragraph, and a word in a
    comment is nothing a reader sees, so no detector should read it either.
    """
    parser = lxml.etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(ELEMENT_CLASSES)
    return parser


def previous_element(element: Any) -> Any:
    """The sibling before `element` that shows something (an empty <p> left by the parser is skipped)."""
    sibling = element.getprevious()
    while sibling is not None and (not isinstance(sibling.tag, str) or not collapse(sibling.text_content())):
        sibling = sibling.getprevious()
    return sibling


def next_element(element: Any) -> Any:
    sibling = element.getnext()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getnext()
    return sibling


def unwrapped(element: Any) -> Any:
    """What a chain of bare wrappers holds: a template's <div><div><ul>… reads as the <ul>, because
    the wrappers a CMS draws around a list or a heading say nothing about what it is."""
    while _bare(element):
        element = element[0]
    return element


def wrapper_of(element: Any) -> Any:
    """The outermost bare wrapper around `element` (itself when it has none): where it stands."""
    while (parent := element.getparent()) is not None and _bare(parent):
        element = parent
    return element


def _bare(element: Any) -> bool:
    """A wrapper and nothing else: one element inside, no words of its own around it."""
    return (
        element.tag in WRAPPERS
        and len(element) == 1
        and isinstance(element[0].tag, str)
        and not (element.text or "").strip()
        and not (element[0].tail or "").strip()
    )


def short_text(element: Any, limit: int = MAX_LABEL_SCAN) -> str:
    """The element's collapsed text, or "" once it is longer than any label (a page is never read whole)."""
    if len((element.text or "").strip()) > limit:  # a paragraph of the story: told without walking it
        return ""
    parts: list[str] = []
    size = 0
    for piece in element.itertext():
        size += len(piece.strip())
        if size > limit:
            return ""
        parts.append(piece)
    text = collapse("".join(parts))
    return text if len(text) <= limit else ""


def names(element: Any) -> list[str]:
    return [
        *(element.get("class") or "").split(),
        *(element.get("id") or "").split(),
        element.get("type") or "",
    ]


def collapse(text: str) -> str:
    return " ".join(str(text).replace("\xa0", " ").split())


def picture(element: Any) -> bool:
    """An image, a figure of one (no words but its caption's), or any box that shows an image and no
    words at all (a template's <div> where another draws a <figure>): not the label's items."""
    if element.tag in ("img", "picture"):
        return True
    if element.find(".//img") is None or element.find(".//li") is not None:
        return False
    return element.tag == "figure" or not collapse(element.text_content())


def holds_link(element: Any) -> bool:
    """A link with words in it, or out of the page: a heading's own jump link ("#why-it-matters", an icon)
    leaves it a label."""
    return any(
        collapse(a.text_content()) or not (a.get("href") or "").startswith("#") for a in element.iter("a")
    )
