"""Where a publisher's summary box stands apart from what the page around it seems to say.

A summary longer than the story shown: a paywalled page (HBR) shows its labelled "Summary." box, then
only the story's first paragraph. The box holds more words than the story, yet it is not the story:
it is named a summary twice (label and class) and stands before the story, outside the story's run.
"""

from __future__ import annotations

from typing import Any

from digest.highlights.candidate import Candidate
from digest.highlights.shape import PageShape


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
