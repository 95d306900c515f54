"""`digest schedule …`"""

from __future__ import annotations

from datetime import UTC
from typing import Any

import click
from rich.console import Console

from digest.cli import queue
from digest.cli.output import emit, json_option, runtime, safe, table, when
from digest.collect.poller import PollOptions
from digest.delivery.dispatch import send_or_hold
from digest.models import IssueStatus, Schedule
from digest.runtime import utcnow
from digest.schedules import cron as maths
from digest.schedules import tick as scheduling
from digest.schedules.durations import MAX_AGE, parse_duration

edition_option = click.option("--edition", default=None, help="Which edition (default: the list's first).")


@click.group()
def schedule() -> None:
    """When each list's digest goes out (cron or friendly form, in the list's time zone).

    \b
    Examples:
      digest schedule set morning 'weekdays 07:00' --tz Europe/Istanbul
      digest schedule show morning
      digest schedule pause morning
      digest schedule run-now morning
    """


def _data(s: Schedule) -> dict[str, Any]:
    store = runtime().store
    now = utcnow()
    runs = maths.next_runs(s.cron, s.tz, now, 5) if not s.paused else []
    skipped, last_skipped = store.schedules.skips(s.list_slug, s.edition)
    return {
        "list": s.list_slug,
        "edition": s.edition,
        "spec": s.spec,
        "cron": s.cron,
        "description": maths.describe(s.cron),
        "tz": s.tz,
        "paused": s.paused,
        "catch_up": s.catch_up,
        "max_articles": s.max_articles,
        "max_per_feed": s.max_per_feed,
        "max_age_hours": s.max_age_hours,
        "next_runs": [r.isoformat() for r in runs],
        "next_runs_utc": [r.astimezone(UTC).isoformat() for r in runs],
        "last_slot": store.schedules.last_slot(s.list_slug, s.edition),
        "skipped_slots": skipped,
        "last_skipped": last_skipped,
    }


def _editions(slug: str, edition: str | None) -> list[Schedule]:
    store = runtime().store
    store.lists.get(slug)
    if edition:
        return [store.schedules.get(slug, edition)]
    found = store.schedules.for_list(slug)
    if not found:
        store.schedules.get(slug, "default")  # raises the "no schedule" error with its example
    return found


@schedule.command("set")
@click.argument("list_slug", metavar="LIST")
@click.argument("spec")
@click.option("--tz", default="UTC", show_default=True, help="IANA time zone, e.g. Europe/Istanbul.")
@edition_option
@click.option(
    "--catch-up",
    type=click.Choice(maths.CATCH_UP_POLICIES),
    default="one",
    show_default=True,
    help="After downtime: one issue for all missed slots, or none.",
)
@click.option(
    "--max-articles", default=30, show_default=True, help="At most this many articles in one issue."
)
@click.option(
    "--max-per-feed",
    default=10,
    show_default=True,
    help="At most this many articles of one feed in one issue.",
)
@click.option(
    "--max-age", default="0", show_default=True, help="Leave out older articles, e.g. 7d or 36h; 0: no limit."
)
@json_option
def set_(
    list_slug: str,
    spec: str,
    tz: str,
    edition: str | None,
    catch_up: str,
    max_articles: int,
    max_per_feed: int,
    max_age: str,
    as_json: bool,
) -> None:
    """Set when a list's digest goes out; takes effect without restarting beat.

    \b
    SPEC is 5-field cron or one of: 'daily 07:00', 'weekdays 07:00', 'weekly sun 18:00', 'monthly 1 09:00'.
    Example: digest schedule set morning 'weekdays 07:00' --tz Europe/Istanbul
             digest schedule set morning 'weekly sun 18:00' --edition weekly
    """
    rt = runtime()
    options = scheduling.ScheduleOptions(
        tz=tz,
        catch_up=catch_up,
        max_articles=max_articles,
        max_per_feed=max_per_feed,
        max_age_hours=parse_duration(max_age, MAX_AGE),
    )
    saved = scheduling.set_schedule(
        rt.store, list_slug, spec, utcnow(), edition=edition or "", options=options
    )
    queue.install_tick(queue.celery_app(), saved.list_slug, saved.edition, rt.settings.schedule_tick_seconds)
    data = {**_data(saved), "warning": maths.zone_warning(tz)}
    if data["warning"]:
        click.echo(f"warning: {data['warning']}", err=True)
    emit(
        as_json,
        data,
        lambda c: c.print(
            f"{safe(list_slug)}/{safe(saved.edition)}: {safe(data['description'])} ({safe(tz)}); "
            f"next {safe(when(data['next_runs'][0] if data['next_runs'] else None, tz))}"
        ),
    )


