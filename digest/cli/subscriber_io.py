"""`digest subscribers import | export | forget | export-person`: files in and out, and privacy."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn
from rich.text import Text

from digest.admin import privacy
from digest.admin.csv_export import export_csv
from digest.admin.csv_import import ImportReport, import_csv
from digest.cli.output import console, emit, json_option, plain, plural, runtime, safe
from digest.models import SubscriberStatus
from digest.runtime import utcnow

SHOWN_REJECTS = 20
PROGRESS_FROM_BYTES = 1 << 20


@contextmanager
def _progress(path: Path, wanted: bool | None) -> Iterator[Callable[[int], None] | None]:
    """A bar on stderr (never in the JSON on stdout), by default on a terminal for files over 1 MB."""
    size = path.stat().st_size if path.is_file() else 0
    show = wanted if wanted is not None else (sys.stderr.isatty() and size >= PROGRESS_FROM_BYTES)
    if not show:
        yield None
        return
    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"importing {safe(path.name)}", total=size)
        yield lambda n: bar.advance(task, n)


def _report_data(slug: str, path: Path, report: ImportReport) -> dict[str, Any]:
    return {
        "list": slug,
        "file": str(path),
        "dry_run": report.dry_run,
        "rows": report.rows,
        "added": report.added,
        "resubscribed": report.resubscribed,
        "unchanged": report.unchanged,
        "details_filled": report.details_filled,
        "kept": dict(report.kept),
        "rejected": dict(report.rejected),
        "rejected_total": report.rejected_total,
        "rejects": [
            {"row": r.line, "kind": r.kind, "reason": r.reason, "raw": r.raw, "address": r.address}
            for r in report.rejects
        ],
        "rejects_truncated": report.rejected_total > len(report.rejects),
    }


def _print_report(console: Console, data: dict[str, Any], rejects_path: Path | None) -> None:
    """Every row of the file is counted once: added, resubscribed, already there, kept or skipped."""
    kept_total = sum(data["kept"].values())
    outcomes = [("added", data["added"]), ("resubscribed", data["resubscribed"])]
    outcomes += [("already there", data["unchanged"]), ("left as they were", kept_total)]
    outcomes += [("skipped", data["rejected_total"])]
    parts = [f"{n} {what}" for what, n in outcomes if n or what == "added"]
    verb = "checked" if data["dry_run"] else "read"
    line = f"{verb} {plural(data['rows'], 'row')} into {data['list']}: {', '.join(parts)}"
    console.print(Text(plain(line)), highlight=False)
    if data["kept"]:
        kept = ", ".join(f"{n} {status}" for status, n in sorted(data["kept"].items()))
        console.print(f"left as they were: {kept} (an import never changes someone's standing)")
    if data["rejected_total"]:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(data["rejected"].items()))
        console.print(
            Text.assemble((f"skipped {plural(data['rejected_total'], 'row')}", "yellow"), f": {kinds}")
        )
        for r in data["rejects"][:SHOWN_REJECTS]:
            who = f", {r['address']}" if r["address"] else ""
            console.print(Text(plain(f"  row {r['row']}{who}: {r['reason']}")), highlight=False)
        more = data["rejected_total"] - min(SHOWN_REJECTS, len(data["rejects"]))
        if more > 0:
            hint = f"all are in {rejects_path}" if rejects_path else "--rejects FILE keeps them all"
            console.print(Text(plain(f"  … and {more} more: {hint}")))
    if data["dry_run"]:
        console.print("dry run: nothing was written")


@click.command("import")
@click.argument("list_slug", metavar="LIST")
@click.argument("file", metavar="FILE.csv", type=click.Path(path_type=Path))
@click.option(
    "--status",
    type=click.Choice(["active", "pending"]),
    default="active",
    show_default=True,
    help="Status of the people added: active (they consented already) or pending (double opt-in).",
)
@click.option(
    "--resubscribe", is_flag=True, help="Re-activate addresses that had unsubscribed from the list."
)
@click.option("--dry-run", is_flag=True, help="Check the file and report what would happen; write nothing.")
@click.option(
    "--rejects",
    "rejects_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write skipped rows here.",
)
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr [default: large files].")
@json_option
def import_(
    list_slug: str,
    file: Path,
    status: str,
    resubscribe: bool,
    dry_run: bool,
    rejects_path: Path | None,
    progress: bool | None,
    as_json: bool,
) -> None:
    """Import subscribers from a CSV file with a header row: email, optional name, any other
    columns become attributes. `,` or `;` separated, UTF-8 (with or without BOM).

    Bad rows (invalid address, duplicate, suppressed, malformed) are skipped and reported by row
    number; the good ones are imported all the same. Running the same file again changes nothing:
    people already on the list keep their status.

    \b
    Example: digest subscribers import morning people.csv --rejects rejected.csv
    """
    with _progress(file, progress) as on_progress:
        report = import_csv(
            runtime().store,
            list_slug,
            file,
            now=utcnow(),
            status=SubscriberStatus(status),
            resubscribe=resubscribe,
            dry_run=dry_run,
            rejects_path=rejects_path,
            on_progress=on_progress,
        )
    data = _report_data(list_slug, file, report)
    emit(as_json, data, lambda c: _print_report(c, data, rejects_path))


@click.command("export")
@click.argument("list_slug", metavar="LIST")
@click.option("--status", type=click.Choice([s.value for s in SubscriberStatus]), help="Only this status.")
def export(list_slug: str, status: str | None) -> None:
    """Write a list's subscribers as CSV to stdout (email, name, attributes), ready for import.

    \b
    Example: digest subscribers export morning --status active > morning.csv
    """
    out = sys.stdout
    rows = export_csv(runtime().store, list_slug, out, status=SubscriberStatus(status) if status else None)
    out.flush()
    click.echo(f"exported {plural(rows, 'subscriber')} of {plain(list_slug)}", err=True)


@click.command("forget")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
def forget(email: str, yes: bool, as_json: bool) -> None:
    """Erase a person everywhere: record, every subscription. If the address was suppressed, only a
    hash of it stays, so it is never mailed or imported again.

    \b
    Example: digest subscribers forget ada@example.com --yes
    """
    if not yes:
        click.confirm(
            f"Erase everything held on {plain(email.strip())}? This cannot be undone", abort=True, err=True
        )
    data = privacy.forget(runtime().store, email)

    def human(console: Console) -> None:
        lists = ", ".join(data["lists"]) or "no list"
        kept = (
            "; kept a hash of the address on the suppression set" if data["kept_suppression_digest"] else ""
        )
        console.print(f"forgot {safe(data['email'])} (was on {safe(lists)}){kept}")

    emit(as_json, data, human)


@click.command("export-person")
@click.argument("email")
@json_option
def export_person(email: str, as_json: bool) -> None:
    """Print, as JSON, all data held on one address: record, lists, deliveries, suppression.

    \b
    Example: digest subscribers export-person ada@example.com > ada.json
    """
    data = privacy.export_person(runtime().store, email)
    emit(True, data, lambda c: c.print_json(json.dumps(data, default=str)))
