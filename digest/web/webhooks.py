"""POST /webhooks/sendgrid: SendGrid's signed Event Webhook."""

from __future__ import annotations

import time

from cryptography.exceptions import UnsupportedAlgorithm
from flask import Blueprint, jsonify, request
from sendgrid.helpers.eventwebhook import EventWebhook
from werkzeug.wrappers import Response

from digest.delivery import feedback as events
from digest.errors import InvalidInput
from digest.runtime import utcnow
from digest.web.pages import runtime

webhooks = Blueprint("webhooks", __name__)
SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp"
MAX_SKEW_SECONDS = (
    300  # older (or future) timestamps are refused, so a captured batch cannot be replayed later
)


def _refuse(status: int, reason: str) -> Response:
    response = jsonify({"error": reason})
    response.status_code = status
    return response


@webhooks.post("/webhooks/sendgrid")
def sendgrid_events() -> Response:
    public_key = runtime().settings.sendgrid_webhook_public_key
    if not public_key:
        return _refuse(403, "event webhook refused: SENDGRID_WEBHOOK_PUBLIC_KEY is not set")
    signature, stamp = request.headers.get(SIGNATURE, ""), request.headers.get(TIMESTAMP, "")
    # isdigit() alone lets "²" through, and int() of thousands of digits raises: ASCII, 1-12 digits.
    if not signature or not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
        return _refuse(401, f"missing {SIGNATURE}, or {TIMESTAMP} missing or not a Unix time")
    if abs(time.time() - int(stamp)) > MAX_SKEW_SECONDS:
        return _refuse(401, "stale timestamp")
    body = request.get_data(cache=False)  # the exact bytes that were signed, not re-serialised JSON
    try:
        verifier = EventWebhook(public_key)
        valid = verifier.verify_signature(body.decode("utf-8"), signature, stamp)
    except (ValueError, UnicodeDecodeError, UnsupportedAlgorithm):
        valid = False
    if not valid:
        return _refuse(401, "bad signature")
    try:
        batch = events.parse_events(body)
    except InvalidInput as exc:
        return _refuse(400, str(exc))
    report = events.apply_events(runtime().store, batch, utcnow())
    return jsonify(
        {
            "accepted": report.accepted,
            "duplicates": report.duplicates,
            "suppressed": report.suppressed,
            "skipped": report.skipped,
            "by_kind": dict(report.by_kind),
        }
    )
