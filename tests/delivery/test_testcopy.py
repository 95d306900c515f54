"""A test copy (`issue send LIST --to`, `issue preview LIST --to`): mailed through the configured
transport, marked as a test, spending nothing and recorded nowhere; its links act on no subscriber."""

from __future__ import annotations

import re
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from digest.models import SubscriberStatus
from digest.runtime import Runtime
from digest.web import create_app
from tests.support.cli import fails, ok, snapshot, succeeds
from tests.support.readback import outbox, status_of
from tests.support.sendgrid_standin import StandIn
from tests.support.servers import free_port


@pytest.fixture
def collected(morning: str, sample_feed_url: str) -> str:
    """The list `morning` with one active subscriber, Ada, and the sample feed's four articles."""
    succeeds("subscribers", "add", "morning", "ada@example.com", "--name", "Ada")
    succeeds("feeds", "add", "morning", sample_feed_url)
    succeeds("feeds", "poll", "morning")
    return morning


def test_a_test_send_mails_one_marked_copy_and_changes_nothing_stored(
    collected: str, runtime: Runtime, tmp_path: Path
) -> None:
    before = snapshot(runtime.store)
    sent = ok("issue", "send", "morning", "--to", "me@example.com")
    assert sent["test_copy"] == "morning-1" and sent["sent"] == 1
    assert snapshot(runtime.store) == before  # no issue, no number, no delivery, no cut-off
    (message,) = outbox(tmp_path / "outbox")
    assert message["To"] == "me@example.com"
    assert message["Subject"].startswith("[Test] Morning #1")
    assert message["X-Digest-Test"] == "1"
    body = message.get_body(("plain",))
    assert body is not None and "Test copy of the next issue of Morning" in body.get_content()


def test_after_a_test_send_the_real_issue_still_holds_every_article(
    collected: str, runtime: Runtime, tmp_path: Path
) -> None:
    succeeds("issue", "send", "morning", "--to", "me@example.com")
    real = ok("issue", "send", "morning", "--inline")
    assert real["id"] == "morning-1" and real["articles"] == 4
    assert real["counts"]["sent"] == 1
    assert [i["id"] for i in ok("issue", "list", "morning")] == ["morning-1"]


def test_preview_to_mails_the_preview_and_records_nothing(
    collected: str, runtime: Runtime, tmp_path: Path
) -> None:
    before = snapshot(runtime.store)
    shown = ok("issue", "preview", "morning", "--to", "me@example.com", "--out", str(tmp_path / "p"))
    assert shown["test_copy"]["test_copy"] == "morning-1" and shown["articles"] == 4
    assert snapshot(runtime.store) == before
    (message,) = outbox(tmp_path / "outbox")
    assert message["Subject"].startswith("[Test] ")
    assert (tmp_path / "p" / "morning-preview.html").exists()


def test_the_unsubscribe_link_of_a_test_copy_acts_on_no_subscriber(
    collected: str, runtime: Runtime, tmp_path: Path
) -> None:
    # Sent to Ada's own address: following its link must still leave her subscribed.
    succeeds("issue", "send", "morning", "--to", "ada@example.com")
    (message,) = outbox(tmp_path / "outbox")
    link = re.search(r"https://news\.example\.com(/unsubscribe/[^>\s]+)>", message["List-Unsubscribe"])
    assert link is not None
    app = create_app(runtime)
    app.testing = True
    with app.test_client() as client:
        client.post(link.group(1), data={"List-Unsubscribe": "One-Click"})
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.ACTIVE


def test_a_test_copy_of_a_queued_issue_is_that_issue(
    collected: str, runtime: Runtime, tmp_path: Path
) -> None:
    from digest.issues.build import build_issue
    from digest.runtime import utcnow

    build_issue(runtime.store, "morning", utcnow())
    sent = ok("issue", "send", "morning", "--to", "me@example.com")
    assert sent["test_copy"] == "morning-1"
    assert runtime.store.issues.counts("morning", 1)["sent"] == 0  # no delivery recorded on it


def test_a_suppressed_or_invalid_address_is_refused_in_one_line(collected: str, tmp_path: Path) -> None:
    succeeds("suppress", "add", "gone@example.com")
    line = fails("issue", "send", "morning", "--to", "gone@example.com")
    assert "gone@example.com is on the suppression list" in line
    assert "not-an-address" in fails("issue", "send", "morning", "--to", "not-an-address")
    assert not list((tmp_path / "outbox").glob("*.eml"))


def test_a_test_copy_goes_through_sendgrid_when_it_is_configured(
    collected: str, sendgrid_env: StandIn, runtime: Runtime
) -> None:
    succeeds("issue", "send", "morning", "--to", "me@example.com")
    assert sendgrid_env.times("me@example.com") == 1 and sendgrid_env.times("ada@example.com") == 0
    (body,) = sendgrid_env.bodies
    assert body["headers"]["X-Digest-Test"] == "1"
    assert body["subject"].startswith("[Test] ")
    assert runtime.store.issues.numbers("morning") == []


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def test_a_test_copy_goes_through_smtp_when_it_is_configured(
    collected: str, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = _Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=free_port())
    server.start()
    try:
        monkeypatch.setenv("DIGEST_EMAIL_BACKEND", "smtp")
        monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{server.port}")
        monkeypatch.setenv("SMTP_STARTTLS", "0")
        monkeypatch.setenv("DIGEST_SECRET_KEY", "a-test-secret-key-of-at-least-32-characters")
        succeeds("issue", "send", "morning", "--to", "me@example.com")
    finally:
        server.stop()
    ((rcpt, raw),) = inbox.messages
    message = message_from_bytes(raw)
    assert rcpt == ["me@example.com"] and message["X-Digest-Test"] == "1"
    assert str(message["Subject"]).startswith("[Test] ")
    assert runtime.store.issues.numbers("morning") == []
