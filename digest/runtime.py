"""The composition root: builds the store, fetcher and transport from settings for the faces
(CLI, Celery tasks, demo), and says how Celery is configured. Nothing below this module reads settings
or opens connections itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from digest.collect.fetch import Fetcher, FetchLimits, make_client
from digest.config import Settings, load_settings
from digest.delivery.fanout import LinkContext, Sender
from digest.delivery.ratelimit import RateLimiter, SharedRateLimiter, Unlimited, account_id
from digest.store import Store, open_store
from digest.store.connection import broker_url, connect, redis_url, unusable
from digest.store.keys import Keys
from digest.store.ratelimit import TokenBucket
from digest.store.secrets import shared_signing_key
from digest.transports.base import Transport

POLL_CHECK_SECONDS = 60
AMQP_SCHEMES = ("amqp://", "amqps://", "pyamqp://")


def utcnow() -> datetime:
    return datetime.now(UTC)


def celery_config(settings: Settings) -> dict[str, Any]:
    """Celery's and RedBeat's settings, written once for both faces that talk to Celery: the workers and
    beat apply them to their app (worker/app.py), the CLI to the client it queues with (digest/cli/queue.py).
    Plain data, so the composition root stays free of Celery."""
    keys = Keys(settings.key_prefix)
    broker = broker_url(settings)
    return {
        "broker_url": broker,
        **(_amqp_options(settings) if broker.startswith(AMQP_SCHEMES) else _redis_broker_options(settings)),
        # Deliveries are tracked in our own records; task results would only duplicate them.
        "task_ignore_result": True,
        "result_backend": None,
        # A chunk is acknowledged after it ran, and re-queued if its worker is killed mid-way:
        # the claim records then make the re-run safe.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        # One chunk at a time per process: a long chunk holds no second one unacknowledged behind it.
        "worker_prefetch_multiplier": 1,
        "broker_connection_retry_on_startup": True,
        "beat_scheduler": "redbeat.RedBeatScheduler",
        # Every minute beat asks which feeds are due (each after its own interval, DIGEST_POLL_INTERVAL
        # by default, or its backoff); each list also polls its feeds right before building.
        # And at the schedules' pace it settles drafts whose review time ran out and sends the
        # welcomes and reminders that are due (digest.follow_up).
        # And once a day (DIGEST_PRUNE_INTERVAL) it deletes what the retention settings say is old
        # (digest.prune): a static entry, so every beat has it without a command to install it.
        "beat_schedule": {
            "poll-feeds": {"task": "digest.poll_all", "schedule": POLL_CHECK_SECONDS},
            "follow-up": {"task": "digest.follow_up", "schedule": settings.schedule_tick_seconds},
            **(
                {"prune": {"task": "digest.prune", "schedule": settings.prune_interval_seconds}}
                if settings.prune_interval_seconds
                else {}
            ),
        },
        "redbeat_redis_url": redis_url(settings),
        "redbeat_key_prefix": keys.redbeat_prefix(),
        # Said outright, so RedBeat does not borrow the broker's transport options (a key prefix and a
        # visibility timeout meant for kombu) for its own Redis client; redbeat 2.5 drops that fallback.
        "redbeat_redis_options": {},
        "timezone": "UTC",
        "enable_utc": True,
        "worker_hijack_root_logger": False,
    }


def _redis_broker_options(settings: Settings) -> dict[str, Any]:
    # A task unacknowledged this long (its worker was killed) is handed to another worker; keep it
    # above the longest chunk, or a live chunk would run twice (its claims would then flag, not resend).
    return {
        "broker_transport_options": {
            "global_keyprefix": Keys(settings.key_prefix).celery_prefix(),
            "visibility_timeout": settings.broker_visibility_timeout,
        }
    }


def _amqp_options(settings: Settings) -> dict[str, Any]:
    """RabbitMQ: a killed worker's unacknowledged chunk goes back at once (its connection closes), so
    there is no visibility timeout; the server's own `consumer_timeout` (30 min by default) must exceed
    the longest chunk instead (README). Queues are named after the key prefix, as the Redis broker's
    keys are, so two deployments (or test runs) on one vhost never take each other's tasks."""
    name = f"{settings.key_prefix}.tasks"
    return {
        "task_default_queue": name,
        "task_default_exchange": name,
        "task_default_routing_key": name,
        "control_exchange": f"{settings.key_prefix}.control",
        "event_exchange": f"{settings.key_prefix}.events",
        # A queued send is only reported queued once RabbitMQ has taken it (publisher confirms).
        "broker_transport_options": {"confirm_publish": True},
    }


