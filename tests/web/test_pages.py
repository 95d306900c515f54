"""The web app through Flask's test client against real Redis: opt-in, one-click unsubscribe,
preferences, the mailto target, archive, health."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from flask.testing import FlaskClient

from digest import admin
from digest.collect.collector import collect_feed
from digest.delivery.fanout import recipient_for
from digest.delivery.links import make_confirm_token, make_unsubscribe_token
from digest.issues.build import build_issue
from digest.models import SubscriberStatus
from digest.runtime import Runtime, utcnow
from digest.schedules import tick as scheduling
from digest.web import create_app
from tests.support.issues import send_inline
from tests.support.readback import outbox, status_of
from tests.support.web import settle


@pytest.fixture
def client(runtime: Runtime) -> Iterator[FlaskClient]:
    admin.create_list(runtime.store, "morning", name="Morning Brief", from_addr="Brief <brief@example.com>",
                      now=utcnow(), description="The day's news, short.")  # fmt: skip
    app = create_app(runtime)
    app.testing = True
    with app.test_client() as test_client:
        yield test_client


def token_for(runtime: Runtime, address: str) -> str:
    person = runtime.store.subscribers.by_email(address)
    return make_unsubscribe_token(runtime.links.secret, person.id, "morning")


def test_the_form_has_an_email_field_and_a_hidden_honeypot(client: FlaskClient) -> None:
    page = client.get("/subscribe/morning").get_data(as_text=True)
    assert 'type="email"' in page and 'name="website"' in page and 'aria-hidden="true"' in page
    assert "<script" not in page and "stylesheet" not in page  # no external assets


def test_double_opt_in_from_the_form_to_an_active_subscriber(
    client: FlaskClient, runtime: Runtime, tmp_path: Path
) -> None:
    answer = client.post("/subscribe/morning", data={"email": "ada@example.com", "name": "Ada"})
    assert answer.status_code == 200 and "Check your inbox" in answer.get_data(as_text=True)
    settle(client)
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.PENDING
    (message,) = outbox(tmp_path / "outbox")
    body = message.get_body(("plain",))
    assert body is not None
    link = re.search(r"https://news\.example\.com(/confirm/\S+)", body.get_content())
    assert link is not None
    assert "<button" in client.get(link.group(1)).get_data(as_text=True)
    confirmed = client.post(link.group(1))
    assert confirmed.status_code == 200 and "You are subscribed" in confirmed.get_data(as_text=True)
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.ACTIVE


def test_the_answer_is_the_same_whether_or_not_the_address_is_on_the_list(
    client: FlaskClient, runtime: Runtime, tmp_path: Path
) -> None:
    admin.add_subscriber(runtime.store, "morning", "old@example.com", now=utcnow())
    known = client.post("/subscribe/morning", data={"email": "old@example.com"})
    new = client.post("/subscribe/morning", data={"email": "new@example.com"})
    settle(client)
    assert known.status_code == new.status_code == 200
    assert known.get_data(as_text=True).replace("old@", "new@") == new.get_data(as_text=True)
    assert status_of(runtime.store, "old@example.com") is SubscriberStatus.ACTIVE  # not demoted to pending
    assert len(outbox(tmp_path / "outbox")) == 1  # only the new address got a confirmation


def test_a_bot_filling_the_honeypot_learns_nothing_and_adds_nobody(
    client: FlaskClient, runtime: Runtime
) -> None:
    answer = client.post("/subscribe/morning", data={"email": "bot@example.com", "website": "http://spam"})
    assert answer.status_code == 200
    settle(client)
    assert runtime.store.subscribers.subscription("morning", "1") is None


def test_the_form_is_rate_limited_per_client(client: FlaskClient) -> None:
    codes = [
        client.post("/subscribe/morning", data={"email": f"p{i}@example.com"}).status_code for i in range(11)
    ]
    assert codes[:10] == [200] * 10 and codes[10] == 429


def _form_posts(client: FlaskClient, forwarded_for: str, count: int, start: int = 0) -> list[int]:
    headers = {"X-Forwarded-For": forwarded_for}
    return [
        client.post("/subscribe/morning", data={"email": f"p{i}@example.com"}, headers=headers).status_code
        for i in range(start, start + count)
    ]


def test_behind_a_trusted_proxy_the_form_limit_is_per_forwarded_client(runtime: Runtime) -> None:
    admin.create_list(runtime.store, "morning", name="Morning", from_addr="brief@example.com", now=utcnow())
    proxied = dataclasses.replace(runtime, settings=dataclasses.replace(runtime.settings, proxy_hops=1))
    with create_app(proxied).test_client() as client:
        assert _form_posts(client, "203.0.113.7", 11) == [200] * 10 + [429]
        assert _form_posts(client, "198.51.100.9", 1, start=20) == [200]  # another reader behind the proxy


def test_without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing(client: FlaskClient) -> None:
    assert _form_posts(client, "203.0.113.7", 10) == [200] * 10
    assert _form_posts(client, "198.51.100.9", 1, start=20) == [429]


def test_a_bad_address_is_refused_on_the_form(client: FlaskClient) -> None:
    answer = client.post("/subscribe/morning", data={"email": "not-an-address"})
    assert answer.status_code == 400 and "is not a valid email address" in answer.get_data(as_text=True)


def test_an_unknown_list_is_a_plain_404(client: FlaskClient) -> None:
    answer = client.get("/subscribe/nosuch")
    assert answer.status_code == 404 and "Traceback" not in answer.get_data(as_text=True)


def test_forged_and_expired_confirmation_links_get_a_plain_400(
    client: FlaskClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    forged = client.get("/confirm/WyIxIiwibW9ybmluZyJd.forged.signature")
    assert forged.status_code == 400 and "not valid" in forged.get_data(as_text=True)
    import itsdangerous.timed

    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: 1_000_000_000.0)  # 2001
    old = make_confirm_token(runtime.links.secret, "1", "morning")
    monkeypatch.undo()
    expired = client.get(f"/confirm/{old}")
    assert expired.status_code == 400 and "expired: subscribe again" in expired.get_data(as_text=True)


def test_the_unsubscribe_page_has_one_button_and_changes_nothing_by_itself(
    client: FlaskClient, runtime: Runtime
) -> None:
    admin.add_subscriber(runtime.store, "morning", "ada@example.com", now=utcnow())
    page = client.get(f"/unsubscribe/{token_for(runtime, 'ada@example.com')}")
    assert page.status_code == 200 and page.get_data(as_text=True).count("<button") == 1
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.ACTIVE


def test_one_click_post_unsubscribes_at_once_without_redirect(client: FlaskClient, runtime: Runtime) -> None:
    admin.add_subscriber(runtime.store, "morning", "ada@example.com", now=utcnow())
    token = token_for(runtime, "ada@example.com")
    answer = client.post(f"/unsubscribe/{token}", data="List-Unsubscribe=One-Click",
                         content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert answer.status_code == 200
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.UNSUBSCRIBED
    assert client.post(f"/unsubscribe/{token}").status_code == 200  # again: harmless


def test_a_tampered_unsubscribe_token_is_refused(client: FlaskClient, runtime: Runtime) -> None:
    admin.add_subscriber(runtime.store, "morning", "ada@example.com", now=utcnow())
    token = token_for(runtime, "ada@example.com")
    payload, signature = token.split(".")
    other = make_unsubscribe_token(runtime.links.secret, "1", "other").split(".")[0]
    for bad in (f"{other}.{signature}", f"{payload}.x{signature[1:]}", "nonsense"):
        answer = client.post(f"/unsubscribe/{bad}")
        assert answer.status_code == 400 and "not valid" in answer.get_data(as_text=True)
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.ACTIVE


def test_the_mailto_target_unsubscribes_through_inbound_parse(client: FlaskClient, runtime: Runtime) -> None:
    admin.add_subscriber(runtime.store, "morning", "ada@example.com", now=utcnow())
    person = runtime.store.subscribers.by_email("ada@example.com")
    mailto = recipient_for(runtime.links, person.id, person.email, "", "morning").unsubscribe_mailto
    subject = mailto.split("subject=", 1)[1].replace("%20", " ")
    answer = client.post("/webhooks/inbound", data={"to": "unsubscribe@news.example.com", "subject": subject})
    assert answer.status_code == 200
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.UNSUBSCRIBED


def test_preferences_switch_the_edition_and_let_people_leave(client: FlaskClient, runtime: Runtime) -> None:
    store = runtime.store
    scheduling.set_schedule(store, "morning", "daily 07:00", utcnow())
    scheduling.set_schedule(store, "morning", "weekly sun 18:00", utcnow(), edition="weekly")
    admin.add_subscriber(store, "morning", "ada@example.com", now=utcnow())
    url = f"/preferences/{token_for(runtime, 'ada@example.com')}"
    assert 'value="weekly"' in client.get(url).get_data(as_text=True)
    client.post(url, data={"action": "edition", "edition": "weekly"})
    assert store.editions.chosen("morning", store.subscribers.by_email("ada@example.com").id) == "weekly"
    client.post(url, data={"action": "leave"})
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.UNSUBSCRIBED


def test_the_archive_lists_sent_issues_with_an_rss_feed(
    client: FlaskClient, runtime: Runtime, sample_feed_url: str
) -> None:
    store = runtime.store
    admin.add_subscriber(store, "morning", "ada@example.com", now=utcnow())
    check = admin.add_feed(store, runtime.fetcher, "morning", sample_feed_url)
    collect_feed(store, runtime.fetcher, check.feed.id, utcnow())
    issue = build_issue(store, "morning", utcnow())
    assert issue is not None
    send_inline(store, runtime.transport(), runtime.links, "morning", issue.number, utcnow)
    listing = client.get("/archive/morning").get_data(as_text=True)
    assert issue.subject.split(":")[0] in listing and "/archive/morning/1" in listing
    page = client.get("/archive/morning/1").get_data(as_text=True)
    assert "Istanbul" in page and "[%" not in page
    parsed = feedparser.parse(client.get("/archive/morning/feed.xml").get_data())
    assert parsed.feed.title == "Morning Brief" and parsed.entries[0].link.endswith("/archive/morning/1")
    assert client.get("/archive/morning/2").status_code == 404


def test_health_reports_redis_and_the_age_of_the_last_worker_heartbeat(
    client: FlaskClient, runtime: Runtime
) -> None:
    stalled = client.get("/healthz")
    assert stalled.status_code == 503 and stalled.get_json()["redis"] == "ok"
    runtime.store.health.beat("worker-1", utcnow())
    alive = client.get("/healthz").get_json()
    assert alive["ok"] is True and alive["worker_heartbeat_age_seconds"] < 5


def test_preferences_let_a_subscriber_take_a_break_and_come_back(
    client: FlaskClient, runtime: Runtime
) -> None:
    store = runtime.store
    person = admin.add_subscriber(store, "morning", "ada@example.com", now=utcnow())
    url = f"/preferences/{token_for(runtime, 'ada@example.com')}"
    page = client.post(url, data={"action": "pause", "weeks": "4"}).get_data(as_text=True)
    assert "Paused." in page and "issues resume after" in page and "Resume now" in page
    assert person.id in store.pauses.paused_among("morning", [person.id], utcnow())
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.ACTIVE  # a break is not leaving
    client.post(url, data={"action": "resume"})
    assert store.pauses.paused_among("morning", [person.id], utcnow()) == {}
    refused = client.post(url, data={"action": "pause", "weeks": "forever"})
    assert refused.status_code == 400 and "not offered" in refused.get_data(as_text=True)


def test_the_form_records_the_edition_asked_for(client: FlaskClient, runtime: Runtime) -> None:
    store = runtime.store
    scheduling.set_schedule(store, "morning", "daily 07:00", utcnow())
    scheduling.set_schedule(store, "morning", "weekly sun 18:00", utcnow(), edition="weekly")
    assert 'value="weekly"' in client.get("/subscribe/morning").get_data(as_text=True)
    client.post("/subscribe/morning", data={"email": "ada@example.com", "edition": "weekly"})
    client.post("/subscribe/morning", data={"email": "bob@example.com", "edition": "hourly"})
    settle(client)
    assert store.editions.chosen("morning", store.subscribers.by_email("ada@example.com").id) == "weekly"
    assert store.editions.chosen("morning", store.subscribers.by_email("bob@example.com").id) is None
