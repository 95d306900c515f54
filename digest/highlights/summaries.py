"""Tell a publisher's real summary from a teaser, an excerpt, a blurb or a dump of the whole article.

Feeds and JSON-LD carry a summary field that sites fill in very different ways: a written
standfirst (what we want), the first 55 words cut off with "[…]", the full article, a keyword line
with no sentence in it, an SEO blurb ("This guide will help you find…"), a quotation, or a sentence
copied from the story. Only the first kind is shown as the publisher's own highlight; each test
says why it fails, so `digest highlights --explain` can tell an operator.
"""

from __future__ import annotations

import re

from digest.highlights.sentences import TERMINAL, split_sentences, stems

MIN_WORDS = 8
MAX_WORDS = 80
MAX_SENTENCES = 5
# A `description` is whatever the CMS put in the meta tag, written for search results and share cards:
# one sentence is the dek; two are the dek's usual shape, a fact and a hook ("Sein Trainer kann es nicht
# fassen.", "Jetzt zeigt sich auch der Kombi."), or a photo caption and a line. Measured on the real-page
# sets (see tests/data/real-pages-heldout-3/README.md), two-sentence descriptions were never a summary
# that a page without a block shows; three or more written sentences can be.
MIN_DESCRIPTION_SENTENCES = 3
LIFTED_SHARE = 0.85  # of a summary sentence's words found in order in one sentence of the story
TRUNCATED = re.compile(
    r"(?:…|\.\.\.|\[\s*(?:…|\.\.\.)?\s*\]|\b(?:read more|continue reading)\W*)$", re.IGNORECASE
)
# WordPress appends this to every feed excerpt; it says nothing about the story.
BOILERPLATE = re.compile(r"\s*The post .{1,300} appeared first on .{1,200}$", re.IGNORECASE | re.DOTALL)
# Written for a search results page: it talks about the page or to the reader, not about the news.
SEO_BLURB = re.compile(
    r"\b(?:this|our|the following) (?:article|guide|post|page|comparison|review|list|story|explainer|video)"
    r" (?:will|can|helps?|explains?|shows?|looks|covers|gives)"
    r"|\b(?:learn|find out|discover|read on|check out|here's|here is|click)"
    r" (?:how|what|why|more|about|all|everything)"
    r"|\beverything you need to know\b|\b(?:help|helps) you (?:find|choose|decide|pick|understand)"
    r"|^(?:learn|discover|find out|read|explore|get|see|watch|click)\b",
    re.IGNORECASE,
)
QUOTE_CHARS = "\"“”„«»‘’'"
# A teaser speaks to the reader ("erfährst du hier", "lesen Sie", "you"); a summary speaks of the news.
READER = re.compile(
    r"\b(?:you|your|yours|du|dich|dir|dein\w*|euch|euer\w*|ihnen|vous|votre|vos|usted|ustedes|voici)\b"
    r"|\b(?:lesen|erfahren|entdecken|lernen) sie\b|\bhier\W*$",
    re.IGNORECASE,
)
# A summary in an email stands alone: one that opens on a pronoun ("Es bezeichnet…", "It calls…") was
# written under a headline that names who "it" is.
POINTS_BACK = re.compile(r"^(?:it|he|she|they|es|er|sie|il|elle|ils|elles|ello|ella)\b", re.IGNORECASE)
MIN_SENTENCE_WORDS = 4  # "Ein Debattenbeitrag." "Zurecht?" — a teaser's beats, not a summary's sentences
LEAD_WORDS = 80
LEAD_SHARE = 0.6


def real_summary(text: str, *, body: str = "") -> list[str]:
    """The summary's sentences when it reads as a written summary, else []."""
    return judge_summary(text, body=body)[0]


def judge_summary(
    text: str, *, body: str = "", description: bool = False, shown: bool = False
) -> tuple[list[str], str]:
    """(the summary's sentences, "") when it reads as a written summary, else ([], why it does not).

    `shown`: the page prints this description in its body, under the headline: its standfirst.
    """
    summary = " ".join(BOILERPLATE.sub("", text).split())
    if not summary:
        return [], "empty"
    if TRUNCATED.search(summary) or not TERMINAL.search(summary):
        return [], "cut off, or not a sentence"
    words = len(summary.split())
    sentences = split_sentences(summary)
    if not MIN_WORDS <= words <= MAX_WORDS or len(sentences) > MAX_SENTENCES:
        return [], f"{words} words in {len(sentences)} sentences: a teaser or the whole story"
    if body and _words(body)[:words] == _words(summary):
        return [], "the lead copied out by the CMS"
    if SEO_BLURB.search(summary):
        return [], "an SEO blurb about the page, not the news"
    if summary.endswith("?") or summary[0] in QUOTE_CHARS:
        return [], "a question or a quotation, not a summary"
    if any(sentence.rstrip('"”’»)').endswith(("?", "!")) for sentence in sentences):
        return [], "asks or exclaims: a teaser"
    if READER.search(summary):
        return [], "speaks to the reader: a teaser"
    if any(len(sentence.split()) < MIN_SENTENCE_WORDS for sentence in sentences):
        return [], "holds a fragment (a byline, a tagline): a teaser's style"
    if POINTS_BACK.match(sentences[0]):
        return [], "opens on a pronoun that points at the headline: it does not stand alone"
    if shown:
        return [], "the page shows it as the standfirst under its headline: it leads into the story"
    if description and len(sentences) < MIN_DESCRIPTION_SENTENCES:
        return [], f"{len(sentences)} sentence(s): the dek's shape, a fact and a hook, not a summary"
    if description and body and _restates_lead(summary, body):
        return (
            [],
            "says what the first lines of the story say (in its words or their forms): so does the lead",
        )
    if body and all(_lifted(sentence, body) for sentence in sentences):
        return [], "its sentences are copied from the story"
    return sentences, ""


def _restates_lead(summary: str, body: str) -> bool:
    words = _words(body)
    if len(words) < 3 * LEAD_WORDS:
        return False  # a short text is all lead: nothing to tell the summary from
    own = stems(w for w in _words(summary) if len(w) > 3)
    lead = stems(w for w in words[:LEAD_WORDS] if len(w) > 3)
    return bool(own) and len(own & lead) >= LEAD_SHARE * len(own)


def _lifted(sentence: str, body: str) -> bool:
    wanted = _words(sentence)
    if not wanted:
        return True
    text = " ".join(_words(body))
    # Most of the sentence's words in a row somewhere in the story: the sentence was copied.
    run = max(3, int(len(wanted) * LIFTED_SHARE))
    return any(" ".join(wanted[start : start + run]) in text for start in range(len(wanted) - run + 1))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())
