"""The article's text straight from its container, when the page marks one plainly.

Most news pages put the story in an <article>, an `itemprop="articleBody"` or a `…-body` /
`entry-content` wrapper. When one such container holds nearly all the page's paragraph text (after
the chrome and clutter are cut), reading its paragraphs is all the general extractor would do,
at a tenth of the cost; anything less clear-cut returns None and the caller runs trafilatura.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

CONTAINERS = (
    "//*[@itemprop='articleBody'] | //article"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]"
    " | //*[contains(@class, 'article-body') or contains(@class, 'story-body')"
    " or contains(@class, 'post-content') or contains(@class, 'article-content')]"
)
BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd"})
# Not story text: the title and byline (read as metadata), pictures and their captions, scripts, forms.
SKIPPED = frozenset(
    {
        "header",
        "h1",
        "figure",
        "figcaption",
        "script",
        "style",
        "noscript",
        "template",
        "button",
        "form",
        "nav",
        "aside",
        "footer",
        "table",
        "iframe",
        "svg",
        "select",
        "textarea",
    }
)
INNER_BLOCKS = {tag: tuple(BLOCK_TAGS - {tag}) for tag in BLOCK_TAGS}
MIN_WORDS = 120
SHARE_OF_PAGE = 0.8
LOOSE_SHARE = 0.2


def container_text(root: Any, outside: Collection[Any] = ()) -> str | None:
    """One paragraph a line from the article container, or None when the page is not plain enough.

    `outside` holds the site's chrome and clutter (digest.highlights.blocks.outside_article): they are
    read around, not cut, because the tree stays whole for trafilatura when this path is not taken.
    """
    body = root.find("body")
    if body is None:
        return None
    hidden = {inner for element in outside for inner in element.iter("p")}
    total = _paragraph_words(body, hidden)
    best, best_words = None, 0
    for candidate in root.xpath(CONTAINERS):
        words = _paragraph_words(candidate, hidden)
        if words > best_words:
            best, best_words = candidate, words
    if best is None or best_words < MIN_WORDS or best_words < SHARE_OF_PAGE * total:
        return None
    lines: list[str] = []
    skipped = _collect(best, lines, frozenset(outside))
    covered = sum(len(line.split()) for line in lines)
    if len(best.text_content().split()) - skipped - covered > LOOSE_SHARE * covered:
        return None  # text outside paragraphs (<br>-separated lines, bare divs): not plain enough
    return "\n".join(lines)


def _paragraph_words(element: Any, hidden: set[Any]) -> int:
    return sum(len(p.text_content().split()) for p in element.iter("p") if p not in hidden)


def _collect(element: Any, lines: list[str], outside: frozenset[Any]) -> int:
    """Append the text of each innermost block to lines; return how many words were skipped."""
    skipped = 0
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in SKIPPED or child in outside:
            skipped += len(child.text_content().split())
        elif tag in BLOCK_TAGS and not any(True for _ in child.iter(*INNER_BLOCKS[tag])):
            text = " ".join(child.text_content().split())
            if text:
                lines.append(text)
        else:
            skipped += _collect(child, lines, outside)
    return skipped
