"""Find the publisher's own highlight block in a parsed page, and the site clutter around the article.

Only the markup tells a "Highlights" heading in the article from one in a sidebar or a comment, so
the search runs on the lxml tree: digest.highlights.candidates lists what could be the block (by
label, class or place), digest.highlights.judge scores each on the page's structure and names its
trap signals, and the best one that nothing rules out wins. Every candidate's verdict is kept in
`Block.considered`, so a wrong choice can be explained rather than guessed at.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from digest.highlights.candidates import gather as gather_candidates
from digest.highlights.cards import listing_cards, teased_title
from digest.highlights.items import HEADINGS
from digest.highlights.itemshape import advert
from digest.highlights.judge import judge
from digest.highlights.nodes import collapse
from digest.highlights.pagemeta import storyless_kind
from digest.highlights.shape import article_of, shape_of
from digest.highlights.titles import SEPARATOR
from digest.highlights.verdict import Verdict, decide
from digest.highlights.vocabulary import name_parts, normalise

__all__ = ["HEADINGS", "Block", "find_block", "outside_article"]

SITE_CHROME = frozenset({"nav", "aside", "footer", "form"})
CLUTTER_WORDS = (
    "comment",
    "related",
    "subscribe",
    "newsletter",
    "share",
    "sidebar",
    "cookie",
    "consent",
    "promo",
    "recommended",
    "mostread",
    "popular",
    "breadcrumb",
    "advert",
)
# Every element asks whether its names hold a clutter word; nearly none do, which this tells in one
# search of the lowered names (each word of a name is a piece of them) before cutting names into words.
ANY_CLUTTER_WORD = re.compile("|".join(CLUTTER_WORDS))
# Themes put words like "comments-open" on these wrappers; judging them would discard the whole page.
NEGATIONS = frozenset({"without", "no", "has", "with"})  # "has-sidebar" is the wrapper beside one
NEVER_CLUTTER = frozenset({"html", "body", "article", "main"})
BULLET = re.compile(r"^(?:[•·●▪◦‣∙*+►▶✓✔–—-]+|\(?\d{1,2}[.)](?=\s))\s*")
TITLE_WORDS = 4  # a title this long found opening a heading says which heading is the headline
TITLE_SHARE = 0.5  # or a heading holding more than this share of its words, where none opens with it
MAX_HEADINGS = 200  # headings weighed against the title: a hostile page may hold thousands
READ_MORE = re.compile(r"[\s…|–—-]*\b(?:read more|continue reading)\b[\s.…»›→>]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    marker: str = ""
    items: list[str] = field(default_factory=list)
    elements: list[Any] = field(default_factory=list)  # to cut from the text, so it is not read twice
    considered: list[Verdict] = field(default_factory=list)  # every candidate and why it won or lost


def outside_article(root: Any) -> set[Any]:
    """Site chrome and clutter: menus, sidebars, footers, forms, subscribe boxes, share bars, comments.

    An element that holds most of the page is never one of them: some themes put "has-sidebar" on the
    content wrapper, and ASP.NET wraps the whole body in a <form>.
    """
    body = root.find("body")
    half = len(body.text_content()) / 2 if body is not None else 0
    found = set()
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in NEVER_CLUTTER:
            continue
        if (_is_chrome(element) or _is_clutter(element)) and len(element.text_content()) < half:
            found.add(element)
    return found


def find_block(root: Any, outside: set[Any]) -> Block:
    """The winning candidate's items (cleaned), or an empty Block that still lists what was considered."""
    title = page_title(root)
    h1, headline = _headline(root, outside, title)
    candidates, labels = gather_candidates(root, outside, h1)
    for candidate in candidates:
        kept = [
            (i, e) for i, e in zip(candidate.items, candidate.item_elements, strict=False) if not advert(e)
        ]
        if kept and len(candidate.items) == len(candidate.item_elements):  # an item of shop links is an ad
            candidate.items, candidate.item_elements = [i for i, _ in kept], [e for _, e in kept]
        candidate.items = clean_items(candidate.items)
    shape = shape_of(root, outside, h1, labels, headline)
    shape.title = title
    shape.teasers = {
        c.anchor: teased
        for c in candidates
        if c.reasons != {"position"} and (teased := teased_title(c.anchor, shape.restates_headline))
    }
    for candidate in candidates:  # told apart by their items: copies of one box (mobile, desktop) are one
        if candidate.label and candidate.anchor not in shape.teasers:  # another page's card is not ours
            key = (candidate.label, article_of(candidate.anchor))
            shape.label_boxes.setdefault(key, []).append(shape.order.get(candidate.anchor, 0))
    shape.cards = listing_cards(candidates, h1)
    shape.storyless = storyless_kind(root)
    verdicts = [judge(candidate, shape) for candidate in candidates]
    winner = decide(verdicts)
    if winner is None:
        return Block(considered=verdicts)
    chosen = winner.candidate
    return Block(chosen.marker, chosen.items, chosen.cut, verdicts)


