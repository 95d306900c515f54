"""`digest subscribers …` one address at a time; files and privacy are in subscriber_data.py."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console

from digest.admin import subscribers as admin_subs
from digest.cli.editions import set_edition
from digest.cli.output import emit, json_option, runtime, safe, table, when
from digest.cli.subscriber_io import export, export_person, forget, import_
from digest.errors import InvalidInput
from digest.models import SubscriberStatus
from digest.runtime import utcnow

_STATUSES = click.Choice([s.value for s in SubscriberStatus])


@click.group()
def subscribers() -> None:
    """Add, find, list, import and export subscribers.

    \b
    Examples:
      digest subscribers add morning ada@example.com --name "Ada Lovelace"
      digest subscribers import morning people.csv --rejects rejected.csv
      digest subscribers list morning --status active
      digest subscribers show ada@example.com
    """


for _command in (import_, export, forget, export_person, set_edition):
    subscribers.add_command(_command)


def _attrs(pairs: tuple[str, ...]) -> dict[str, str]:
    attrs = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"--attr {pair!r} is not key=value: write e.g. --attr city=Izmir")
        attrs[key.strip()] = value.strip()
    return attrs


@subscribers.command("add")
@click.argument("list_slug", metavar="LIST")
@click.argument("email")
@click.option("--name", default="", help="The subscriber's name, used in greetings.")
@click.option("--attr", "attrs", multiple=True, help="Extra attribute key=value (repeatable).")
@click.option(
    "--status",
    type=_STATUSES,
    default="active",
    show_default=True,
    help="pending waits for double opt-in; an admin adding someone with consent uses active.",
)
@json_option
def add(list_slug: str, email: str, name: str, attrs: tuple[str, ...], status: str, as_json: bool) -> None:
    """Add an address to a list (or change its status there).

    \b
    Example: digest subscribers add morning ada@example.com --name "Ada" --attr city=London
    """
    subscriber = admin_subs.add_subscriber(
        runtime().store,
        list_slug,
        email,
        name=name,
        attrs=_attrs(attrs),
        status=SubscriberStatus(status),
        now=utcnow(),
    )
    data = {
        "id": subscriber.id,
        "email": subscriber.email,
        "name": subscriber.name,
        "list": list_slug,
        "status": status,
        "attrs": subscriber.attrs,
    }
    emit(as_json, data, lambda c: c.print(f"{safe(subscriber.email)} is {status} on {safe(list_slug)}"))


@subscribers.command("remove")
@click.argument("list_slug", metavar="LIST")
@click.argument("email")
@json_option
def remove(list_slug: str, email: str, as_json: bool) -> None:
    """Take an address off one list; its other lists and its record stay.

    To record that someone left, prefer `subscribers add LIST EMAIL --status unsubscribed`:
    a removed address comes back with the next import, an unsubscribed one does not.

    \b
    Example: digest subscribers remove morning ada@example.com
    """
    subscriber = admin_subs.remove_subscriber(runtime().store, list_slug, email)
    data = {"removed": subscriber.email, "list": list_slug}
    emit(as_json, data, lambda c: c.print(f"removed {safe(subscriber.email)} from {safe(list_slug)}"))


@subscribers.command("show")
@click.argument("email")
@json_option
def show(email: str, as_json: bool) -> None:
    """One address: its lists, its status on each and what each issue did for it.

    \b
    Example: digest subscribers show ada@example.com
    """
    data = admin_subs.describe(runtime().store, email)

    def human(console: Console) -> None:
        console.print(f"[bold]{safe(data['email'])}[/] (id {safe(data['id'])}) {safe(data['name'])}")
        if data["attrs"]:
            console.print("attrs: " + ", ".join(f"{safe(k)}={safe(v)}" for k, v in data["attrs"].items()))
        if data["suppressed"]:
            console.print(f"[red]suppressed[/] ({safe(data['suppressed']['reason'])})")
        for entry in data["lists"]:
            console.print(
                f"{safe(entry['list'])}: {safe(entry['status'])} since {safe(when(entry['since']))}"
            )
            for d in entry["deliveries"]:
                console.print(
                    f"  {safe(d['issue'])}: {safe(d['state'])} {safe(when(d['at']))} {safe(d['detail'])}"
                )
        if not data["lists"]:
            console.print("on no list")

    emit(as_json, data, human)


@subscribers.command("list")
@click.argument("list_slug", metavar="LIST")
@click.option("--status", type=_STATUSES, default=None, help="Only this status.")
@click.option("--search", default="", help="Only addresses or names containing this text.")
@click.option("--limit", type=click.IntRange(min=0), default=0, help="At most this many (0: all).")
@json_option
def list_(list_slug: str, status: str | None, search: str, limit: int, as_json: bool) -> None:
    """The subscribers of a list, sorted by address.

    \b
    Example: digest subscribers list morning --status active --search example.com
    """
    data = admin_subs.list_members(
        runtime().store,
        list_slug,
        status=SubscriberStatus(status) if status else None,
        search=search,
        limit=limit,
    )

    def human(console: Console) -> None:
        rows = [(d["email"], d["name"], d["status"], when(d["since"])) for d in data]
        console.print(table(f"Subscribers of {list_slug}", ["email", "name", "status", "since"], rows))

    emit(as_json, data, human)


@subscribers.command("count")
@click.argument("list_slug", metavar="[LIST]", required=False)
@json_option
def count(list_slug: str | None, as_json: bool) -> None:
    """Subscribers of a list by status; without LIST, people on file and suppressed addresses.

    \b
    Example: digest subscribers count morning --json
    """
    data: dict[str, Any] = admin_subs.count(runtime().store, list_slug)

    def human(console: Console) -> None:
        console.print("  ".join(f"{safe(k)}: {safe(v)}" for k, v in data.items() if k != "list"))

    emit(as_json, data, human)
