"""Use cases of schedules: set one, and handle a tick of beat for one list's edition.

Beat (RedBeat) fires a tick per (list, edition) every minute; whether a slot is due is decided here, in
the list's own zone, by the pure maths of digest.schedules.cron. A slot is claimed in Redis before anything
is built, so a second beat, a duplicated task or a retry never builds the same slot twice. The claim is
a lease kept alive while building, and the slot is spent (the claim made lasting, the schedule moved
past it) only once its issue is built: a tick that fails releases it, one killed mid-way lets go when
its lease runs out (DIGEST_LEASE_SECONDS), and the next tick builds the slot. `schedule run-now` builds
outside the schedule's slots, so it claims none.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from dataclasses import dataclass, field
from datetime import datetime

from digest.collect.fetch import Fetcher
from digest.collect.poller import Poller, PollOptions
from digest.config import LEASE_SECONDS
from digest.errors import InvalidInput
from digest.issues.build import build_issues, edition_for, has_audience, pending_articles
from digest.models import Issue, Schedule
from digest.schedules import cron as maths
from digest.store import Store

# An edition's name is part of Redis keys and of beat's entry names: the same shape as a list's slug.
EDITION = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


def check_edition(name: str) -> str:
    if not EDITION.fullmatch(name):
        raise InvalidInput(
            f"edition {name!r} is not valid: use 1-40 lower-case letters, digits, '-' or '_', e.g. weekly"
        )
    return name


@dataclass(frozen=True)
class ScheduleOptions:
    tz: str = "UTC"
    catch_up: str = "one"
    max_articles: int = 30
    max_per_feed: int = 10
    max_age_hours: int = 0


def set_schedule(
    store: Store,
    slug: str,
    spec: str,
    now: datetime,
    *,
    edition: str = "",
    options: ScheduleOptions | None = None,
) -> Schedule:
    """Create or change a edition's schedule; it takes effect at the next tick, without a restart."""
    store.lists.get(slug)
    if edition:
        check_edition(edition)
    options = options or ScheduleOptions()
    cron = maths.to_cron(spec)
    maths.zone(options.tz)
    if options.catch_up not in maths.CATCH_UP_POLICIES:
        raise InvalidInput(f"catch-up {options.catch_up!r} is unknown: use one or none")
    if options.max_articles < 1 or options.max_per_feed < 1:
        raise InvalidInput("max articles and max per feed must be at least 1")
    existing = store.schedules.for_list(slug)
    name = edition or (existing[0].edition if existing else "default")
    previous = next((s for s in existing if s.edition == name), None)
    schedule = Schedule(
        list_slug=slug, edition=name, spec=spec.strip(), cron=cron, tz=options.tz,
        created_at=previous.created_at if previous else now, paused=previous.paused if previous else False,
        catch_up=options.catch_up, max_articles=options.max_articles, max_per_feed=options.max_per_feed,
        max_age_hours=options.max_age_hours,
    )  # fmt: skip
    store.schedules.save(schedule)
    if previous is None:
        # Slots before the schedule existed are not "missed"; and the first edition continues where
        # the list's manual issues stopped, so nothing is sent twice.
        store.schedules.set_last_slot(slug, name, now)
        cutoff = store.lists.last_cutoff(slug)
        if cutoff is not None:
            store.schedules.set_cutoff(slug, name, cutoff)
    return schedule


def set_paused(store: Store, slug: str, edition: str, paused: bool) -> Schedule:
    schedule = dataclasses.replace(store.schedules.get(slug, edition), paused=paused)
    store.schedules.save(schedule)
    return schedule


def collect_list(
    store: Store, fetcher: Fetcher, slug: str, now: datetime, options: PollOptions | None = None
) -> int:
    """Poll the list's feeds now, through the same poller as scheduled polls (concurrent, per-host
    caps); a broken feed is recorded on the feed and does not stop the issue. Forced: an issue is
    being built, so a feed's backoff or max-age does not keep its news out."""
    chosen = dataclasses.replace(options or PollOptions(), force=True)
    with Poller(store, fetcher, chosen) as poller:
        summary = poller.poll(store.feeds.ids_for_list(slug), lambda: now)
    return sum(len(report.new_articles) for report in summary.reports)


@dataclass(frozen=True)
class TickOutcome:
    status: str  # not-due | paused | missed | taken | no-subscribers | skipped | built
    slot: datetime | None = None
    issues: list[Issue] = field(default_factory=list)  # the edition's issue, and any bridge issues


def tick(
    store: Store,
    fetcher: Fetcher,
    slug: str,
    edition: str,
    now: datetime,
    *,
    force: bool = False,
    archive_url: str = "",
    poll: PollOptions | None = None,
    lease_seconds: float = LEASE_SECONDS,
) -> TickOutcome:
    """Build the edition's issue if a slot is due (or now, with force: `schedule run-now`)."""
    schedule = store.schedules.get(slug, edition)
    latest_due: datetime | None = None  # what the schedule moves past once the slot is spent
    if force:
        slot = now.replace(microsecond=0)
    else:
        if schedule.paused:
            return TickOutcome("paused")
        after = store.schedules.last_slot(slug, edition) or schedule.created_at
        due = maths.due_slots(schedule.cron, schedule.tz, after, now)
        if not due:
            return TickOutcome("not-due")
        chosen = maths.slot_to_build(due, now, schedule.catch_up)
        if chosen is None:
            store.schedules.set_last_slot(slug, edition, due[-1])
            return TickOutcome("missed", due[-1])
        slot, latest_due = chosen, due[-1]
    # run-now's build is no slot of the schedule: it claims none (a second run-now in the same second
    # was told "taken" and built nothing), and the list's build lock keeps it from overlapping another.
    lease = None if force else store.schedules.claim_slot(slug, edition, slot, lease_seconds)
    if lease is None and not force:
        return TickOutcome("taken", slot)
    try:
        with lease.kept_alive() if lease else contextlib.nullcontext():
            collect_list(store, fetcher, slug, now, poll)  # what was published up to the slot goes in
            # Built for nobody, an issue would spend its articles: they wait for the first subscribers.
            empty = not has_audience(store, slug) and bool(
                pending_articles(store, slug, now, edition_for(store, slug, edition))
            )
            issues = [] if empty else build_issues(store, slug, now, edition=edition, archive_url=archive_url)
            if not issues:
                store.schedules.record_skip(slug, edition, slot)
    except BaseException:
        if lease:
            lease.release()  # the slot stays due: the next tick builds it
        raise
    if lease:
        store.schedules.spend_slot(lease)
    if latest_due is not None:
        store.schedules.set_last_slot(slug, edition, latest_due)
    if empty:
        return TickOutcome("no-subscribers", slot)
    return TickOutcome("built", slot, issues) if issues else TickOutcome("skipped", slot)