def _headline(root: Any, outside: set[Any], title: str) -> tuple[Any, str]:
    """The article's headline element and its words; "" for the words when the page's h1 is its title.

    Some templates put the site's name in the only <h1> (Engadget, POLITICO). When the h1 is the site's
    name (og:site_name, or the part of <title> after a separator) the page's own title says what the
    headline is, and the first heading that reads the same is where it sits. An h1 inside site chrome
    (the logo in the menu bar, a share box's copy of the title) is not the headline either: the first
    h1 outside it is (Bloomberg's "Bloomberg UK" logo precedes the headline), and when there is none,
    the first heading that opens with the page's title is, else the first that holds most of its words
    (Daily Mail sets its headline in an h2 that says more than the title, and the title in a share box).
    """
    meta = {m.get("property"): m.get("content") or "" for m in root.iter("meta") if m.get("property")}
    parts = SEPARATOR.split(collapse(root.findtext(".//title") or ""))
    h1s = [h for h in root.iter("h1") if h not in outside and collapse(h.text_content())]
    if h1s and all(_in_chrome(h, outside) for h in h1s):
        titles = tuple(f"{t} " for t in {title, normalise(parts[0])} if len(t.split()) >= TITLE_WORDS)
        outer = (h for h in root.iter("h1", "h2", "h3") if not _in_chrome(h, outside))
        headings = list(itertools.islice(outer, MAX_HEADINGS))
        opening = next((h for h in headings if f"{normalise(h.text_content())} ".startswith(titles)), None)
        if titles and opening is None:
            opening = _most_like(headings, titles)
        if titles and opening is not None:
            return opening, ""
    h1 = next((h for h in h1s if not _in_chrome(h, outside)), h1s[0] if h1s else None)  # not the logo's
    site = {normalise(meta.get("og:site_name", "")), *(normalise(p) for p in parts[1:])} - {""}
    if h1 is None or normalise(h1.text_content()) not in site or not title:
        return h1, ""
    named = (h for h in root.iter("h1", "h2", "h3") if h not in outside)
    return next((h for h in named if normalise(h.text_content()) == title), None), title


def page_title(root: Any) -> str:
    """The page's own title, normalised: og:title, else <title> up to the site's name after it."""
    og = next((m.get("content") or "" for m in root.iter("meta") if m.get("property") == "og:title"), "")
    return normalise(og or SEPARATOR.split(collapse(root.findtext(".//title") or ""))[0])


def _most_like(headings: list[Any], titles: tuple[str, ...]) -> Any:
    """The first heading holding more than TITLE_SHARE of a title's words: a headline dressed up beyond
    the page's title ("EXCLUSIVE: Welcome to the neighborhood! Pregnant Katharine McPhee…", or "Jamie's
    war on toxic US food: Chef…" under the title "Chef Jamie Oliver joins…")."""
    wanted = [set(t.split()) for t in titles]
    for heading in headings:
        words = set(normalise(heading.text_content()).split())
        if any(len(title & words) > TITLE_SHARE * len(title) for title in wanted):
            return heading
    return None


def _in_chrome(element: Any, outside: set[Any]) -> bool:
    return any(node in outside for node in (element, *element.iterancestors()))


def clean_items(raw: list[str]) -> list[str]:
    """Bullets, numbering and trailing "Read more" stripped, whitespace collapsed; every item kept."""
    items = (READ_MORE.sub("", BULLET.sub("", collapse(item))).strip() for item in raw)
    return [item for item in items if item]


def _is_chrome(element: Any) -> bool:
    if element.tag == "aside":
        # A box the publisher set beside the text, inside the article, is the article's own.
        return next(element.iterancestors("article"), None) is None
    if element.tag in SITE_CHROME:
        return True
    # The site's header is chrome; an article's own header (title, byline) is not.
    return element.tag == "header" and next(element.iterancestors("article"), None) is None


def _is_clutter(element: Any) -> bool:
    """A class or id word names clutter ("related-posts", "commentList"); "without-sidebar" does not."""
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    if ANY_CLUTTER_WORD.search(names.lower()) is None:
        return False
    return any(_names_clutter(name) for name in names.split())


@lru_cache(maxsize=8192)  # every element of every page asks: pages repeat a few hundred names
def _names_clutter(name: str) -> bool:
    parts = name_parts(name)
    return any(
        before not in NEGATIONS and part.startswith(CLUTTER_WORDS)
        for before, part in zip(["", *parts], parts, strict=False)
    )
