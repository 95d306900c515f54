"""The workers' side of GET /metrics: feed polls, pages, provider errors and durations, kept in Redis.

Workers on any machine add to the same few hashes, and the scrape (digest.admin.metrics) reads them, so
every process answers the same figures with no per-process registry. One pipelined batch per poll
round or per chunk, never per recipient; and a Redis error while counting is logged and dropped, since
a lost figure must never fail the poll or the send it measures. Label values are bounded here, in one
place: fixed outcomes, a transport name, and a status code from a known set (else only its class).
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import redis

from digest.store.client import Client
from digest.store.keys import Keys

log = logging.getLogger(__name__)

POLL_OUTCOMES = ("ok", "not_modified", "failed", "skipped")
PAGE_OUTCOMES = ("ok", "failed")
# Seconds. One feed poll is bounded by the fetch timeout; one chunk by SendGrid's retries and waits.
POLL_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
CHUNK_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0)
HISTOGRAMS = {"poll_duration": POLL_BUCKETS, "send_chunk_duration": CHUNK_BUCKETS}
# Statuses worth telling apart (HTTP from SendGrid, reply codes from SMTP); any other is its class.
KNOWN_STATUSES = frozenset(
    {400, 401, 403, 413, 429, 500, 502, 503, 504, 421, 450, 451, 452, 550, 551, 552, 553, 554}
)
TRANSPORTS = frozenset({"sendgrid", "smtp", "outbox"})
NO_ANSWER = "none"  # the provider never answered (connection refused, timed out)


def status_label(status: int) -> str:
    """A bounded label for a provider's status: the code itself when known, else "4xx"/"5xx"."""
    if status in KNOWN_STATUSES:
        return str(status)
    if 100 <= status < 600:
        return f"{status // 100}xx"
    return NO_ANSWER


@dataclass(frozen=True)
class Histogram:
    buckets: list[tuple[float, int]]  # (upper bound, observations at or below it), cumulative, +Inf last
    total: float  # sum of the observed seconds
    count: int


@dataclass(frozen=True)
class WorkFigures:
    polls: dict[str, int]  # feed polls by outcome
    pages: dict[str, int]  # article pages fetched, by outcome
    provider_errors: dict[tuple[str, str], int]  # (transport, status label) -> failed recipients
    histograms: dict[str, Histogram]


class WorkMetrics:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def record_polls(
        self, outcomes: Mapping[str, int], seconds: Sequence[float], pages: Mapping[str, int]
    ) -> None:
        """One poll round: feeds by outcome, each polled feed's duration, pages fetched by outcome."""
        pipe = self._r.pipeline(transaction=False)
        for outcome, n in outcomes.items():
            if outcome in POLL_OUTCOMES and n:
                pipe.hincrby(self._k.metrics_counter("polls"), outcome, n)
        for outcome, n in pages.items():
            if outcome in PAGE_OUTCOMES and n:
                pipe.hincrby(self._k.metrics_counter("pages"), outcome, n)
        self._observe(pipe, "poll_duration", seconds)
        self._run(pipe, "a poll round")

    def record_chunk(self, transport: str, seconds: float, statuses: Mapping[int, int]) -> None:
        """One chunk of a send: its duration and its failed recipients by the provider's status."""
        pipe = self._r.pipeline(transaction=False)
        name = transport if transport in TRANSPORTS else "other"
        for status, n in statuses.items():
            if n:
                pipe.hincrby(self._k.metrics_counter("provider-errors"), f"{name}|{status_label(status)}", n)
        self._observe(pipe, "send_chunk_duration", [seconds])
        self._run(pipe, "a send chunk")

    def _observe(self, pipe: Any, name: str, seconds: Sequence[float]) -> None:
        if not seconds:
            return
        bounds = HISTOGRAMS[name]
        per_bucket: dict[str, int] = {}
        for value in seconds:
            index = bisect_left(bounds, value)
            field = repr(bounds[index]) if index < len(bounds) else "+Inf"
            per_bucket[field] = per_bucket.get(field, 0) + 1
        key = self._k.metrics_histogram(name)
        for field, n in per_bucket.items():
            pipe.hincrby(key, field, n)
        pipe.hincrby(key, "count", len(seconds))
        pipe.hincrbyfloat(key, "sum", float(sum(seconds)))

    def _run(self, pipe: Any, what: str) -> None:
        try:
            pipe.execute()
        except redis.RedisError as error:
            log.warning("metrics of %s not recorded (Redis: %s); the work itself is unaffected", what, error)

    def read(self) -> WorkFigures:
        pipe = self._r.pipeline(transaction=False)
        for counter in ("polls", "pages", "provider-errors"):
            pipe.hgetall(self._k.metrics_counter(counter))
        for name in HISTOGRAMS:
            pipe.hgetall(self._k.metrics_histogram(name))
        polls, pages, errors, *hists = pipe.execute()
        return WorkFigures(
            polls={o: int(polls.get(o, 0)) for o in POLL_OUTCOMES},
            pages={o: int(pages.get(o, 0)) for o in PAGE_OUTCOMES},
            provider_errors={
                (label.partition("|")[0], label.partition("|")[2]): int(n) for label, n in errors.items()
            },
            histograms={
                name: _histogram(HISTOGRAMS[name], raw) for name, raw in zip(HISTOGRAMS, hists, strict=True)
            },
        )


def _histogram(bounds: Sequence[float], raw: Mapping[str, str]) -> Histogram:
    running, buckets = 0, []
    for bound in bounds:
        running += int(raw.get(repr(bound), 0))
        buckets.append((bound, running))
    running += int(raw.get("+Inf", 0))
    buckets.append((float("inf"), running))
    return Histogram(buckets=buckets, total=float(raw.get("sum", 0)), count=int(raw.get("count", 0)))
