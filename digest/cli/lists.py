"""`digest lists …`"""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console

from digest.admin import lists as admin_lists
from digest.admin import templatesets
from digest.cli import queue
from digest.cli.output import emit, fields, json_option, plain, plural, runtime, safe, table, when
from digest.cli.review import apply_review, review_options
from digest.cli.templates import templates_line
from digest.errors import InvalidInput
from digest.models import Grouping
from digest.runtime import utcnow


@click.group()
def lists() -> None:
    """Create, inspect, change and delete mailing lists.

    \b
    Examples:
      digest lists create morning --name "Morning Brief" --from "Brief <brief@example.com>"
      digest lists list
      digest lists show morning
      digest lists update morning --reply-to editor@example.com
      digest lists brand morning --colour '#0a7' --address "1 Quay St, Bristol BS1, UK"
    """


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
    store = runtime().store
    ml = admin_lists.create_list(
        store,
        slug,
        name=name,
        from_addr=from_addr,
        reply_to=reply_to,
        description=description,
        now=utcnow(),
    )
    data = admin_lists.list_overview(store, ml)
    emit(as_json, data, lambda c: c.print(f"created list [bold]{safe(ml.slug)}[/] ({safe(ml.name)})"))


@lists.command("list")
@json_option
def list_(as_json: bool) -> None:
    """All lists with subscriber counts by status, last issue and next scheduled run.

    \b
    Example: digest lists list --json
    """
    store = runtime().store
    data = [admin_lists.list_overview(store, ml) for ml in store.lists.all()]

    def human(console: Console) -> None:
        rows = []
        for d in data:
            counts = d["subscribers"]
            gone = counts["unsubscribed"] + counts["bounced"] + counts["complained"]
            rows.append(
                (
                    d["slug"],
                    d["name"],
                    counts["active"],
                    counts["pending"],
                    gone,
                    d["feeds"],
                    d["last_issue"] or "-",
                    when(d["next_run"]),
                )
            )
        columns = ["slug", "name", "active", "pending", "left", "feeds", "last issue", "next run"]
        console.print(table("Lists", columns, rows))

    emit(as_json, data, human)


@lists.command("show")
@click.argument("slug")
@json_option
def show(slug: str, as_json: bool) -> None:
    """One list in detail.

    \b
    Example: digest lists show morning
    """
    store = runtime().store
    data = admin_lists.list_overview(store, store.lists.get(slug))

    def human(console: Console) -> None:
        console.print(
            fields(
                [
                    ("list", f"{data['slug']} ({data['name']})"),
                    ("description", data["description"]),
                    ("from", data["from"]),
                    ("reply-to", data["reply_to"]),
                    ("greeting", "on" if data["greeting"] else "off"),
                    *((f"brand {name}", value) for name, value in data["branding"].items()),
                    ("utm tags", "on" if data["utm"] else "off"),
                    ("images", "on" if data["images"] else "off"),
                    ("group by", data["group_by"]),
                    ("templates", templates_line(data["templates"])),
                    ("created", when(data["created_at"])),
                    ("feeds", data["feeds"]),
                    ("issues", data["issues"]),
                    ("last issue", data["last_issue"]),
                    ("articles since", when(data["last_cutoff"])),
                    ("next run", when(data["next_run"])),
                    ("review", review_line(data)),
                    ("welcome", data["welcome"]),
                ]
            )
        )
        counts = data["subscribers"]
        console.print(table("Subscribers", ["status", "subscribers"], list(counts.items())))
        if data["editions"]:
            rows = [
                (
                    e["edition"],
                    e["spec"],
                    e["tz"],
                    "paused" if e["paused"] else "active",
                    e["skipped_slots"],
                    when(e["last_skipped"]),
                )
                for e in data["editions"]
            ]
            columns = ["edition", "schedule", "zone", "state", "skipped slots", "last skipped"]
            console.print(table("Editions", columns, rows))
        else:
            console.print("no schedule: set one with `digest schedule set`")

    emit(as_json, data, human)


