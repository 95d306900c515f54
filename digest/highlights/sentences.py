"""Sentences of news text, and which of them are story rather than page furniture.

Pure and regex-only. pysbd splits as well but costs about 28 ms per CNN article on this machine,
which alone would cap a worker at ~35 articles/s; this splitter handles the cases news text needs
(abbreviations, initials, decimals, quotations of several sentences) in ~0.3 ms.
"""

from __future__ import annotations

import re

MIN_WORDS = 6

ABBREVIATION_WORDS = """mr mrs ms mx dr prof st mt ft jr sr gen gov sen rep col lt sgt capt cmdr adm rev
    jan feb mar apr jun jul aug sep sept oct nov dec vs inc ltd co corp dept univ approx fig al"""
ABBREVIATIONS = frozenset(ABBREVIATION_WORDS.split())
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DASH = r"(?:--|—|–|-)"

BOUNDARY = re.compile(r"[.!?…]+([\"'”’)\]]*)\s+")
OPENERS = "\"'“‘([*"
QUOTE_OPENERS = "\"'“‘"
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
# A dateline opens a wire story: "WASHINGTON (CNN) --", "LONDON, England (Reuters) -",
# "HELSINKI, 21 November 2026 —", "Istanbul, Nov. 3, 2025 —", "PORT CALLAN —"; a byline may come first
# when the page's paragraphs were joined ("By Anna Virtanen, Reuters HELSINKI —").
PLACE = r"[A-Z][\w'’./-]*(?:,?\s+[A-Z][\w'’./-]*){0,3}"
DATE = rf"(?:\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?|{MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)"
AGENCY = r"\([A-Z][^()]{0,29}\)"
DATELINE = (
    rf"(?:(?:{PLACE},?\s+)?{DATE},?\s*(?:{AGENCY}\s*)?{DASH}"
    rf"|(?:{PLACE}\s*)?{AGENCY}\s*{DASH}"
    rf"|[A-Z][A-Z'’./-]+(?:\s+[A-Z][A-Z'’./-]+){{0,3}}(?:,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,2}})?"
    rf"\s*(?:—|–|--))\s*"
)
NAME = r"[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3}"
BYLINE_BEFORE_DATELINE = rf"[Bb]y\s+{NAME}(?:,\s*{NAME})?\s+"
DATELINE_PREFIX = re.compile(rf"^(?:{BYLINE_BEFORE_DATELINE})?{DATELINE}")
# Who spoke: without it a quotation is a voice from nowhere in a three-line digest entry.
ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|tells|added|adds|according|wrote|writes|asked|explained|warned|insisted|"
    r"claimed|stated|tweeted|posted)\b",
    re.IGNORECASE,
)
# A sentence that leans on the one before it: "He said: …", "But this …", "It was …" out of context.
# "Analysts pointed to three reasons." announces the sentences after it and says nothing by itself.
ANNOUNCES_LIST = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|a few|the following|these)"
    r"(?:\s+[\w-]+)?\s+(?:reasons|ways|things|points|factors|steps|questions|lessons|changes|options|"
    r"ideas|problems|issues|measures|areas|priorities|goals|demands|proposals)\s*[.:]$",
    re.IGNORECASE,
)
LEANING_START = re.compile(r"^(?:he|she|they|it|this|these|those|but|and|so|also|however)\b", re.IGNORECASE)


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


def is_furniture(sentence: str) -> bool:
    """Bylines, captions and datelines: text on the page that is not the story."""
    if BYLINE.match(sentence) and (len(sentence.split()) <= 10 or BYLINE_WORDS.search(sentence)):
        return True
    return bool(CAPTION.match(sentence) or DATELINE_ONLY.match(sentence))


def is_informative(sentence: str) -> bool:
    """Long enough to say something, and shaped like a sentence of the story.

    Headings, captions and list fragments rarely end like a sentence; "…called for:" introduces a list;
    a lowercase start is the tail of a line the page wrapped by hand.
    """
    opening = sentence.lstrip(OPENERS)[:1]
    return (
        len(sentence.split()) >= MIN_WORDS
        and bool(TERMINAL.search(sentence))
        and (opening.isupper() or opening.isdigit())
        and not is_bare_quote(sentence)
        and not ANNOUNCES_LIST.search(sentence)
    )


def is_bare_quote(sentence: str) -> bool:
    """A quotation that never says who is speaking, like the second paragraph of a long quote."""
    return sentence[:1] in QUOTE_OPENERS and not ATTRIBUTION.search(sentence)


def leans_on_context(sentence: str) -> bool:
    """Opens with a pronoun or connective that points at a sentence the reader will not see."""
    return bool(LEANING_START.match(sentence))


def strip_dateline(sentence: str) -> str:
    """'WASHINGTON (CNN) -- The…' → 'The…': the place and agency are the page's, not the news.

    Twice at most: a press release writes "SAN FRANCISCO—March 9, 2015—Apple today announced…".
    """
    for _ in range(2):
        stripped = DATELINE_PREFIX.sub("", sentence, count=1)
        if stripped == sentence or not (stripped[:1].isupper() or stripped[:1].isdigit()):
            break
        sentence = stripped
    return sentence
