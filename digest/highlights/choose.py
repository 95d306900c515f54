"""Choose the few sentences shown under an article in a digest.

Pure: a page in, highlights out, so the choice can be tested without a network or a parser.
The publisher's own block wins because a person wrote it for exactly this purpose. Otherwise the
story's most central sentences (digest.highlights.ranking), cleaned of page furniture and shown in article
order, within a word budget a reader takes in at a glance.
"""

from __future__ import annotations

from digest.highlights.ranking import Candidate, select
from digest.highlights.sentences import (
    is_furniture,
    is_informative,
    leans_on_context,
    split_sentences,
    strip_dateline,
)
from digest.models import ExtractedPage, Highlights

__all__ = ["MAX_SENTENCES", "MAX_WORDS", "MIN_SENTENCES", "choose_highlights", "split_sentences"]

MIN_SENTENCES = 2
MAX_SENTENCES = 4
MAX_WORDS = 80


def choose_highlights(
    page: ExtractedPage,
    *,
    min_sentences: int = MIN_SENTENCES,
    max_sentences: int = MAX_SENTENCES,
    max_words: int = MAX_WORDS,
) -> Highlights:
    """The publisher's block when there is one, else the best informative sentences within the budget."""
    explicit = [" ".join(item.split()) for item in page.explicit_highlights if item.strip()]
    if explicit:
        return Highlights(explicit, "explicit", page.highlight_marker)
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
