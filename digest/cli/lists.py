"""`digest lists …`"""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console

from digest import admin
from digest.cli.output import emit, json_option, runtime, table, when
from digest.models import MailingList, SubscriberStatus
from digest.runtime import utcnow


@click.group()
def lists() -> None:
    """Create and inspect mailing lists."""


def _list_data(ml: MailingList) -> dict[str, Any]:
    store = runtime().store
    counts = {status.value: 0 for status in SubscriberStatus}
    for sub in store.subscribers.iter_subscriptions(ml.slug):
        counts[sub.status.value] += 1
    numbers = store.issues.numbers(ml.slug)
    return {
        "slug": ml.slug,
        "name": ml.name,
        "from": ml.from_addr,
        "reply_to": ml.reply_to,
        "description": ml.description,
        "created_at": ml.created_at,
        "subscribers": counts,
        "feeds": len(store.feeds.ids_for_list(ml.slug)),
        "issues": len(numbers),
        "last_issue": f"{ml.slug}-{numbers[-1]}" if numbers else None,
        "last_cutoff": store.lists.last_cutoff(ml.slug),
    }


@lists.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Display name, shown as the masthead.")
@click.option("--from", "from_addr", required=True, help="Sender, e.g. 'Morning Brief <news@example.com>'.")
@click.option("--reply-to", default="", help="Reply-To address.")
@click.option("--description", default="", help="One line on what the list is.")
@json_option
def create(slug: str, name: str, from_addr: str, reply_to: str, description: str, as_json: bool) -> None:
    """Create a list.

    \b
    Example: digest lists create morning --name "Morning Brief" --from "Brief <brief@example.com>"
    """
    ml = admin.create_list(
        runtime().store,
        slug,
        name=name,
        from_addr=from_addr,
        reply_to=reply_to,
        description=description,
        now=utcnow(),
    )
    emit(as_json, _list_data(ml), lambda c: c.print(f"created list [bold]{ml.slug}[/] ({ml.name})"))


@lists.command("list")
@json_option
def list_(as_json: bool) -> None:
    """All lists with subscriber counts and last issue.

    \b
    Example: digest lists list --json
    """
    data = [_list_data(ml) for ml in runtime().store.lists.all()]

    def human(console: Console) -> None:
        rows = [
            (
                d["slug"],
                d["name"],
                d["subscribers"]["active"],
                d["subscribers"]["pending"],
                d["feeds"],
                d["last_issue"] or "-",
            )
            for d in data
        ]
        console.print(table("Lists", ["slug", "name", "active", "pending", "feeds", "last issue"], rows))

    emit(as_json, data, human)


@lists.command("show")
@click.argument("slug")
@json_option
def show(slug: str, as_json: bool) -> None:
    """One list in detail.

    \b
    Example: digest lists show morning
    """
    data = _list_data(runtime().store.lists.get(slug))

    def human(console: Console) -> None:
        for key, value in data.items():
            shown = when(value) if key.endswith(("_at", "_cutoff")) else value
            console.print(f"[bold]{key}[/]: {shown}")

    emit(as_json, data, human)
