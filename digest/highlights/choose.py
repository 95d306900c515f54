"""Choose the few sentences shown under an article in a digest: the one place that says which source wins.

Pure: a page in, highlights out, so the choice can be tested without a network or a parser.
Extraction (digest.highlights.extract) only reports what each source holds; the order is decided here:
1. the page's own highlight block, because a person wrote it for exactly this purpose;
2. a summary the page declares in JSON-LD (abstract, then description), when it reads as a written
   summary and not a teaser or the lead copied out (digest.highlights.summaries);
3. the feed entry's summary, when it reads as one on its own words (it is not compared with the
   page): the publisher's words still beat ours;
4. the story's most central sentences (digest.highlights.ranking), cleaned of page furniture and
   shown in article order, within a word budget a reader takes in at a glance.
`Highlights.marker` names the source of an explicit choice, so an operator can see which one won.
"""

from __future__ import annotations

from collections.abc import Callable

from digest.highlights.ranking import Candidate, select
from digest.highlights.sentences import (
    is_furniture,
    is_informative,
    leans_on_context,
    split_sentences,
    strip_dateline,
)
from digest.highlights.summaries import judge_summary, real_summary
from digest.models import ExtractedPage, Highlights

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

MIN_SENTENCES = 2
MAX_SENTENCES = 4
MAX_WORDS = 80
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
        summary = _tidy(judge_summary(declared, body=page.text, description=marker == DESCRIPTION)[0])
        if summary:
            return Highlights(summary, "explicit", marker)
    summary = _tidy(real_summary(feed_summary() if callable(feed_summary) else feed_summary))
    if summary:
        return Highlights(summary, "explicit", FEED_SUMMARY)
    sentences = extractive_highlights(
        page.text, min_sentences=min_sentences, max_sentences=max_sentences, max_words=max_words
    )
    return Highlights(sentences, "extractive") if sentences else Highlights([], "none")


def extractive_highlights(
    text: str,
    *,
    min_sentences: int = MIN_SENTENCES,
    max_sentences: int = MAX_SENTENCES,
    max_words: int = MAX_WORDS,
) -> list[str]:
    """Ranked sentences of the text, in article order; also what the evaluation harness scores."""
    cleaned = [strip_dateline(s) for s in split_sentences(text) if not is_furniture(s)]
    seen: set[str] = set()
    candidates = []
    for position, sentence in enumerate(cleaned):
        if is_informative(sentence) and sentence not in seen:
            seen.add(sentence)  # pages repeat a pull quote or the standfirst word for word
            candidates.append(Candidate(sentence, position, leans_on_context(sentence)))
    if not candidates:
        # A text of only short lines still gets its first line: better than an empty entry.
        return [s for s in cleaned if s][:1]
    chosen = select(candidates, min_sentences=min_sentences, max_sentences=max_sentences, max_words=max_words)
    return [candidate.text for candidate in chosen]


def _tidy(items: list[str]) -> list[str]:
    return [" ".join(item.split()) for item in items if item.strip()]
