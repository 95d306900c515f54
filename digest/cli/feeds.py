"""`digest feeds …`: which feeds a list reads, and collecting their articles."""

from __future__ import annotations

import os
from functools import partial

import click
from rich.console import Console
from rich.progress import Progress
from rich.text import Text

from digest.admin.feeds import add_feed, remove_feed
from digest.cli.output import console as make_console
from digest.cli.output import emit, json_option, plain, plural, runtime, safe, table, when
from digest.collect.poller import Parts, Poller, PollOptions
from digest.config import POLL_CONCURRENCY, POLL_PER_HOST, Settings
from digest.models import Feed, FeedStatus
from digest.runtime import Runtime, utcnow
from digest.schedules.durations import POLL_INTERVAL, parse_duration

PROCESS_POOL_FROM = 50  # feeds in one poll before parsing goes to a process per core


@click.group()
def feeds() -> None:
    """Add feeds to lists and collect their articles.

    \b
    Examples:
      digest feeds add morning https://example.com/feed.xml
      digest feeds list morning
      digest feeds poll morning
      digest feeds remove morning https://example.com/feed.xml
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
    }

    def human(console: Console) -> None:
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


@feeds.command("poll")
@click.argument("list_slug", metavar="[LIST]", required=False)
@click.option("--all", "all_feeds", is_flag=True, help="Poll every feed of every list.")
@click.option("--force", is_flag=True, help="Also poll feeds that are backing off (disabled ones stay off).")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 1000),
    help=f"Requests in flight at once. [default: DIGEST_POLL_CONCURRENCY, {POLL_CONCURRENCY}]",
)
@click.option(
    "--per-host",
    type=click.IntRange(1, 100),
    help=f"Requests in flight to one host. [default: DIGEST_POLL_PER_HOST, {POLL_PER_HOST}]",
)
@json_option
def poll(
    list_slug: str | None,
    all_feeds: bool,
    force: bool,
    concurrency: int | None,
    per_host: int | None,
    as_json: bool,
) -> None:
    """Collect new articles now, in this process, many feeds at once. A broken feed is reported and
    the others go on; a feed backing off (after failures, 429/503 or Cache-Control) waits its turn.

    \b
    Example: digest feeds poll morning
             digest feeds poll --all --concurrency 100
    """
    if not list_slug and not all_feeds:
        raise click.UsageError("name a LIST or give --all")
    rt = runtime()
    if list_slug:
        rt.store.lists.get(list_slug)
    ids = rt.store.feeds.all_ids() if all_feeds else rt.store.feeds.ids_for_list(list_slug or "")
    # Processes pay off only when there is work to spread; a short poll stays in this process.
    processes = (os.cpu_count() or 1) if len(ids) >= PROCESS_POOL_FROM else 0
    options = PollOptions.from_settings(
        rt.settings, concurrency=concurrency, per_host=per_host, processes=processes, force=force
    )
    progress_console = make_console(stderr=True)
    with (
        Poller(rt.store, rt.fetcher, options, partial(_parts, rt.settings)) as poller,
        Progress(
            console=progress_console, transient=True, disable=as_json or not progress_console.is_terminal
        ) as progress,
    ):
        task = progress.add_task("polling", total=len(ids))
        summary = poller.poll(ids, utcnow, on_done=lambda _r: progress.advance(task))
    reports = summary.reports
    data = [
        {
            "url": r.url,
            "title": r.title,
            "entries": r.entries,
            "new": len(r.new_articles),
            "not_modified": r.not_modified,
            "status": r.status.value,
            "error": r.error,
            "moved_to": r.moved_to,
            "warnings": r.warnings,
        }
        for r in reports
    ] + [{"url": f.url, "title": f.title, "skipped": _skip_reason(f)} for f in summary.skipped]

    def human(console: Console) -> None:
        for r in reports:
            if r.error:
                console.print(f"[red]failed[/] {safe(r.url)}: {safe(r.error)}")
            elif r.not_modified:
                console.print(f"unchanged {safe(r.title or r.url)}")
            else:
                console.print(
                    f"[green]{len(r.new_articles)} new[/] of {r.entries} in {safe(r.title or r.url)}"
                )
            if r.moved_to:
                console.print(f"  moved for good to {safe(r.moved_to)}: the feed's URL is updated")
            for warning in r.warnings:
                console.print(f"  [yellow]warning[/] {safe(warning)}")
        for feed in summary.skipped:
            console.print(f"skipped {safe(feed.title or feed.url)}: {safe(_skip_reason(feed))}")

    emit(as_json, data, human)
    if reports and all(r.error for r in reports):
        raise SystemExit(1)


def _parts(settings: Settings) -> Parts:
    """What each poll process builds for itself (from the settings: its environment may differ)."""
    rt = Runtime(settings)
    return rt.store, rt.fetcher


def _skip_reason(feed: Feed) -> str:
    if feed.status is FeedStatus.DISABLED:
        return f"disabled ({feed.last_error}); `digest feeds add` it again to re-enable"
    return f"backing off until {when(feed.next_poll_at)} (--force polls it now)"
