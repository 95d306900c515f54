"""Labels that share an element with their summary: a bold "TL;DR:" opening a paragraph, or the opening
words of a paragraph's own text ("Key takeaway: 2025 marked a turning point…"). No element holds the
summary alone, so the paragraph is the item's element, and the item is its text after the label.
"""

from __future__ import annotations

import re
from typing import Any

from digest.highlights.candidate import Candidate
from digest.highlights.nodes import collapse
from digest.highlights.sentences import word_count
from digest.highlights.vocabulary import LABEL_OPENERS, LABEL_PUNCTUATION, label_of

PARAGRAPH_TAGS = frozenset({"p", "div", "li"})
OPENING_TAGS = frozenset({"p", "div"})
BOX_NEVER = frozenset({"body", "article", "main", "section"})  # the page's or the story's own wrappers
INLINE = frozenset({"a", "b", "strong", "i", "em", "span", "br", "u", "mark", "small", "sup", "sub", "font"})
# How a label opens a paragraph, tried in turn: in brackets ("[摘要]据了解…"), a Chinese label set off
# by a space ("摘要 姜洋回应…"), or up to the first colon of the element's own text, within the first
# line's worth of characters (a full-width colon needs no space after it: "简介：天津…").
OPENINGS = (
    re.compile(r"^\s*[\[【]\s*([^\]】\n]{2,20}?)\s*[\]】]"),
    re.compile(r"^\s*([\u4e00-\u9fff]{2,6})\s"),
    re.compile(r"^\s*([^:：\n]{2,60}?)\s*(?::\s|：)"),
)
MIN_ITEM_WORDS = 8  # after the label, a summary's sentence at least
# A listing's excerpt of another post, cut off by the CMS: "…financial...", "…With 10+ years of&hellip;".
CUT_OFF = re.compile(r"(?:…|\.\.\.|\[\s*…?\s*\])\W*$")


def inline_label(anchor: Any, text: str) -> Candidate | None:
    """ "TL;DR: the story in one line." — a label opening its paragraph makes the rest of it the item."""
    block = next((a for a in anchor.iterancestors() if a.tag in PARAGRAPH_TAGS), None)
    if block is None:
        return None
    whole = collapse(block.text_content()).lstrip(LABEL_OPENERS + " ")
    if not whole.startswith(text):
        return None  # the word in the middle of a sentence is part of the sentence
    rest = whole[len(text) :].lstrip(LABEL_PUNCTUATION + " ")
    if _cut_off(rest):
        return None  # a listing's excerpt of another post ("Key takeaway: …and financial...")
    return Candidate(text.rstrip(LABEL_PUNCTUATION + " "), anchor, [rest] if rest else [], [block], [block])


def opening_label(element: Any) -> Candidate | None:
    """A paragraph whose own text opens on a label and a colon: the label, the rest as its one item."""
    if element.tag not in OPENING_TAGS:
        return None
    lead = _lead(element)
    for pattern in OPENINGS:
        match = pattern.match(lead)
        if match is not None and (label := label_of(collapse(match.group(1)))):
            break
    else:
        return None
    text = collapse(match.group(1)).lstrip(LABEL_OPENERS + " ")
    rest = collapse(element.text_content().lstrip()[len(match.group(0).lstrip()) :])
    if match.group(0).lstrip()[:1] in LABEL_OPENERS and rest.endswith(("]", "】")):
        rest = rest[:-1].rstrip()  # "[摘要：…]": the brackets frame the labelled lead, they are not its text
    if word_count(rest) < MIN_ITEM_WORDS or _cut_off(rest):
        return None
    return Candidate(text, element, [rest], [element], [element], {"label"}, label)


def _lead(element: Any) -> str:
    """The text a paragraph opens on: its own, or that of the inline element it is wholly set in
    ("<p><em>In brief: Tesla CEO Elon Musk explained…</em></p>", NBC News)."""
    own = element.text or ""
    if own.strip() or not len(element) or element[0].tag not in INLINE - {"a", "br"}:
        return own
    return element[0].text or ""


def loose_after(anchor: Any, text: str) -> Candidate | None:
    """<h2>Key takeaways</h2>The article provides…: the summary set as bare text after its label, in a box
    that holds nothing else but inline markup. The box is the item's element."""
    box = anchor.getparent()
    if box is None or box.tag in BOX_NEVER or not (anchor.tail or "").strip():
        return None
    if any(isinstance(c.tag, str) and c.tag not in INLINE for c in box if c is not anchor):
        return None  # paragraphs or lists of their own: the text beside them is not the box's summary
    whole = collapse(box.text_content())
    rest = whole[len(text) :].strip() if whole.startswith(text) else ""
    if word_count(rest) < MIN_ITEM_WORDS or _cut_off(rest):
        return None
    return Candidate(text.rstrip(LABEL_PUNCTUATION + " "), anchor, [rest], [box], [box])


def _cut_off(item: str) -> bool:
    """The run-in text ends cut off: an excerpt of a post in a listing, not a summary written whole."""
    return CUT_OFF.search(item) is not None
