"""Score each candidate block on what the page's structure says about it, and say why.

A summary of this article sits near the top (between the headline and the story, or just inside
it, or in a box beside it), holds a few items that read as sentences, and says again what the
story says. What is not one — a teaser of other stories, a newsletter or offer box, per-section
boxes of a long guide, a list of links, code — fails one of those tests. Every point given or taken
carries its reason, so `digest highlights --explain` can show why the winner won.
"""

from __future__ import annotations

import re

from digest.highlights.candidates import Candidate
from digest.highlights.itemshape import PROMO_ITEM, SITE_NOTICE, bold, fact_sheet, item_trap, link_chars
from digest.highlights.nodes import names
from digest.highlights.placedlist import judge_placed_list
from digest.highlights.sentences import FULL_STOPS, stems, word_count
from digest.highlights.shape import (
    END_OF_STORY,
    GOOD_OVERLAP,
    TOP_SHARE,
    PageShape,
    among_story,
    article_of,
    words_of,
)
from digest.highlights.slots import summary_before_short_story
from digest.highlights.storyplace import (
    MAX_STORY_SHARE,
    between_sections,
    names_the_subject,
    opened_by_label,
    opens_and_closes,
    story_elsewhere,
    story_paragraph,
)
from digest.highlights.verdict import Verdict
from digest.highlights.vocabulary import (
    DRAWN_BOXES,
    FOREIGN_WORDS,
    FRAME_WORDS,
    name_parts,
    normalise,
)

MIN_ITEM_WORDS = 4  # on average: "Politics", "Sport", "Read more" are navigation
MIN_LABELLED_ITEM_WORDS = 2  # under a label people read, short points are still points
MAX_BLOCK_WORDS = 320
LINK_SHARE = 0.5
MIN_OVERLAP = 0.3
REPEATED_LABEL = 3
SENTENCE_STOP = re.compile(rf"[.!?](?:\s|$)|[{FULL_STOPS}]")  # a full stop in Chinese needs no space after it


def judge(candidate: Candidate, shape: PageShape) -> Verdict:
    verdict = Verdict(candidate)
    _evidence(verdict, shape)
    _place(verdict, shape)
    _items(verdict, shape)
    _overlap(verdict, shape)
    _company(verdict, shape)
    verdict.settle()
    return verdict


def _evidence(verdict: Verdict, shape: PageShape) -> None:
    candidate = verdict.candidate
    if candidate.label:
        exact = normalise(candidate.marker) == candidate.label  # "Key Takeaways 🔍": decoration is no word
        verdict.note(
            3 if exact else 2, f"labelled “{candidate.marker}”" + ("" if exact else " (holds a label)")
        )
        places = shape.label_boxes.get((candidate.label, article_of(candidate.anchor)), [])
        boxes = len(places) or 1
        if boxes == 2 and opens_and_closes(shape, shape.order.get(candidate.anchor, 0), places):
            boxes = 1  # the summary atop the story and its recap closing it, not one box per part
            verdict.note(0, "the label's other box closes the story: a summary and its recap")
        if shape.labels.get(candidate.label, 0) >= REPEATED_LABEL:
            verdict.reject(
                f"the label is on {shape.labels[candidate.label]} boxes: it titles sections, not the article"
            )
        elif boxes >= 2:
            verdict.reject(
                f"the label heads {boxes} boxes with different items in one article: each sums up a part"
            )
    if "class" in candidate.reasons:
        verdict.note(2, f"class or id names a summary ({candidate.name})")
        if cards := shape.cards.get(candidate.anchor, 0):
            verdict.reject(
                f"its class is on {cards} cards, each with a title of its own: one card's part of a listing"
            )
    if candidate.reasons == {"position"}:
        verdict.note(1, "a list placed between the headline and the story")
    elif teased := shape.teasers.get(candidate.anchor, ""):
        verdict.reject(f"under a title of its own (“{teased}”) beside a link out: a teaser of that page")
    if shape.storyless:
        verdict.reject(
            f"a {shape.storyless}'s page (schema.org, no article): its boxes do not sum up a story"
        )


