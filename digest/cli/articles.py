"""`digest articles …`: what has been collected, waiting for an issue."""

from __future__ import annotations

import click
from rich.console import Console

from digest.admin import articles as admin_articles
from digest.cli.output import emit, json_option, runtime, safe, when
from digest.issues.compose import describe_left_out
from digest.runtime import utcnow


@click.group()
def articles() -> None:
    """Inspect collected articles.

    \b
    Example: digest articles list morning --since 7d
    """


@articles.command("list")
@click.argument("list_slug", metavar="LIST")
@click.option(
    "--since", default=None, help="Everything first seen since: 2024-05-01, 2024-05-01T08:00, 7d, 12h."
)
@json_option
def articles_list(list_slug: str, since: str | None, as_json: bool) -> None:
    """Articles waiting for the list's next issue (or, with --since, all collected since then).

    \b
    Example: digest articles list morning --json
             digest articles list morning --since 7d
    """
    now = utcnow()
    selection = admin_articles.list_selection(
        runtime().store, list_slug, now, admin_articles.parse_since(since, now) if since else None
    )
    found = selection.articles
    left_out = describe_left_out(selection.left_out)
    data = [
        {
            "id": a.id,
            "title": a.title,
            "url": a.url,
            "source": a.source,
            "published_at": a.published_at,
            "first_seen_at": a.first_seen_at,
            "highlight_method": a.highlight_method,
            "highlights": a.highlights,
        }
        for a in found
    ]

    def human(console: Console) -> None:
        if not data:
            console.print(f"no articles for {safe(list_slug)} since {safe(since or 'its last issue')}")
        for a in found:
            console.print(
                f"[bold]{safe(a.title)}[/] — {safe(a.source)}, {safe(when(a.sort_time))}\n  {safe(a.url)}"
            )
            for line in a.highlights:
                console.print(f"  • {safe(line)}")
        if left_out:
            click.echo(f"{len(found)} articles in the next issue; {left_out}")

    emit(as_json, data, human)
    if as_json and left_out:
        click.echo(f"{len(found)} articles in the next issue; {left_out}", err=True)
