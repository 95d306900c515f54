"""The opt-in form in hostile hands, through Flask's test client against real Redis: strangers who
rename subscribers, mail suppressed or pending addresses again and again, post from other sites, or
time the answers; mail scanners that follow confirmation links."""

from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient

from digest import admin
from digest.admin import privacy
from digest.delivery.links import make_confirm_token, make_unsubscribe_token
from digest.models import SubscriberStatus, SuppressionReason
from digest.runtime import Runtime, utcnow
from digest.web import create_app
from tests.support.readback import outbox, status_of
from tests.support.sendgrid_standin import StandIn
from tests.support.web import settle


def join(client: FlaskClient, address: str, **fields: str) -> int:
    return client.post("/subscribe/morning", data={"email": address, **fields}).status_code


def confirm_path(runtime: Runtime, address: str) -> str:
    person = runtime.store.subscribers.by_email(address)
    return f"/confirm/{make_confirm_token(runtime.links.secret, person.id, 'morning')}"


# -- names (item 4) ---------------------------------------------------------------------------
def test_a_stranger_cannot_name_an_active_subscriber(client: FlaskClient, runtime: Runtime) -> None:
    admin.add_subscriber(runtime.store, "morning", "ada@example.com", now=utcnow())
    assert join(client, "ada@example.com", name="Dear idiot") == 200
    settle(client)
    assert runtime.store.subscribers.by_email("ada@example.com").name == ""


def test_a_name_asked_for_by_a_returning_subscriber_takes_effect_only_when_confirmed(
    client: FlaskClient, runtime: Runtime
) -> None:
    person = admin.add_subscriber(runtime.store, "morning", "ada@example.com", name="Ada", now=utcnow())
    runtime.store.subscribers.set_status("morning", person.id, SubscriberStatus.UNSUBSCRIBED, utcnow())
    join(client, "ada@example.com", name="Ada Lovelace")
    settle(client)
    assert runtime.store.subscribers.by_email("ada@example.com").name == "Ada"
    client.post(confirm_path(runtime, "ada@example.com"))
    assert runtime.store.subscribers.by_email("ada@example.com").name == "Ada Lovelace"


def test_forgetting_a_person_forgets_the_name_they_asked_for(client: FlaskClient, runtime: Runtime) -> None:
    person = admin.add_subscriber(runtime.store, "morning", "ada@example.com", name="Ada", now=utcnow())
    runtime.store.subscribers.set_status("morning", person.id, SubscriberStatus.UNSUBSCRIBED, utcnow())
    join(client, "ada@example.com", name="Ada Lovelace")
    settle(client)
    asked = runtime.store.keys.asked_name("morning", person.id)
    assert runtime.store.redis.get(asked) == "Ada Lovelace"
    privacy.forget(runtime.store, "ada@example.com")
    assert runtime.store.redis.get(asked) is None


def test_a_new_name_is_capped_and_loses_its_control_characters(
    client: FlaskClient, runtime: Runtime, tmp_path: Path
) -> None:
    assert join(client, "bob@example.com", name="Bob\x00\x1b[31m\x7f\x85 " + "x" * 5_000) == 200
    settle(client)
    name = runtime.store.subscribers.by_email("bob@example.com").name
    assert name.startswith("Bob[31m x") and len(name) == 100
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", name)
    (message,) = outbox(tmp_path / "outbox")
    assert len(message.as_bytes()) < 40_000


# -- suppressed addresses (item 5) ----------------------------------------------------------------
def test_a_suppressed_address_gets_the_same_page_and_no_email(
    client: FlaskClient, runtime: Runtime, tmp_path: Path
) -> None:
    runtime.store.suppression.add("gone@example.com", SuppressionReason.COMPLAINED, utcnow())
    suppressed = client.post("/subscribe/morning", data={"email": "gone@example.com"})
    fresh = client.post("/subscribe/morning", data={"email": "new@example.com"})
    settle(client)
    assert suppressed.status_code == fresh.status_code == 200
    assert suppressed.get_data(as_text=True).replace("gone@", "new@") == fresh.get_data(as_text=True)
    assert [m["To"] for m in outbox(tmp_path / "outbox")] == ["new@example.com"]
    assert runtime.store.subscribers.ids_for(["gone@example.com"]) == [None]


# -- mail bombing (item 6) --------------------------------------------------------------------------
def test_a_pending_address_gets_one_confirmation_however_often_it_is_posted(
    sendgrid_env: StandIn, runtime: Runtime
) -> None:
    admin.create_list(runtime.store, "morning", name="Morning", from_addr="brief@example.com", now=utcnow())
    with create_app(runtime).test_client() as client:
        for _ in range(5):
            assert join(client, "ada@example.com") == 200
        settle(client)
    assert sendgrid_env.times("ada@example.com") == 1


