"""The notices around joining greet like the digest does (one rule, one fallback, the list's
setting). Through the real web flow and the outbox: a welcome after
confirmation (when the list sends one, with its latest issue's link) and one reminder to confirm a
day later, never to someone who left or whose address is suppressed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from digest import admin
from digest.admin.review import set_welcome
from digest.audience import notices
from digest.audience.notices import render_confirmation
from digest.models import MailingList, SubscriberStatus, SuppressionReason
from digest.runtime import Runtime, utcnow
from digest.web import create_app
from tests.support.issues import make_issue, send_inline
from tests.support.readback import outbox, status_of
from tests.support.web import settle


@pytest.fixture
def client(runtime: Runtime) -> Iterator[FlaskClient]:
    admin.create_list(runtime.store, "morning", name="Morning Brief", from_addr="Brief <brief@example.com>",
                      now=utcnow())  # fmt: skip
    app = create_app(runtime)
    app.testing = True
    with app.test_client() as test_client:
        yield test_client


def _kinds(folder: Path) -> list[str]:
    return sorted(path.name.split("-", 1)[0] for path in folder.glob("*.eml"))


def _follow_up(runtime: Runtime, later: timedelta = timedelta(0)) -> notices.NoticeReport:
    return notices.send_due(runtime.store, runtime.transport(), runtime.links, "morning", utcnow() + later)


def _join(client: FlaskClient, address: str) -> None:
    client.post("/subscribe/morning", data={"email": address})
    settle(client)  # the join is recorded and mailed after the answer


def _confirm(client: FlaskClient, folder: Path, address: str) -> None:
    for message in outbox(folder):
        body = message.get_body(("plain",))
        link = re.search(r"https://news\.example\.com(/confirm/\S+)", body.get_content() if body else "")
        if message["To"].addresses[0].addr_spec == address and link:
            client.post(link.group(1))  # the page's button (a GET only shows it)
            return
    raise AssertionError(f"no confirmation link for {address}")


def test_a_welcome_follows_confirmation_once_with_the_latest_issue(
    client: FlaskClient, runtime: Runtime, tmp_path: Path
) -> None:
    store = runtime.store
    make_issue(store, 0)
    send_inline(store, runtime.transport(), runtime.links, "morning", 1, utcnow)
    set_welcome(store, "morning", True)
    _join(client, "ada@example.com")
    _confirm(client, tmp_path / "outbox", "ada@example.com")
    assert _follow_up(runtime).welcomed == 1
    assert _follow_up(runtime).welcomed == 0
    (welcome,) = [m for m in outbox(tmp_path / "outbox") if m["X-Digest-Kind"] == "welcome"]
    assert welcome["Subject"] == "Welcome to Morning Brief"
    body = welcome.get_body(("plain",))
    assert body is not None and "https://news.example.com/archive/morning/1" in body.get_content()
    assert welcome["List-Unsubscribe"]


def test_no_welcome_when_the_list_sends_none(client: FlaskClient, runtime: Runtime, tmp_path: Path) -> None:
    _join(client, "ada@example.com")
    _confirm(client, tmp_path / "outbox", "ada@example.com")
    assert _follow_up(runtime).welcomed == 0
    assert _kinds(tmp_path / "outbox") == ["confirm"]


def test_one_reminder_to_confirm_after_a_day(client: FlaskClient, runtime: Runtime, tmp_path: Path) -> None:
    _join(client, "ada@example.com")
    assert _follow_up(runtime, timedelta(hours=23)).reminded == 0
    assert _follow_up(runtime, timedelta(hours=25)).reminded == 1
    _join(client, "ada@example.com")  # asking again restarts nothing
    assert _follow_up(runtime, timedelta(hours=50)).reminded == 0
    reminder = next(m for m in outbox(tmp_path / "outbox") if m["X-Digest-Kind"] == "reminder")
    assert reminder["Subject"] == "Reminder: confirm your subscription to Morning Brief"
    body = reminder.get_body(("plain",))
    link = re.search(r"https://news\.example\.com(/confirm/\S+)", body.get_content() if body else "")
    assert link is not None
    client.post(link.group(1))
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.ACTIVE


def test_no_reminder_to_who_confirmed_left_or_is_suppressed(
    client: FlaskClient, runtime: Runtime, tmp_path: Path
) -> None:
    store = runtime.store
    for address in ("ada@example.com", "bob@example.com", "cy@example.com"):
        _join(client, address)
    _confirm(client, tmp_path / "outbox", "ada@example.com")
    bob = store.subscribers.by_email("bob@example.com")
    store.subscribers.set_status("morning", bob.id, SubscriberStatus.UNSUBSCRIBED, utcnow())
    store.suppression.add("cy@example.com", SuppressionReason.MANUAL, utcnow())
    report = _follow_up(runtime, timedelta(hours=25))
    assert report.reminded == 0
    assert _kinds(tmp_path / "outbox") == ["confirm"] * 3


MORNING = MailingList(
    "morning", "Morning Brief", "Brief <brief@example.com>", datetime(2025, 1, 6, tzinfo=UTC)
)


@pytest.mark.parametrize(
    ("name", "greeting"),
    [("Barbara Liskov", "Hi Barbara,"), ("Liskov, Barbara", "Hi Barbara,"), ("", "Hi there,")],
)
def test_the_confirmation_greets_by_first_name_or_there(name: str, greeting: str) -> None:
    rendered = render_confirmation(MORNING, name=name, confirm_url="https://news.example.com/confirm/t")
    assert rendered.text.startswith(f"{greeting}\n")
    assert f"<p>{greeting}</p>" in rendered.html


def test_a_list_without_greetings_sends_a_confirmation_without_one() -> None:
    quiet = replace(MORNING, greeting=False)
    rendered = render_confirmation(
        quiet, name="Grace Hopper", confirm_url="https://news.example.com/confirm/t"
    )
    assert "Hi " not in rendered.text and "Hi " not in rendered.html
    assert "https://news.example.com/confirm/t" in rendered.text


def test_the_confirmation_and_welcome_of_a_branded_list_wear_its_branding(
    client: FlaskClient, runtime: Runtime, tmp_path: Path
) -> None:
    from digest.admin.branding import brand_list

    address, logo = "1 Quay Street, Bristol BS1 4DJ, United Kingdom", "https://cdn.example.com/logo.png"
    brand_list(runtime.store, "morning", logo=logo, colour="#0a7", address=address, footer="From Bristol.")
    set_welcome(runtime.store, "morning", True)
    _join(client, "ada@example.com")
    _confirm(client, tmp_path / "outbox", "ada@example.com")
    assert _follow_up(runtime).welcomed == 1
    kinds = {m["X-Digest-Kind"]: m for m in outbox(tmp_path / "outbox")}
    assert set(kinds) == {"confirmation", "welcome"}
    for kind, message in kinds.items():
        html, text = message.get_body(("html",)), message.get_body(("plain",))
        assert html is not None and text is not None
        for part in (html.get_content(), text.get_content()):
            assert address in part and "From Bristol." in part, kind
        assert f'src="{logo}"' in html.get_content(), kind
