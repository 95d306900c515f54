"""Choose the few sentences shown under an article in a digest: the one place that says which source wins.

Pure: a page in, highlights out, so the choice can be tested without a network or a parser.
Extraction (digest.highlights.extract) only reports what each source holds; the order is decided here:
1. the page's own highlight block, because a person wrote it for exactly this purpose;
2. a summary the page declares in JSON-LD (abstract, then description), when it reads as a written
   summary and not a teaser or the lead copied out (digest.highlights.summaries);
3. the feed entry's summary, when it reads as one on its own words (it is not compared with the
   page): the publisher's words still beat ours;
4. the story's own sentences (digest.highlights.extractive): its lead cleaned of page furniture, or
   its most central sentences when the operator asks for ranking, within a word budget.
`Highlights.marker` names the source of an explicit choice, so an operator can see which one won.
"""

from __future__ import annotations

from collections.abc import Callable

from digest.highlights.extractive import (
    MAX_SENTENCES,
    MAX_WORDS,
    MIN_SENTENCES,
    extractive_highlights,
)
from digest.highlights.sentences import split_sentences
from digest.highlights.summaries import judge_summary, real_summary
from digest.models import ExtractedPage, ExtractiveMethod, Highlights

__all__ = [
    "ABSTRACT",
    "DECLARED_MARKERS",
    "DESCRIPTION",
    "FEED_SUMMARY",
    "MAX_SENTENCES",
    "MAX_WORDS",
    "MIN_SENTENCES",
    "choose_highlights",
    "extractive_highlights",
    "split_sentences",
]

# Markers of the explicit sources that have no heading of their own (stored in highlight_method).
ABSTRACT = "schema.org abstract"
DESCRIPTION = "schema.org description"
FEED_SUMMARY = "feed summary"
# Sources the page or feed declare rather than show (scored apart from visible blocks).
DECLARED_MARKERS = frozenset({ABSTRACT, DESCRIPTION, FEED_SUMMARY})


def choose_highlights(
    page: ExtractedPage,
    *,
    feed_summary: str | Callable[[], str] = "",
    min_sentences: int = MIN_SENTENCES,
    max_sentences: int = MAX_SENTENCES,
    max_words: int = MAX_WORDS,
    method: ExtractiveMethod = ExtractiveMethod.LEAD,
) -> Highlights:
    """The first source in the module docstring's order that has something to show.

    `feed_summary` is the entry's summary as plain text (digest.highlights.extract.summary_text), or a
    function giving it: flattening the feed's HTML is then left until the page's own sources have had
    their say, so the many pages whose block wins never pay for it.
    """
    block = _tidy(page.explicit_highlights)
    if block:
        return Highlights(block, "explicit", page.highlight_marker)
    # The lead-copy test needs the text: a CMS often fills `description` with the first paragraph.
    for marker, declared in ((ABSTRACT, page.abstract), (DESCRIPTION, page.description)):
        summary = _tidy(judge_summary(declared, body=page.text, **_declared(page, marker))[0])
        if summary:
            return Highlights(summary, "explicit", marker)
    summary = _tidy(real_summary(feed_summary() if callable(feed_summary) else feed_summary))
    if summary:
        return Highlights(summary, "explicit", FEED_SUMMARY)
    sentences = extractive_highlights(
        page.text,
        method=method,
        min_sentences=min_sentences,
        max_sentences=max_sentences,
        max_words=max_words,
    )
    return Highlights(sentences, "extractive") if sentences else Highlights([], "none")


def _declared(page: ExtractedPage, marker: str) -> dict[str, bool]:
    """How the summaries module is to read a declared summary: as a description, and whether it is shown."""
    description = marker == DESCRIPTION
    return {"description": description, "shown": description and page.description_shown}


def _tidy(items: list[str]) -> list[str]:
    return [" ".join(item.split()) for item in items if item.strip()]