def _from(client: FlaskClient, remote: str, count: int, start: int = 0) -> list[int]:
    return [
        client.post(
            "/subscribe/morning",
            data={"email": f"p{i}@example.com"},
            environ_base={"REMOTE_ADDR": remote.format(i)},
        ).status_code
        for i in range(start, start + count)
    ]


def test_ipv6_clients_are_limited_per_64_network(client: FlaskClient) -> None:
    assert _from(client, "2001:db8:1:2::{}", 11) == [200] * 10 + [429]
    assert _from(client, "2001:db8:1:3::1", 1, start=50) == [200]  # another network


def test_a_form_posted_from_another_site_is_refused(client: FlaskClient, runtime: Runtime) -> None:
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"},
                    {"Referer": "https://evil.example/page"}):  # fmt: skip
        answer = client.post("/subscribe/morning", data={"email": "ada@example.com"}, headers=headers)
        assert answer.status_code == 403 and "this site" in answer.get_data(as_text=True)
    assert runtime.store.subscribers.ids_for(["ada@example.com"]) == [None]
    ours = {"Origin": "https://news.example.com", "Referer": "https://news.example.com/subscribe/morning"}
    assert (
        client.post("/subscribe/morning", data={"email": "ada@example.com"}, headers=ours).status_code == 200
    )
    served_as = {"Origin": "http://localhost"}  # the host the request came to (the test client's)
    assert (
        client.post("/subscribe/morning", data={"email": "bob@example.com"}, headers=served_as).status_code
        == 200
    )
    assert join(client, "cyd@example.com") == 200  # no Origin nor Referer: privacy tools strip them


def test_confirming_or_changing_preferences_from_another_site_is_refused(
    client: FlaskClient, runtime: Runtime
) -> None:
    join(client, "ada@example.com")
    settle(client)
    evil = {"Origin": "https://evil.example"}
    assert client.post(confirm_path(runtime, "ada@example.com"), headers=evil).status_code == 403
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.PENDING
    person = runtime.store.subscribers.by_email("ada@example.com")
    token = make_unsubscribe_token(runtime.links.secret, person.id, "morning")
    left = client.post(f"/preferences/{token}", data={"action": "leave"}, headers=evil)
    assert left.status_code == 403 and status_of(runtime.store, "ada@example.com") is SubscriberStatus.PENDING
    # RFC 8058's one-click POST comes from mail providers, with any Origin or none: the token is the key.
    assert client.post(f"/unsubscribe/{token}", headers=evil).status_code == 200


# -- mail scanners (item 13) ----------------------------------------------------------------------
def test_following_a_confirmation_link_shows_a_button_and_changes_nothing(
    client: FlaskClient, runtime: Runtime
) -> None:
    join(client, "ada@example.com")
    settle(client)
    path = confirm_path(runtime, "ada@example.com")
    page = client.get(path)
    assert page.status_code == 200 and page.get_data(as_text=True).count("<button") == 1
    assert f'action="{path}"' in page.get_data(as_text=True)
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.PENDING
    assert "You are subscribed" in client.post(path).get_data(as_text=True)
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.ACTIVE


def test_an_old_confirmation_link_of_someone_who_left_says_so(client: FlaskClient, runtime: Runtime) -> None:
    join(client, "ada@example.com")
    settle(client)
    person = runtime.store.subscribers.by_email("ada@example.com")
    runtime.store.subscribers.set_status("morning", person.id, SubscriberStatus.UNSUBSCRIBED, utcnow())
    page = client.post(confirm_path(runtime, "ada@example.com")).get_data(as_text=True)
    assert "You are subscribed" not in page and "not subscribed" in page
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.UNSUBSCRIBED


# -- timing (item 14) --------------------------------------------------------------------------------
def test_the_answer_does_not_wait_for_the_mail_provider(sendgrid_env: StandIn, runtime: Runtime) -> None:
    admin.create_list(runtime.store, "morning", name="Morning", from_addr="brief@example.com", now=utcnow())
    sendgrid_env.delay = 3.0  # the provider takes its time over every message
    app = create_app(runtime)
    with app.test_client() as client:
        assert join(client, "ada@example.com") == 200
        assert sendgrid_env.times("ada@example.com") == 0  # answered before the provider was done
        settle(client)
    assert sendgrid_env.times("ada@example.com") == 1
