"""Cards of a listing: the same class on several boxes, each in a card of its own with its own title.

A page that lists courses, products or stories gives every card the same parts: a title (a heading
or a link) and a blurb or a few bullets. A class that names a summary ("summaryContainer",
"Products_highlights") on such a blurb marks one card's part, not the article's summary; the same
class on several lists of one story (bullets set between its paragraphs) has no cards around it.
"""

from __future__ import annotations

from typing import Any

from digest.highlights.candidates import HEADINGS, Candidate
from digest.highlights.nodes import collapse

MIN_CARDS = 3


def card_names(candidates: list[Candidate]) -> dict[str, int]:
    """Each class (or id) that names candidates in at least MIN_CARDS titled cards: how many cards."""
    anchors: dict[str, list[Any]] = {}
    for candidate in candidates:
        if "class" in candidate.reasons and candidate.name:
            anchors.setdefault(candidate.name, []).append(candidate.anchor)
    found = {}
    for name, boxes in anchors.items():
        if len(boxes) >= MIN_CARDS:
            cards = sum(1 for box in boxes if _titled(_card(box, boxes), box))
            if cards >= MIN_CARDS:
                found[name] = cards
    return found


def _card(box: Any, boxes: list[Any]) -> Any:
    """The widest wrapper around `box` that holds none of the other boxes: its card."""
    others = [other for other in boxes if other is not box]
    card = box
    while (parent := card.getparent()) is not None and not any(
        other is parent or parent in other.iterancestors() for other in others
    ):
        card = parent
    return card


def _titled(card: Any, box: Any) -> bool:
    """The card shows a title of its own beside the box: a heading, or a link with words in it."""
    if card is box:
        return False
    inside = set(box.iter())
    return any(
        element not in inside
        and (element.tag in HEADINGS or element.tag == "a")
        and len(collapse(element.text_content()).split()) >= 2
        for element in card.iter()
    )
