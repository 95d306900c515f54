"""Editorial review: a list under review has every issue built as a *draft*, which waits for an editor.

An editor approves it (it is then sent like any issue, once however often approval is given), removes
an article whose highlights went wrong, or replaces an article's highlights; a draft nobody approved in
time is sent or dropped, as the list chose. A dropped draft never reaches a subscriber and gives its
articles back to the edition's next issue. Every state change is one atomic transition of the issue's
status, so an approval racing a timeout (or a second approval) acts once.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from digest.errors import InvalidInput, NotFound
from digest.issues.build import grouping_feeds
from digest.issues.render import render_issue
from digest.models import Article, Issue, IssueStatus, RenderedIssue
from digest.store import Store

MAX_HIGHLIGHTS = 6  # lines an editor may give one article
MAX_HIGHLIGHT_CHARS = 500
_SENT_ON = (IssueStatus.QUEUED, IssueStatus.SENDING, IssueStatus.SENT, IssueStatus.PAUSED)


def approve(store: Store, slug: str, number: int) -> bool:
    """Release a draft for sending; True for the one call that did (the caller then sends it), False
    when it was approved before. A dropped or cancelled issue is refused with why."""
    changed, before = store.issues.transition(slug, number, IssueStatus.QUEUED, (IssueStatus.DRAFT,))
    if changed:
        store.review.release(slug, number)
        return True
    if before in _SENT_ON:
        return False
    ident = f"{slug}-{number}"
    if before is IssueStatus.DROPPED:
        raise InvalidInput(
            f"issue {ident} was dropped: it never goes out (its articles wait for the next one)"
        )
    raise InvalidInput(f"issue {ident} is {before.value}: only a draft can be approved")


def drop_draft(store: Store, slug: str, number: int, reason: str = "dropped by an editor") -> Issue:
    """The draft will never go out; its articles go back to the edition's next issue (a bridge issue's
    repeat other issues, so they stay where they are)."""
    changed, before = store.issues.transition(slug, number, IssueStatus.DROPPED, (IssueStatus.DRAFT,), reason)
    if not changed:
        raise InvalidInput(f"issue {slug}-{number} is {before.value}: only a draft can be dropped")
    store.review.release(slug, number)
    issue = store.issues.get(slug, number)
    if not issue.catch_up:
        store.review.give_back(slug, issue.edition, issue.article_ids)
    return issue


def settle_due(store: Store, slug: str, now: datetime) -> list[int]:
    """Drafts whose review time ran out are sent or dropped as the list chose; returns the numbers the
    caller must send. A draft an editor settled meanwhile only leaves the index."""
    policy = store.review.policy(slug)
    to_send = []
    for number in store.review.due(slug, now):
        try:
            if policy.on_timeout == "drop":
                drop_draft(store, slug, number, reason="not approved in time")
            elif approve(store, slug, number):
                to_send.append(number)
        except (InvalidInput, NotFound):
            pass  # dropped, cancelled or deleted meanwhile
        store.review.release(slug, number)
    return to_send


def draft(store: Store, slug: str, number: int) -> Issue:
    """The issue, which must still be a draft to be changed."""
    issue = store.issues.get(slug, number)
    if issue.status is not IssueStatus.DRAFT:
        raise InvalidInput(
            f"issue {issue.id} is {issue.status.value}: only a draft can be changed, and this one is not"
        )
    return issue


def articles_of(store: Store, issue: Issue) -> list[Article]:
    """The issue's articles in its order, with the highlights its editors wrote in place of the stored."""
    edited = store.issues.edited_highlights(issue.list_slug, issue.number)
    return [
        dataclasses.replace(a, highlights=edited[a.id], highlight_method="edited") if a.id in edited else a
        for a in store.articles.get_many(issue.article_ids)
    ]


def position(issue: Issue, articles: Sequence[Article], ref: str) -> int:
    """Index of the article an editor named by its number in the issue (1, 2, …) or its URL."""
    ref = ref.strip()
    if ref.isdigit():
        wanted = int(ref)
        if 1 <= wanted <= len(articles):
            return wanted - 1
        raise InvalidInput(
            f"issue {issue.id} has no article {wanted}: it has {len(articles)} "
            f"(see `digest issue show {issue.id}`)"
        )
    for index, article in enumerate(articles):
        if ref in (article.url, article.id):
            return index
    raise InvalidInput(
        f"issue {issue.id} has no article {ref[:200]!r}: give its number or URL "
        f"from `digest issue show {issue.id}`"
    )


