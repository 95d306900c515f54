"""Sentences of news text, and which of them are story rather than page furniture.

Pure and regex-only. pysbd splits as well but costs about 28 ms per CNN article on this machine,
which alone would cap a worker at ~35 articles/s; this splitter handles the cases news text needs
(abbreviations, initials, decimals, quotations of several sentences) in ~0.3 ms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A feature may open on five words ("Fernando Torres is back home.", "Zendaya is a fashion superstar.");
# at six the lead lost them to the next sentence. Fragments and headings are kept out by the stop.
MIN_WORDS = 5
# Scripts written without spaces between words (Chinese, Japanese): a run of them is one "word" to split(),
# so a sentence of forty characters would be too short for an item and a 61-character label too long.
UNSPACED_LETTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
UNSPACED = re.compile(f"[{UNSPACED_LETTERS}]")
# Written Chinese averages about one and a half characters a word: three characters count as two words.
UNSPACED_WORDS_PER_CHARACTERS = (2, 3)

ABBREVIATION_WORDS = """mr mrs ms mx dr prof st mt ft jr sr gen gov sen rep col lt sgt capt cmdr adm rev
    jan feb mar apr jun jul aug sep sept oct nov dec vs inc ltd co corp dept univ approx fig al"""
ABBREVIATIONS = frozenset(ABBREVIATION_WORDS.split())
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DASH = r"(?:--|—|–|-)"

BOUNDARY = re.compile(r"[.!?…]+([\"'”’)\]]*)\s+")
OPENERS = "\"'“‘([*「『《（"
QUOTE_OPENERS = "\"'“‘"
INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")
# After "U.S." these words almost always open a new sentence; after "Mr." a name follows instead.
STARTER_WORDS = "The A An It He She They We I But This That In"
STARTERS = frozenset(STARTER_WORDS.split())
CLOSING_SINGLE = re.compile(r"’(?![^\W\d_])")
# Chinese and Japanese end a sentence on a full-width stop, with no space after it and no capital to
# follow, perhaps inside a closing quote or bracket.
FULL_STOPS = "。！？"
FULL_STOP_CLOSERS = "”’」』）)"
TERMINAL = re.compile(rf"[.!?…][\"'”’)\]]*$|[{FULL_STOPS}][{FULL_STOP_CLOSERS}]*$")
UNSPACED_STOP = re.compile(rf"[{FULL_STOPS}]+[{FULL_STOP_CLOSERS}]*")
BULLET = re.compile(r"^[-•*·▪–—]\s+")
# The second half of a sentence wrapped by hand opens with a lowercase word ("iPhone" opens a line).
CONTINUATION = re.compile(r"^[\"'“‘(]?[a-z]+\b")
# A page that links a name breaks its line there: "Pakistan" / "'s army…" is "Pakistan's army…".
CLITIC = re.compile(r"^['’](?:s|re|ve|ll|d)\b")
# Where two paragraphs were joined and the first had no stop ("…her estranged husband The estranged
# wife of…"): news prose capitalises these words mid-sentence only in titles, and a title's next word
# is capitalised too ("told The Guardian"). "A" is left out: "Class A drugs", "Serie A leaders".
RUN_ON = re.compile(r"(?<=[a-z0-9%)])\s+(?=(?:The|He|She|They|It|We|But)\s+[a-z])")
BYLINE = re.compile(r"^(?:by|written by|reporting by|words by)\s*:?\s+[A-Z.]", re.IGNORECASE)
BYLINE_WORDS = re.compile(r"\b(?:reporter|correspondent|editor|staff|published|updated)\b|\|", re.IGNORECASE)
CAPTION = re.compile(
    r"^\(?(?:(?:photos?|images?|pictures?|pictured|video|watch|credits?|source|file photo|read more|related)"
    r"\s*:|scroll down for (?:video|more)\b|advertisement\b|click here\b|(?:photo|image) by\b)",
    re.IGNORECASE,
)
# A sentence or paragraph wholly in brackets is the desk speaking, not the story: "[This story has been
# updated.]", "(Reporting by …)", "（原标题：…）".
EDITORS_NOTE = re.compile(r"^\s*(?:\[[^\[\]]*\]|[(（][^()（）]*[)）]|【[^【】]*】)\W*$")
DATELINE_ONLY = re.compile(
    rf"^(?:(?:published|updated|last updated)(?:\s+on)?\s*[:\d].*"
    rf"|(?:[A-Z][\w'’. -]*,\s*)?(?:[A-Z][a-z]+day,?\s*)?"
    rf"(?:\d{{1,2}}\s+)?{MONTH}\s*(?:\d{{1,2}},?)?\s*(?:\d{{4}})?)\W*$",
    re.IGNORECASE,
)
# A dateline opens a wire story: "WASHINGTON (CNN) --", "LONDON, England (Reuters) -",
# "HELSINKI, 21 November 2026 —", "Istanbul, Nov. 3, 2025 —", "PORT CALLAN —", "NEW DELHI:"; a byline
# may come first when the page's paragraphs were joined ("By Anna Virtanen, Reuters HELSINKI —").
PLACE = r"[A-Z][\w'’./-]*(?:,?\s+[A-Z][\w'’./-]*){0,3}"
DATE = rf"(?:\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?|{MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)"
AGENCY = r"\([A-Z][^()]{0,29}\)"
DATELINE = (
    rf"(?:(?:{PLACE},?\s+)?{DATE},?\s*(?:{AGENCY}\s*)?{DASH}"
    rf"|(?:{PLACE}\s*)?{AGENCY}\s*{DASH}"
    rf"|(?:{PLACE}\s*)?\([A-Z][\w.]{{1,15}}\)(?=[A-Z])"  # "(CNN)Two…": no dash, no space either
    rf"|[A-Z][A-Z'’./-]+(?:\s+[A-Z][A-Z'’./-]+){{0,3}}(?:,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,2}})?"
    rf"\s*(?:—|–|--|:(?=\s)))\s*"
)
NAME = r"[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3}"
BYLINE_BEFORE_DATELINE = rf"[Bb]y\s+{NAME}(?:,\s*{NAME})?\s+"
DATELINE_PREFIX = re.compile(rf"^(?:{BYLINE_BEFORE_DATELINE})?{DATELINE}")
# A page's header flattened into its first sentence: "By Jill Reilly PUBLISHED: 08:36 EST, 5 December
# 2013 | UPDATED: 12:02 EST, 5 December 2013 A man who…", "Last updated at 9:13 AM on 3rd May 2013 …".
MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
# Each piece ends where a digit run ends, so a long run of digits has one reading (no backtracking).
CLOCK = r"\d{1,4}(?!\d|[,.]\d{3})(?:[:.]\d{2}(?!\d))?(?:st|nd|rd|th)?(?:\s*[AaPp]\.?[Mm]\b\.?)?"
ZONE = r"(?:[A-Z]{1,4}T|UTC)\b"  # EST, GMT, AEDT: one way to read each, so no backtracking
DAY_NAME = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b\.?"
STAMP_WORD = rf"(?:{CLOCK}|{ZONE}|{DAY_NAME}|{MONTH_NAME}|\((?:{CLOCK}|{ZONE}|\s)+\)|(?i:on|at)\b)"
STAMP_RUN = rf"(?:[\s.,|/-]*{STAMP_WORD})+[\s.,|]*"
STAMP = rf"(?i:(?:first\s+)?published|(?:last\s+)?updated|posted|(?:last\s+)?modified)\s*:?{STAMP_RUN}"
# The story must start where the stamp ends: "Updated 5 May 2013 At least 20…" keeps its "At".
PAGE_HEAD = re.compile(rf"^(?:[Bb]y\s+{NAME}(?:,\s*{NAME})?\s*[|.]?\s*)?(?:{STAMP})+(?=[\"'“‘(]?[A-Z\d])")
STAMP_ONLY = re.compile(rf"^{STAMP_RUN}$")
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
# German writes ordinals with a stop ("am 28. März", "zu ihrem 90. Geburtstag"): a small number is one
# when a month only German spells so follows, or a word that takes an ordinal (a preposition fused with
# an article, an article, a possessive) comes before. English months alone are not enough: "was 28. March…".
GERMAN_MONTH_WORDS = "Januar Jänner Februar März Mai Juni Juli Oktober Dezember"
GERMAN_MONTHS = frozenset(GERMAN_MONTH_WORDS.split())
ORDINAL_LEAD_WORDS = (
    "am zum vom im beim seit bis ab dem den der des ihrem ihren ihres seinem seinen seines jedem"
)
ORDINAL_LEADS = frozenset(ORDINAL_LEAD_WORDS.split())
SMALL_NUMBER = re.compile(r"\d{1,3}")
# Inflected languages write one word in several forms ("truskawki", "truskawek"; "Unternehmen",
# "Unternehmens"): its first six letters tell it from other words and let its forms meet.
STEM_LETTERS = 6
LEANING_START = re.compile(r"^(?:he|she|they|it|this|these|those|but|and|so|also|however)\b", re.IGNORECASE)


def stems(words: Iterable[str]) -> set[str]:
    """The words' stems (their first STEM_LETTERS letters), for comparing texts across word forms."""
    return {word[:STEM_LETTERS] for word in words}