@schedule.command("show")
@click.argument("list_slug", metavar="[LIST]", required=False)
@json_option
def show(list_slug: str | None, as_json: bool) -> None:
    """A list's schedules (or all), with the next 5 runs in the list's zone and in UTC.

    \b
    Example: digest schedule show morning
    """
    found = _editions(list_slug, None) if list_slug else runtime().store.schedules.all()
    data = [_data(s) for s in found]

    def human(console: Console) -> None:
        for d in data:
            state = "paused" if d["paused"] else "active"
            console.print(
                f"[bold]{safe(d['list'])}/{safe(d['edition'])}[/] ({state}): {safe(d['spec'])} = "
                f"{safe(d['cron'])} — {safe(d['description'])}, {safe(d['tz'])}"
            )
            for run in d["next_runs"]:
                console.print(f"  {safe(when(run, d['tz']))}")
            console.print(
                f"  skipped slots (nothing new): {d['skipped_slots']}, last {safe(when(d['last_skipped']))}"
            )

    emit(as_json, data, human)


@schedule.command("list")
@json_option
def list_(as_json: bool) -> None:
    """Every schedule, one line each.

    \b
    Example: digest schedule list --json
    """
    data = [_data(s) for s in runtime().store.schedules.all()]
    rows = [
        (
            f"{d['list']}/{d['edition']}",
            d["spec"],
            d["tz"],
            "paused" if d["paused"] else "active",
            when(d["next_runs"][0] if d["next_runs"] else None, d["tz"]),
        )
        for d in data
    ]
    emit(
        as_json,
        data,
        lambda c: c.print(table("Schedules", ["edition", "spec", "zone", "state", "next run"], rows)),
    )


def _set_paused(list_slug: str, edition: str | None, paused: bool, as_json: bool) -> None:
    store = runtime().store
    changed = [
        scheduling.set_paused(store, list_slug, s.edition, paused) for s in _editions(list_slug, edition)
    ]
    word = "paused" if paused else "resumed"
    emit(
        as_json,
        [_data(s) for s in changed],
        lambda c: c.print(", ".join(f"{safe(s.list_slug)}/{safe(s.edition)}" for s in changed) + f" {word}"),
    )


@schedule.command("pause")
@click.argument("list_slug", metavar="LIST")
@edition_option
@json_option
def pause(list_slug: str, edition: str | None, as_json: bool) -> None:
    """Stop building issues for a list (all its editions unless --edition).

    \b
    Example: digest schedule pause morning
    """
    _set_paused(list_slug, edition, True, as_json)


@schedule.command("resume")
@click.argument("list_slug", metavar="LIST")
@edition_option
@json_option
def resume(list_slug: str, edition: str | None, as_json: bool) -> None:
    """Resume a paused list; slots missed while paused follow its catch-up policy.

    \b
    Example: digest schedule resume morning
    """
    _set_paused(list_slug, edition, False, as_json)


@schedule.command("run-now")
@click.argument("list_slug", metavar="LIST")
@edition_option
@click.option("--inline", is_flag=True, help="Send from this process instead of the Celery workers.")
@json_option
def run_now(list_slug: str, edition: str | None, inline: bool, as_json: bool) -> None:
    """Build an issue now through the scheduled path (poll, claim the slot, build) and send it.

    \b
    Example: digest schedule run-now morning
    """
    rt = runtime()
    schedule = _editions(list_slug, edition)[0]
    outcome = scheduling.tick(
        rt.store,
        rt.fetcher,
        list_slug,
        schedule.edition,
        utcnow(),
        force=True,
        archive_url=rt.archive_url(list_slug),
        poll=PollOptions.from_settings(rt.settings),
        lease_seconds=rt.settings.lease_seconds,
    )
    archive_url = rt.archive_url(list_slug)
    for built in outcome.issues:
        send_or_hold(built, inline=inline, sender=rt.sender, queue=queue.send_issue, archive_url=archive_url)
    drafts = [i.id for i in outcome.issues if i.status is IssueStatus.DRAFT]
    data = {
        "list": list_slug,
        "edition": schedule.edition,
        "status": outcome.status,
        "issues": [i.id for i in outcome.issues],
        "drafts": drafts,
    }
    ids = ", ".join(i.id for i in outcome.issues)
    doing = "held for review (editors got a test copy)" if drafts else "sending"
    message = f"built {ids}, {doing}" if ids else f"{outcome.status}: nothing new, no issue"
    if outcome.status == "no-subscribers":
        message = f"no issue: {list_slug} has no active subscribers (its articles wait for them)"
    emit(as_json, data, lambda c: c.print(safe(message)))
