"""The shape of a page as the block judge reads it: where each element sits in reading order, where
the headline and the story's paragraphs are, which headings open sections, and the story's words.

Computed once per page (digest.highlights.blocks) so that judging each candidate costs little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from digest.highlights.itemshape import drawn_heading, page_path
from digest.highlights.nodes import wrapper_of
from digest.highlights.sentences import EDITORS_NOTE, FULL_STOPS, UNSPACED_LETTERS, word_count
from digest.highlights.vocabulary import normalise

WORD = re.compile(r"\w{4,}")
# Chinese and Japanese have no spaces to find words by: two characters side by side stand for one.
UNSPACED_RUN = re.compile(f"[{UNSPACED_LETTERS}]{{2,}}")
# Where a box stands in the story, by the share of the story's words above it: at its top up to
# TOP_SHARE, at its end past END_OF_STORY (a labelled last paragraph is its conclusion, a box there its
# recap; a FAQ may follow). A box says again what the story says when GOOD_OVERLAP of its words are
# found there. One measure for the judge, the story's place and the frame's slots.
TOP_SHARE = 0.25
END_OF_STORY = 0.7
GOOD_OVERLAP = 0.55
RESTATED_TITLE_WORDS = 3  # a page title this long, found whole in a heading, says the heading is the headline
# Text set without paragraphs (lines and <br>s in a div) belongs to the nearest element that is not
# one of these: inline markup, or blocks that hold their own text (a paragraph, a list item, a cell).
INLINE = frozenset(
    {"a", "span", "b", "i", "strong", "em", "u", "br", "sup", "sub", "small", "mark", "font", "abbr", "time"}
)
OWN_TEXT = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "figcaption", "blockquote", "pre"}
    | {"code", "script", "style", "title", "option", "button", "label", "noscript", "template"}
)
# The end of a sentence of prose: a lower-case word and its stop (an author list's initials are not).
SENTENCE_END = re.compile(rf"\b[^\W\d_A-Z]{{3,}}[.!?][\"”’)]?(?:\s|$)|[^\W\d_][{FULL_STOPS}]")


@dataclass
class PageShape:
    """Where things are: every element's place in reading order, the headline, the story's paragraphs."""

    order: dict[Any, int]
    h1: int
    paragraphs: list[tuple[int, Any, int]]  # (place, element, words) of the story-length paragraphs
    outside: set[Any]
    labels: dict[str, int]
    headline: str = ""
    subheadings: list[Any] = field(default_factory=list)  # h2-h4 and drawn ones, outside site chrome
    story_words: dict[Any, set[str]] = field(default_factory=dict)  # each story paragraph's words, once
    story_sizes: dict[Any, int] = field(default_factory=dict)
    all_story_words: set[str] = field(default_factory=set)
    story_boxes: set[Any] = field(default_factory=set)  # every element that holds a story paragraph
    own_path: str = ""  # this page's address: links into it are not navigation
    story_after: dict[int, int] = field(default_factory=dict)  # each subheading's next story paragraph
    # (label, the <article> around it or None): the place of each box with different items under that label
    label_boxes: dict[tuple[str, Any], list[int]] = field(default_factory=dict)
    # each box that is one titled card's part of a listing: how many cards share its class
    cards: dict[Any, int] = field(default_factory=dict)
    # each box that is a lone card of another page (cards.teased_title): the title of that page
    teasers: dict[Any, str] = field(default_factory=dict)
    loose: list[tuple[Any, int, int]] | None = None  # runs of text without paragraphs, once asked
    storyless: str = ""  # "product", "forum thread" (pagemeta.storyless_kind): no story for a box to sum up
    title: str = ""  # the page's own title, normalised (og:title, or <title> before the site's name)

    @cached_property  # asked by every candidate's verdict; the paragraphs are fixed when the shape is made
    def body_words(self) -> int:
        return sum(words for _, _, words in self.paragraphs)

    @cached_property
    def story_start(self) -> int:
        """Where the story starts: its first paragraph below the headline that is not the article's
        header (a standfirst in the <header> that holds the headline) or a caption. A promo's paragraph
        above the headline (Bloomberg's "tophat" box) does not start it either."""
        below = [(p, element) for p, element, _ in self.paragraphs if p > self.h1]
        for place, element in below:
            if not any(node.tag in ("header", "figure", "figcaption") for node in element.iterancestors()):
                return place
        return below[0][0] if below else self.paragraphs[0][0] if self.paragraphs else -1

    def restates_headline(self, text: str) -> bool:
        """A heading that is the headline again: its words, or the page's title behind a kicker
        ("Dienstleistungsgesellschaft Geiz macht arm", Süddeutsche's h2 under a breadcrumb's h1) or
        before a subtitle. A title this short may also open a section's heading, so none shorter counts."""
        words = normalise(text)
        if words == self.headline:
            return True
        title = self.title
        return word_count(title) >= RESTATED_TITLE_WORDS and (
            words == title or words.endswith(f" {title}") or words.startswith(f"{title} ")
        )

    def share_above(self, place: int) -> float:
        """How much of the story's words stand above this place on the page."""
        return sum(words for p, _, words in self.paragraphs if p < place) / max(1, self.body_words)


def shape_of(root: Any, outside: set[Any], h1: Any, labels: dict[str, int], headline: str = "") -> PageShape:
    """`headline` overrides the h1's words (the page's title, when the h1 is the site's name)."""
    order = {element: place for place, element in enumerate(root.iter())}
    paragraphs = [
        (order[p], p, words)
        for p in root.iter("p")
        if (words := word_count(text := p.text_content())) >= 20
        and not EDITORS_NOTE.match(text)
        and not _inside(p, outside)
    ]
    headline = headline or (normalise(h1.text_content()) if h1 is not None else "")
    subheadings = [
        h
        for h in root.iter("h2", "h3", "h4", "p")
        if (h.tag != "p" or drawn_heading(h)) and not _inside(h, outside)
    ]
    vocab = {p: words_of(p.text_content()) for _, p, _ in paragraphs}
    return PageShape(
        order,
        order.get(h1, -1),
        paragraphs,
        outside,
        labels,
        headline,
        subheadings,
        vocab,
        {p: size for _, p, size in paragraphs},
        set().union(*vocab.values()),
        {box for _, p, _ in paragraphs for box in p.iterancestors()},
        page_path(root),
        _story_after([order[h] for h in subheadings], [order[p] for _, p, _ in paragraphs]),
    )


def loose_prose(root: Any, outside: set[Any]) -> list[tuple[Any, int, int]]:
    """(element, words, sentences) of each run of text set without paragraphs, outside chrome.

    Some templates (the Economic Times) set the story as lines and <br>s in one div: its words are
    not among the story's paragraphs, so a lone paragraph above it is not "most of the story".
    One walk of the page, made only when a candidate asks (PageShape.loose keeps it).
    """
    held: dict[Any, list[str]] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for text, node in ((element.text, element), (element.tail, element.getparent())):
            while node is not None and node.tag in INLINE:
                node = node.getparent()
            if text and text.strip() and node is not None and node.tag not in OWN_TEXT:
                held.setdefault(node, []).append(text)
    runs = ((node, " ".join(texts)) for node, texts in held.items() if not _inside(node, outside))
    return [(node, word_count(text), len(SENTENCE_END.findall(text))) for node, text in runs]


def article_of(element: Any) -> Any:
    """The <article> element around `element` (None outside one): a second article's boxes are its own."""
    return next(element.iterancestors("article"), None)


def among_story(element: Any, shape: PageShape) -> bool:
    """Whether `element` stands beside the story's own paragraphs, in the wrapper that holds them."""
    parent = wrapper_of(element).getparent()
    return parent is not None and any(p.getparent() is parent for p in shape.story_sizes)


def _story_after(heads: list[int], story: list[int]) -> dict[int, int]:
    """For each heading's place, the place of the first story paragraph after it (both in page order)."""
    found, k = {}, 0
    for at in heads:
        while k < len(story) and story[k] <= at:
            k += 1
        if k < len(story):
            found[at] = story[k]
    return found


def _inside(element: Any, outside: set[Any]) -> bool:
    return any(node in outside for node in (element, *element.iterancestors()))


def words_of(text: str) -> set[str]:
    """The words a summary and its story are compared by: those of four letters or more, and in
    unspaced scripts each pair of neighbouring characters."""
    folded = text.casefold()
    if folded.isascii():
        return set(WORD.findall(folded))
    found = set(WORD.findall(UNSPACED_RUN.sub(" ", folded)))
    for run in UNSPACED_RUN.findall(folded):
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return found
