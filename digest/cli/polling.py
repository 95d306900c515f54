"""`digest feeds poll`: an operator's poll, in this process, many feeds at once."""

from __future__ import annotations

import os
from datetime import datetime
from functools import partial

import click
from rich.console import Console
from rich.progress import Progress

from digest.cli.output import console as make_console
from digest.cli.output import emit, json_option, plain, plural, runtime, when
from digest.collect.backoff import is_backing_off
from digest.collect.collector import CollectReport
from digest.collect.poller import Parts, Poller, PollOptions
from digest.config import POLL_CONCURRENCY, POLL_PER_HOST, Settings
from digest.models import Feed, FeedStatus
from digest.runtime import Runtime, utcnow

PROCESS_POOL_FROM = 50  # feeds in one poll before parsing goes to a process per core


@click.command("poll")
@click.argument("list_slug", metavar="[LIST]", required=False)
@click.option("--all", "all_feeds", is_flag=True, help="Poll every feed of every list.")
@click.option(
    "--force", is_flag=True, help="Also poll feeds backing off after failures (disabled ones stay off)."
)
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
@click.option("-v", "--verbose", is_flag=True, help="A line for each feed, not only the summary.")
@json_option
def poll(
    list_slug: str | None,
    all_feeds: bool,
    force: bool,
    concurrency: int | None,
    per_host: int | None,
    verbose: bool,
    as_json: bool,
) -> None:
    """Collect new articles now, in this process, many feeds at once: every feed that is not backing
    off after failures, whether or not its interval is up (only the workers wait for that). A broken
    feed is reported and the others go on.

    \b
    Example: digest feeds poll morning
             digest feeds poll --all --concurrency 100 -v
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
        rt.settings, concurrency=concurrency, per_host=per_host, processes=processes, force=force, manual=True
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
    now = utcnow()
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
    ] + [{"url": f.url, "title": f.title, "skipped": _skip_reason(f, now)} for f in summary.skipped]

    def human(_console: Console) -> None:
        # click.echo, not rich: titles and errors come from the feeds (no markup, no wrapping).
        for r in reports:
            if r.error:
                click.secho(plain(f"failed {r.url}: {r.error}"), fg="red")
            elif not verbose:
                continue
            elif r.not_modified:
                click.echo(plain(f"unchanged {r.title or r.url}"))
            else:
                click.echo(plain(f"{len(r.new_articles)} new of {r.entries} in {r.title or r.url}"))
            if verbose and r.moved_to:
                click.echo("  " + plain(f"moved for good to {r.moved_to}: the feed's URL is updated"))
            for warning in r.warnings if verbose else []:
                click.echo("  " + plain(f"warning: {warning}"))
        for feed in summary.skipped if verbose else []:
            name = f"{feed.title} ({feed.url})" if feed.title else feed.url
            click.echo(plain(f"skipped {name}: {_skip_reason(feed, now)}"))
        click.echo(_summary_line(reports, summary.skipped, verbose))

    emit(as_json, data, human)
    if reports and all(r.error for r in reports):
        raise SystemExit(1)


def _summary_line(reports: list[CollectReport], skipped: list[Feed], verbose: bool) -> str:
    new = sum(len(r.new_articles) for r in reports)
    unchanged = sum(1 for r in reports if not r.error and not r.new_articles)
    failed = sum(1 for r in reports if r.error)
    parts = [plural(new, "new article") if new else "no new articles", f"{unchanged} unchanged"]
    if failed:
        parts.append(f"{failed} failed")
    line = f"polled {plural(len(reports), 'feed')}: " + ", ".join(parts)
    waiting = sum(1 for f in skipped if f.status is not FeedStatus.DISABLED)
    disabled = len(skipped) - waiting
    if waiting:
        them = "it" if waiting == 1 else "them"
        line += f"; skipped {waiting} backing off after failures (--force polls {them})"
    if disabled:
        line += f"; skipped {disabled} disabled (`digest feeds add` it again to re-enable)"
    if not verbose and (reports or skipped):
        line += "; -v lists each feed"
    return line


def _parts(settings: Settings) -> Parts:
    """What each poll process builds for itself (from the settings: its environment may differ)."""
    rt = Runtime(settings)
    return rt.store, rt.fetcher


def _skip_reason(feed: Feed, now: datetime) -> str:
    if feed.status is FeedStatus.DISABLED:
        return f"disabled ({feed.last_error}); `digest feeds add` it again to re-enable"
    if is_backing_off(feed, now):
        failures = "1 failure" if feed.error_count == 1 else f"{feed.error_count} failures"
        return f"backing off after {failures} until {when(feed.next_poll_at)} (--force polls it now)"
    return f"not due until {when(feed.next_poll_at)}"
