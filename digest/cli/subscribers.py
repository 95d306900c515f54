"""`digest subscribers …`"""

from __future__ import annotations

import click
from rich.console import Console

from digest import admin
from digest.cli.output import emit, json_option, runtime, table, when
from digest.errors import InvalidInput
from digest.models import SubscriberStatus
from digest.runtime import utcnow

_STATUSES = click.Choice([s.value for s in SubscriberStatus])


@click.group()
def subscribers() -> None:
    """Add and inspect subscribers."""


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
    subscriber = admin.add_subscriber(
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
    emit(as_json, data, lambda c: c.print(f"{subscriber.email} is {status} on {list_slug}"))


@subscribers.command("list")
@click.argument("list_slug", metavar="LIST")
@click.option("--status", type=_STATUSES, default=None, help="Only this status.")
@json_option
def list_(list_slug: str, status: str | None, as_json: bool) -> None:
    """The subscribers of a list.

    \b
    Example: digest subscribers list morning --status active
    """
    store = runtime().store
    store.lists.get(list_slug)
    subs = [
        s for s in store.subscribers.iter_subscriptions(list_slug) if status is None or s.status == status
    ]
    people = store.subscribers.get_many([s.subscriber_id for s in subs])
    data = [
        {
            "id": s.subscriber_id,
            "email": people[s.subscriber_id].email,
            "name": people[s.subscriber_id].name,
            "status": s.status.value,
            "since": s.since,
        }
        for s in subs
        if s.subscriber_id in people
    ]
    data.sort(key=lambda d: str(d["email"]))

    def human(console: Console) -> None:
        rows = [(d["email"], d["name"], d["status"], when(d["since"])) for d in data]
        console.print(table(f"Subscribers of {list_slug}", ["email", "name", "status", "since"], rows))

    emit(as_json, data, human)
