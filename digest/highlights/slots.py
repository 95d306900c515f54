"""Where a publisher's summary box stands apart from what the page around it seems to say.

A summary placed in a slot of the page's frame: a CMS wraps every module it draws in a
`widget` (HubSpot's hs_cos_wrapper_widget), a news template sets the box in the slot between paragraphs
that an ad may fill (weather.com's ArticleBody--paragraphAd). The wrapper's word names the slot, not the
box in it, when the box is labelled, opens the story and says again what the story says: a teaser, an
offer or another story's card does not repeat this one.

A summary longer than the story shown: a paywalled page (HBR) shows its labelled "Summary." box, then
only the story's first paragraph. The box holds more words than the story, yet it is not the story:
it is named a summary twice (label and class) and stands before the story, outside the story's run.
"""

from __future__ import annotations

from typing import Any

from digest.highlights.candidate import Candidate
from digest.highlights.shape import GOOD_OVERLAP, TOP_SHARE, WORD, PageShape

# Words that name the frame's slot a box was set in; "carousel", "teaser", "related" say what the box is.
SLOT_WORDS = frozenset({"widget", "ad", "ads", "advert"})
MIN_WORDS = 4


def summary_in_slot(foreign: list[str], candidate: Candidate, shape: PageShape) -> bool:
    """`foreign` (the wrapper's foreign words) name a slot, and the box is labelled, at the top of the
    story, and repeats it: the article's own box in a frame's slot."""
    if not set(foreign) <= SLOT_WORDS or not candidate.label or not shape.paragraphs:
        return False
    place = shape.order.get(candidate.anchor, 0)
    above = sum(words for at, _, words in shape.paragraphs if at < place)
    if place >= shape.paragraphs[0][0] and above > TOP_SHARE * shape.body_words:
        return False
    own = {word for item in candidate.items for word in WORD.findall(item.casefold())}
    held = {p for element in candidate.item_elements for p in element.iter("p")}
    body = set().union(*(words for p, words in shape.story_words.items() if p not in held))
    return len(own) >= MIN_WORDS and len(own & body) >= GOOD_OVERLAP * len(own)


def summary_before_short_story(candidate: Candidate, shape: PageShape, held: set[Any]) -> bool:
    """Labelled and class-named a summary, holding paragraphs (`held`) of its own outside the wrapper of
    the story's other paragraphs, all of which come after it: a summary over a story shown in part."""
    if "label" not in candidate.reasons or "class" not in candidate.reasons:
        return False
    rest = [p for p in shape.story_words if p not in held]
    if not rest or shape.order.get(candidate.anchor, 0) > min(shape.order[p] for p in rest):
        return False
    runs = {p.getparent() for p in rest}
    return not any(p.getparent() in runs for p in held)
