"""RedBeat entries, one per (list, edition): they live in Redis, so `digest schedule …` adds and removes
them while beat runs, and RedBeat's lock keeps a second beat process from firing them twice."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from celery.schedules import schedule as every
from redbeat import RedBeatSchedulerEntry
from redbeat.schedulers import ensure_conf

from worker.app import app

TICK_TASK = "digest.tick"


def entry_name(slug: str, edition: str) -> str:
    return f"tick:{slug}:{edition}"


def install(slug: str, edition: str, tick_seconds: int) -> str:
    """Create or update the entry; returns its Redis key."""
    entry = RedBeatSchedulerEntry(
        entry_name(slug, edition),
        TICK_TASK,
        every(timedelta(seconds=tick_seconds)),
        args=[slug, edition],
        app=app,
    )
    entry.save()
    return str(entry.key)


def _key(slug: str, edition: str) -> str:
    ensure_conf(app)
    return str(RedBeatSchedulerEntry.generate_key(app, entry_name(slug, edition)))


def remove(slug: str, edition: str) -> None:
    key = _key(slug, edition)
    with contextlib.suppress(KeyError):  # already gone
        RedBeatSchedulerEntry.from_key(key, app=app).delete()


def installed(slug: str, edition: str) -> bool:
    key = _key(slug, edition)
    try:
        RedBeatSchedulerEntry.from_key(key, app=app)
    except KeyError:
        return False
    return True
