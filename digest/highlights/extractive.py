"""The story's own sentences as highlights, when no source wrote a summary for it.

Two methods, one cleaning:
- "lead" (the default): the first sentences of the story, as a wire editor would cut it, after the
  page furniture is dropped (bylines, captions, datelines, time stamps, bare quotes). News puts what
  matters first, and on CNN/DM no ranking we tried beat this lead by more than its bootstrap interval
  on our development half, with paragraph breaks or without (tests/benchmarks/bench_highlights_rouge.py
  prints the figures), so the simple method is the default and ranking stays an option.
- "ranked": the most central sentences (digest.highlights.ranking), shown in article order.

Hostile pages: the cost stays linear in the page. Only the first MAX_TEXT_CHARS of text are split and
only the first MAX_CANDIDATES sentences are handed to the ranker, whose cost grows with the square
of what it is given (a page of 12 000 paragraphs once took 90 s and 9.5 GB).
"""

from __future__ import annotations

from digest.highlights.ranking import Candidate, select
from digest.highlights.sentences import (
    is_furniture,
    is_informative,
    leans_on_context,
    split_sentences,
    strip_lead_in,
    word_count,
)
from digest.models import ExtractiveMethod

# The budget of one entry, a cap for every method (only a first sentence longer than it is shown
# whole). Lead-3 of a news story runs to about 110 words at most: at 80 the lead lost its third
# sentence and fell below Lead-3 on the CNN/DM development half (R1 -1.6, RL -2.0).
MIN_SENTENCES = 2
MAX_SENTENCES = 4
MAX_WORDS = 110
DEFAULT_METHOD = ExtractiveMethod.LEAD
# Lead-3 is the bar, so the lead keeps its length.
LEAD_SENTENCES = 3
# A long feature has ~300 sentences; highlights come from its first part whichever method runs.
MAX_CANDIDATES = 200
MAX_TEXT_CHARS = 60_000
# Longer than this is text run together (captions and paragraphs joined without a stop), not a
# sentence; no CNN/DM story starts with one, and an email entry of it would be a wall.
MAX_SENTENCE_WORDS = 100


def candidates(text: str) -> list[Candidate]:
    """The sentences a method may show, in article order, at most MAX_CANDIDATES of them."""
    found: list[Candidate] = []
    seen: set[str] = set()
    for position, sentence in enumerate(_cleaned(text)):
        if is_informative(sentence) and word_count(sentence) <= MAX_SENTENCE_WORDS and sentence not in seen:
            seen.add(sentence)  # pages repeat a pull quote or the standfirst word for word
            found.append(Candidate(sentence, position, leans_on_context(sentence)))
            if len(found) == MAX_CANDIDATES:
                break
    return found


def extractive_highlights(
    text: str,
    *,
    method: ExtractiveMethod = DEFAULT_METHOD,
    min_sentences: int = MIN_SENTENCES,
    max_sentences: int = MAX_SENTENCES,
    max_words: int = MAX_WORDS,
) -> list[str]:
    """Sentences of the text chosen by `method`, in article order."""
    found = candidates(text)
    if not found:
        # A text of only short lines still gets its first line: better than an empty entry.
        first = next((s for s in _cleaned(text) if s), "")
        return [first] if first and word_count(first) <= MAX_SENTENCE_WORDS else []
    if method is ExtractiveMethod.LEAD:
        return _lead(found, max_sentences=min(max_sentences, LEAD_SENTENCES), max_words=max_words)
    chosen = select(found, min_sentences=min_sentences, max_sentences=max_sentences, max_words=max_words)
    return [candidate.text for candidate in chosen]


def _lead(found: list[Candidate], *, max_sentences: int, max_words: int) -> list[str]:
    chosen: list[str] = []
    words = 0
    for candidate in found:
        size = word_count(candidate.text)
        if chosen and words + size > max_words:
            break
        chosen.append(candidate.text)
        words += size
        if len(chosen) == max_sentences:
            break
    return chosen


def _cleaned(text: str) -> list[str]:
    """Sentences of the first MAX_TEXT_CHARS of the text, bylines and datelines cut, furniture dropped.

    Cut first: when paragraphs were joined, a byline runs into the first sentence of the story, and
    dropping the whole as a byline lost the lead.
    """
    if len(text) > MAX_TEXT_CHARS:
        cut = text.rfind("\n", 0, MAX_TEXT_CHARS)
        text = text[: cut if cut > 0 else MAX_TEXT_CHARS]
    stripped = (strip_lead_in(sentence) for sentence in split_sentences(text))
    return [sentence for sentence in stripped if not is_furniture(sentence)]
