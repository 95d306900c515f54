"""`digest suppress …`: the global set of addresses never mailed, whatever a list says."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console

from digest.admin import suppress as admin_suppress
from digest.cli.output import emit, json_option, runtime, safe, table, when
from digest.models import SuppressionReason
from digest.runtime import utcnow

_REASONS = click.Choice([r.value for r in SuppressionReason])


@click.group()
def suppress() -> None:
    """Block addresses from every list (hard bounces, complaints, manual blocks).

    \b
    Examples:
      digest suppress add ada@example.com --reason complained
      digest suppress list
      digest suppress remove ada@example.com
    """


@suppress.command("add")
@click.argument("email")
@click.option("--reason", type=_REASONS, default="manual", show_default=True, help="Why it is blocked.")
@click.option("--note", default="", help="A line for the other admins, e.g. a ticket number.")
@json_option
def add(email: str, reason: str, note: str, as_json: bool) -> None:
    """Never mail this address again, on any list (checked at send time and on import).

    \b
    Example: digest suppress add spam-trap@example.com --note "ticket 42"
    """
    entry = admin_suppress.suppress(runtime().store, email, SuppressionReason(reason), utcnow(), note)
    data = {"email": entry.email, "reason": entry.reason.value, "since": entry.at, "note": entry.note}
    emit(as_json, data, lambda c: c.print(f"suppressed {safe(entry.email)} ({entry.reason.value})"))


@suppress.command("remove")
@click.argument("email")
@json_option
def remove(email: str, as_json: bool) -> None:
    """Allow an address again (its lists decide once more whether it gets mail).

    \b
    Example: digest suppress remove ada@example.com
    """
    address = admin_suppress.unsuppress(runtime().store, email)
    emit(as_json, {"removed": address}, lambda c: c.print(f"{safe(address)} is no longer suppressed"))


@suppress.command("list")
@click.option("--reason", type=_REASONS, default=None, help="Only this reason.")
@json_option
def list_(reason: str | None, as_json: bool) -> None:
    """Suppressed addresses; a forgotten person shows as the hash of their address.

    \b
    Example: digest suppress list --reason bounced --json
    """
    entries = admin_suppress.entries(runtime().store, SuppressionReason(reason) if reason else None)
    data: list[dict[str, Any]] = [
        {
            "email": e.email or None,
            "digest": e.digest,
            "reason": e.reason.value,
            "since": e.at,
            "note": e.note,
        }
        for e in entries
    ]
    data.sort(key=lambda d: (d["email"] or "~", d["digest"]))

    def human(console: Console) -> None:
        rows = [
            (d["email"] or f"(forgotten) {d['digest'][:16]}…", d["reason"], when(d["since"]), d["note"])
            for d in data
        ]
        console.print(table("Suppressed", ["address", "reason", "since", "note"], rows))

    emit(as_json, data, human)
