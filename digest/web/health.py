"""GET /healthz: is Redis reachable, and how long since a worker was last alive."""

from __future__ import annotations

from flask import Blueprint, jsonify
from werkzeug.wrappers import Response

from digest.runtime import utcnow
from digest.web.pages import runtime

health = Blueprint("health", __name__)
STALE_SECONDS = 120  # a few missed beats (every 10 s) before the fleet counts as stalled


@health.get("/healthz")
def healthz() -> Response:
    store = runtime().store
    if not store.health.ping():
        return _answer({"redis": "unreachable", "worker_heartbeat_age_seconds": None, "ok": False}, 503)
    last = store.health.freshest()
    age = round((utcnow() - last).total_seconds(), 1) if last else None
    ok = age is not None and age < STALE_SECONDS
    return _answer({"redis": "ok", "worker_heartbeat_age_seconds": age, "ok": ok}, 200 if ok else 503)


def _answer(data: dict[str, object], status: int) -> Response:
    response = jsonify(data)
    response.status_code = status
    return response
