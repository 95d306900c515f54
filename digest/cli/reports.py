"""`digest issue report LIST N`: what one issue did, per article too."""

from __future__ import annotations

import click
from rich.console import Console
from rich.text import Text

from digest.admin.reporting import read_issue_report
from digest.cli.output import emit, fields, json_option, plain, runtime, table


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f} %"


@click.command("report")
@click.argument("list_slug", metavar="LIST")
@click.argument("number", metavar="N", type=int)
@json_option
def report(list_slug: str, number: int, as_json: bool) -> None:
    """Deliveries, bounces, complaints, unsubscribes, opens and clicks of one issue, and each
    article's clicks in the issue's order (from the provider's events: SendGrid's Event Webhook).

    \b
    Example: digest issue report morning 3
    """
    store = runtime().store
    store.lists.get(list_slug)
    found = read_issue_report(store, list_slug, number)
    data = found.as_dict()

    def human(console: Console) -> None:
        console.print(Text(plain(f"{found.issue}: {found.subject}")))
        console.print(
            fields(
                [
                    ("recipients", found.recipients),
                    ("sent", found.sent),
                    ("delivered", f"{found.delivered} ({percent(found.delivery_rate)} of sent)"),
                    ("bounced", f"{found.bounced_hard} hard, {found.bounced_soft} soft"),
                    ("dropped", found.dropped),
                    ("complained", found.complained),
                    ("unsubscribed", found.unsubscribed),
                    (
                        "unique opens",
                        f"{found.unique_opens} ({percent(found.open_rate)}) — {found.opens_caveat}",
                    ),
                    ("unique clicks", f"{found.unique_clicks} ({percent(found.click_rate)})"),
                ]
            )
        )
        rows = [(a.position, a.title, a.clicks, percent(a.click_rate), a.url) for a in found.articles]
        console.print(table("Clicks per article", ["#", "title", "clicks", "click rate", "url"], rows))
        if found.other_clicks:
            console.print(
                Text(f"{found.other_clicks} clicks on other links (footer, archive, links not kept)")
            )

    emit(as_json, data, human)
