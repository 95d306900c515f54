"""`digest subscribers set-edition`: which edition of a list a subscriber receives."""

from __future__ import annotations

import click

from digest.cli.output import emit, json_option, runtime, safe
from digest.issues.editions import choose_edition
from digest.runtime import utcnow


@click.command("set-edition")
@click.argument("list_slug", metavar="LIST")
@click.argument("email")
@click.argument("edition")
@json_option
def set_edition(list_slug: str, email: str, edition: str, as_json: bool) -> None:
    """Move a subscriber to another edition of the list (e.g. from the daily to the weekly).

    Their next issue starts where their last one ended: no article twice, none missed.

    \b
    Example: digest subscribers set-edition morning ada@example.com weekly
    """
    left = choose_edition(runtime().store, list_slug, email, edition, utcnow())
    data = {"list": list_slug, "email": email.strip(), "edition": edition, "previous": left}
    emit(
        as_json,
        data,
        lambda c: c.print(
            f"{safe(email.strip())} now receives {safe(list_slug)}/{safe(edition)} (was {safe(left)})"
        ),
    )
