"""One error tree for the whole service.

DigestError
├── ConfigError        a setting is missing or malformed (names the variable)
├── NotFound           a list, subscriber, feed or issue that does not exist
├── InvalidInput       user input refused (bad address, bad slug, duplicate create)
├── FetchError         a URL could not be fetched (names the URL; `permanent` says if a retry can help;
│                      `status` and `retry_after` carry what the server said, for per-feed backoff)
├── FeedError          fetched, but not a readable feed
└── TransportError     a provider refused or failed a send (`permanent` says if a retry can help)

Every message is one line a person can act on: the CLI prints it as is and exits 1.
"""

from __future__ import annotations


class DigestError(Exception):
    """Base of every error the service raises on purpose."""


class ConfigError(DigestError):
    pass


class NotFound(DigestError):
    pass


class InvalidInput(DigestError):
    pass


class FetchError(DigestError):
    def __init__(
        self, message: str, *, permanent: bool = False, status: int = 0, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.status = status  # the HTTP status when the server answered, else 0
        self.retry_after = retry_after  # seconds the server asked us to wait (429/503 Retry-After)


class FeedError(DigestError):
    pass


class TransportError(DigestError):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
