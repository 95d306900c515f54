"""Markup changes that a real page's meaning survives, for measuring how much the block detector leans
on one template habit (tests/benchmarks/score_blocks.py --markup NAME).

Each change rewrites every page the same way before it is read. `wrap` should change no choice at all;
the others take away a signal a template may simply not give (a summary class name, a <ul>, a heading
tag, the HTML5 sectioning tags, a label our lists hold), so what they cost shows where a page we have
not seen can be missed.

`python tests/benchmarks/score_blocks.py --tune-data --markup NAME` (149 blocks, 1,378 pages without):

| NAME | a00fde5 | 01c3a52 | ec0cdb3 |
| --- | --- | --- | --- |
| (none) | 148 exact, 13 false | 148, 13 | 148, 13 |
| wrap | 148, 13 | 148, 13 | 148, 13 |
| unnamed | 121, 9 | 126, 9 | 127, 9 |
| runtogether | 125, 9 | 141, 13 | 142, 13 |
| nolist | 138, 10 | 138, 10 | 138, 10 |
| boldheadings | 145, 14 | 145, 14 | 145, 14 |
| divheadings | 147, 22 | 147, 22 | 147, 22 |
| nosections | 142, 15 | 142, 15 | 142, 15 |
| relabelled | - | 82, 9 | 100, 9 |

Under `relabelled`, a list under the headline with a title as short as a label (vocabulary.label_like)
is read as the summary, and a named box's short first line over sentences as its title: 82 -> 100.
Of the 49 blocks still lost there, 20 are one paragraph under the label, which nothing but the label
tells from a standfirst.

Stop 29 spent half of the report halves of sets 8-11 (their pages are tune pages since), so the tune
data grew to 167 blocks and 1,566 pages without; the same command on it, before and after the stop's
rules (label then subject, TL;DR opening a title, a kicker's headline, a label naming the subject
between sections, questions and lead-in lists under the headline):

| NAME | 88647b5 | b0ae0c9 |
| --- | --- | --- |
| (none) | 160 exact, 15 false | 164, 13 |
| wrap | 160, 15 | 164, 13 |
| unnamed | 139, 10 | 143, 8 |
| runtogether | 154, 14 | 158, 12 |
| nolist | 149, 11 | 152, 11 |
| boldheadings | 157, 16 | 161, 14 |
| divheadings | 163, 25 | 164, 23 |
| nosections | 154, 16 | 158, 14 |
| relabelled | 107, 11 | 109, 9 |

Of the four more false blocks under `runtogether`, three are false without it too ("feature-highlights",
"program-summary", "article-summary" boxes); the fourth is a BEM modifier the rewrite fuses into its
block's name ("m-detail--abstract").

Stop 31 added the tune halves of sets 13 and 14 (English news of 2000-2015, Chinese pages of 2015) and
taught the detector Chinese; the same command at the end of that stop (200a0cc: 214 blocks, 2,270 pages
without): (none) 210, 13; wrap 210, 13; unnamed 189, 8; runtogether 204, 12; nolist 198, 11;
boldheadings 207, 18; divheadings 210, 27; nosections 204, 14; relabelled 138, 9. `relabelled` turns
the Chinese labels into "The upshot" too, and a one-paragraph lead under an unknown label is told from
a standfirst by nothing else: most of what it loses.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import lxml.etree
import lxml.html

from digest.highlights.vocabulary import label_of

# Class and id words that say "summary" in some template: what `unnamed` and `runtogether` rewrite.
SUMMARY_HINT = re.compile(
    r"highlight|takeaway|summar|tldr|keypoint|key-point|key_point|abstract|synopsis|bullet|glance"
    r"|zusammenfassung|resume|essentiel|brief|recap|fact|standfirst|insight|finding",
    re.IGNORECASE,
)
UNKNOWN_LABEL = "The upshot"


def _tree(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def _each_element(change: Callable[[lxml.html.HtmlElement], None]) -> Callable[[str], str]:
    def rewrite(html: str) -> str:
        root = _tree(html)
        if root is None:
            return html
        for element in list(root.iter()):
            if isinstance(element.tag, str):
                change(element)
        return str(lxml.html.tostring(root, encoding="unicode"))

    return rewrite


def _rename_tokens(element: lxml.html.HtmlElement, rename: Callable[[str], str]) -> None:
    for attribute in ("class", "id"):
        value = element.get(attribute)
        if value and SUMMARY_HINT.search(value):
            element.set(
                attribute, " ".join(rename(t) if SUMMARY_HINT.search(t) else t for t in value.split())
            )


def _unnamed(element: lxml.html.HtmlElement) -> None:
    """Summary class names hashed to a name no rule knows, as CSS modules do ("x3f2a9c1b")."""
    _rename_tokens(element, lambda token: "x" + hashlib.sha1(token.encode()).hexdigest()[:8])
    if "-" in element.tag and SUMMARY_HINT.search(element.tag):
        element.tag = "x-" + hashlib.sha1(element.tag.encode()).hexdigest()[:8]


def _run_together(element: lxml.html.HtmlElement) -> None:
    """Summary class names written as one word ("key-takeaways" -> "keytakeaways")."""
    _rename_tokens(element, lambda token: re.sub(r"[-_]+", "", token).lower())


def _retag(tags: tuple[str, ...], to: str) -> Callable[[lxml.html.HtmlElement], None]:
    def change(element: lxml.html.HtmlElement) -> None:
        if element.tag in tags:
            element.tag = to

    return change


def _bold_paragraph(element: lxml.html.HtmlElement) -> None:
    """A heading drawn as <p><strong>…</strong></p>, as many WordPress posts draw theirs."""
    if element.tag not in ("h2", "h3", "h4"):
        return
    element.tag = "p"
    strong = lxml.etree.Element("strong")
    strong.text, element.text = element.text, None
    for child in list(element):
        strong.append(child)
    element.append(strong)


def _relabelled(element: lxml.html.HtmlElement) -> None:
    """Every label our lists hold swapped for one they do not ("The upshot"), as a site may coin its own:
    the label is the detector's strongest signal, and the one a page we have not seen most often lacks."""
    if element.text and label_of(element.text.strip()):
        element.text = UNKNOWN_LABEL
    if element.tail and label_of(element.tail.strip()):
        element.tail = UNKNOWN_LABEL


def wrapped(html: str) -> str:
    """The page with every list and every heading h2–h4 set in a bare <div> of its own: wrappers a
    template might draw, which say nothing about what they hold, so no choice should change."""
    root = _tree(html)
    if root is None:
        return html
    for element in list(root.iter("ul", "ol", "h2", "h3", "h4")):
        parent = element.getparent()
        if parent is None:
            continue
        wrapper = lxml.etree.Element("div")
        wrapper.tail, element.tail = element.tail, None
        parent.replace(element, wrapper)
        wrapper.append(element)
    return str(lxml.html.tostring(root, encoding="unicode"))


CHANGES: dict[str, Callable[[str], str]] = {
    "wrap": wrapped,
    "unnamed": _each_element(_unnamed),
    "runtogether": _each_element(_run_together),
    "nolist": _each_element(_retag(("ul", "ol", "li"), "div")),
    "boldheadings": _each_element(_bold_paragraph),
    "divheadings": _each_element(_retag(("h2", "h3", "h4"), "div")),
    "relabelled": _each_element(_relabelled),
    "nosections": _each_element(_retag(("article", "section", "aside", "header"), "div")),
}