def split_sentences(text: str) -> list[str]:
    """Sentences in order; a line break ends one, because extracted text puts paragraphs on lines,
    unless the line was only wrapped by hand (digest.highlights.sentences.paragraphs)."""
    sentences: list[str] = []
    for paragraph in paragraphs(text):
        for line in (piece for run in RUN_ON.split(paragraph) for piece in _unspaced_pieces(run)):
            start = 0
            for match in BOUNDARY.finditer(line):
                if _is_boundary(line, start, match):
                    sentences.append(line[start : match.end()].strip())
                    start = match.end()
            if line[start:].strip():
                sentences.append(line[start:].strip())
    return sentences


def _unspaced_pieces(line: str) -> list[str]:
    """The line cut after each full-width stop outside a quotation: "他说：“好。”" stays whole."""
    if line.isascii():
        return [line]
    pieces, start = [], 0
    for match in UNSPACED_STOP.finditer(line):
        if not _inside_quote(line[start : match.end()]):
            pieces.append(line[start : match.end()])
            start = match.end()
    return [*pieces, line[start:]] if line[start:].strip() else pieces


def paragraphs(text: str) -> list[str]:
    """The text's lines, bullets dropped, with a sentence broken over two lines put back together.

    A line that stops mid-sentence followed by one that opens with a lowercase word is one sentence
    wrapped by hand (a plain-text email at 72 columns, a <br> inside a paragraph); kept apart, both
    halves were dropped as fragments. A bulleted line is a list item, never a continuation.
    """
    found: list[list[str]] = []  # pieces of each paragraph, joined once at the end: linear in the text
    for raw in text.splitlines():
        line = " ".join(BULLET.sub("", raw.strip()).split())
        if found and found[-1][-1] and CONTINUATION.match(raw.strip()) and not TERMINAL.search(found[-1][-1]):
            found[-1].append(("" if CLITIC.match(line) else " ") + line)
        else:
            found.append([line])
    return ["".join(pieces) for pieces in found]


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
    if SMALL_NUMBER.fullmatch(token) and _is_german_ordinal(words, following):
        return False
    if INITIALS.fullmatch(token):
        return following.split(None, 1)[0] in STARTERS
    return token.lower() not in ABBREVIATIONS


