"""`digest feeds …` and `digest articles …`"""

from __future__ import annotations

import click
from rich.console import Console

from digest import admin
from digest.admin import articles as admin_articles
from digest.cli.output import emit, json_option, runtime, table, when
from digest.pipeline import collect_feed
from digest.runtime import utcnow


@click.group()
def feeds() -> None:
    """Add feeds to lists and collect their articles."""


@feeds.command("add")
@click.argument("list_slug", metavar="LIST")
@click.argument("url")
@click.option("--name", default="", help="Name shown for the feed (default: the feed's own title).")
@json_option
def add(list_slug: str, url: str, name: str, as_json: bool) -> None:
    """Add a feed to a list; it is fetched once to check that it is a feed.

    \b
    Example: digest feeds add morning https://example.com/feed.xml
    """
    rt = runtime()
    check = admin.add_feed(rt.store, rt.fetcher, list_slug, url, name=name)
    data = {"id": check.feed.id, "url": check.feed.url, "title": check.title, "entries": check.entries}
    emit(
        as_json,
        data,
        lambda c: c.print(f"added {check.title or url!r} ({check.entries} entries) to {list_slug}"),
    )


@feeds.command("list")
@click.argument("list_slug", metavar="LIST", required=False)
@json_option
def list_(list_slug: str | None, as_json: bool) -> None:
    """Feeds with their last poll and errors.

    \b
    Example: digest feeds list morning
    """
    store = runtime().store
    ids = store.feeds.ids_for_list(list_slug) if list_slug else store.feeds.all_ids()
    if list_slug:
        store.lists.get(list_slug)
    data = []
    for feed_id in ids:
        feed = store.feeds.get(feed_id)
        data.append(
            {
                "id": feed.id,
                "url": feed.url,
                "title": feed.title,
                "last_polled_at": feed.last_polled_at,
                "last_error": feed.last_error,
                "error_count": feed.error_count,
                "articles": store.feeds.article_count(feed.id),
            }
        )

    def human(console: Console) -> None:
        rows = [
            (
                d["title"] or "-",
                d["url"],
                when(d["last_polled_at"]),
                d["articles"],
                d["last_error"] or "ok",
            )
            for d in data
        ]
        console.print(table("Feeds", ["title", "url", "last poll", "articles", "status"], rows))

    emit(as_json, data, human)


@feeds.command("poll")
@click.argument("list_slug", metavar="LIST", required=False)
@click.option("--all", "all_feeds", is_flag=True, help="Poll every feed of every list.")
@json_option
def poll(list_slug: str | None, all_feeds: bool, as_json: bool) -> None:
    """Collect new articles now, in this process. A broken feed is reported and the others go on.

    \b
    Example: digest feeds poll morning
    """
    if not list_slug and not all_feeds:
        raise click.UsageError("name a LIST or give --all")
    rt = runtime()
    if list_slug:
        rt.store.lists.get(list_slug)
    ids = rt.store.feeds.all_ids() if all_feeds else rt.store.feeds.ids_for_list(list_slug or "")
    reports = [collect_feed(rt.store, rt.fetcher, feed_id, utcnow()) for feed_id in ids]
    data = [
        {
            "url": r.url,
            "title": r.title,
            "entries": r.entries,
            "new": len(r.new_articles),
            "not_modified": r.not_modified,
            "error": r.error,
            "warnings": r.warnings,
        }
        for r in reports
    ]

    def human(console: Console) -> None:
        for r in reports:
            if r.error:
                console.print(f"[red]failed[/] {r.url}: {r.error}")
            elif r.not_modified:
                console.print(f"unchanged {r.title or r.url}")
            else:
                console.print(f"[green]{len(r.new_articles)} new[/] of {r.entries} in {r.title or r.url}")
            for warning in r.warnings:
                console.print(f"  [yellow]warning[/] {warning}")

    emit(as_json, data, human)
    if reports and all(r.error for r in reports):
        raise SystemExit(1)


@click.group()
def articles() -> None:
    """Inspect collected articles."""


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
    found = admin_articles.list_articles(
        runtime().store, list_slug, now, admin_articles.parse_since(since, now) if since else None
    )
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
            console.print(f"no articles for {list_slug} since {since or 'its last issue'}")
        for a in found:
            console.print(f"[bold]{a.title}[/] — {a.source}, {when(a.sort_time)}\n  {a.url}")
            for line in a.highlights:
                console.print(f"  • {line}")

    emit(as_json, data, human)
