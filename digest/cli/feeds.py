"""`digest feeds …`: which feeds a list reads, and collecting their articles."""

from __future__ import annotations

import click
from rich.console import Console
from rich.text import Text

from digest.admin.feeds import add_feed, remove_feed
from digest.cli.articles import articles
from digest.cli.opml import export, import_
from digest.cli.output import emit, json_option, plain, plural, runtime, safe, table, when
from digest.cli.polling import poll
from digest.models import Feed, FeedStatus
from digest.schedules.durations import POLL_INTERVAL, parse_duration


@click.group()
def feeds() -> None:
    """Add feeds to lists and collect their articles.

    \b
    Examples:
      digest feeds add morning https://example.com/feed.xml
      digest feeds list morning
      digest feeds poll morning
      digest feeds remove morning https://example.com/feed.xml
      digest feeds import morning subscriptions.opml
      digest feeds export morning > morning.opml
    """


@feeds.command("add")
@click.argument("list_slug", metavar="LIST")
@click.argument("url")
@click.option("--name", default="", help="Name shown for the feed (default: the feed's own title).")
@click.option(
    "--every",
    default="",
    help="This feed's own interval between polls, e.g. 5m or 2h (default: DIGEST_POLL_INTERVAL).",
)
@json_option
def add(list_slug: str, url: str, name: str, every: str, as_json: bool) -> None:
    """Add a feed to a list; it is fetched once to check that it is a feed.

    A web page that announces its feed (<link rel="alternate">) is taken as that feed.

    \b
    Example: digest feeds add morning https://example.com/feed.xml
    """
    rt = runtime()
    interval = parse_duration(every, POLL_INTERVAL) if every else 0
    check = add_feed(rt.store, rt.fetcher, list_slug, url, name=name)
    if every:
        rt.store.feeds.set_poll_every(check.feed.id, interval)
    data = {
        "id": check.feed.id,
        "url": check.feed.url,
        "title": check.title,
        "entries": check.entries,
        "discovered_from": check.discovered_from,
        "warning": check.warning,
        "poll_every": interval or rt.settings.poll_interval_seconds,
        "already": check.already,
    }

    def human(console: Console) -> None:
        if check.already:
            name = f"{check.title} ({check.feed.url})" if check.title else check.feed.url
            click.echo(plain(f"already on {list_slug}: {name}"))
            return
        if check.discovered_from:
            console.print(
                f"{safe(check.discovered_from)} is a web page; it announces the feed {safe(check.feed.url)}"
            )
        entries = plural(check.entries, "entry", "entries")
        console.print(f"added {safe(repr(check.title or check.feed.url))} ({entries}) to {safe(list_slug)}")
        if check.warning:
            console.print(f"[yellow]warning[/] {safe(check.warning)}")

    emit(as_json, data, human)


@feeds.command("remove")
@click.argument("list_slug", metavar="LIST")
@click.argument("feed", metavar="URL-or-ID")
@json_option
def remove(list_slug: str, feed: str, as_json: bool) -> None:
    """Stop a list reading a feed (its articles stay in past issues; other lists keep it).

    \b
    Example: digest feeds remove morning https://example.com/feed.xml
    """
    removed = remove_feed(runtime().store, list_slug, feed)
    data = {"id": removed.id, "url": removed.url, "list": list_slug}
    emit(
        as_json,
        data,
        lambda c: c.print(f"removed {safe(repr(removed.title or removed.url))} from {safe(list_slug)}"),
    )


def _status(feed: Feed) -> str:
    if feed.status is FeedStatus.OK:
        return "ok" if not feed.last_error else f"ok (last try: {feed.last_error})"
    return f"{feed.status.value}: {feed.last_error}"


@feeds.command("list")
@click.argument("list_slug", metavar="[LIST]", required=False)
@json_option
def list_(list_slug: str | None, as_json: bool) -> None:
    """Feeds with their last poll, status (ok / failing / disabled, with why), errors and articles.

    \b
    Example: digest feeds list morning
    """
    store = runtime().store
    if list_slug:
        store.lists.get(list_slug)
    ids = store.feeds.ids_for_list(list_slug) if list_slug else store.feeds.all_ids()
    data = []
    for feed in store.feeds.get_many(ids):
        data.append(
            {
                "id": feed.id,
                "url": feed.url,
                "title": feed.title,
                "status": feed.status.value,
                "last_polled_at": feed.last_polled_at,
                "next_poll_at": feed.next_poll_at,
                "last_error": feed.last_error,
                "error_count": feed.error_count,
                "warning": feed.warning,
                "articles": store.feeds.article_count(feed.id),
                "status_line": _status(feed),
            }
        )

    def human(console: Console) -> None:
        colours = {"ok": "green", "failing": "yellow", "disabled": "red"}
        rows = [
            (
                d["title"] or "-",
                d["url"],
                when(d["last_polled_at"]),
                Text(plain(d["status_line"]), style=colours[str(d["status"])]),
                d["error_count"],
                d["articles"],
            )
            for d in data
        ]
        columns = ["title", "url", "last poll", "status", "errors", "articles"]
        console.print(table("Feeds", columns, rows))
        for d in data:
            if d["warning"]:  # below the table, unwrapped: what a poll left out is read, not glanced at
                line = f"[yellow]warning[/] {safe(d['url'])}: {safe(d['warning'])}"
                console.print(line, soft_wrap=True)

    emit(as_json, data, human)


for _command in (poll, import_, export):
    feeds.add_command(_command)

__all__ = ["articles", "feeds"]
