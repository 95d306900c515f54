"""What a candidate's items look like when the box is not a summary, whatever its label or class says.

A summary's items are statements about the story. A photo gallery repeats its captions and credits
its photographers; a lead-in ends on a colon and hands over to what follows; a date line is a date;
an article's header card opens with the headline. These are read from the items alone, so they hold
for every way a candidate was found (digest.highlights.judge applies them).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from digest.highlights.nodes import collapse
from digest.highlights.sentences import word_count
from digest.highlights.vocabulary import label_of, normalise

# "In this image released by …", "Aug. 14, 2012. In this White House photo, …" (AP's caption, a date
# or up to five words before its noun), "(AP Photo/…)", "(Karl Mondon/Bay Area News Group)", "Courtesy of …".
PHOTO_CAPTION = re.compile(
    r"^.{0,25}?\bin this (?:\S+\s+){0,5}?(?:photo|image|picture|photograph)\b|\bcourtesy of\b"
    r"|\((?:[^()]*\bphoto\b[^()]*|[A-Z][\w.' -]{1,40}/[A-Z][\w.' -]{1,40})\)\W*$",
    re.IGNORECASE,
)
DATE_OR_TIME = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}[:h]\d{2}\b")
DATE_LINE_WORDS = 12  # "Mis à jour le 06/04/2013 à 10:37" — a date line is short
HEADLINE_WORDS = 4  # a headline this long found inside the first item makes it the header's copy
FACT_LINES = 3  # "Developer X / Publisher Y / Price Z": this many bold keys, one a line, make a fact sheet
# Shop links paid per sale: rel="sponsored", an affiliate tag in the address, or the asterisk that
# German law asks such links to carry.
AFFILIATE_HREF = re.compile(r"[?&](?:tag|affid|aff_id|affiliate|partner)=", re.IGNORECASE)


# Words a title leaves in lower case ("Guide to the Best New Sedans on the Market").
MINOR_WORDS = frozenset(
    {
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "nor", "by", "with",
        "from", "as", "is", "vs", "via", "de", "la", "el", "y", "en", "und", "der", "die", "das",
    }
)  # fmt: skip
KEYWORD_TERMS = 4  # a record's keywords: this many terms between commas,
KEYWORD_WORDS = 3  # none longer than this ("highest density region")
TITLE_WORDS = 3  # capitalised main words it takes to call a line a title
LEAD_IN_WORDS = 6  # a sentence leading into a list, as a label ("Key points:") is not: this long at least
TITLE_SHARE = 0.8
WORD_RUN = re.compile(r"[^\W\d_][\w'’-]*")


# A box that sells the site's own things: a newsletter, notifications, the app.
PROMO_ITEM = re.compile(
    r"\b(?:subscribe|sign up|newsletter|notifications?|here's how to help|download the app"
    r"|abonnieren|anmelden)\b",
    re.IGNORECASE,
)
# The site's legal small print and consent banners: a reprints notice, a copyright line, cookies.
SITE_NOTICE = re.compile(
    r"\b(?:all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados"
    r"|non-commercial use|(?:this|our) (?:site|website) uses cookies|we use cookies"
    r"|(?:diese|unsere) (?:web)?seite (?:verwendet|nutzt) cookies|wir (?:verwenden|nutzen) cookies"
    r"|privacy policy|terms of (?:use|service)|datenschutzerklärung|nutzungsbedingungen)\b|©",
    re.IGNORECASE,
)


def item_trap(items: list[str], reasons: set[str], headline: str) -> str:
    """Why these items are not a summary ("" when nothing says so)."""
    if len(set(items)) < len(items):
        return "repeats its items: a gallery or carousel, not a summary"
    if items[-1].rstrip().endswith(":"):
        return "ends by introducing what follows (a colon): a lead-in, not a summary"
    if "label" not in reasons and any(PHOTO_CAPTION.search(item) for item in items):
        return "holds a photo caption"
    if all(DATE_OR_TIME.search(item) and word_count(item) <= DATE_LINE_WORDS for item in items):
        return "its items are dates and times"
    if all(RATING.search(item) for item in items):
        return "its items are ratings (a name and its score), not statements about the story"
    if any(_keywords(item) for item in items):
        return "holds a list of keywords (terms between commas), not statements about the story"
    if all(_title(item) for item in items):
        return "its items are titles or names (every main word capitalised, no full stop), not statements"
    first = normalise(items[0])
    # The card's line is the headline, behind a kicker at most; a sentence may restate it in its middle.
    if word_count(headline) >= HEADLINE_WORDS and (first.startswith(headline) or first.endswith(headline)):
        return "opens with the headline: the article's header (title and standfirst), not highlights"
    return ""


# "4.58 out of 5 stars", "4.7/5", "9/10": a score closing the item.
RATING = re.compile(
    r"\d(?:[.,]\d+)?\s*(?:out of|/|von|sur|de)\s*(?:5|10|100)\s*(?:stars?|sterne|étoiles)?\W*$", re.I
)


def _keywords(item: str) -> bool:
    """ "Bayes factor, confidence interval, null hypothesis, power": terms between commas, no sentence."""
    terms = re.split(r"\s*[,;]\s*", item.strip().rstrip("."))
    return len(terms) >= KEYWORD_TERMS and all(0 < word_count(term) <= KEYWORD_WORDS for term in terms)


def _title(item: str) -> bool:
    """Set like a headline or a list of names: a teaser's title, a place, not a sentence about the story."""
    if item.rstrip().endswith((".", "!", "?", ";", ":")):
        return False
    main = [word for word in WORD_RUN.findall(item) if word.casefold() not in MINOR_WORDS]
    return len(main) >= TITLE_WORDS and sum(word[0].isupper() for word in main) >= TITLE_SHARE * len(main)


