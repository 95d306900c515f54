"""`digest issue status | pause | resume | cancel | resend`: following and steering a running send."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console

from digest.cli import queue
from digest.cli.output import emit, json_option, plural, runtime, safe, table
from digest.delivery.control import cancel_issue, pause_issue, progress, resume_issue
from digest.delivery.dispatch import resend_or_queue, send_or_queue
from digest.errors import InvalidInput
from digest.issues.review import drop_draft
from digest.models import IssueStatus
from digest.runtime import utcnow
from digest.store import Store

SHOWN_UNCONFIRMED = 1000  # --json lists this many; people see the first 20


def status_data(store: Store, slug: str, number: int) -> dict[str, Any]:
    summary = store.issues.summary(slug, number)
    found = store.issues.get(slug, number)
    times = store.issues.timings(slug, number)
    moving = progress(
        found.recipients, summary["counts"], found.status, times["started_at"], times["finished_at"], utcnow()
    )
    unconfirmed = store.issues.unconfirmed_ids(slug, number)[:SHOWN_UNCONFIRMED]
    people = store.subscribers.get_many(unconfirmed)
    return {
        **summary,
        **moving.as_dict(),
        "errors": store.issues.errors(slug, number),
        "unconfirmed": [
            {"id": sid, "email": people[sid].email if sid in people else ""} for sid in unconfirmed
        ],
    }


@click.command("status")
@click.argument("issue_id", metavar="ISSUE")
@json_option
def status(issue_id: str, as_json: bool) -> None:
    """Counts by delivery state, rate and ETA, errors by reason, and who is unconfirmed.

    \b
    Example: digest issue status morning-3
    """
    store = runtime().store
    data = status_data(store, *store.issues.locate(issue_id))

    def human(console: Console) -> None:
        console.print(f"{safe(data['id'])}: {safe(data['subject'])} — {safe(data['status'])}")
        if data["reason"]:
            console.print(f"reason: {safe(data['reason'])}")
        eta = f", ETA {data['eta_seconds']:.0f} s" if data["eta_seconds"] is not None else ""
        console.print(f"{data['done']} of {data['recipients']} settled, {data['rate']}/s{eta}")
        rows = [*data["counts"].items(), ("pending", data["pending"])]
        console.print(table("Deliveries", ["state", "recipients"], rows))
        if data["errors"]:
            console.print(table("Errors", ["reason", "recipients"], list(data["errors"].items())))
        if data["unconfirmed"]:
            rows = [(u["id"], u["email"]) for u in data["unconfirmed"][:20]]
            console.print(table("Unconfirmed (may have been sent)", ["subscriber", "email"], rows))
            console.print(f"resend them with: digest issue resend {safe(data['id'])} --unconfirmed")

    emit(as_json, data, human)


def _changed(as_json: bool, store: Store, slug: str, number: int, verb: str) -> None:
    summary = store.issues.summary(slug, number)
    emit(as_json, summary, lambda c: c.print(f"{safe(summary['id'])} {verb}: now {safe(summary['status'])}"))


@click.command("pause")
@click.argument("issue_id", metavar="ISSUE")
@json_option
def pause(issue_id: str, as_json: bool) -> None:
    """Stop a send after the batches in flight; `resume` carries on where it stopped.

    \b
    Example: digest issue pause morning-3
    """
    store = runtime().store
    slug, number = store.issues.locate(issue_id)
    pause_issue(store, slug, number)
    _changed(as_json, store, slug, number, "paused")


@click.command("resume")
@click.argument("issue_id", metavar="ISSUE")
@click.option("--inline", is_flag=True, help="Send in this process instead of on the Celery workers.")
@json_option
def resume(issue_id: str, inline: bool, as_json: bool) -> None:
    """Carry on a paused send, or one whose inline process died; nobody already sent gets it again.

    \b
    Example: digest issue resume morning-3
    """
    rt = runtime()
    slug, number = rt.store.issues.locate(issue_id)
    resume_issue(rt.store, slug, number, utcnow())
    send_or_queue(slug, number, inline=inline, sender=rt.sender, queue=queue.send_issue)
    _changed(as_json, rt.store, slug, number, "resumed")


@click.command("cancel")
@click.argument("issue_id", metavar="ISSUE")
@json_option
def cancel(issue_id: str, as_json: bool) -> None:
    """Stop a send for good; what was sent stays recorded. A draft is dropped: it never goes out,
    and its articles wait for the next issue.

    \b
    Example: digest issue cancel morning-3
    """
    store = runtime().store
    slug, number = store.issues.locate(issue_id)
    if store.issues.status(slug, number)[0] is IssueStatus.DRAFT:
        drop_draft(store, slug, number)
        _changed(as_json, store, slug, number, "dropped")
        return
    cancel_issue(store, slug, number)
    _changed(as_json, store, slug, number, "cancelled")


@click.command("resend")
@click.argument("issue_id", metavar="ISSUE")
@click.option("--unconfirmed", is_flag=True, help="Resend to the recipients whose send is unconfirmed.")
@click.option("--inline", is_flag=True, help="Send in this process instead of on the Celery workers.")
@json_option
def resend(issue_id: str, unconfirmed: bool, inline: bool, as_json: bool) -> None:
    """Deliberately send again to recipients who may or may not have received the issue.

    \b
    Example: digest issue resend morning-3 --unconfirmed
    """
    if not unconfirmed:
        raise InvalidInput("say whom to resend to: `digest issue resend ISSUE --unconfirmed`")
    rt = runtime()
    slug, number = rt.store.issues.locate(issue_id)
    count = len(rt.store.issues.unconfirmed_ids(slug, number))
    if count:
        resend_or_queue(slug, number, inline=inline, sender=rt.sender, queue=queue.resend_unconfirmed)
    data = {"id": issue_id, "resending": count, "queued": bool(count and not inline)}
    data.update(status_data(rt.store, slug, number)["counts"])
    shown = f"{safe(issue_id)}: resending to {plural(count, 'unconfirmed recipient')}"
    emit(as_json, data, lambda c: c.print(shown))
