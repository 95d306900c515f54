"""Where a candidate stands to the story's own run of paragraphs and to its sections.

A summary of the article is set apart from the story, or opens it; a labelled paragraph once the
story has begun opens a section, and a box between two sections sums up one of them. These are the
block judge's (digest.highlights.judge) questions about place that need the story's structure.
"""

from __future__ import annotations

from typing import Any

from digest.highlights.candidates import Candidate
from digest.highlights.itemshape import title_line
from digest.highlights.nodes import collapse
from digest.highlights.sentences import stems, word_count
from digest.highlights.shape import END_OF_STORY, WORD, PageShape, loose_prose
from digest.highlights.vocabulary import label_of, normalise

MAX_STORY_SHARE = 0.5  # of the story's words: a wrapper holding this much holds the story's main run
LOOSE_SENTENCES = 5  # a story set as text and <br>s: this many sentences of prose,
LOOSE_SHARE = 3  # and this many times the words of the box that holds the page's only paragraphs
OPENING_SHARE = 0.1  # of the story's words above: up to this a box opens the story (an intro above it)
SUBJECT_WORDS = 2  # a label naming the article's subject names at least this many of the headline's words


def story_paragraph(candidate: Candidate, shape: PageShape) -> bool:
    """A labelled candidate whose items are paragraphs standing among the story's own, in the same
    wrapper and after its first: a section's opening ("Recap", "THE FACTS:"), not a summary."""
    items = candidate.item_elements
    if not candidate.label or not items or any(item not in shape.story_sizes for item in items):
        return False
    parent = items[0].getparent()
    if parent is None or any(item.getparent() is not parent for item in items):
        return False
    others = [sibling for sibling in parent if sibling in shape.story_sizes and sibling not in items]
    # Opening the story's main run, before any of its paragraphs, it is the article's own summary
    # ("Quick summary" atop a post); after the story began, or atop a note's box, it opens a part.
    opens = sum(shape.story_sizes[p] for p in others) >= MAX_STORY_SHARE * shape.body_words
    return len(others) >= 2 and (shape.order[others[0]] < shape.order[items[0]] or not opens)


def between_sections(candidate: Candidate, shape: PageShape, place: int) -> bool:
    """A box with a section of the page (a heading with story text under it) above it and another below
    belongs to one part: a multi-story newsletter's "Why it matters", a guide's per-section "Summary"."""
    story = [p for p, _, _ in shape.paragraphs]
    box = candidate.anchor  # the widest wrapper around it that holds none of the story: its own box
    while (parent := box.getparent()) is not None and parent not in shape.story_boxes:
        box = parent
    last = box
    while len(last):
        last = last[-1]  # the box's last element: what lies between it and the box is inside the box
    inside = range(shape.order.get(box, -1), shape.order.get(last, -1) + 1)
    heads = [  # in page order; "Pros", "Cons" beside a verdict are the box's own, not sections
        at
        for heading in shape.subheadings
        if heading not in candidate.cut
        and (at := shape.order[heading]) not in inside
        and story[0] < at < story[-1]
    ]
    above = below = False
    for k, at in enumerate(heads):  # a gallery's or a score box's title has no story text under it
        stop = heads[k + 1] if k + 1 < len(heads) else story[-1] + 1
        if shape.story_after.get(at, stop) < (min(stop, place) if at < place else stop):
            above, below = above or at < place, below or at > place
    return above and below


def names_the_subject(candidate: Candidate, shape: PageShape) -> bool:
    """The label says what its box sums up, and that is the article's subject: most of the words beside
    the label are the headline's ("Fast Facts: Beginner Astrophotography Telescopes" over "The Best
    Astrophotography Telescope for Beginners"). Such a box sums up the article wherever sections stand
    around it; a bare "Key Takeaways" says nothing of what it sums up."""
    named = set(WORD.findall(candidate.marker.casefold())) - set(WORD.findall(candidate.label))
    if len(named) < SUBJECT_WORDS:
        return False
    shared = stems(named) & stems(WORD.findall(f"{shape.headline} {shape.title}"))
    return len(shared) >= SUBJECT_WORDS and len(shared) > len(stems(named)) / 2


def story_elsewhere(candidate: Candidate, shape: PageShape) -> bool:
    """Prose set without paragraphs, outside the candidate, several times its length: the real story."""
    if shape.loose is None:
        shape.loose = loose_prose(candidate.anchor.getroottree().getroot(), shape.outside)
    own = LOOSE_SHARE * sum(word_count(item) for item in candidate.items)
    mine = {*candidate.cut, *candidate.item_elements}
    return any(
        sentences >= LOOSE_SENTENCES
        and words >= own
        and not any(n in mine for n in (node, *node.iterancestors()))
        for node, words, sentences in shape.loose
    )


def opens_and_closes(shape: PageShape, place: int, places: list[int]) -> bool:
    """This box opens the story (after an intro at most) and the label's other box stands after all of
    it: a summary, then the same points again as its recap, not one box per part of a guide."""
    other = next((at for at in places if at != place), -1)
    if other < place or not shape.paragraphs:
        return False
    return shape.share_above(place) <= OPENING_SHARE and shape.share_above(other) >= END_OF_STORY


def opened_by_label(quote: Any, candidate: Candidate) -> bool:
    """The quote block's own text starts with the candidate's label ("TL;DR: …"): the site's callout."""
    opening = collapse(quote.text_content())[: len(candidate.marker) + 2]
    return bool(candidate.label) and normalise(opening).startswith(candidate.label)


def section_between(candidate: Candidate, shape: PageShape) -> str:
    """The nearest section title above the list, below the headline: short, not a sentence (a standfirst
    set in an <h2> is one), not a label, not the headline again. Its words, or "" when there is none.
    The nearest, because that is the title the list stands under: a table of contents' "Inhaltsverzeichnis"
    further up does not make "5 Tipps zum Autokredit" over the list the site's word for a summary."""
    place = shape.order.get(candidate.anchor, 0)
    found = ""
    for heading in shape.subheadings:
        if shape.order[heading] >= place:
            break  # in page order: the rest stand below the list
        text = collapse(heading.text_content())
        if shape.h1 < shape.order[heading] and title_line(text) and not shape.restates_headline(text):
            found = "" if label_of(text) else text
    return found
