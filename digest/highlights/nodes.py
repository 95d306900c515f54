"""Reading one element of a page the way every step of block finding reads it: its text collapsed,
its short text (a label is never longer than a line), its names, its neighbours that are elements."""

from __future__ import annotations

from typing import Any

MAX_LABEL_SCAN = 80  # characters read before an element is known to be too long for a label


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
