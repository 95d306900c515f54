"""The words publishers use to mark an article's own summary: labels people read, class names CSS reads.

A word here only makes an element a *candidate*; digest.highlights.judge decides from the page's
structure whether the candidate is this article's summary. So the lists may be generous, in every
language we meet, while the traps (a colour class, a field type, a modifier) are told apart here by
the shape of the name, never by listing the sites that use them.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from digest.highlights.sentences import FULL_STOPS

# Whole labels, as shown (compared case-folded, without punctuation). Any language; kept short.
LABELS = (
    # English
    "highlights|story highlights|key highlights|key takeaways|takeaways|key points|key facts|main points"
    "|tl;dr|tldr|in brief|at a glance|summary|article summary|ai summary|quick summary|in summary|in short"
    "|what you need to know|what to know|why it matters|the big picture|the gist|the bottom line"
    "|bottom line|the short version|quick read|the essentials|recap|the facts|need to know"
    "|synopsis|key insights|key takeaway|fast facts|quick facts|in a nutshell"
    # German
    "|das wichtigste in kürze|das wichtigste|in kürze|kurz gesagt|kurz und knapp|auf einen blick"
    "|zusammenfassung|kurzfassung|darum gehts|darum geht es|das müssen sie wissen|das sollten sie wissen"
    "|der artikel für sie zusammengefasst|kurz zusammengefasst|zusammengefasst|überblick in kürze"
    # French
    "|en bref|lessentiel|l essentiel|à retenir|ce quil faut retenir|ce qu il faut retenir|résumé|en résumé"
    "|points clés|les points clés|ce quil faut savoir|ce qu il faut savoir|lessentiel en bref"
    # Spanish, Portuguese, Italian
    "|lo esencial|en resumen|resumen|las claves|claves|lo que debes saber|lo que hay que saber|puntos clave"
    "|em resumo|resumo|o essencial|pontos principais|pontos-chave|destaques|o que você precisa saber"
    "|in breve|in sintesi|punti chiave|i punti chiave|lessenziale|riassunto|cosa sapere"
    # Dutch, Scandinavian, Polish
    "|in het kort|samenvatting|kort samengevat|het belangrijkste|de belangrijkste punten|in een notendop"
    "|kort fortalt|kort oppsummert|oppsummering|sammendrag|kort sagt|i korthet|sammanfattning"
    "|det viktigaste|det vigtigste|kort fortalt|hovedpunkter|w skrócie|najważniejsze|podsumowanie"
    # Chinese: abstract, lead-in, synopsis, key points, "mark the key points"
    "|摘要|文章摘要|内容摘要|本文摘要|导读|简介|内容提要|提要|要点|本文要点|核心提示|核心要点|导语|划重点"
)


def normalise(text: str) -> str:
    """Case-folded words without punctuation: "Das Wichtigste in Kürze:" → "das wichtigste in kürze"."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


# Editors also coin labels on one pattern: a word for "the main ones" before a word for what a summary
# holds ("Quick Take", "Main Findings", "The Top Takeaways"). A label made that way is read as one though
# it is not listed above; whether its box sums up the story stays digest.highlights.judge's call.
LEAD_WORDS = ("key", "main", "quick", "top", "major", "important", "essential", "fast", "core")
HELD_WORDS = (
    "takeaway", "takeaways", "take", "point", "points", "fact", "facts", "finding", "findings", "insight",
    "insights", "highlight", "highlights", "lesson", "lessons", "learnings", "idea", "ideas", "summary",
)  # fmt: skip
COINED = frozenset(
    f"{the}{lead} {held}" for the in ("", "the ") for lead in LEAD_WORDS for held in HELD_WORDS
)
LABEL_SET = frozenset(normalise(label) for label in LABELS.split("|")) | COINED
# Labels that name one passage, an abstract or an editor's lead ("导读"), never a run of points: the
# paragraphs after such a label that has no box of its own are the story going on, past its first.
PASSAGE_LABELS = frozenset(
    {"摘要", "文章摘要", "内容摘要", "本文摘要", "导读", "简介", "内容提要", "提要", "导语"}
)
# Labels only when whole: "Branches in a Nutshell", "Python in a Nutshell" title a chapter or a book.
WHOLE_ONLY = frozenset({"in a nutshell"})
# A longer label that starts or ends with one of these is still a label: "Today at a Glance". A word
# under six letters is too ordinary to open one ("Recap of Monday's game"); an abbreviation has no
# other sense ("TL;DR for self-employed individuals").
ABBREVIATIONS = frozenset({"tl dr", "tldr"})
KEY_PHRASES = tuple(
    sorted((p for p in LABEL_SET - WHOLE_ONLY if len(p) >= 6 or p in ABBREVIATIONS), key=len, reverse=True)
)
_PADDED_PHRASES = tuple(f" {p} " for p in KEY_PHRASES)
MAX_LABEL_WORDS = 7
COINED_LABEL_WORDS = 3  # a label no list holds is read as one only this short: 96 of our 108 are
MAX_LABEL_CHARS = 70
LABEL_PUNCTUATION = ":：–—-]】"  # what may close a label ("Key takeaways:", "TL;DR –", "简介：", "[摘要]")
LABEL_OPENERS = "[【"  # what may open one: "[摘要]据了解…", "【导读】"
# What closes a statement or a question, never a label or a title.
SENTENCE_STOPS = (".", "!", "?", "…", *FULL_STOPS)
TITLE_WORDS = 12  # at most this many words of a title before "…: At a Glance"
TITLE_BREAK = re.compile(r":|\s[–—-]\s")  # what parts a title from its label: a colon or a spaced dash

