"""`digest stats [LIST]`: sends, deliveries, complaints, opens, clicks and subscribers over time."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.text import Text

from digest.admin.articles import parse_since
from digest.admin.series import COMPLAINT_LINE, sparkline
from digest.admin.stats import read_stats
from digest.cli.output import emit, json_option, runtime, table, when
from digest.cli.reports import percent
from digest.runtime import utcnow

_OVER = f"over the {COMPLAINT_LINE * 100:.1f} % line"


def _complaints(count: int, rate: float | None, over: bool) -> Text:
    """The complaint cell, red and named when it crosses Gmail's and Yahoo's line."""
    shown = f"{count} ({percent(rate)})"
    return Text(f"{shown} {_OVER}", style="bold red") if over else Text(shown)


@click.command("stats")
@click.argument("list_slug", metavar="[LIST]", required=False)
@click.option("--since", default="90d", show_default=True, help="How far back: an age (90d, 2w) or a date.")
@json_option
def stats(list_slug: str | None, since: str, as_json: bool) -> None:
    """Sends, deliveries, complaints, opens, clicks and subscribers over time, per issue and per week.

    Complaints are marked when they reach 0.3 % of deliveries, the line Gmail and Yahoo hold bulk
    senders to. Subscribers are counted in the week they took their present status (joined: active;
    churn: unsubscribed, bounced, complained). Opens are unreliable (Apple Mail Privacy Protection).

    \b
    Examples:
      digest stats
      digest stats morning --since 2w --json
    """
    now = utcnow()
    found = read_stats(runtime().store, list_slug, parse_since(since, now), now)

    def human(console: Console) -> None:
        console.print(f"{', '.join(found.lists) or 'no lists'} since {when(found.since)}")
        console.print(table("Subscribers now", ["status", "subscribers"], list(found.subscribers.items())))
        columns = ["issue", "sent at", "sent", "delivered", "bounced", "complaints", "opens", "clicks"]
        console.print(table("Per issue", columns, [_issue_row(i.as_dict()) for i in found.issues]))
        weekly = [w.as_dict() for w in found.weeks]
        columns = ["week of", "joined", "churn", "issues", *columns[2:]]
        console.print(table("Per week", columns, [_week_row(w) for w in weekly]))
        console.print(Text("Weekly, oldest first (each row scaled to its own largest week):"))
        for label, key in _CHART:
            console.print(Text(f"  {label:<10} │{sparkline([w[key] for w in weekly])}│"))
        console.print(Text("  * opens are unreliable: Apple Mail Privacy Protection opens every message"))

    emit(as_json, found.as_dict(), human)


_CHART = (
    ("joined", "growth"),
    ("churn", "churn"),
    ("delivered", "delivered"),
    ("complaints", "complained"),
    ("opens*", "opens"),
    ("clicks", "clicks"),
)


def _outcomes(d: dict[str, Any]) -> list[object]:
    delivered = f"{d['delivered']} ({percent(d['delivery_rate'])})"
    complaints = _complaints(d["complained"], d["complaint_rate"], d["over_complaint_line"])
    return [d["sent"], delivered, d["bounced"], complaints, d["opens"], d["clicks"]]


def _issue_row(d: dict[str, Any]) -> list[object]:
    return [d["issue"], when(d["at"]), *_outcomes(d)]


def _week_row(d: dict[str, Any]) -> list[object]:
    return [str(d["start"]), d["growth"], d["churn"], d["issues"], *_outcomes(d)]
