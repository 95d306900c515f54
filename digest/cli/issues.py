"""`digest issue …`"""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from digest.cli import queue
from digest.cli.output import emit, fields, json_option, plural, runtime, table, when
from digest.cli.sends import cancel, pause, resend, resume, status
from digest.delivery.dispatch import send_or_queue
from digest.delivery.fanout import recipient_for
from digest.errors import DigestError
from digest.issues.build import build_issues, preview_issue
from digest.issues.render import personalise
from digest.models import IssueStatus
from digest.runtime import utcnow


@click.group()
def issue() -> None:
    """Preview, send and follow issues.

    \b
    Examples:
      digest issue preview morning
      digest issue send morning --wait
      digest issue status morning-3
      digest issue show morning-3
    """


@issue.command("preview")
@click.argument("list_slug", metavar="LIST")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder for the preview files.",
)
@json_option
def preview(list_slug: str, out_dir: Path, as_json: bool) -> None:
    """Render the next issue to files and print their paths; sends nothing.

    \b
    Example: digest issue preview morning --out /tmp
    """
    rt = runtime()
    result = preview_issue(rt.store, list_slug, utcnow(), archive_url=rt.archive_url(list_slug))
    if result is None:
        emit(
            as_json,
            {"list": list_slug, "articles": 0, "html": None, "text": None},
            lambda c: c.print(f"nothing new for {list_slug} since its last issue: no preview"),
        )
        return
    next_issue, rendered = result
    # No name: the preview greets as a reader without one would be greeted, never "Hi Reader,".
    sample = recipient_for(rt.links, "preview", "preview@example.com", "", list_slug)
    html, text = personalise(rendered, sample)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, text_path = out_dir / f"{list_slug}-preview.html", out_dir / f"{list_slug}-preview.txt"
    html_path.write_text(html, encoding="utf-8")
    text_path.write_text(f"Subject: {rendered.subject}\n\n{text}", encoding="utf-8")
    data = {
        "list": list_slug,
        "subject": rendered.subject,
        "articles": len(next_issue.article_ids),
        "html": str(html_path.resolve()),
        "text": str(text_path.resolve()),
    }
    emit(as_json, data, lambda c: c.print(f"{rendered.subject}\n{data['html']}\n{data['text']}"))


def _issues_to_send(list_slug: str) -> list[int]:
    """Issues built but never sent (a send that was queued and lost), else newly built ones."""
    rt = runtime()
    store = rt.store
    unsent = [
        n
        for n in store.issues.numbers(list_slug)[-10:]
        if store.issues.get(list_slug, n).status is IssueStatus.QUEUED
    ]
    if unsent:
        return unsent
    return [i.number for i in build_issues(store, list_slug, utcnow(), archive_url=rt.archive_url(list_slug))]


@issue.command("send")
@click.argument("list_slug", metavar="LIST")
@click.option("--wait", is_flag=True, help="Block until every delivery is recorded, then print the counts.")
@click.option("--timeout", default=600.0, show_default=True, help="Seconds --wait waits at most.")
@click.option("--inline", is_flag=True, help="Send in this process instead of on the Celery workers.")
@json_option
def send(list_slug: str, wait: bool, timeout: float, inline: bool, as_json: bool) -> None:
    """Build the list's next issue from new articles and send it.

    \b
    Example: digest issue send morning --wait
    """
    rt = runtime()
    rt.store.lists.get(list_slug)
    numbers = _issues_to_send(list_slug)
    if not numbers:
        emit(
            as_json,
            {"list": list_slug, "issue": None},
            lambda c: c.print(f"nothing new for {list_slug} since its last issue: nothing sent"),
        )
        return
    for number in numbers:
        send_or_queue(list_slug, number, inline=inline, sender=rt.sender, queue=queue.send_issue)
    if wait and not inline:
        for number in numbers:
            wait_for(list_slug, number, timeout)
    # The edition's issue first; any others are bridge issues for subscribers who switched edition.
    summary = {
        **rt.store.issues.summary(list_slug, numbers[0]),
        "issues": [f"{list_slug}-{n}" for n in numbers],
    }

    def human(console: Console) -> None:
        console.print(Text(f"{summary['id']}: {summary['subject']}"))
        console.print(f"{summary['status']}, {plural(summary['recipients'], 'recipient')}")
        console.print(table("Deliveries", ["state", "recipients"], list(summary["counts"].items())))

    emit(as_json, summary, human)


def wait_for(list_slug: str, number: int, timeout: float) -> None:
    store = runtime().store
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        summary = store.issues.summary(list_slug, number)
        if summary["status"] in (IssueStatus.SENT, IssueStatus.PAUSED, IssueStatus.CANCELLED):
            return
        time.sleep(0.5)
    summary = store.issues.summary(list_slug, number)
    hint = (
        " — is a worker running? start one with `celery -A worker worker`"
        if not summary["started_at"]
        else ""
    )
    raise DigestError(f"issue {summary['id']} not finished after {timeout:.0f} s{hint}")


@issue.command("list")
@click.argument("list_slug", metavar="LIST")
@json_option
def list_(list_slug: str, as_json: bool) -> None:
    """The issues of a list, newest last.

    \b
    Example: digest issue list morning
    """
    store = runtime().store
    store.lists.get(list_slug)
    data = [store.issues.summary(list_slug, n) for n in store.issues.numbers(list_slug)]

    def human(console: Console) -> None:
        rows = [(d["id"], d["status"], d["recipients"], d["counts"]["sent"], d["subject"]) for d in data]
        console.print(
            table(f"Issues of {list_slug}", ["issue", "status", "recipients", "sent", "subject"], rows)
        )

    emit(as_json, data, human)


@issue.command("show")
@click.argument("issue_id", metavar="ISSUE")
@json_option
def show(issue_id: str, as_json: bool) -> None:
    """One issue: subject, articles, recipients and timings.

    \b
    Example: digest issue show morning-3
    """
    store = runtime().store
    slug, number = store.issues.locate(issue_id)
    found = store.issues.get(slug, number)
    articles = store.articles.get_many(found.article_ids)
    data = {
        **store.issues.summary(slug, number),
        "created_at": found.created_at,
        "article_list": [{"title": a.title, "url": a.url, "source": a.source} for a in articles],
    }

    def human(console: Console) -> None:
        console.print(Text(f"{data['id']}: {data['subject']} — {data['status']}"))
        console.print(
            fields(
                [
                    ("recipients", data["recipients"]),
                    ("created", when(found.created_at)),
                    ("started", when(data["started_at"])),
                    ("finished", when(data["finished_at"])),
                ]
            )
        )
        rows = [(a["title"], a["source"], a["url"]) for a in data["article_list"]]
        console.print(table("Articles", ["title", "source", "url"], rows))

    emit(as_json, data, human)


for _command in (status, pause, resume, cancel, resend):
    issue.add_command(_command)
