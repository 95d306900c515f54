"""The composition root: builds the store, fetcher and transport from settings for the faces
(CLI, Celery tasks, demo). Nothing below this module reads settings or opens connections itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from digest.collect.fetch import Fetcher, FetchLimits, make_client
from digest.config import Settings, load_settings, secret_key
from digest.delivery.fanout import LinkContext, Sender
from digest.delivery.ratelimit import RateLimiter, SharedRateLimiter, Unlimited, account_id
from digest.store import Store, open_store
from digest.store.connection import connect
from digest.store.ratelimit import TokenBucket
from digest.transports.base import Transport


def utcnow() -> datetime:
    return datetime.now(UTC)


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
            secret=secret_key(self.settings),
            base_url=self.settings.base_url,
            unsubscribe_mailbox=self.settings.unsubscribe_mailbox,
        )

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

    def sender(self) -> Sender:
        return Sender(self.store, self.transport(), self.links, utcnow, self.limiter)