def drop_article(
    store: Store,
    slug: str,
    number: int,
    ref: str,
    *,
    archive_url: str = "",
    templates_dir: Path | None = None,
) -> Article:
    """Remove one article from a draft and render it again; the removed article is not given back."""
    issue = draft(store, slug, number)
    articles = articles_of(store, issue)
    index = position(issue, articles, ref)
    if len(articles) == 1:
        raise InvalidInput(
            f"article {ref!r} is the only one of {issue.id}: drop the whole draft with "
            f"`digest issue cancel {issue.id}`"
        )
    removed = articles.pop(index)
    _revise(store, issue, articles, archive_url, templates_dir)
    return removed


def edit_highlights(
    store: Store,
    slug: str,
    number: int,
    ref: str,
    lines: Sequence[str],
    *,
    archive_url: str = "",
    templates_dir: Path | None = None,
) -> Article:
    """Replace one article's highlights in this draft only (the stored article keeps its own)."""
    issue = draft(store, slug, number)
    articles = articles_of(store, issue)
    index = position(issue, articles, ref)
    highlights = clean_highlights(lines)
    articles[index] = dataclasses.replace(articles[index], highlights=highlights)
    _revise(store, issue, articles, archive_url, templates_dir, edited={articles[index].id})
    return articles[index]


def clean_highlights(lines: Sequence[str]) -> list[str]:
    """An editor's lines as highlights: control characters out, spaces collapsed, bounded."""
    cleaned = []
    for line in lines:
        text = "".join(c for c in line if not unicodedata.category(c).startswith("C"))
        text = " ".join(text.split()).lstrip("-*• ").strip()
        if text:
            cleaned.append(text)
    if not cleaned:
        raise InvalidInput("no highlights given: pass --text 'A sentence.' (once per line), or type them")
    if len(cleaned) > MAX_HIGHLIGHTS:
        raise InvalidInput(f"{len(cleaned)} highlights given: at most {MAX_HIGHLIGHTS} per article")
    if any(len(line) > MAX_HIGHLIGHT_CHARS for line in cleaned):
        raise InvalidInput(f"a highlight is longer than {MAX_HIGHLIGHT_CHARS} characters: shorten it")
    return cleaned


def render_copy(
    store: Store,
    issue: Issue,
    banner: Sequence[str],
    *,
    archive_url: str = "",
    templates_dir: Path | None = None,
) -> RenderedIssue:
    """The stored issue rendered again under a banner, for the copy its editors receive."""
    mailing_list = store.lists.get(issue.list_slug)
    return render_issue(
        mailing_list,
        issue,
        articles_of(store, issue),
        templates_dir=templates_dir,
        archive_url=archive_url,
        banner=banner,
        feeds=grouping_feeds(store, mailing_list),
    )


def editor_banner(
    issue: Issue, articles: Sequence[Article], deadline: datetime | None, on_timeout: str
) -> list[str]:
    """What heads the editors' copy: that it is a draft, the commands, and the articles by number."""
    slug, n = issue.list_slug, issue.number
    then = "sent as it is" if on_timeout == "send" else "dropped (its articles wait for the next issue)"
    lines = [
        f"Draft of {issue.list_name} #{n}, waiting for your review: no subscriber has received it.",
        f"Approve and send it: digest issue approve {slug} {n}",
        f"Remove an article: digest issue drop {slug} {n} ARTICLE (its number below, or its URL)",
        f"Replace an article's highlights: digest issue edit-highlights {slug} {n} ARTICLE --text '…'",
    ]
    if deadline is not None:
        lines.append(f"Not approved by {deadline:%Y-%m-%d %H:%M} UTC, it is {then}.")
    lines += [f"{i}. {a.title}" for i, a in enumerate(articles, 1)]
    return lines


def _revise(
    store: Store,
    issue: Issue,
    articles: list[Article],
    archive_url: str,
    templates_dir: Path | None,
    edited: set[str] | None = None,
) -> None:
    highlights = store.issues.edited_highlights(issue.list_slug, issue.number)
    for article in articles:
        if article.id in (edited or set()):
            highlights[article.id] = article.highlights
    kept = {a.id for a in articles}
    highlights = {k: v for k, v in highlights.items() if k in kept}
    mailing_list = store.lists.get(issue.list_slug)
    rendered = render_issue(
        mailing_list, issue, articles, templates_dir=templates_dir, archive_url=archive_url,
        feeds=grouping_feeds(store, mailing_list),
    )  # fmt: skip
    store.issues.revise(issue.list_slug, issue.number, [a.id for a in articles], rendered, highlights)
