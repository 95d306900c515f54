"""SendGrid's signed Event Webhook against real Redis: signatures, stale timestamps, replays,
reordered events, events from other systems, and a 10 000-event batch."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask.testing import FlaskClient

from digest import admin
from digest.config import load_settings
from digest.models import Issue, IssueStatus, RenderedIssue, SubscriberStatus
from digest.runtime import Runtime, utcnow
from digest.web import create_app
from digest.web.webhooks import SIGNATURE, TIMESTAMP
from tests.support.readback import status_of

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster


@pytest.fixture(scope="module")
def key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture
def client(
    env: dict[str, str], key: ec.EllipticCurvePrivateKey, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FlaskClient]:
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    monkeypatch.setenv("SENDGRID_WEBHOOK_PUBLIC_KEY", base64.b64encode(der).decode())
    runtime = Runtime(load_settings())
    store = runtime.store
    admin.create_list(store, "morning", name="Morning", from_addr="m@example.com", now=utcnow())
    for address in ("ada@example.com", "bob@example.com"):
        admin.add_subscriber(store, "morning", address, now=utcnow())
    issue = Issue("morning-1", "morning", "Morning", 1, "s", utcnow(), utcnow(), [], IssueStatus.SENT)
    store.issues.create(issue, RenderedIssue("s", "<p>h</p>", "t"))
    app = create_app(runtime)
    with app.test_client() as test_client:
        yield test_client


def post(
    client: FlaskClient,
    key: ec.EllipticCurvePrivateKey,
    events: list[dict[str, object]],
    *,
    stamp: int | None = None,
    tamper: bool = False,
):  # type: ignore[no-untyped-def]
    body = json.dumps(events).encode()
    timestamp = str(stamp if stamp is not None else int(time.time()))
    signature = key.sign(timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    sent = body.replace(b"delivered", b"opened!!!") if tamper else body
    headers = {SIGNATURE: base64.b64encode(signature).decode(), TIMESTAMP: timestamp}
    return client.post("/webhooks/sendgrid", data=sent, headers=headers, content_type="application/json")


def event(n: int, kind: str, sid: str = "1", at: int = 1_760_000_000, **extra: object) -> dict[str, object]:
    return {
        "sg_event_id": f"ev-{n}",
        "event": kind,
        "email": "ada@example.com",
        "timestamp": at,
        "issue_id": "morning-1",
        "subscriber_id": sid,
        **extra,
    }


def status(client: FlaskClient, address: str) -> SubscriberStatus | None:
    return status_of(client.application.extensions["digest"].store, address)


def test_a_signed_batch_is_accepted_and_mapped_to_the_delivery(
    client: FlaskClient, key: ec.EllipticCurvePrivateKey
) -> None:
    answer = post(client, key, [event(1, "delivered"), event(2, "open", at=1_760_000_100)])
    assert answer.status_code == 200 and answer.get_json()["accepted"] == 2
    store = client.application.extensions["digest"].store
    assert store.events.latest("morning", 1, "1") == "open"


def test_a_bad_signature_or_a_stale_timestamp_is_refused(
    client: FlaskClient, key: ec.EllipticCurvePrivateKey
) -> None:
    assert post(client, key, [event(1, "delivered")], tamper=True).status_code == 401
    assert post(client, key, [event(1, "delivered")], stamp=int(time.time()) - 3600).status_code == 401
    other = ec.generate_private_key(ec.SECP256R1())
    assert post(client, other, [event(1, "delivered")]).status_code == 401
    unsigned = client.post("/webhooks/sendgrid", data=b"[]", content_type="application/json")
    assert unsigned.status_code == 401


def test_a_replayed_batch_acts_once(client: FlaskClient, key: ec.EllipticCurvePrivateKey) -> None:
    batch = [event(1, "delivered"), event(2, "click")]
    assert post(client, key, batch).get_json()["accepted"] == 2
    again = post(client, key, batch).get_json()
    assert again["accepted"] == 0 and again["duplicates"] == 2
    store = client.application.extensions["digest"].store
    assert store.redis.hget(store.keys.issue("morning", 1), "ev_click") == "1"


def test_a_late_event_does_not_overwrite_a_newer_one(
    client: FlaskClient, key: ec.EllipticCurvePrivateKey
) -> None:
    post(client, key, [event(1, "click", at=1_760_000_500)])
    post(client, key, [event(2, "delivered", at=1_760_000_000)])
    assert client.application.extensions["digest"].store.events.latest("morning", 1, "1") == "click"


def test_a_hard_bounce_marks_the_subscriber_bounced_and_suppresses_the_address(
    client: FlaskClient, key: ec.EllipticCurvePrivateKey
) -> None:
    post(client, key, [event(1, "bounce", type="bounce", reason="550 no such user")])
    assert status(client, "ada@example.com") is SubscriberStatus.BOUNCED
    store = client.application.extensions["digest"].store
    assert store.suppression.contains_many(["ada@example.com"]) == {"ada@example.com"}


def test_a_soft_bounce_is_counted_but_changes_nobody(
    client: FlaskClient, key: ec.EllipticCurvePrivateKey
) -> None:
    post(client, key, [event(1, "bounce", type="blocked")])
    assert status(client, "ada@example.com") is SubscriberStatus.ACTIVE


def test_a_spam_report_marks_complained_and_suppresses(
    client: FlaskClient, key: ec.EllipticCurvePrivateKey
) -> None:
    post(client, key, [event(1, "spamreport")])
    assert status(client, "ada@example.com") is SubscriberStatus.COMPLAINED


def test_an_unsubscribe_event_unsubscribes_from_that_list(
    client: FlaskClient, key: ec.EllipticCurvePrivateKey
) -> None:
    post(client, key, [event(1, "group_unsubscribe")])
    assert status(client, "ada@example.com") is SubscriberStatus.UNSUBSCRIBED


def test_events_of_mail_sent_by_other_systems_still_act_on_the_address(
    client: FlaskClient, key: ec.EllipticCurvePrivateKey
) -> None:
    foreign = {
        "sg_event_id": "x-1",
        "event": "bounce",
        "type": "bounce",
        "email": "bob@example.com",
        "timestamp": 1_760_000_000,
    }
    assert post(client, key, [foreign]).status_code == 200
    assert status(client, "bob@example.com") is SubscriberStatus.BOUNCED


def test_a_ten_thousand_event_batch_is_handled_in_one_request(
    client: FlaskClient, key: ec.EllipticCurvePrivateKey
) -> None:
    batch = [
        event(n, "delivered" if n % 2 else "open", sid=str(n % 2 + 1), at=1_760_000_000 + n)
        for n in range(10_000)
    ]
    answer = post(client, key, batch)
    assert answer.status_code == 200 and answer.get_json()["accepted"] == 10_000
    store = client.application.extensions["digest"].store
    assert store.redis.hget(store.keys.issue("morning", 1), "ev_delivered") == "5000"


def test_without_a_public_key_the_webhook_is_refused(runtime: Runtime) -> None:
    app = create_app(runtime)
    answer = app.test_client().post("/webhooks/sendgrid", data=b"[]")
    assert answer.status_code == 403 and "SENDGRID_WEBHOOK_PUBLIC_KEY" in answer.get_json()["error"]


def _signed(key: ec.EllipticCurvePrivateKey, body: bytes, stamp: str) -> dict[str, str]:
    signature = key.sign(stamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    return {SIGNATURE: base64.b64encode(signature).decode(), TIMESTAMP: stamp}


@pytest.mark.parametrize("stamp", ["\xb2", "9" * 5_000, "-1", ""])
def test_a_malformed_timestamp_header_is_refused_as_json_before_the_signature_check(
    client: FlaskClient, key: ec.EllipticCurvePrivateKey, stamp: str
) -> None:
    answer = client.post("/webhooks/sendgrid", data=b"[]", headers=_signed(key, b"[]", stamp),
                         content_type="application/json")  # fmt: skip
    assert answer.status_code == 401 and "timestamp" in answer.get_json()["error"].lower()


def test_bad_events_are_skipped_and_counted_and_the_rest_of_the_batch_is_applied(
    client: FlaskClient, key: ec.EllipticCurvePrivateKey
) -> None:
    bad = [event(10, "open", timestamp="x"), event(11, "open", timestamp=[1]), event(12, "open", at=10**30)]
    body = json.dumps([*bad, event(1, "bounce", type="bounce")]).replace(
        "1000000000000000000000000000000", "NaN"
    )
    answer = client.post("/webhooks/sendgrid", data=body.encode(), content_type="application/json",
                         headers=_signed(key, body.encode(), str(int(time.time()))))  # fmt: skip
    assert answer.status_code == 200
    assert answer.get_json()["accepted"] == 1 and answer.get_json()["skipped"] == 3
    assert status(client, "ada@example.com") is SubscriberStatus.BOUNCED


def test_a_deeply_nested_batch_is_a_json_400(client: FlaskClient, key: ec.EllipticCurvePrivateKey) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    answer = client.post("/webhooks/sendgrid", data=body, content_type="application/json",
                         headers=_signed(key, body, str(int(time.time()))))  # fmt: skip
    assert answer.status_code == 400 and "JSON" in answer.get_json()["error"]


def test_the_webhooks_answer_errors_in_json(client: FlaskClient, key: ec.EllipticCurvePrivateKey) -> None:
    body = b'{"not": "a list"}'
    answer = client.post("/webhooks/sendgrid", data=body, content_type="application/json",
                         headers=_signed(key, body, str(int(time.time()))))  # fmt: skip
    assert answer.status_code == 400 and "array" in answer.get_json()["error"]
    assert client.get("/webhooks/sendgrid").get_json()["error"]  # 405, in JSON too
    huge = client.post("/webhooks/sendgrid", data=b"[" + b" " * 30_000_000 + b"]",
                       headers=_signed(key, b"[]", str(int(time.time()))))  # fmt: skip
    assert huge.status_code == 413 and huge.get_json()["error"]