@dataclass
class Runtime:
    settings: Settings

    @classmethod
    def from_env(cls) -> Runtime:
        return cls(load_settings())

    @cached_property
    def store(self) -> Store:
        return open_store(connect(self.settings), self.settings.key_prefix)

    @cached_property
    def fetcher(self) -> Fetcher:
        return Fetcher(
            make_client(max(100, self.settings.poll_concurrency)),
            FetchLimits(allow_private=self.settings.allow_private_urls),
        )

    @cached_property
    def links(self) -> LinkContext:
        return LinkContext(
            secret=self.settings.secret_key or self._generated_key(),
            base_url=self.settings.base_url,
            unsubscribe_mailbox=self.settings.unsubscribe_mailbox,
        )

    def explain(self, exc: BaseException) -> str | None:
        """One line for a failure of the outside world this runtime reaches (Redis), else None."""
        return unusable(exc, self.settings)

    def _generated_key(self) -> str:
        """The store's own key; an earlier version's key file in the data folder seeds it when whole."""
        earlier = self.settings.data_dir / "secret_key"
        try:
            adopt = earlier.read_text(encoding="utf-8").strip() if earlier.is_file() else ""
        except (OSError, UnicodeError):
            adopt = ""
        return shared_signing_key(self.store.redis, self.store.keys, adopt=adopt)

    def archive_url(self, slug: str) -> str:
        return f"{self.settings.base_url}/archive/{slug}"

    def transport(self, outbox_dir: Path | None = None) -> Transport:
        """The configured way out; `outbox_dir` forces the outbox (the demo, previews)."""
        settings = self.settings
        backend = settings.email_backend
        if backend == "sendgrid" and outbox_dir is None:
            from digest.transports.sendgrid.transport import SendGridTransport

            return SendGridTransport(
                settings.sendgrid_api_key, host=settings.sendgrid_api_host, options=settings.sendgrid
            )
        if backend == "smtp" and outbox_dir is None:
            from digest.transports.smtp import SmtpTransport, parse_smtp_url

            config = parse_smtp_url(
                settings.smtp_url, starttls=settings.smtp_starttls, timeout=settings.smtp_timeout
            )
            return SmtpTransport(config, message_id_domain=self._message_id_domain())
        from digest.transports.outbox import OutboxTransport

        return OutboxTransport(outbox_dir or settings.outbox_dir)

    def _message_id_domain(self) -> str:
        from urllib.parse import urlsplit

        return urlsplit(self.settings.base_url).hostname or "digest.localhost"

    @cached_property
    def limiter(self) -> RateLimiter:
        """The account's sending rate, shared by every worker through Redis (DIGEST_SEND_RATE)."""
        settings = self.settings
        if settings.send_rate <= 0:
            return Unlimited()
        credential = {"sendgrid": settings.sendgrid_api_key, "smtp": settings.smtp_url}.get(
            settings.email_backend, str(settings.outbox_dir)
        )
        account = account_id(settings.email_backend, credential)
        bucket = TokenBucket(
            self.store.redis, self.store.keys, account, settings.send_rate, settings.send_rate
        )
        return SharedRateLimiter(bucket)

    def sender(self, outbox_dir: Path | None = None) -> Sender:
        """Everything a send is handed, the account's shared rate included. `outbox_dir` forces the
        outbox (the demo): local files under no provider account, so no rate of an account paces them."""
        if outbox_dir is not None:
            return Sender(
                self.store,
                self.transport(outbox_dir),
                self.links,
                utcnow,
                Unlimited(),
                lease_seconds=self.settings.lease_seconds,
            )
        return Sender(
            self.store,
            self.transport(),
            self.links,
            utcnow,
            self.limiter,
            lease_seconds=self.settings.lease_seconds,
        )
