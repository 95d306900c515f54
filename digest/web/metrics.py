"""GET /metrics: the service's figures in Prometheus' text format, read from Redis at each scrape.

A custom collector over digest.admin.metrics rather than counters kept in this process: the workers
already record every delivery and provider event in Redis, so their stored totals are the counters, and
every web process answers the same numbers. prometheus_client's multiprocess mode would instead need a
directory shared by every process of every machine, which workers on other hosts do not have.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector
from werkzeug.wrappers import Response

from digest.admin.metrics import Figures, read_figures
from digest.runtime import Runtime, utcnow
from digest.store.workmetrics import WorkFigures
from digest.web.operators import refusal
from digest.web.pages import runtime

metrics = Blueprint("metrics", __name__)


class StoredFigures(Collector):
    """Reads the figures once per collect(), that is once per scrape."""

    def __init__(self, rt: Runtime) -> None:
        self._rt = rt

    def collect(self) -> Iterator[Metric]:
        settings = self._rt.settings
        # The queue is cheaply readable only when the broker is the data Redis (the default; never
        # with the data on a cluster, whose queue stays on REDIS_URL).
        broker_is_store = not settings.broker_url and not settings.redis_cluster_url
        figures = read_figures(self._rt.store, utcnow(), broker_is_store=broker_is_store)
        yield from families(figures)


def families(figures: Figures) -> Iterator[Metric]:
    subscribers = GaugeMetricFamily(
        "digest_subscribers",
        "Subscriptions of a list by status (active ones receive issues)",
        labels=["list", "status"],
    )
    deliveries = CounterMetricFamily(
        "digest_deliveries",
        "Recipients of the list's stored issues by final outcome of their delivery",
        labels=["list", "outcome"],
    )
    events = CounterMetricFamily(
        "digest_webhook_events",
        "Provider events received for the list's stored issues, by type",
        labels=["list", "type"],
    )
    for one in figures.lists:
        for status, n in one.subscribers.items():
            subscribers.add_metric([one.slug, status], n)
        for outcome, n in one.deliveries.items():
            deliveries.add_metric([one.slug, outcome], n)
        for kind, n in one.events.items():
            events.add_metric([one.slug, kind], n)
    yield from (subscribers, deliveries, events)
    yield from work_families(figures.work)
    if figures.queue_depth is not None:
        yield GaugeMetricFamily(
            "digest_queue_depth", "Tasks waiting in the default Celery queue", value=figures.queue_depth
        )
    yield GaugeMetricFamily(
        "digest_oldest_due_feed_lag_seconds",
        "Seconds the most overdue feed has waited past its due time (0: none overdue)",
        value=figures.oldest_due_lag_seconds,
    )
    if figures.heartbeat_age_seconds is not None:
        yield GaugeMetricFamily(
            "digest_worker_heartbeat_age_seconds",
            "Seconds since the most recently seen worker last said it was alive",
            value=figures.heartbeat_age_seconds,
        )


def work_families(work: WorkFigures) -> Iterator[Metric]:
    """What the workers counted in Redis (digest.store.workmetrics), as counters and histograms."""
    polls = CounterMetricFamily("digest_feed_polls", "Feed polls by outcome", labels=["outcome"])
    for outcome, n in work.polls.items():
        polls.add_metric([outcome], n)
    pages = CounterMetricFamily(
        "digest_pages_fetched", "Article pages fetched, by outcome", labels=["outcome"]
    )
    for outcome, n in work.pages.items():
        pages.add_metric([outcome], n)
    errors = CounterMetricFamily(
        "digest_provider_errors",
        "Recipients a provider refused or left unconfirmed, by transport and status (none: no answer)",
        labels=["transport", "status"],
    )
    for (transport, status), n in sorted(work.provider_errors.items()):
        errors.add_metric([transport, status], n)
    yield from (polls, pages, errors)
    for name, about in (
        ("poll_duration", "Seconds one poll of one feed took, its pages included"),
        ("send_chunk_duration", "Seconds one chunk of a send took"),
    ):
        histogram = work.histograms[name]
        family = HistogramMetricFamily(f"digest_{name}_seconds", about, labels=[])
        buckets = [(_bound(le), n) for le, n in histogram.buckets]
        family.add_metric([], buckets, sum_value=histogram.total)
        yield family


def _bound(le: float) -> str:
    return "+Inf" if le == float("inf") else repr(le)


@metrics.get("/metrics")
def scrape() -> Response:
    rt = runtime()
    refused = refusal(request, rt.settings.admin_token)
    if refused is not None:
        return refused
    if not rt.store.health.ping():
        return Response("Redis unreachable\n", status=503, mimetype="text/plain")
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StoredFigures(rt))
    response = Response(generate_latest(registry), status=200)
    response.headers["Content-Type"] = CONTENT_TYPE_LATEST
    response.headers["Cache-Control"] = "no-store"
    return response
