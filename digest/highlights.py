"""Choose the few sentences shown under an article in a digest.

Pure: a page in, highlights out, so the choice can be tested without a network or a parser.
The publisher's own block wins because a person wrote it for exactly this purpose. Otherwise the
lead sentences: news is written with the most important facts first, and the first sentences are
the baseline that summarisers struggle to beat on news text.
"""

from __future__ import annotations

import re

from digest.models import ExtractedPage, Highlights

MIN_WORDS = 6

ABBREVIATION_WORDS = """mr mrs ms mx dr prof st mt ft jr sr gen gov sen rep col lt sgt capt cmdr adm rev
    jan feb mar apr jun jul aug sep sept oct nov dec vs inc ltd co corp dept univ approx fig al"""
ABBREVIATIONS = frozenset(ABBREVIATION_WORDS.split())
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DASH = r"(?:--|—|–|-)"

BOUNDARY = re.compile(r"[.!?…]+([\"'”’)\]]*)\s+")
OPENERS = "\"'“‘([*"
INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")
# After "U.S." these words almost always open a new sentence; after "Mr." a name follows instead.
STARTER_WORDS = "The A An It He She They We I But This That In"
STARTERS = frozenset(STARTER_WORDS.split())
CLOSING_SINGLE = re.compile(r"’(?![^\W\d_])")
TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
BULLET = re.compile(r"^[-•*·▪–—]\s+")
BYLINE = re.compile(r"^(?:by|written by|reporting by|words by)\s+[A-Z.]", re.IGNORECASE)
BYLINE_WORDS = re.compile(r"\b(?:reporter|correspondent|editor|staff|published|updated)\b|\|", re.IGNORECASE)
CAPTION = re.compile(
    r"^\(?(?:(?:photos?|images?|pictures?|pictured|video|watch|credits?|source|file photo|read more|related)"
    r"\s*:|scroll down for (?:video|more)\b|advertisement\b|click here\b|(?:photo|image) by\b)",
    re.IGNORECASE,
)
DATELINE_ONLY = re.compile(
    rf"^(?:(?:published|updated|last updated)(?:\s+on)?\s*[:\d].*"
    rf"|(?:[A-Z][\w'’. -]*,\s*)?(?:[A-Z][a-z]+day,?\s*)?"
    rf"(?:\d{{1,2}}\s+)?{MONTH}\s*(?:\d{{1,2}},?)?\s*(?:\d{{4}})?)\W*$",
    re.IGNORECASE,
)
DATELINE_PREFIX = re.compile(
    rf"^(?:(?:[A-Z][\w'’.-]*(?:,?\s+[A-Z][\w'’.-]*){{0,3}}\s*)?\([^()]{{1,30}}\)\s*{DASH}"
    rf"|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,3}},\s*{MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?\s*{DASH}"
    rf"|[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){{0,3}}\s*(?:—|–|--))\s*"
)


def choose_highlights(page: ExtractedPage, *, max_sentences: int = 3, max_words: int = 60) -> Highlights:
    """The publisher's block when there is one, else the first informative sentences within the budget."""
    explicit = [" ".join(item.split()) for item in page.explicit_highlights if item.strip()]
    if explicit:
        return Highlights(explicit, "explicit", page.highlight_marker)
    sentences = _lead_sentences(page.text, max_sentences, max_words)
    return Highlights(sentences, "extractive") if sentences else Highlights([], "none")


def split_sentences(text: str) -> list[str]:
    """Sentences in order; a line break always ends one, because extracted text puts paragraphs on lines."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = " ".join(BULLET.sub("", line.strip()).split())
        start = 0
        for match in BOUNDARY.finditer(line):
            if _is_boundary(line, start, match):
                sentences.append(line[start : match.end()].strip())
                start = match.end()
        if line[start:].strip():
            sentences.append(line[start:].strip())
    return sentences


def _is_boundary(line: str, start: int, match: re.Match[str]) -> bool:
    following = line[match.end() :].lstrip(OPENERS)
    if not following or not (following[0].isupper() or following[0].isdigit()):
        return False  # '"Why?" he asked.' continues the sentence
    if _inside_quote(line[start : match.end()]):
        return False  # a quotation of several sentences stays whole: half a quote misleads
    if match.group(1) or line[match.start()] != ".":
        return True  # a quote closed after the stop, or ! ? … — an ending, whatever came before
    words = line[start : match.start()].split()
    token = words[-1].lstrip(OPENERS) if words else ""
    if token.lower() == "no":
        return not following[0].isdigit()  # "No. 10" is a number; "said no. Then" is an ending
    if INITIALS.fullmatch(token):
        return following.split(None, 1)[0] in STARTERS
    return token.lower() not in ABBREVIATIONS


def _inside_quote(segment: str) -> bool:
    # ’ is also the apostrophe of "don’t"; only one not followed by a letter can close a quote.
    return (
        segment.count("“") > segment.count("”")
        or segment.count('"') % 2 == 1
        or segment.count("‘") > len(CLOSING_SINGLE.findall(segment))
    )


def _lead_sentences(text: str, max_sentences: int, max_words: int) -> list[str]:
    cleaned = [_strip_dateline(s) for s in split_sentences(text) if not _is_furniture(s)]
    candidates = [s for s in cleaned if _is_informative(s)]
    if not candidates:
        # A text of only short lines still gets its first line: better than an empty entry.
        return [s for s in cleaned if s][:1]
    # Contiguous from the lead: a later sentence that happens to fit the budget has lost its context.
    chosen: list[str] = []
    words = 0
    for sentence in candidates:
        size = len(sentence.split())
        if chosen and words + size > max_words:
            break
        chosen.append(sentence)
        words += size
        if len(chosen) == max_sentences:
            break
    return chosen


def _is_furniture(sentence: str) -> bool:
    """Bylines, captions and datelines: text on the page that is not the story."""
    if BYLINE.match(sentence) and (len(sentence.split()) <= 10 or BYLINE_WORDS.search(sentence)):
        return True
    return bool(CAPTION.match(sentence) or DATELINE_ONLY.match(sentence))


def _is_informative(sentence: str) -> bool:
    # Headings, captions and list fragments rarely end like a sentence; "…called for:" introduces a list;
    # a lowercase start is the tail of a line the page wrapped by hand.
    opening = sentence.lstrip(OPENERS)[:1]
    return (
        len(sentence.split()) >= MIN_WORDS
        and bool(TERMINAL.search(sentence))
        and (opening.isupper() or opening.isdigit())
    )


def _strip_dateline(sentence: str) -> str:
    """'WASHINGTON (CNN) -- The…' → 'The…': the place and agency are the page's, not the news."""
    stripped = DATELINE_PREFIX.sub("", sentence, count=1)
    return stripped if stripped[:1].isupper() or stripped[:1].isdigit() else sentence
