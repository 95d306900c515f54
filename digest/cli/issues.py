"""`digest issue …`"""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from digest.admin.preview import sample_preview
from digest.cli import queue
from digest.cli.output import emit, fields, json_option, plain, plural, runtime, table, when
from digest.cli.refusals import refuse_empty_audience, refuse_without_address, say_nothing
from digest.cli.reports import report
from digest.cli.review import approve, drop, edit_highlights, held_line, mail_test_copy
from digest.cli.sends import cancel, pause, resend, resume, status
from digest.delivery.dispatch import send_or_hold
from digest.delivery.fanout import recipient_for
from digest.errors import DigestError
from digest.issues import review
from digest.issues.build import build_issues, preview_issue
from digest.issues.compose import describe_left_out
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
      digest issue report morning 3
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
@click.option(
    "--sample",
    is_flag=True,
    help="Preview the template with the last issue's articles (or the bundled sample's), not new ones.",
)
@to_option
@json_option
def preview(list_slug: str, out_dir: Path, sample: bool, to: tuple[str, ...], as_json: bool) -> None:
    """Render the next issue to files and print their paths; with --to, also mail a test copy.

    \b
    Example: digest issue preview morning --out /tmp
    Example: digest issue preview morning --sample
    Example: digest issue preview morning --to me@example.com
    """
    rt = runtime()
    now = utcnow()
    copy, copy_line = mail_test_copy(list_slug, to, new_only=True) if to else (None, "")
    source = "new articles"
    if sample:
        result, source = sample_preview(rt.store, list_slug, now, archive_url=rt.archive_url(list_slug))
    else:
        found = preview_issue(rt.store, list_slug, now, archive_url=rt.archive_url(list_slug))
        if found is None:
            also = f"\n{copy_line}" if copy_line else ""
            return say_nothing(list_slug, as_json, extra={"test_copy": copy}, also=also)
        result = found
    rendered, fallback = result.rendered, result.template_fallback
    # No name: the preview greets as a reader without one would be greeted, never "Hi Reader,".
    recipient = recipient_for(rt.links, "preview", "preview@example.com", "", list_slug)
    html, text = personalise(rendered, recipient)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, text_path = out_dir / f"{list_slug}-preview.html", out_dir / f"{list_slug}-preview.txt"
    html_path.write_text(html, encoding="utf-8")
    text_path.write_text(f"Subject: {rendered.subject}\n\n{text}", encoding="utf-8")
    data = {
        "list": list_slug,
        "subject": rendered.subject,
        "articles": len(result.issue.article_ids),
        "source": source,
        "left_out": result.left_out,
        "template_fallback": fallback,  # why the list's own templates gave way to the default ones
        "html": str(html_path.resolve()),
        "text": str(text_path.resolve()),
        "test_copy": copy,
    }
    lines = [
        plain(rendered.subject),
        *([f"(a sample: {source})"] if sample else []),
        *([describe_left_out(result.left_out)] if result.left_out else []),
        *([f"Templates: default set: {plain(fallback)}"] if fallback else []),
        str(data["html"]),
        str(data["text"]),
        *([copy_line] if copy_line else []),
    ]
    emit(as_json, data, lambda _c: click.echo("\n".join(lines)))


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
@click.option(
    "--allow-empty", is_flag=True, help="Build and publish the issue even with no active subscribers."
)
@to_option
@json_option
def send(
    list_slug: str,
    wait: bool,
    timeout: float,
    inline: bool,
    allow_empty: bool,
    to: tuple[str, ...],
    as_json: bool,
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
    note = refuse_without_address(list_slug)
    if not allow_empty:
        refuse_empty_audience(list_slug)
    numbers = _issues_to_send(list_slug)
    if not numbers:
        waiting = [f"{list_slug}-{n}" for n in rt.store.review.waiting(list_slug)]
        also = f"; waiting for review: {', '.join(waiting)} (digest issue approve {list_slug} N)"
        say_nothing(list_slug, as_json, extra={"waiting_for_review": waiting}, also=also if waiting else "")
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
        **({"note": note} if note else {}),
    }

    def human(console: Console) -> None:
        if note:
            console.print(Text(note))
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
    left_out = store.issues.left_out(slug, number)
    data = {
        **store.issues.summary(slug, number),
        "created_at": found.created_at,
        "review_deadline": deadline,
        "left_out": left_out,
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
        labelled: list[tuple[str, object]] = [
            ("recipients", data["recipients"]),
            ("created", when(found.created_at)),
            ("started", when(data["started_at"])),
            ("finished", when(data["finished_at"])),
        ]
        if left_out:
            labelled.insert(1, ("articles", f"{len(found.article_ids)}; {describe_left_out(left_out)}"))
        if data["template_fallback"]:  # the list's own templates failed, and the default ones went out
            labelled.append(("templates", f"default set: {data['template_fallback']}"))
        console.print(fields(labelled))
        rows = [(a["number"], a["title"], a["source"], a["url"]) for a in data["article_list"]]
        console.print(table("Articles", ["#", "title", "source", "url"], rows))

    emit(as_json, data, human)


for _command in (status, report, pause, resume, cancel, resend, approve, drop, edit_highlights):
    issue.add_command(_command)
