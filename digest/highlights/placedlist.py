"""A list known only by its place: the one candidate no label or class vouches for.

A bare list between the headline and the story is the summary on many templates (Daily Mail's bullets,
Süddeutsche's unlabelled points) and a byline, a table of contents or a section's list on many more.
Only its shape and what stands above it tell them apart; digest.highlights.judge asks here.
"""

from __future__ import annotations

from digest.highlights.items import HEADINGS
from digest.highlights.itemshape import leads_in
from digest.highlights.nodes import collapse, names, previous_element, short_text, unwrapped, wrapper_of
from digest.highlights.sentences import is_furniture
from digest.highlights.shape import PageShape
from digest.highlights.storyplace import section_between
from digest.highlights.verdict import Verdict
from digest.highlights.vocabulary import label_like, label_of

MIN_PLACED_ITEM_WORDS = 6  # a list known only by its place needs sentences, not dates or names


def judge_placed_list(verdict: Verdict, words: list[int], shape: PageShape) -> None:
    """A list known only by its place must look like highlights: several sentences, no furniture, no title."""
    candidate = verdict.candidate
    if len(words) < 2:
        verdict.reject("a one-line list under the headline: a caption, byline or date, not highlights")
    elif sum(words) / len(words) < MIN_PLACED_ITEM_WORDS:
        verdict.reject("its items are too short for sentences (dates, names, links)")
    if any(is_furniture(item) for item in candidate.items):
        verdict.reject("holds page furniture (a byline, a caption, a date)")
    if all(item.rstrip().endswith("?") for item in candidate.items):
        verdict.reject("its items ask rather than tell: the questions the page answers, not highlights")
    title = previous_element(wrapper_of(candidate.anchor))  # a template's bare <div> says nothing
    if title is not None:
        title = unwrapped(title)
    if title is not None and title.tag == "p" and leads_in(collapse(title.text_content())):
        verdict.reject("the sentence above leads into it (ending in a colon): the text's own list")
    heading = short_text(title) if title is not None else ""
    if (
        heading
        and not shape.restates_headline(heading)
        and not label_of(heading)
        and (title.tag in HEADINGS or "headline" in " ".join(names(title)))
    ):
        titled, why = heading, f"titled “{heading}”: a box of its own, not the article's summary"
    else:
        titled = section_between(candidate, shape)
        why = f"under its own heading “{titled}”, not the headline: it belongs to that section"
    if titled and label_like(titled):
        # Before the story, with sentences the story repeats: a title this short is the site's label.
        verdict.note(0, f"under “{titled}”, as short as a label: the site's own word for its summary")
    elif titled:
        verdict.reject(why)
