"""Tell a publisher's real summary from a teaser, an excerpt or a dump of the whole article.

Feeds and JSON-LD carry a summary field that sites fill in very different ways: a written
standfirst (what we want), the first 55 words cut off with "[…]", the full article, or a keyword
line with no sentence in it. Only the first kind is shown as the publisher's own highlight.
"""

from __future__ import annotations

import re

from digest.highlights.sentences import TERMINAL, split_sentences

MIN_WORDS = 8
MAX_WORDS = 80
MAX_SENTENCES = 5
TRUNCATED = re.compile(
    r"(?:…|\.\.\.|\[\s*(?:…|\.\.\.)?\s*\]|\b(?:read more|continue reading)\W*)$", re.IGNORECASE
)
# WordPress appends this to every feed excerpt; it says nothing about the story.
BOILERPLATE = re.compile(r"\s*The post .{1,300} appeared first on .{1,200}$", re.IGNORECASE | re.DOTALL)


def real_summary(text: str, *, body: str = "") -> list[str]:
    """The summary's sentences when it reads as a written summary, else []."""
    summary = " ".join(BOILERPLATE.sub("", text).split())
    if not summary or TRUNCATED.search(summary) or not TERMINAL.search(summary):
        return []
    words = len(summary.split())
    sentences = split_sentences(summary)
    if not MIN_WORDS <= words <= MAX_WORDS or len(sentences) > MAX_SENTENCES:
        return []
    if body and _words(body)[:words] == _words(summary):
        return []  # the lead copied out by the CMS: the extractive choice does better than one sentence
    return sentences


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())
