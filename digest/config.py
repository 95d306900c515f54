"""Settings: the only global, read once from the environment and `.env`, refused at start when malformed.

The defaults run the local demo with no account anywhere: an embedded Redis under DIGEST_DATA_DIR and
the outbox transport writing .eml files.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

from digest.errors import ConfigError
from digest.models import ExtractiveMethod

BACKENDS = ("outbox", "sendgrid", "smtp")
BROKER_SCHEMES = ("redis", "rediss", "redis+socket", "sentinel", "amqp", "amqps", "pyamqp")
POLL_CONCURRENCY = 64  # measured: hundreds of threads in one process contend for the GIL
POLL_PER_HOST = 2  # requests in flight to one origin: polite to a small site, enough for a big one
# One poll of one feed: a feed of 100 000 items must not become 100 000 articles and as many
# requests to third-party hosts (an amplifier); a real feed's news fits easily.
FEED_MAX_NEW = 100
FEED_MAX_PAGES = 50
# How long a process killed mid-way (building a slot's issue, sending an issue inline) keeps its hold
# before another may take over; a live one renews its hold every third of it.
LEASE_SECONDS = 60
MIN_SECRET_LENGTH = 32  # a signing key guessable by brute force lets anyone unsubscribe anyone
MIN_ADMIN_TOKEN_LENGTH = 16  # a bearer token, sent on every scrape: long enough not to be guessed
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class SendGridOptions:
    """Per-account SendGrid choices; None for a tracking switch leaves the account's own setting."""

    categories: tuple[str, ...] = ()
    asm_group_id: int | None = None
    ip_pool: str = ""
    sandbox_mode: bool = False
    click_tracking: bool | None = None
    open_tracking: bool | None = None
    timeout: float = 30.0  # the library's HTTP client waits forever unless told otherwise


@dataclass(frozen=True)
class Retention:
    """Days each kind of growing data is kept (`digest prune`, daily on beat); 0 keeps it for ever.

    Deliveries, events and snapshots count from the end of the issue's send; articles from when they
    were first seen (kept whatever their age while an issue names them); identities from the last poll
    of a feed no list reads any more; throttles bound the life of a request counter or cool-down."""

    deliveries: int = 180  # `subscribers show` and complaints reach back this far
    events: int = 90  # bounces and complaints act at once; the per-issue counts stay
    snapshots: int = 30  # who an issue went to: needed while it can still be resumed or resent
    articles: int = 90
    identities: int = 30  # a feed re-added after this starts afresh, like a new feed
    throttles: int = 2  # every counter expires within minutes; this catches one that never would


@dataclass(frozen=True)
class Settings:
    redis_url: str  # empty: start the embedded Redis under data_dir
    broker_url: str  # empty: same Redis as the data
    data_dir: Path
    key_prefix: str
    email_backend: str
    outbox_dir: Path
    sendgrid_api_key: str
    sendgrid_api_host: str
    sendgrid_webhook_public_key: str
    smtp_url: str
    base_url: str
    secret_key: str  # empty: generated once and kept in the store (outbox mode only)
    allow_private_urls: bool
    poll_interval_seconds: int = 900
    poll_concurrency: int = POLL_CONCURRENCY  # requests in flight per polling process, all hosts together
    poll_per_host: int = POLL_PER_HOST
    feed_max_new: int = FEED_MAX_NEW  # new entries stored from one feed in one poll
    feed_max_pages: int = FEED_MAX_PAGES  # article pages fetched for one feed in one poll
    lease_seconds: int = LEASE_SECONDS
    schedule_tick_seconds: int = 60  # how often beat looks at each list's schedule
    sendgrid: SendGridOptions = field(default_factory=SendGridOptions)
    smtp_starttls: bool = True
    smtp_timeout: float = 30.0
    send_rate: float = 0.0  # messages/s across every worker; 0 means no limit of ours
    broker_visibility_timeout: int = 3600
    proxy_hops: int = 0  # reverse proxies in front of `digest web` whose X-Forwarded-* are trusted
    retention: Retention = field(default_factory=Retention)
    prune_interval_seconds: int = 86400  # beat's retention pass; 0: only `digest prune` runs it
    highlights_method: ExtractiveMethod = ExtractiveMethod.LEAD  # DIGEST_HIGHLIGHTS_METHOD
    admin_token: str = ""  # DIGEST_ADMIN_TOKEN; empty: /metrics and the operators' pages are off
    redis_cluster_url: str = ""  # DIGEST_REDIS_CLUSTER_URL; empty: the data stays on REDIS_URL

    @property
    def embedded(self) -> bool:
        return not self.redis_url

    @property
    def unsubscribe_mailbox(self) -> str:
        """Address for the mailto target of List-Unsubscribe, on the public host of the web app."""
        host = urlsplit(self.base_url).hostname or "localhost"
        return f"unsubscribe@{host}"


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value: use 1 or 0")


