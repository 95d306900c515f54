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
from digest.highlights.nodes import collapse, short_text
from digest.highlights.sentences import word_count
from digest.highlights.vocabulary import label_of

MIN_CARDS = 3
CARD_CHARS = 1500  # a card's title, blurb and link; a wrapper with more text is a section, not a card


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
        and word_count(collapse(element.text_content())) >= 2
        for element in card.iter()
    )


def _title_link(element: Any) -> bool:
    """A link to another page on a line of its own: a list's entries, jumps within the page and a box's
    label ("Key Takeaways") are no card's title, nor is a heading (it titles a section's box)."""
    text = collapse(element.text_content())
    if word_count(text) < 2 or label_of(text):
        return False
    parent = element.getparent()
    if parent is None or parent.tag == "li" or (element.get("href") or "").startswith("#"):
        return False
    return collapse(parent.text_content()) == text


def teased_title(box: Any, headline: Callable[[str], bool]) -> str:
    """The title of the page a lone card teases: a heading of its own set just above the box (or above
    the wrapper it sits in), linked to another page (in the heading, or a link on its words or on a
    picture of it), and not the page's headline (`headline` tells). A sidebar's "About this article"
    heading links nowhere: the summary under it is the article's own.
    IDG's white-paper `p.abstract` under its title in "Additional resources", and a blog's feed card
    ("rss-title" over "rss-txt" with its own "Key takeaway:") are such cards, wherever they stand."""
    for inner in (box, box.getparent()):
        if inner is None or (card := inner.getparent()) is None or not short_text(card, CARD_CHARS):
            return ""  # no wrapper, or one too long to be a card (read no further than that)
        above = inner.getprevious()
        while above is not None and not isinstance(above.tag, str):
            above = above.getprevious()
        heading = above if above is None or above.tag in HEADINGS else next(above.iter(*HEADINGS), None)
        if heading is None:
            continue
        title = collapse(heading.text_content())
        if word_count(title) < 2 or label_of(title) or headline(title):
            return ""
        scopes = (card, card.getparent())  # the card, or the row around it (IDG's picture beside it)
        wide = [s for s in scopes if s is not None and short_text(s, CARD_CHARS)]
        return title if any(_links_title(s, heading, title, box) for s in wide) else ""
    return ""


def _links_title(scope: Any, heading: Any, title: str, box: Any) -> bool:
    """The title leads to another page: a link in the heading, or one on its words or on its picture."""
    own, titled = set(box.iter("a")), set(heading.iter("a"))
    return any(
        a not in own
        and (a.get("href") or "#")[:1] not in "#"
        and (a in titled or title in (collapse(a.text_content()), *(i.get("alt") for i in a.iter("img"))))
        for a in scope.iter("a")
    )
