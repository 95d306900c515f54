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
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from werkzeug.wrappers import Response

from digest.admin.metrics import Figures, read_figures
from digest.runtime import Runtime, utcnow
from digest.web.operators import refusal
from digest.web.pages import runtime

metrics = Blueprint("metrics", __name__)


class StoredFigures(Collector):
    """Reads the figures once per collect(), that is once per scrape."""

    def __init__(self, rt: Runtime) -> None:
        self._rt = rt

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        settings = self._rt.settings
        # The queue is cheaply readable only when the broker is the data Redis (the default).
        figures = read_figures(self._rt.store, utcnow(), broker_is_store=not settings.broker_url)
        yield from families(figures)


def families(figures: Figures) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
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
