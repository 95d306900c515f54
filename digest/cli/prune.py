"""`digest prune`: delete what the retention settings say is old enough, or say what that would be."""

from __future__ import annotations

import click
from rich.console import Console

from digest.admin.retention import KINDS
from digest.admin.retention import prune as run_prune
from digest.cli.output import emit, json_option, plural, runtime, table
from digest.runtime import utcnow

_ITEMS = {  # kind -> (one item, many)
    "deliveries": ("delivery record", "delivery records"),
    "events": ("provider event", "provider events"),
    "snapshots": ("recipient in snapshots", "recipients in snapshots"),
    "articles": ("article", "articles"),
    "identities": ("entry identity", "entry identities"),
    "throttles": ("counter", "counters"),
}


@click.command()
@click.option(
    "--dry-run", is_flag=True, help="Say what would be deleted and the memory it holds; delete nothing."
)
@json_option
def prune(dry_run: bool, as_json: bool) -> None:
    """Delete old delivery records, events, snapshots, articles and identities (retention).

    How old each kind may grow is set by DIGEST_RETAIN_* (days; 0 keeps it for ever). Beat runs this
    daily; issues still being sent, the counts reports read and the identities of feeds a list reads
    are never touched.

    \b
    Example: digest prune --dry-run
    """
    rt = runtime()
    report = run_prune(rt.store, rt.settings.retention, utcnow(), dry_run=dry_run)

    def human(console: Console) -> None:
        verb = "would free" if dry_run else "freed"
        rows = []
        for kind in KINDS:
            tally = report.kinds[kind]
            days = getattr(rt.settings.retention, kind)
            rows.append((kind, f"{days} d" if days else "kept", plural(tally.items, *_ITEMS[kind]),
                         tally.keys, _size(tally.bytes)))  # fmt: skip
        title = "what prune would delete" if dry_run else "what prune deleted"
        console.print(table(title, ("kind", "kept for", "items", "keys", "memory"), rows))
        console.print(f"{verb} {_size(report.bytes)} (MEMORY USAGE of the keys deleted whole)")

    emit(as_json, report.as_dict(), human)


def _size(count: int) -> str:
    for unit in ("B", "KB", "MB"):
        if count < 1024:
            return f"{count} {unit}"
        count //= 1024
    return f"{count} GB"
