"""`digest issue …`"""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from digest.cli import queue
from digest.cli.output import emit, fields, json_option, plain, plural, runtime, table, when
from digest.cli.review import approve, drop, edit_highlights, held_line, mail_test_copy
from digest.cli.sends import cancel, pause, resend, resume, status
from digest.delivery.dispatch import send_or_hold
from digest.delivery.fanout import recipient_for
from digest.errors import DigestError
from digest.issues import review
from digest.issues.build import build_issues, preview_issue
from digest.issues.render import personalise
from digest.models import IssueStatus
from digest.runtime import utcnow

to_option = click.option(
    "--to", multiple=True, metavar="ADDRESS", help="Mail a test copy to this address only (repeatable)."
)


@click.group()
def issue() -> None:
    """Preview, send, review and follow issues (a test copy: --to ADDRESS; drafts: approve, drop).

    \b
    Examples:
      digest issue preview morning
      digest issue send morning --to me@example.com
      digest issue send morning --wait
      digest issue approve morning 3
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
@to_option
@json_option
def preview(list_slug: str, out_dir: Path, to: tuple[str, ...], as_json: bool) -> None:
    """Render the next issue to files and print their paths; with --to, also mail a test copy.

    \b
    Example: digest issue preview morning --out /tmp
    Example: digest issue preview morning --to me@example.com
    """
    rt = runtime()
    copy, copy_line = mail_test_copy(list_slug, to, new_only=True) if to else (None, "")
    result = preview_issue(rt.store, list_slug, utcnow(), archive_url=rt.archive_url(list_slug))
    if result is None:
        emit(
            as_json,
            {"list": list_slug, "articles": 0, "html": None, "text": None, "test_copy": copy},
            lambda c: c.print(
                plain(f"nothing new for {list_slug} since its last issue: no preview"), markup=False
            ),
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
        "test_copy": copy,
    }
    lines = [rendered.subject, str(data["html"]), str(data["text"]), *([copy_line] if copy_line else [])]
    emit(as_json, data, lambda c: c.print("\n".join(map(plain, lines)), markup=False))


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
@to_option
@json_option
def send(
    list_slug: str, wait: bool, timeout: float, inline: bool, to: tuple[str, ...], as_json: bool
) -> None:
    """Build the list's next issue from new articles and send it (a draft, under review).

    With --to, only a test copy of what would go next is mailed to the addresses given: marked
    [Test], nothing spent, nothing recorded, its links acting on no subscriber.

    \b
    Example: digest issue send morning --wait
    Example: digest issue send morning --to me@example.com
    """
    rt = runtime()
    rt.store.lists.get(list_slug)
    if to:
        copy, line = mail_test_copy(list_slug, to)
        emit(as_json, copy, lambda c: c.print(plain(line), markup=False))
        return
    numbers = _issues_to_send(list_slug)
    if not numbers:
        waiting = [f"{list_slug}-{n}" for n in rt.store.review.waiting(list_slug)]
        said = f"nothing new for {list_slug} since its last issue: nothing sent"
        if waiting:
            said += f"; waiting for review: {', '.join(waiting)} (digest issue approve {list_slug} N)"
        emit(
            as_json,
            {"list": list_slug, "issue": None, "waiting_for_review": waiting},
            lambda c: c.print(plain(said), markup=False),
        )
        return
    archive_url = rt.archive_url(list_slug)
    issues = [rt.store.issues.get(list_slug, number) for number in numbers]
    for built in issues:
        send_or_hold(built, inline=inline, sender=rt.sender, queue=queue.send_issue, archive_url=archive_url)
    drafts = [i.id for i in issues if i.status is IssueStatus.DRAFT]
    if wait and not inline:
        for built in issues:
            if built.status is not IssueStatus.DRAFT:
                wait_for(list_slug, built.number, timeout)
    # The edition's issue first; any others are bridge issues for subscribers who switched edition.
    summary = {
        **rt.store.issues.summary(list_slug, numbers[0]),
        "issues": [f"{list_slug}-{n}" for n in numbers],
        "drafts": drafts,
    }

    def human(console: Console) -> None:
        console.print(Text(plain(f"{summary['id']}: {summary['subject']}")))
        if drafts:
            console.print(Text(plain(held_line(list_slug, drafts))))
            return
        console.print(Text(plain(f"{summary['status']}, {plural(summary['recipients'], 'recipient')}")))
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
    articles = review.articles_of(store, found)
    deadline = store.review.deadline(slug, number) if found.status is IssueStatus.DRAFT else None
    data = {
        **store.issues.summary(slug, number),
        "created_at": found.created_at,
        "review_deadline": deadline,
        "article_list": [
            {"number": i, "title": a.title, "url": a.url, "source": a.source, "highlights": a.highlights}
            for i, a in enumerate(articles, 1)
        ],
    }

    def human(console: Console) -> None:
        console.print(Text(plain(f"{data['id']}: {data['subject']} — {data['status']}")))
        if found.status is IssueStatus.DRAFT:
            then = "sent" if store.review.policy(slug).on_timeout == "send" else "dropped"
            console.print(
                Text(
                    plain(
                        f"draft, waiting for review until {when(deadline)} (then {then}); "
                        f"approve with: digest issue approve {slug} {number}"
                    )
                )
            )
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
        rows = [(a["number"], a["title"], a["source"], a["url"]) for a in data["article_list"]]
        console.print(table("Articles", ["#", "title", "source", "url"], rows))

    emit(as_json, data, human)


for _command in (status, pause, resume, cancel, resend, approve, drop, edit_highlights):
    issue.add_command(_command)