def _place(verdict: Verdict, shape: PageShape) -> None:
    place = shape.order.get(verdict.candidate.anchor, 0)
    story = [p for p, _, _ in shape.paragraphs]
    if not story:
        if not verdict.candidate.label and not story_elsewhere(verdict.candidate, shape):
            # A home page, a listing, an event's page: only a label people read says a box sums it up.
            verdict.reject("unlabelled, on a page with no story (no paragraphs, no run of prose) to sum up")
        return
    if shape.h1 >= 0 and place < shape.h1 and place < story[0]:
        verdict.note(-1, "above the headline")
        return
    before = sum(words for p, _, words in shape.paragraphs if p < place)
    share = before / max(1, shape.body_words)
    # An <aside>, or a CMS's sidebar `widget` (WordPress draws its sidebar as <div class="widget">).
    beside = any(
        node.tag == "aside" or any("widget" in name_parts(n) for n in names(node))
        for node in (verdict.candidate.anchor, *verdict.candidate.anchor.iterancestors())
    )
    if place < shape.story_start:
        verdict.note(2, "between the headline and the story")
    elif verdict.candidate.reasons == {"position"}:
        verdict.reject("a list inside the story, not above it")
    elif share <= TOP_SHARE:
        verdict.note(1, f"at the top of the story ({share:.0%} of it above)")
    elif beside and verdict.candidate.label:
        # A sidebar comes after the main column in the source wherever it shows: its place there says
        # nothing about where it stands to the story.
        verdict.note(0, f"in an <aside> or widget beside the story ({share:.0%} of it above in the source)")
    elif share <= END_OF_STORY:
        verdict.note(-1, f"in the middle of the story ({share:.0%} of it above)")
    else:
        verdict.note(-2, f"at the end of the story ({share:.0%} of it above)")
    if share <= END_OF_STORY and story_paragraph(verdict.candidate, shape):
        verdict.reject(
            "one paragraph of the story's own run under a label: it opens a section, not a summary of it"
        )
    if share > TOP_SHARE and not verdict.candidate.label and not beside:
        # Only a label says what a box deep in the story is; a class there styles a quote or a note.
        verdict.reject("unlabelled and below the top of the story")
    if not between_sections(verdict.candidate, shape, place):
        return
    if names_the_subject(verdict.candidate, shape):
        verdict.note(0, "between sections, but its label names the article's subject: it sums up the article")
    else:
        verdict.doubt("between sections that each go on with their own text: it sums up one section or story")


def _items(verdict: Verdict, shape: PageShape) -> None:
    candidate = verdict.candidate
    items = candidate.items
    words = [word_count(item) for item in items]
    total = sum(words)
    if not items:
        verdict.reject("no items")
        return
    if total / len(items) < (MIN_LABELLED_ITEM_WORDS if candidate.label else MIN_ITEM_WORDS):
        verdict.reject("its items are not sentences (names, tags or links)")
    if not items:
        return
    if total > MAX_BLOCK_WORDS:
        verdict.reject(f"{total} words: the story itself, not a summary of it")
    # Links into this page: a named box's points open the live blog's posts; a bare list's, its sections.
    into_page = shape.own_path if candidate.reasons != {"position"} else ""
    linked = sum(link_chars(e, into_page) for e in candidate.item_elements)
    if linked >= LINK_SHARE * max(1, sum(len(i) for i in items)):
        verdict.reject("its items are links: navigation or other stories")
    if any(e.find(".//pre") is not None or e.tag == "pre" for e in candidate.item_elements):
        verdict.reject("holds code")
    if len(items) == 1 and candidate.reasons == {"class"} and len(SENTENCE_STOP.findall(items[0])) < 2:
        verdict.reject("one sentence named by its class: a standfirst, not a block of highlights")
    if why := item_trap(items, candidate.reasons, shape.headline):
        verdict.reject(why)
    if any(fact_sheet(e) for e in candidate.item_elements):
        verdict.reject("a fact sheet (a bold key on each line), not a summary")
    if candidate.reasons == {"position"}:
        judge_placed_list(verdict, words, shape)
    if len(items) > 1 and all(bold(e) for e in candidate.item_elements):
        verdict.note(1, "every item set in bold")
    if items and 5 <= total / len(items) <= 90:
        verdict.note(1, f"{len(items)} sentence-like item(s)")


