"""`digest feeds import | export`: OPML 2.0, the format every feed reader imports and exports."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import click
from rich.console import Console

from digest.admin.opml import MAX_OPML_BYTES, Outline, export_opml, import_opml
from digest.cli.output import emit, json_option, plain, plural, runtime
from digest.runtime import utcnow


def _outline(outline: Outline) -> dict[str, object]:
    return {"title": outline.title, "url": outline.url, "categories": list(outline.categories)}


@click.command("import")
@click.argument("list_slug", metavar="LIST")
@click.argument("source", metavar="FILE.opml", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Check the file and say what would change; store nothing.")
@json_option
def import_(list_slug: str, source: BinaryIO, dry_run: bool, as_json: bool) -> None:
    """Add the feeds of an OPML file (a feed reader's export) to a list.

    Folders are read through; an outline with a bad URL is reported with its title and skipped; feeds
    the list already reads are left as they are, so the same file can be imported again. Feeds are
    not fetched now: the next poll reads them (`digest feeds list` shows any that fail).

    \b
    Example: digest feeds import morning subscriptions.opml
             digest feeds import morning feedly.opml --dry-run
    """
    content = source.read(MAX_OPML_BYTES + 1)
    name = Path(source.name).name if source.name != "<stdin>" else "stdin"
    report = import_opml(runtime().store, list_slug, content, name=name, dry_run=dry_run)
    data = {
        "list": list_slug,
        "file_title": report.file_title,
        "dry_run": dry_run,
        "added": [_outline(o) for o in report.added],
        "already": [_outline(o) for o in report.already],
        "refused": [{**_outline(o), "reason": why} for o, why in report.refused],
    }

    def human(_console: Console) -> None:
        # click.echo, not rich: titles come from the file (no markup, no wrapping); clean_text made
        # them printable.
        verb = "would add" if dry_run else "added"
        click.echo(
            f"{plain(name)}: {verb} {plural(len(report.added), 'feed')} to {list_slug}, "
            f"{len(report.already)} already on it, {len(report.refused)} refused"
        )
        for outline, why in report.refused:
            title = outline.title or "(untitled)"
            click.echo("  " + plain(f"refused {title!r} <{outline.url}>: {why}"))

    emit(as_json, data, human)


@click.command("export")
@click.argument("list_slug", metavar="[LIST]", required=False)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file instead of standard output.",
)
def export(list_slug: str | None, out_file: Path | None) -> None:
    """Write a list's feeds (or every list's, a folder per list) as OPML 2.0 for a feed reader.

    \b
    Example: digest feeds export morning > morning.opml
             digest feeds export --out all-feeds.opml
    """
    written = export_opml(runtime().store, list_slug, utcnow())
    if out_file is None:
        click.echo(written, nl=False)
    else:
        out_file.write_bytes(written)
        click.echo(f"wrote {out_file}", err=True)