TITLE_LINE_WORDS = 12  # a section's title is at most this long; a longer line is a standfirst or a point
HEADING_CHARS = 200


def title_line(text: str) -> bool:
    """A short line that ends no statement: a section's title ("Why listen to us?" asks one), whether
    drawn as a heading or as a bold paragraph; a longer one, or one closed by a full stop, is a dek."""
    return 0 < word_count(text) <= TITLE_LINE_WORDS and not text.endswith((".", "!", "…"))


def bold(element: Any) -> bool:
    """Set in bold throughout: how some sites mark a list of highlights and nothing else."""
    return _in_bold(element, collapse(element.text_content()))


def _in_bold(element: Any, text: str) -> bool:
    in_bold = sum(len(collapse(b.text_content())) for b in element.iter("strong", "b"))
    return bool(text) and in_bold >= 0.8 * len(text)


def drawn_heading(element: Any) -> bool:
    """A paragraph in bold throughout, one short line that ends no sentence: a section's title drawn
    without a heading tag (a WordPress post's <p><strong>Why listen to us?</strong></p>). Asked of
    every paragraph of a page, so its text is read once."""
    if element.tag != "p":
        return False
    raw = element.text_content()
    if len(raw) > HEADING_CHARS:
        return False
    text = collapse(raw)
    return title_line(text) and _in_bold(element, text)


def fact_sheet(element: Any) -> bool:
    """Lines that each open with a bold key ("Developer", "Expect to pay"): a product's facts box."""
    keys = [b for b in element.iter("strong", "b") if (b.tail or "").strip() or b.getnext() is not None]
    return len(keys) >= FACT_LINES and len(element.findall(".//br")) >= FACT_LINES - 1


def advert(element: Any) -> bool:
    """An item whose links are shop links paid per sale."""
    for a in element.iter("a"):
        rel = (a.get("rel") or "").split()
        if (
            "sponsored" in rel
            or AFFILIATE_HREF.search(a.get("href") or "")
            or a.text_content().strip().endswith("*")
        ):
            return True
    return False


def page_path(root: Any) -> str:
    """The path of this page's own address (canonical link, else og:url), "" when it gives none."""
    for href in root.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content")[:2]:
        path = urlsplit(str(href).strip()).path
        if path and path != "/":
            return path
    return ""


def link_chars(element: Any, own_path: str) -> int:
    """Characters of link text, not counting links into the page at `own_path` ("" counts them all)."""
    return sum(
        len(collapse(a.text_content()))
        for a in element.iter("a")
        if not _into_page(a.get("href") or "", own_path)
    )


def _into_page(href: str, own_path: str) -> bool:
    href = href.strip()
    if not own_path:
        return False
    if href.startswith("#"):
        return True
    parts = urlsplit(href)
    return bool(parts.fragment and parts.path == own_path)


def without_promos(elements: list[Any]) -> list[Any]:
    """An item that is only a link among items that are not is the site's promo ("Here's how to help")."""
    linked = [e for e in elements if _mostly_link(e)]
    return (
        [e for e in elements if e not in linked] if linked and len(linked) * 2 < len(elements) else elements
    )


def _mostly_link(element: Any) -> bool:
    text = len(collapse(element.text_content()))
    in_links = sum(len(collapse(a.text_content())) for a in element.iter("a"))
    return text > 0 and in_links >= 0.8 * text


def leads_in(text: str) -> bool:
    """A sentence that ends in a colon and so goes on in the list below it ("…the following runtime
    services are necessary:"): the list is part of the text, not a summary set apart from it. A label
    with a colon ("Here's what you need to know:") is the summary's title, and not this."""
    return text.endswith(":") and word_count(text) >= LEAD_IN_WORDS and not label_of(text)