# Stems that, as a whole part of a class or id, name a summary block.
CLASS_WORDS = frozenset(
    {
        "highlight",
        "highlights",
        "takeaway",
        "takeaways",
        "summary",
        "summaries",
        "tldr",
        "keypoints",
        "abstract",
        "synopsis",
        "bulletpoints",
        "bullets",
        "glance",
        "zusammenfassung",
        "resume",
        "essentiel",
    }
)
# Class words long enough to be seen inside a name run together ("keytakeaways", "storyhighlights").
_LONG_CLASS_WORDS = tuple(sorted((w for w in CLASS_WORDS if len(w) >= 6), key=len, reverse=True))
# What a run-together name may open with and still not name the block: a switch or a state of a style.
_SWITCHES = frozenset({"no", "non", "not", "has", "show", "hide", "with", "without", "is", "get"})
CLASS_HINT = re.compile(
    r"highlight|take|summar|tldr|point|abstract|synopsis|bullet|glance|fassung|resume|essentiel|fact|brief"
    r"|finding|insight|lesson|learning|idea",
    re.IGNORECASE,
)
PAIRS = (("key", "points"), ("bullet", "points"), ("key", "facts"), ("story", "highlights"), ("in", "brief"))
# Boxes a modifier gives a kind ("callout--summary", "box--takeaways"); "c-posts__info--highlight" styles.
BOX_WORDS = frozenset({"callout", "box", "panel"})
# A class word in these company is a style or a field type, not what the element is.
STYLE_PREFIXES = frozenset(
    {
        "text", "bg", "border", "from", "to", "via", "ring", "fill", "stroke", "decoration", "outline",
        "shadow", "divide", "accent", "caret", "placeholder", "theme", "color", "colour",
    }
)  # fmt: skip
# "X with a summary" names what a thing has, not what it is: Drupal's text-with-summary field type, a
# Shopify theme's image-with-highlight section, a menu's withSummaryLink.
FIELD_TYPE = re.compile(
    r"with[-_]?(?:summar|highlight|takeaway|abstract|bullet|tldr|synopsis)", re.IGNORECASE
)
# Names of things that are never this article's summary, wherever a class word sits beside them.
FOREIGN_WORDS = frozenset(
    {
        "teaser", "promo", "sponsored", "sponsor", "ad", "ads", "advert", "offer", "offers", "deal", "deals",
        "card", "related", "newsletter", "comment", "comments", "nav", "menu", "footer", "counter",
        "message", "expansion", "puff", "trending", "popular", "opinion", "code", "syntax", "search",
        "toc", "widget", "credit", "credits", "caption", "rating", "ratings", "speakable", "carousel",
        "swiper", "slider", "slideshow", "slick",
    }
)  # fmt: skip
# Of those, the words that say how a box is drawn, not what it holds: a labelled box in a card is still
# what its label says (digest.highlights.judge).
DRAWN_BOXES = frozenset({"card"})
# With the words that name the slot of the page's frame a box was set in (a CMS's module `widget`, a
# template's ad slot between paragraphs), they say where a box stands, not what it holds, so strong
# evidence that it sums up the story outweighs them (digest.highlights.verdict).
FRAME_WORDS = DRAWN_BOXES | {"widget", "ad", "ads", "advert"}


