"""RedBeat entries, one per (list, cadence): they live in Redis, so `digest schedule …` adds and removes
them while beat runs, and RedBeat's lock keeps a second beat process from firing them twice."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from celery.schedules import schedule as every
from redbeat import RedBeatSchedulerEntry
from redbeat.schedulers import ensure_conf

from worker.app import app

TICK_TASK = "digest.tick"


def entry_name(slug: str, cadence: str) -> str:
    return f"tick:{slug}:{cadence}"


def install(slug: str, cadence: str, tick_seconds: int) -> str:
    """Create or update the entry; returns its Redis key."""
    entry = RedBeatSchedulerEntry(
        entry_name(slug, cadence),
        TICK_TASK,
        every(timedelta(seconds=tick_seconds)),
        args=[slug, cadence],
        app=app,
    )
    entry.save()
    return str(entry.key)


def _key(slug: str, cadence: str) -> str:
    ensure_conf(app)
    return str(RedBeatSchedulerEntry.generate_key(app, entry_name(slug, cadence)))


def remove(slug: str, cadence: str) -> None:
    key = _key(slug, cadence)
    with contextlib.suppress(KeyError):  # already gone
        RedBeatSchedulerEntry.from_key(key, app=app).delete()


def installed(slug: str, cadence: str) -> bool:
    key = _key(slug, cadence)
    try:
        RedBeatSchedulerEntry.from_key(key, app=app)
    except KeyError:
        return False
    return True