@lists.command("update")
@click.argument("slug")
@click.option("--name", default=None, help="New display name.")
@click.option("--from", "from_addr", default=None, help="New sender, e.g. 'Brief <news@example.com>'.")
@click.option("--reply-to", default=None, help="New Reply-To address ('' clears it).")
@click.option("--description", default=None, help="New description ('' clears it).")
@click.option(
    "--greeting",
    type=click.Choice(["on", "off"]),
    default=None,
    help="'Hi Grace,' above the articles (on, the default) or straight to the articles (off).",
)
@click.option(
    "--utm",
    type=click.Choice(["on", "off"]),
    default=None,
    help="utm_source=LIST&utm_medium=email&utm_campaign=ISSUE on article links (off by default).",
)
@click.option(
    "--images",
    type=click.Choice(["on", "off"]),
    default=None,
    help="Each article's own image as a thumbnail (on, the default), or text only (off).",
)
@click.option(
    "--group-by",
    type=click.Choice(["feed", "none"]),
    default=None,
    help="Articles under a heading per feed (feed), or one run, newest first (none, the default).",
)
@click.option(
    "--templates",
    default=None,
    metavar="DIR",
    help="Check the template set in DIR and store it as the list's own ('default': the bundled set).",
)
@review_options
@json_option
def update(
    slug: str,
    name: str | None,
    from_addr: str | None,
    reply_to: str | None,
    description: str | None,
    greeting: str | None,
    utm: str | None,
    images: str | None,
    group_by: str | None,
    templates: str | None,
    as_json: bool,
    **review: Any,
) -> None:
    """Change a list's name, sender, reply-to, description, greeting, UTM tags, images, grouping,
    review or welcome; other fields stay.

    With --review on, every issue of the list is built as a draft: the editors get a test copy and
    `digest issue approve LIST N` sends it; unapproved after --review-timeout, it is sent or dropped
    (--on-timeout). --welcome on mails those who confirm a welcome with the latest issue's link.

    \b
    Example: digest lists update morning --name "Morning Digest" --reply-to editor@example.com
             digest lists update morning --greeting off --utm on --images off
             digest lists update morning --group-by feed
             digest lists update morning --review on --editors ed@example.com --review-timeout 6h
             digest lists update morning --templates ./morning-templates   (see `digest templates`)
    """
    store = runtime().store
    if templates is not None:  # first: a set that fails its check leaves every other field as it was
        templatesets.store_set(store, slug, templates)
    given = (name, from_addr, reply_to, description, greeting, utm, images, group_by)
    changes = any(v is not None for v in given)
    if changes:
        admin_lists.update_list(
            store,
            slug,
            name=name,
            from_addr=from_addr,
            reply_to=reply_to,
            description=description,
            greeting=None if greeting is None else greeting == "on",
            utm=None if utm is None else utm == "on",
            images=None if images is None else images == "on",
            group_by=None if group_by is None else Grouping(group_by),
        )
    if not apply_review(store, slug, review) and not changes and templates is None:
        raise InvalidInput(
            "nothing to change: give at least one of --name, --from, --reply-to, --description, "
            "--greeting, --utm, --images, --group-by, --templates, --review, --editors, --review-timeout, "
            "--on-timeout, --welcome"
        )
    ml = store.lists.get(slug)
    data = admin_lists.list_overview(store, ml)
    emit(as_json, data, lambda c: c.print(f"updated list [bold]{safe(ml.slug)}[/] ({safe(ml.name)})"))


@lists.command("delete")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
def delete(slug: str, yes: bool, as_json: bool) -> None:
    """Delete a list with its subscriptions, issues and delivery records.

    Subscribers stay on their other lists; feeds stay for the lists that read them.
    Refused while one of the list's issues is being sent.

    \b
    Example: digest lists delete morning --yes
    """
    store = runtime().store
    ml = store.lists.get(slug)
    counts = store.subscribers.counts(slug)
    if not yes:
        click.confirm(
            f"Delete list {slug!r} ({plain(ml.name)}) with its "
            f"{plural(sum(counts.values()), 'subscription')} and its issues?",
            abort=True,
            err=True,
        )
    editions = [s.edition for s in store.schedules.for_list(slug)]
    keys = admin_lists.delete_list(store, slug)
    for edition in editions:  # beat's entries for the list go with it
        queue.remove_tick(queue.celery_app(), slug, edition)
    emit(as_json, {"deleted": slug, "keys": keys}, lambda c: c.print(f"deleted list [bold]{safe(slug)}[/]"))


def review_line(data: dict[str, Any]) -> str:
    """One line for the review settings: off, or on with its editors and what a timeout does."""
    if data["review"] != "on":
        return "off"
    hours = data["review_timeout_seconds"] / 3600
    editors = ", ".join(data["editors"]) or "no editors"
    return f"on: {editors}; unapproved after {hours:g} h: {data['on_timeout']}"


def _register_brand() -> None:
    from digest.cli.branding import brand

    lists.add_command(brand)


_register_brand()