def label_of(text: str) -> str:
    """The label this short text is ("" when none): whole, or holding a known phrase as whole words."""
    pieces = TITLE_BREAK.split(text.rstrip(" :"))
    if len(pieces) > 1:
        head, tail = " ".join(pieces[:-1]), pieces[-1]
        if len(head.split()) <= TITLE_WORDS and normalise(tail) in LABEL_SET:
            return normalise(tail)  # a title, then a whole label: "Guided Tours vs Rental Cars: At a Glance"
        if normalise(pieces[0]) in LABEL_SET and _title(" ".join(pieces[1:])):
            return normalise(pieces[0])  # a whole label, then what it sums up: "Quick Summary: How Much…"
    if len(text) > MAX_LABEL_CHARS or text.rstrip().endswith(","):
        return ""  # "In short, …" opens a sentence: a label ends bare or with a colon, never a comma
    words = normalise(text)
    if not words or len(words.split()) > MAX_LABEL_WORDS:
        return ""
    if words in LABEL_SET:
        return words
    if text.rstrip().endswith((".", "!", "?", ",", ";")):
        return ""  # a sentence that happens to hold the words ("… in short supply.")
    # Titled around the phrase ("Today at a Glance", "Der Artikel für Sie zusammengefasst"), never
    # with the phrase inside a running clause ("Dignity has been in short supply").
    padded = f" {words} "
    if not (padded.startswith(_PADDED_PHRASES) or padded.endswith(_PADDED_PHRASES)):
        return ""  # the common case, told by two C calls instead of a loop over every phrase
    # A phrase opening a line is followed by what it sums up, never by a date or a number: "TLDR
    # 2023-09-11" names a newsletter's issue.
    return next(
        (
            p
            for p in KEY_PHRASES
            if padded.endswith(f" {p} ")
            or (padded.startswith(f" {p} ") and not any(c.isdigit() for c in words[len(p) :]))
        ),
        "",
    )


def _title(text: str) -> bool:
    """Words that name a subject rather than state something: short, not closed as a sentence."""
    return 0 < len(text.split()) <= TITLE_WORDS and not text.rstrip().endswith(SENTENCE_STOPS)


def label_like(text: str) -> bool:
    """A line no longer than a label, that neither counts nor asks nor states: what a site may coin for
    its summary where no list here holds the word ("Kortversjonen", "The upshot"). Whether its box is
    one stays the judge's call, from its place and its items; "5 Tipps zum Autokredit", "14 Answers",
    "Why now?", "It works." and a product page's "Get crucial real-time insights" title something else."""
    words = text.split()
    return (
        0 < len(words) <= COINED_LABEL_WORDS
        and not any(character.isdigit() for character in text)
        and not text.rstrip().endswith(SENTENCE_STOPS)
    )


@lru_cache(maxsize=4096)  # pages repeat their class names; a worker sees the same themes all day
def name_parts(name: str) -> tuple[str, ...]:
    """A class or id cut into its words: "abstract__a20fee61" → [abstract, a20fee61], camelCase too."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return tuple(part for part in re.split(r"[\W_]+", spaced.lower()) if part)


@lru_cache(maxsize=4096)
def marking_name(name: str) -> str:
    """`name` when it names a summary block; "" for a style, a field type, a modifier or a foreign thing."""
    if not CLASS_HINT.search(name):
        return ""  # the common case, decided without cutting the name up
    if "/" in name or ":" in name or FIELD_TYPE.search(name):
        return ""  # a Tailwind utility ("border-y-summaryGrayDark/20") or Drupal's text-with-summary
    block, _, modifier = name.partition("--")
    parts = name_parts(block)
    marked = (
        any(part in CLASS_WORDS or _compound(part) for part in parts)
        or any(first in parts and second in parts for first, second in PAIRS)
        or any(lead in LEAD_WORDS and held in HELD_WORDS for lead, held in itertools.pairwise(parts))
    )  # the last: a name coined as labels are ("quick-take-content", "key-findings")
    if not marked and parts and parts[-1] in BOX_WORDS:
        # "lifestyle-sc-block-callout--summary": the modifier of a callout box says which kind it is
        marked = name_parts(modifier) in {(word,) for word in CLASS_WORDS}
    if not marked:
        return ""  # at most a BEM modifier ("c-posts__info--highlight"): a style of something else
    words = [*parts, *(_head(part) for part in parts)]  # "speakablesummary" is speakable's
    if (parts and parts[0] in STYLE_PREFIXES) or any(word in FOREIGN_WORDS for word in words):
        return ""
    return name


def _compound(part: str) -> bool:
    """A class word run together after another word names the block as the word alone would
    ("keytakeaways", "storyhighlights", "articlesummary"): the judge weighs it like "key-takeaways".
    "nobullets" or "hassummary" are switches of a style, and "highlighted" is a word of its own."""
    head = _head(part)
    return bool(head) and len(head) >= 2 and head.isalpha() and head not in _SWITCHES | STYLE_PREFIXES


def _head(part: str) -> str:
    """The word run together before a long class word ("story" of "storyhighlights"), else ""."""
    word = next((w for w in _LONG_CLASS_WORDS if part.endswith(w) and part != w), "")
    return part[: len(part) - len(word)] if word else ""
