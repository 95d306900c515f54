"""SendGrid's signed Event Webhook from the provider's side: a key pair, and batches signed with it
(ECDSA P-256 over timestamp + raw body) posted through the real Flask route."""

from __future__ import annotations

import base64
import json
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from digest.web.webhooks import SIGNATURE, TIMESTAMP


def public_key_setting(key: ec.EllipticCurvePrivateKey) -> str:
    """The value SENDGRID_WEBHOOK_PUBLIC_KEY takes for this key (base64 DER, as SendGrid shows it)."""
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode()


def post_events(
    client: FlaskClient, key: ec.EllipticCurvePrivateKey, events: list[dict[str, object]]
) -> TestResponse:
    body = json.dumps(events).encode()
    stamp = str(int(time.time()))
    signature = key.sign(stamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    headers = {SIGNATURE: base64.b64encode(signature).decode(), TIMESTAMP: stamp}
    return client.post("/webhooks/sendgrid", data=body, headers=headers, content_type="application/json")
