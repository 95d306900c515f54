"""`digest issue approve | drop | edit-highlights`, the test copies of `issue send | preview --to`, and
the review options of `digest lists update`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from digest.admin import review as settings
from digest.cli import queue
from digest.cli.output import emit, json_option, plain, plural, runtime
from digest.delivery.dispatch import send_or_queue
from digest.delivery.testcopy import send_next_copy
from digest.errors import InvalidInput
from digest.issues import review
from digest.models import ON_TIMEOUT_CHOICES
from digest.runtime import utcnow
from digest.store import Store

MAX_TYPED_BYTES = 64 * 1024  # highlights typed or piped in: a few lines, never a file's worth
_ON_OFF = click.Choice(["on", "off"])


def review_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The review and welcome options `lists update` takes."""
    options = [
        click.option("--welcome", type=_ON_OFF, default=None, help="Mail a welcome to those who confirm."),
        click.option(
            "--on-timeout",
            type=click.Choice(ON_TIMEOUT_CHOICES),
            default=None,
            help="What happens to a draft nobody approved in time: send it or drop it (default send).",
        ),
        click.option(
            "--review-timeout",
            default=None,
            metavar="SPAN",
            help="How long a draft waits for approval: 6h by default; 30m, 2d…",
        ),
        click.option(
            "--editors",
            multiple=True,
            metavar="ADDRESS",
            help="Who reviews drafts (repeat, or comma-separated); replaces the list's editors.",
        ),
        click.option("--review", type=_ON_OFF, default=None, help="Hold every issue as a draft for editors."),
    ]
    for option in options:
        command = option(command)
    return command


def apply_review(store: Store, slug: str, given: dict[str, Any]) -> bool:
    """Apply the review and welcome options given; False when none was."""
    changed = False
    review_given = {
        "enabled": None if given["review"] is None else given["review"] == "on",
        "editors": list(given["editors"]) if given["editors"] else None,
        "timeout": given["review_timeout"],
        "on_timeout": given["on_timeout"],
    }
    if any(v is not None for v in review_given.values()):
        settings.set_review(store, slug, **review_given)
        changed = True
    if given["welcome"] is not None:
        settings.set_welcome(store, slug, given["welcome"] == "on")
        changed = True
    return changed


def held_line(slug: str, drafts: list[str]) -> str:
    editors = runtime().store.review.policy(slug).editors
    first = drafts[0].rsplit("-", 1)[1]
    return (
        f"held for review: {', '.join(drafts)} (a test copy went to {', '.join(editors) or 'no editor'}); "
        f"send it with: digest issue approve {slug} {first}"
    )


def mail_test_copy(slug: str, to: tuple[str, ...], *, new_only: bool = False) -> tuple[dict[str, Any], str]:
    """Mail the test copy; what it was, for --json, and the line that says so."""
    rt = runtime()
    sent = send_next_copy(
        rt.sender(), slug, to, utcnow(), archive_url=rt.archive_url(slug), new_only=new_only
    )
    if sent is None:
        data: dict[str, Any] = {"list": slug, "test_copy": None, "to": list(to)}
        said = f"nothing new for {slug} since its last issue: no test copy sent"
    else:
        data = {"list": slug, "test_copy": sent.issue_id, "stored": sent.stored, "to": list(to),
                "sent": sum(r.ok for r in sent.results)}  # fmt: skip
        what = sent.issue_id if sent.stored else f"the next issue ({sent.issue_id} if built now)"
        said = f"test copy of {what} sent to {', '.join(to)}: nothing spent, nothing recorded"
    return data, said


@click.command("approve")
@click.argument("list_slug", metavar="LIST")
@click.argument("number", metavar="N", type=int)
@click.option("--inline", is_flag=True, help="Send in this process instead of on the Celery workers.")
@json_option
def approve(list_slug: str, number: int, inline: bool, as_json: bool) -> None:
    """Approve a draft: it is sent to the list (once, however often it is approved).

    \b
    Example: digest issue approve morning 3
    """
    rt = runtime()
    rt.store.lists.get(list_slug)
    first = review.approve(rt.store, list_slug, number)
    if first:
        send_or_queue(list_slug, number, inline=inline, sender=rt.sender, queue=queue.send_issue)
    summary = {**rt.store.issues.summary(list_slug, number), "approved_now": first}
    said = (
        f"{summary['id']} approved: {'sent' if inline else 'sending'} to the list"
        if first
        else f"{summary['id']} was approved before (now {summary['status']}): not sent again"
    )
    emit(as_json, summary, lambda c: c.print(plain(said), markup=False))


@click.command("drop")
@click.argument("list_slug", metavar="LIST")
@click.argument("number", metavar="N", type=int)
@click.argument("article", metavar="ARTICLE")
@json_option
def drop(list_slug: str, number: int, article: str, as_json: bool) -> None:
    """Remove one article from a draft (by its number in the issue, or its URL).

    The whole draft goes with `digest issue cancel LIST-N`.

    \b
    Example: digest issue drop morning 3 2
    """
    rt = runtime()
    removed = review.drop_article(rt.store, list_slug, number, article, archive_url=rt.archive_url(list_slug))
    data = {
        **rt.store.issues.summary(list_slug, number),
        "removed": {"title": removed.title, "url": removed.url},
    }
    said = f"removed {removed.title!r} from {data['id']}: {plural(data['articles'], 'article')} left"
    emit(as_json, data, lambda c: c.print(plain(said), markup=False))


@click.command("edit-highlights")
@click.argument("list_slug", metavar="LIST")
@click.argument("number", metavar="N", type=int)
@click.argument("article", metavar="ARTICLE")
@click.option("--text", "lines", multiple=True, help="One highlight (repeat for each line).")
@json_option
def edit_highlights(list_slug: str, number: int, article: str, lines: tuple[str, ...], as_json: bool) -> None:
    """Replace one article's highlights in a draft: from --text, else stdin, else $EDITOR.

    \b
    Example: digest issue edit-highlights morning 3 2 --text 'First point.' --text 'Second point.'
    """
    rt = runtime()
    store = rt.store
    given = list(lines) or _typed(store, list_slug, number, article)
    changed = review.edit_highlights(
        store, list_slug, number, article, given, archive_url=rt.archive_url(list_slug)
    )
    data = {"id": f"{list_slug}-{number}", "title": changed.title, "highlights": changed.highlights}
    said = f"{data['id']}: {plural(len(changed.highlights), 'highlight')} for {changed.title!r}"
    emit(as_json, data, lambda c: c.print(plain(said), markup=False))


def _typed(store: Store, slug: str, number: int, ref: str) -> list[str]:
    """Lines piped in, or typed in $EDITOR starting from the current highlights."""
    if not sys.stdin.isatty():
        return sys.stdin.read(MAX_TYPED_BYTES).splitlines()
    issue = review.draft(store, slug, number)
    articles = review.articles_of(store, issue)
    current = articles[review.position(issue, articles, ref)]
    head = f"# Highlights of {current.title}, one a line. Lines starting with # are left out.\n"
    typed = click.edit(head + "\n".join(current.highlights) + "\n")
    if typed is None:
        raise InvalidInput("nothing saved in the editor: the highlights stay as they were")
    return [line for line in typed[:MAX_TYPED_BYTES].splitlines() if not line.lstrip().startswith("#")]
