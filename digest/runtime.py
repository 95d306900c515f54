"""The composition root: builds the store, fetcher and transport from settings for the faces
(CLI, Celery tasks, demo). Nothing below this module reads settings or opens connections itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from digest.config import Settings, load_settings, secret_key
from digest.connection import connect
from digest.deliver import LinkContext
from digest.errors import ConfigError
from digest.fetch import Fetcher, FetchLimits, make_client
from digest.store import Store, open_store
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
        return Fetcher(make_client(), FetchLimits(allow_private=self.settings.allow_private_urls))

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
        backend = self.settings.email_backend
        if backend == "outbox" or outbox_dir is not None:
            from digest.transports.outbox import OutboxTransport

            return OutboxTransport(outbox_dir or self.settings.outbox_dir)
        raise ConfigError(f"DIGEST_EMAIL_BACKEND={backend} is not available in this version yet: use outbox")