def _overlap(verdict: Verdict, shape: PageShape) -> None:
    """A summary says again what the story says: most of its words are in the story's paragraphs."""
    own = set().union(*(words_of(item) for item in verdict.candidate.items))
    held = {p for e in {*verdict.candidate.cut, *verdict.candidate.item_elements} for p in e.iter("p")}
    held &= shape.story_words.keys()
    if held:
        rest = [p for p in shape.story_words if p not in held]
        if sum(shape.story_sizes[p] for p in rest) < (1 - MAX_STORY_SHARE) * shape.body_words:
            if summary_before_short_story(verdict.candidate, shape, held):
                verdict.note(0, "named a summary twice, over a story shown in part: too little to compare")
                return
            if not story_elsewhere(verdict.candidate, shape):
                verdict.reject("it holds most of the story's paragraphs: the story, not a summary of it")
                return
            verdict.note(0, "the story runs without paragraphs elsewhere (text and <br>s): not this box")
        body = set().union(*(shape.story_words[p] for p in rest))
    else:
        body = shape.all_story_words  # the common case: the box holds none of the story, nothing to take out
    placed = verdict.candidate.reasons == {"position"}  # nothing but its place vouches for a bare list
    share = len(own & body) / len(own) if len(own) >= 4 and len(body) >= 40 else -1.0
    if placed and 0 <= share < GOOD_OVERLAP and among_story(verdict.candidate.anchor, shape):
        # Inflected languages (Polish, German) repeat a word in another form: only a list that stands
        # among the story's own paragraphs may show it repeats the story by its words' first letters.
        body_stems, mine = stems(body), stems(own)
        if (by_stem := len(mine & body_stems) / len(mine)) >= GOOD_OVERLAP:
            verdict.note(
                0, f"{by_stem:.0%} of its word stems are in the story, among whose paragraphs it sits"
            )
            placed = False
    if placed and share < GOOD_OVERLAP:
        verdict.reject("a list known only by its place must repeat the story, and this one is not seen to")
    if share < 0:
        return  # too little on one side to tell
    if share < MIN_OVERLAP:
        verdict.reject(f"only {share:.0%} of its words are in the story: about something else")
    elif share >= GOOD_OVERLAP:
        verdict.note(1, f"{share:.0%} of its words are in the story")


def _company(verdict: Verdict, shape: PageShape) -> None:
    """Trap signals from around the candidate: site chrome, promo or teaser boxes, a quote."""
    anchor = verdict.candidate.anchor
    chain = [anchor, *anchor.iterancestors()]
    if any(node in shape.outside for node in chain):
        in_article = any(node.tag == "article" for node in chain)
        if any(node.tag == "aside" for node in chain) and in_article:
            pass  # a box beside the text, inside the article, is the article's own
        else:
            verdict.note(-3, "in site chrome (menu, sidebar, footer, comments, subscribe box)")
    quote = next((node for node in chain if node.tag == "blockquote"), None)
    if quote is not None and not opened_by_label(quote, verdict.candidate):
        verdict.doubt("inside a quotation from elsewhere")
    elif quote is not None:
        verdict.note(0, "a quote block opened by its label: a callout drawn as a quote")
    for node in chain[:6]:
        if node in shape.story_boxes:
            break  # the story's own wrappers ("opinion-article", "ad-free") say nothing about the box
        foreign = [part for n in names(node) for part in name_parts(n) if part in FOREIGN_WORDS]
        if foreign and verdict.candidate.label and set(foreign) <= DRAWN_BOXES:
            verdict.note(0, f"in a {foreign[0]} box ({next(n for n in names(node) if n)}): how it is drawn")
            continue  # the label people read says what the box is; "card" only how it is drawn
        if foreign:
            why = f"inside a {foreign[0]} box ({next((n for n in names(node) if n), '')})"
            # A frame's slot or drawing says where the box stands; "teaser", "carousel" say what it is.
            if set(foreign) <= FRAME_WORDS:
                verdict.doubt(why)
            else:
                verdict.reject(why)
            break
    if shape.headline and verdict.candidate.items and normalise(verdict.candidate.items[0]) == shape.headline:
        verdict.reject("opens with the headline: the article's header (title and standfirst), not highlights")
    if any(PROMO_ITEM.search(item) for item in verdict.candidate.items):
        verdict.reject("a promotion or a sign-up box")
    if any(SITE_NOTICE.search(item) for item in verdict.candidate.items):
        verdict.reject("the site's small print (copyright, reprints, cookies, terms), not the story's")
