"""The one room in digest/ that hands work to Celery: tasks queued by name, and beat's tick entries.

digest/ never imports worker/ (faces point inward, and the CLI must not drag the worker's tasks in), so
the CLI queues through a Celery client of its own, configured exactly as the workers are
(digest.runtime.celery_config), and names tasks by the names worker/tasks.py registers them under.

Beat's entries, one per (list, edition), live in Redis (RedBeat): `digest schedule set` adds one while
beat runs, `digest lists delete` removes them, and RedBeat's lock keeps a second beat from firing one
twice. Their name and shape are written here and nowhere else. The worker's `tick` task removes an entry
too, when its list was deleted behind beat's back, and imports `remove_tick` from this module for it:
a face may call into a face below it (worker → cli, never the reverse), and a second copy of the
entry's naming under worker/ could drift from this one and leave entries nobody can remove.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

import click
from celery import Celery
from celery.schedules import schedule as every
from redbeat import RedBeatSchedulerEntry
from redbeat.schedulers import ensure_conf

from digest.cli.output import runtime
from digest.config import Settings
from digest.runtime import celery_config

# The names worker/tasks.py registers its tasks under.
SEND_ISSUE = "digest.send_issue"
RESEND_UNCONFIRMED = "digest.resend_unconfirmed"
TICK = "digest.tick"
_CLIENT = "digest.celery"  # where an invocation keeps its client on the root context


def client(settings: Settings) -> Celery:
    """A Celery client configured as the workers are: same broker, key prefix and RedBeat store."""
    app = Celery("digest", set_as_current=False)
    app.conf.update(celery_config(settings))
    return app


def celery_app() -> Celery:
    """This invocation's client, built on first use (commands that queue nothing need no broker) and
    closed with the command."""
    root = click.get_current_context().find_root()
    found = root.meta.get(_CLIENT)
    if not isinstance(found, Celery):
        found = root.meta[_CLIENT] = root.with_resource(client(runtime().settings))
    return found


def send_issue(slug: str, number: int) -> None:
    """Queue the send of one issue: the workers freeze its recipients and fan out its chunks."""
    celery_app().send_task(SEND_ISSUE, args=[slug, number])


def resend_unconfirmed(slug: str, number: int) -> None:
    """Queue a deliberate resend to the issue's unconfirmed recipients."""
    celery_app().send_task(RESEND_UNCONFIRMED, args=[slug, number])


def tick_name(slug: str, edition: str) -> str:
    return f"tick:{slug}:{edition}"


def install_tick(app: Celery, slug: str, edition: str, tick_seconds: int) -> str:
    """Create or update the entry that makes beat look at one edition every `tick_seconds`; returns
    its Redis key."""
    entry = RedBeatSchedulerEntry(
        tick_name(slug, edition),
        TICK,
        every(timedelta(seconds=tick_seconds)),
        args=[slug, edition],
        app=app,
    )
    entry.save()
    return str(entry.key)


def _key(app: Celery, slug: str, edition: str) -> str:
    ensure_conf(app)
    return str(RedBeatSchedulerEntry.generate_key(app, tick_name(slug, edition)))


def remove_tick(app: Celery, slug: str, edition: str) -> None:
    with contextlib.suppress(KeyError):  # already gone
        RedBeatSchedulerEntry.from_key(_key(app, slug, edition), app=app).delete()


def has_tick(app: Celery, slug: str, edition: str) -> bool:
    try:
        RedBeatSchedulerEntry.from_key(_key(app, slug, edition), app=app)
    except KeyError:
        return False
    return True
