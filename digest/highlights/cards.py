"""Cards of a listing: the same class on several boxes, each in a card of its own with its own title.

A page that lists courses, products or stories gives every card the same parts: a title (a heading
or a link) and a blurb or a few bullets. A class that names a summary ("summaryContainer",
"Products_highlights") on such a blurb marks one card's part, not the article's summary; the same
class on several lists of one story (bullets set between its paragraphs) has no cards around it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from digest.highlights.candidates import Candidate
from digest.highlights.items import HEADINGS
from digest.highlights.nodes import collapse
from digest.highlights.vocabulary import label_of

MIN_CARDS = 3


def listing_cards(candidates: list[Candidate], h1: Any) -> dict[Any, int]:
    """The boxes that are one card's part of a listing, each with how many titled cards share its class.

    A box whose card holds the page's headline is the article's own, even when cards of other
    stories below reuse its class.
    """
    anchors: dict[str, list[Any]] = {}
    for candidate in candidates:
        if "class" in candidate.reasons and candidate.name:
            anchors.setdefault(candidate.name, []).append(candidate.anchor)
    found: dict[Any, int] = {}
    for boxes in anchors.values():
        if len(boxes) < MIN_CARDS:
            continue
        held = _holding(boxes)
        cards = {box: card for box in boxes if _titled(card := _card(box, held), box)}
        if len(cards) >= MIN_CARDS:
            headed = {
                box for box, card in cards.items() if h1 is not None and card in (h1, *h1.iterancestors())
            }
            found.update({box: len(cards) for box in cards if box not in headed})
    for candidate in candidates:  # the listing itself: a box whose items are such cards
        listed = sum(element in found for element in candidate.item_elements)
        if listed >= MIN_CARDS and candidate.anchor not in found:
            found[candidate.anchor] = listed
    return found


def _holding(boxes: list[Any]) -> dict[Any, int]:
    """How many of the boxes each element holds (itself or below it): one walk up from each box."""
    held: dict[Any, int] = {}
    for box in boxes:
        for node in (box, *box.iterancestors()):
            held[node] = held.get(node, 0) + 1
    return held


def _card(box: Any, held: dict[Any, int]) -> Any:
    """The widest wrapper around `box` that holds none of the other boxes: its card."""
    card = box
    while (parent := card.getparent()) is not None and held.get(parent, 0) == 1:
        card = parent
    return card


def _titled(card: Any, box: Any) -> bool:
    """The card shows a title of its own beside the box: a heading, or a link with words in it. A box
    that is the whole card (Squarespace's summary-item) holds its title: a link to the post set as a
    line of its own (a link inside a sentence is no card's title)."""
    if card is box:
        return any(_title_link(element) for element in box.iter("a"))
    inside = set(box.iter())
    return any(
        element not in inside
        and (element.tag in HEADINGS or element.tag == "a")
        and len(collapse(element.text_content()).split()) >= 2
        for element in card.iter()
    )


def _title_link(element: Any) -> bool:
    """A link to another page on a line of its own: a list's entries, jumps within the page and a box's
    label ("Key Takeaways") are no card's title, nor is a heading (it titles a section's box)."""
    text = collapse(element.text_content())
    if len(text.split()) < 2 or label_of(text):
        return False
    parent = element.getparent()
    if parent is None or parent.tag == "li" or (element.get("href") or "").startswith("#"):
        return False
    return collapse(parent.text_content()) == text


def teased_title(box: Any, headline: Callable[[str], bool]) -> str:
    """The title of the page a lone card teases: a heading of its own set just above the box, a link
    out beside it ("Read now »"), and not the page's headline (`headline` tells). A white paper's
    `p.abstract` under its title in IDG's "Additional resources" is such a card, wherever it stands."""
    above = box.getprevious()
    while above is not None and not isinstance(above.tag, str):
        above = above.getprevious()
    if above is None or above.tag not in HEADINGS:
        return ""
    title = collapse(above.text_content())
    if len(title.split()) < 2 or label_of(title) or headline(title):
        return ""
    card = box.getparent()
    own = set(box.iter("a"))
    leads_out = card is not None and any(
        a not in own and (a.get("href") or "#")[:1] not in "#" and collapse(a.text_content())
        for a in card.iter("a")
    )
    return title if leads_out else ""