def _url(env: Mapping[str, str], name: str, default: str, schemes: tuple[str, ...]) -> str:
    value = env.get(name, default).strip()
    if value and urlsplit(value).scheme not in schemes:
        raise ConfigError(f"{name}={value!r} must start with {' or '.join(s + '://' for s in schemes)}")
    return value.rstrip("/") if value.startswith("http") else value


def _redis_url(env: Mapping[str, str], name: str = "REDIS_URL") -> str:
    """REDIS_URL (or the cluster's), refused here when redis-py could only fail on it later with a
    traceback. A cluster has no unix socket and only database 0."""
    cluster = name != "REDIS_URL"
    example = "redis://10.0.0.5:7000" if cluster else "redis://localhost:6379/0"
    value = _url(env, name, "", ("redis", "rediss") if cluster else ("redis", "rediss", "unix"))
    parts = urlsplit(value)
    if not value or parts.scheme == "unix":
        return value
    try:
        parts.port  # noqa: B018 - reading it is the check: it raises on a port out of range or not a number
    except ValueError:
        raise ConfigError(f"{name}={value!r} has no valid port: use e.g. {example}") from None
    database = parts.path.strip("/")
    if database and not database.isdigit():
        raise ConfigError(f"{name}={value!r} names no database number: use e.g. {example}")
    if cluster and database not in ("", "0"):
        raise ConfigError(f"{name}={value!r} names database {database}: a cluster has only 0, use {example}")
    return value


def _number(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number: use e.g. {default:g}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name}={raw!r} is out of range: use a value from {low:g} to {high:g}")
    return value


def _switch(env: Mapping[str, str], name: str) -> bool | None:
    return _bool(env, name, False) if env.get(name, "").strip() else None


def _sendgrid_options(env: Mapping[str, str]) -> SendGridOptions:
    categories = tuple(c.strip() for c in env.get("SENDGRID_CATEGORIES", "").split(",") if c.strip())
    # SendGrid refuses more than 10 categories or one longer than 255 characters with a 400.
    if (
        len(categories) > 10
        or any(len(c) > 255 for c in categories)
        or len(set(categories)) < len(categories)
    ):
        raise ConfigError("SENDGRID_CATEGORIES takes at most 10 distinct comma-separated names of ≤255 chars")
    group = env.get("SENDGRID_ASM_GROUP_ID", "").strip()
    if group and not group.isdigit():
        raise ConfigError(f"SENDGRID_ASM_GROUP_ID={group!r} must be the number of an unsubscribe group")
    pool = env.get("SENDGRID_IP_POOL", "").strip()
    if pool and not 2 <= len(pool) <= 64:
        raise ConfigError(f"SENDGRID_IP_POOL={pool!r} must be 2 to 64 characters long")
    return SendGridOptions(
        categories=categories,
        asm_group_id=int(group) if group else None,
        ip_pool=pool,
        sandbox_mode=_bool(env, "SENDGRID_SANDBOX_MODE", False),
        click_tracking=_switch(env, "SENDGRID_CLICK_TRACKING"),
        open_tracking=_switch(env, "SENDGRID_OPEN_TRACKING"),
        timeout=_number(env, "SENDGRID_TIMEOUT", 30.0, 0.1, 600.0),
    )


def _retention(env: Mapping[str, str]) -> Retention:
    days = {
        name: int(_number(env, f"DIGEST_RETAIN_{name.upper()}", default, 0, 36500))
        for name, default in vars(Retention()).items()
    }
    return Retention(**days)


def _highlights_method(env: Mapping[str, str]) -> ExtractiveMethod:
    raw = env.get("DIGEST_HIGHLIGHTS_METHOD", "").strip().lower()
    try:
        return ExtractiveMethod(raw or ExtractiveMethod.LEAD)
    except ValueError:
        names = ", ".join(ExtractiveMethod)
        raise ConfigError(f"DIGEST_HIGHLIGHTS_METHOD={raw!r} is unknown: use one of {names}") from None


