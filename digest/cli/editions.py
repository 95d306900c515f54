"""`digest subscribers set-cadence`: which edition of a list a subscriber receives."""

from __future__ import annotations

import click

from digest.cli.output import emit, json_option, runtime
from digest.issues.editions import choose_cadence
from digest.runtime import utcnow


@click.command("set-cadence")
@click.argument("list_slug", metavar="LIST")
@click.argument("email")
@click.argument("cadence")
@json_option
def set_cadence(list_slug: str, email: str, cadence: str, as_json: bool) -> None:
    """Move a subscriber to another edition of the list (e.g. from the daily to the weekly).

    Their next issue starts where their last one ended: no article twice, none missed.

    \b
    Example: digest subscribers set-cadence morning ada@example.com weekly
    """
    left = choose_cadence(runtime().store, list_slug, email, cadence, utcnow())
    data = {"list": list_slug, "email": email.strip(), "cadence": cadence, "previous": left}
    emit(as_json, data, lambda c: c.print(f"{email.strip()} now receives {list_slug}/{cadence} (was {left})"))