def _is_german_ordinal(words: list[str], following: str) -> bool:
    next_word = following.split(None, 1)[0].rstrip(",.;:")
    return next_word in GERMAN_MONTHS or (len(words) > 1 and words[-2].lower() in ORDINAL_LEADS)


def _inside_quote(segment: str) -> bool:
    # ’ is also the apostrophe of "don’t"; only one not followed by a letter can close a quote.
    return (
        segment.count("“") > segment.count("”")
        or segment.count('"') % 2 == 1
        or segment.count("‘") > len(CLOSING_SINGLE.findall(segment))
    )


def is_furniture(sentence: str) -> bool:
    """Bylines, captions, datelines, time stamps, editor's notes: text on the page that is not the story."""
    if BYLINE.match(sentence) and (len(sentence.split()) <= 10 or BYLINE_WORDS.search(sentence)):
        return True
    return any(pattern.match(sentence) for pattern in (CAPTION, DATELINE_ONLY, STAMP_ONLY, EDITORS_NOTE))


def is_informative(sentence: str) -> bool:
    """Long enough to say something, and shaped like a sentence of the story.

    Headings, captions and list fragments rarely end like a sentence; "…called for:" introduces a list;
    a lowercase start is the tail of a line the page wrapped by hand.
    """
    opening = sentence.lstrip(OPENERS)[:1]
    return (
        word_count(sentence) >= MIN_WORDS
        and bool(TERMINAL.search(sentence))
        and (opening.isupper() or opening.isdigit() or UNSPACED.match(opening) is not None)
        and not is_bare_quote(sentence)
        and not ANNOUNCES_LIST.search(sentence)
    )


def is_bare_quote(sentence: str) -> bool:
    """A quotation that never says who is speaking, like the second paragraph of a long quote."""
    return sentence[:1] in QUOTE_OPENERS and not ATTRIBUTION.search(sentence)


def leans_on_context(sentence: str) -> bool:
    """Opens with a pronoun or connective that points at a sentence the reader will not see."""
    return bool(LEANING_START.match(sentence))


def strip_lead_in(sentence: str) -> str:
    """'WASHINGTON (CNN) -- The…' → 'The…': the byline, time stamps, place and agency are the page's.

    Three rounds at most: a press release writes "SAN FRANCISCO—March 9, 2015—Apple today
    announced…", a flattened page "By Ashley Fantz, CNN Updated 1642 GMT (0042 HKT) April 5, 2015
    (CNN)Two…". What is left must open like a sentence, or the sentence is kept as it was. A caption's
    label ("WATCH:", "PHOTOS:") is no dateline: cut, it would pass the caption off as story.
    """
    if CAPTION.match(sentence):
        return sentence
    for _ in range(3):
        stripped = PAGE_HEAD.sub("", sentence, count=1)
        stripped = DATELINE_PREFIX.sub("", stripped, count=1)
        if stripped == sentence or not (stripped[:1].isupper() or stripped[:1].isdigit()):
            break
        sentence = stripped
    return sentence


def word_count(text: str) -> int:
    """Words in `text`, counting unspaced scripts by characters, so that the thresholds set on spaced
    languages (a summary's sentence has at least eight words) hold for Chinese and Japanese too."""
    if text.isascii():
        return len(text.split())  # the common case, without a scan for characters it cannot hold
    spaced, unspaced = UNSPACED.subn(" ", text)
    words, characters = UNSPACED_WORDS_PER_CHARACTERS
    return len(spaced.split()) + -(-unspaced * words // characters)