def load_settings(environ: Mapping[str, str] | None = None, dotenv_path: Path | None = None) -> Settings:
    """Build settings from `.env` overlaid by the process environment (the environment wins)."""
    path = dotenv_path if dotenv_path is not None else Path(".env")
    env: dict[str, str] = {}
    if path.is_file():
        env.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    env.update(os.environ if environ is None else environ)

    api_key = env.get("SENDGRID_API_KEY", "").strip()
    backend = env.get("DIGEST_EMAIL_BACKEND", "sendgrid" if api_key else "outbox").strip().lower()
    if backend not in BACKENDS:
        raise ConfigError(f"DIGEST_EMAIL_BACKEND={backend!r} is unknown: use one of {', '.join(BACKENDS)}")
    smtp_url = _url(env, "SMTP_URL", "", ("smtp", "smtps"))
    if backend == "sendgrid" and not api_key:
        raise ConfigError("DIGEST_EMAIL_BACKEND=sendgrid needs SENDGRID_API_KEY: set it, or use outbox")
    if backend == "smtp" and not smtp_url:
        raise ConfigError("DIGEST_EMAIL_BACKEND=smtp needs SMTP_URL, e.g. smtp://user:pass@host:587")
    secret_key = env.get("DIGEST_SECRET_KEY", "").strip()
    if backend != "outbox" and not secret_key:
        # Real mail carries unsubscribe links signed with this key; a key generated on one machine
        # would make links from another machine invalid, so outside the demo it must be set.
        raise ConfigError("DIGEST_SECRET_KEY is required when sending real mail: set a long random value")
    if secret_key and len(secret_key) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"DIGEST_SECRET_KEY has {len(secret_key)} characters: use at least {MIN_SECRET_LENGTH} random "
            "ones, e.g. from: python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )

    prefix = env.get("DIGEST_KEY_PREFIX", "digest").strip()
    if not prefix or any(c in prefix for c in " {}"):
        raise ConfigError(f"DIGEST_KEY_PREFIX={prefix!r} must be non-empty, without spaces or braces")
    redis_url = _redis_url(env)
    return Settings(
        redis_url=redis_url,
        broker_url=_url(env, "CELERY_BROKER_URL", "", BROKER_SCHEMES),
        data_dir=Path(env.get("DIGEST_DATA_DIR", ".digest")).expanduser().absolute(),
        key_prefix=prefix,
        email_backend=backend,
        outbox_dir=Path(env.get("DIGEST_OUTBOX_DIR", "outbox")).expanduser().absolute(),
        sendgrid_api_key=api_key,
        sendgrid_api_host=_url(env, "SENDGRID_API_HOST", "https://api.sendgrid.com", ("http", "https")),
        sendgrid_webhook_public_key=env.get("SENDGRID_WEBHOOK_PUBLIC_KEY", "").strip(),
        smtp_url=smtp_url,
        base_url=_url(env, "DIGEST_BASE_URL", "http://localhost:8000", ("http", "https")),
        secret_key=secret_key,
        allow_private_urls=_bool(env, "DIGEST_ALLOW_PRIVATE_URLS", False),
        poll_interval_seconds=int(_number(env, "DIGEST_POLL_INTERVAL", 900, 60, 86400 * 7)),
        poll_concurrency=int(_number(env, "DIGEST_POLL_CONCURRENCY", POLL_CONCURRENCY, 1, 1000)),
        poll_per_host=int(_number(env, "DIGEST_POLL_PER_HOST", POLL_PER_HOST, 1, 100)),
        feed_max_new=int(_number(env, "DIGEST_FEED_MAX_NEW", FEED_MAX_NEW, 1, 100_000)),
        feed_max_pages=int(_number(env, "DIGEST_FEED_MAX_PAGES", FEED_MAX_PAGES, 0, 100_000)),
        lease_seconds=int(_number(env, "DIGEST_LEASE_SECONDS", LEASE_SECONDS, 1, 3600)),
        schedule_tick_seconds=int(_number(env, "DIGEST_SCHEDULE_TICK", 60, 1, 3600)),
        sendgrid=_sendgrid_options(env),
        smtp_starttls=_bool(env, "SMTP_STARTTLS", True),
        smtp_timeout=_number(env, "SMTP_TIMEOUT", 30.0, 0.1, 600.0),
        send_rate=_number(env, "DIGEST_SEND_RATE", 0.0, 0.0, 1_000_000.0),
        broker_visibility_timeout=int(_number(env, "DIGEST_BROKER_VISIBILITY_TIMEOUT", 3600, 1, 86400 * 7)),
        proxy_hops=int(_number(env, "DIGEST_PROXY_HOPS", 0, 0, 5)),
        retention=_retention(env),
        prune_interval_seconds=int(_number(env, "DIGEST_PRUNE_INTERVAL", 86400, 0, 86400 * 30)),
        highlights_method=_highlights_method(env),
        admin_token=_admin_token(env),
        redis_cluster_url=_redis_url(env, "DIGEST_REDIS_CLUSTER_URL"),
    )


def _admin_token(env: Mapping[str, str]) -> str:
    """DIGEST_ADMIN_TOKEN: anyone holding it reads every list's figures, so a short one is refused."""
    token = env.get("DIGEST_ADMIN_TOKEN", "").strip()
    if token and (len(token) < MIN_ADMIN_TOKEN_LENGTH or not token.isascii() or not token.isprintable()):
        raise ConfigError(
            f"DIGEST_ADMIN_TOKEN must be at least {MIN_ADMIN_TOKEN_LENGTH} printable ASCII characters: "
            "e.g. from: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    return token
