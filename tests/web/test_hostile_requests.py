"""Requests no browser sends, through Flask's test client against real Redis: oversized forms, odd
digits, mail full of token look-alikes; and the headers every page carries."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from digest import admin
from digest.delivery.fanout import recipient_for
from digest.delivery.links import make_unsubscribe_token
from digest.models import SubscriberStatus
from digest.runtime import Runtime, utcnow
from tests.support.readback import status_of


def preferences_url(runtime: Runtime) -> str:
    person = admin.add_subscriber(runtime.store, "morning", "ada@example.com", now=utcnow())
    return f"/preferences/{make_unsubscribe_token(runtime.links.secret, person.id, 'morning')}"


def test_a_huge_form_is_refused_without_echoing_it(client: FlaskClient) -> None:
    answer = client.post("/subscribe/morning", data={"email": "a" * 19_000_000 + "@example.com"})
    assert answer.status_code == 413 and len(answer.get_data()) < 10_000


@pytest.mark.parametrize("weeks", ["²", "9" * 5_000, "-4", " 4"])
def test_odd_numbers_of_weeks_are_refused_with_a_page_not_a_crash(
    client: FlaskClient, runtime: Runtime, weeks: str
) -> None:
    answer = client.post(preferences_url(runtime), data={"action": "pause", "weeks": weeks})
    assert answer.status_code == 400 and "not offered" in answer.get_data(as_text=True)


def test_every_page_forbids_framing_sniffing_scripts_and_referrers(
    client: FlaskClient, runtime: Runtime
) -> None:
    for path in ("/subscribe/morning", "/archive/morning", "/nosuch", preferences_url(runtime), "/healthz"):
        headers = client.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["X-Frame-Options"] == "DENY", path
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert "script-src" not in headers["Content-Security-Policy"], path  # default-src 'none' covers it
        assert "default-src 'none'" in headers["Content-Security-Policy"], path
        assert headers["Referrer-Policy"] == "same-origin", path  # no token leaks to other sites


def _mailto_subject(runtime: Runtime) -> str:
    person = runtime.store.subscribers.by_email("ada@example.com")
    mailto = recipient_for(runtime.links, person.id, person.email, "", "morning").unsubscribe_mailto
    return mailto.split("subject=", 1)[1].replace("%20", " ")


def test_mail_full_of_token_look_alikes_is_read_only_so_far(client: FlaskClient, runtime: Runtime) -> None:
    preferences_url(runtime)
    decoys = " ".join(f"unsubscribe x{n}.y.z" for n in range(5_000))
    answer = client.post("/webhooks/inbound", data={"subject": f"{decoys} {_mailto_subject(runtime)}"})
    assert answer.status_code == 200 and "no unsubscribe token" in answer.get_data(as_text=True)
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.ACTIVE


def test_an_oversized_inbound_mail_is_answered_200_and_ignored(client: FlaskClient, runtime: Runtime) -> None:
    preferences_url(runtime)
    subject = _mailto_subject(runtime)
    answer = client.post("/webhooks/inbound", data={"subject": subject, "text": "x" * 20_000_000})
    assert answer.status_code == 200 and "too large" in answer.get_data(as_text=True)  # no retries
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.ACTIVE
    attached = client.post("/webhooks/inbound", data={"subject": subject, "text": "thanks, bye " * 1000})
    assert attached.status_code == 200 and "unsubscribed" in attached.get_data(as_text=True)
