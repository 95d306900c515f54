"""Where the story sits, when the page marks it plainly, so the general extractor reads only that.

Most news pages put the story in an <article>, an `itemprop="articleBody"` or a `…-body` /
`entry-content` wrapper. When one such container holds nearly all the page's paragraph text (the
site's chrome and clutter not counted), trafilatura is run on a copy of that container alone instead
of the whole page: the same extractor, so the same judgement of captions, link lists and bylines,
on a tree a fraction of the size. On the Zyte benchmark's 109 pages that take this path, its text
scores F1 1.000 against the whole-page path's (recall 0.999; identical on 107); tests/benchmarks/bench_body.py
prints that and the F1 and pages/s of both beside trafilatura alone. Reading the container's
paragraphs ourselves was faster still but kept what trafilatura drops (captions, "Continue
reading", staff lists): F1 0.926 against trafilatura's 0.953 on that benchmark.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection
from typing import Any

import lxml.html

from digest.highlights.nodes import html_parser
from digest.highlights.sentences import word_count

# The classes that mark a story's wrapper: `entry-content` as a whole class, the others anywhere in
# the attribute. Read in one walk of the tree in Python: libxml2's XPath over every element's class
# (string functions per element) cost nearly a millisecond a page, more than the rest of this module.
CONTAINER_CLASS = re.compile(
    r"article-body|story-body|post-content|article-content|(?:^|[ \t\r\n])entry-content(?:[ \t\r\n]|$)"
)
# Left as they were before the benchmark: its development half scored the same (F1 0.976) for any
# share from 0.5 to 0.9 and any floor from 60 to 250 words, so it gave no reason to move them.
MIN_WORDS = 120
CLUTTER_MARK = "data-digest-clutter"
SHARE_OF_PAGE = 0.8


def article_container(root: Any, outside: Collection[Any] = ()) -> Any | None:
    """The container holding nearly all the page's paragraph words, or None when none does.

    `outside` holds the site's chrome and clutter (digest.highlights.blocks.outside_article): their
    paragraphs are not counted, and they are left in the tree, which trafilatura reads whole when
    no container qualifies.
    """
    body = root.find("body")
    if body is None:
        return None
    hidden = {inner for element in outside for inner in element.iter("p")}
    words = {p: word_count(p.text_content()) for p in body.iter("p") if p not in hidden}
    total = sum(words.values())
    best, best_words = None, 0
    for candidate in containers(root):
        count = sum(words.get(p, 0) for p in candidate.iter("p"))
        if count > best_words:
            best, best_words = candidate, count
    if best is None or best_words < MIN_WORDS or best_words < SHARE_OF_PAGE * total:
        return None
    return best


def containers(root: Any) -> list[Any]:
    """Every element that marks itself as the story's wrapper, in page order: an <article>, an
    `itemprop="articleBody"`, or a class of CONTAINER_CLASS."""
    return [
        element
        for element in root.iter()
        if element.tag == "article"
        or element.get("itemprop") == "articleBody"
        or CONTAINER_CLASS.search(element.get("class") or "")
    ]


def alone(element: Any, outside: Collection[Any] = ()) -> Any:
    """A copy of the element as the whole body of a document (trafilatura expects a page), without
    the clutter inside it: a subscribe box in the article body is not part of the story."""
    inside = [e for e in outside if e is not element and _within(e, element)]
    for clutter in inside:
        clutter.set(CLUTTER_MARK, "")
    document = lxml.html.document_fromstring("<html><body></body></html>", parser=html_parser())
    document.find("body").append(copy.deepcopy(element))
    for clutter in inside:
        del clutter.attrib[CLUTTER_MARK]
    for clutter in document.xpath(f"//*[@{CLUTTER_MARK}]"):
        if clutter.getparent() is not None:
            clutter.drop_tree()
    return document


def _within(element: Any, container: Any) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())
