"""`digest lists brand`: checked values stored beside the list, shown by `lists show`; and the postal
address a real send asks for."""

from __future__ import annotations

import pytest

from digest.delivery.dispatch import send_now
from digest.delivery.fanout import Sender
from digest.delivery.ratelimit import Unlimited
from digest.models import IssueStatus
from digest.runtime import Runtime, utcnow
from digest.store import Store
from tests.support.cli import fails, ok, snapshot, succeeds
from tests.support.issues import make_issue
from tests.support.sendgrid_standin import API_KEY, StandIn

ADDRESS = "1 Quay Street, Bristol BS1 4DJ, United Kingdom"


def test_it_brands_a_list_and_shows_the_branding(morning: str) -> None:
    ok(
        "lists", "brand", "morning", "--logo", "https://cdn.example.com/logo.png", "--colour", "#0A7",
        "--address", ADDRESS, "--intro", "Good morning.", "--footer", "Written in Bristol.",
    )  # fmt: skip
    shown = ok("lists", "show", "morning")
    assert shown["branding"] == {
        "logo": "https://cdn.example.com/logo.png",
        "colour": "#00aa77",
        "address": ADDRESS,
        "intro": "Good morning.",
        "footer": "Written in Bristol.",
    }
    human = succeeds("lists", "show", "morning")
    assert "#00aa77" in human and "Quay Street" in human


def test_an_empty_value_clears_one_field_and_leaves_the_others(morning: str) -> None:
    ok("lists", "brand", "morning", "--colour", "#0a7", "--intro", "Hello.")
    ok("lists", "brand", "morning", "--intro", "")
    assert ok("lists", "show", "morning")["branding"]["intro"] == ""
    assert ok("lists", "show", "morning")["branding"]["colour"] == "#00aa77"


@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--colour", "teal", "--colour"),
        ("--colour", "#12345", "--colour"),
        ("--logo", "http://cdn.example.com/logo.png", "--logo"),
        ("--logo", "javascript:alert(1)", "--logo"),
        ("--logo", 'https://cdn.example.com/a"onerror="x.png', "--logo"),
        ("--intro", "word " * 200, "--intro"),
        ("--address", "x" * 301, "--address"),
    ],
)
def test_a_bad_value_is_refused_in_one_line_naming_the_option(
    morning: str, store: Store, option: str, value: str, named: str
) -> None:
    before = snapshot(store)
    assert named in fails("lists", "brand", "morning", option, value)
    assert snapshot(store) == before


def test_control_and_direction_characters_are_stripped_and_lines_joined(morning: str) -> None:
    ok(
        "lists",
        "brand",
        "morning",
        "--address",
        "1 Quay St\nBristol\x1b[31m\u202e UK\x00",
        "--footer",
        "a\tb",
    )
    branding = ok("lists", "show", "morning")["branding"]
    assert branding["address"] == "1 Quay St Bristol[31m UK"
    assert branding["footer"] == "a b"


def test_brand_with_nothing_to_change_or_an_unknown_list_is_refused(morning: str) -> None:
    assert "nothing to change" in fails("lists", "brand", "morning")
    assert "no list 'evening'" in fails("lists", "brand", "evening", "--intro", "Hi")


def test_a_sendgrid_send_without_a_postal_address_is_refused_before_anything_is_built(
    morning: str, sendgrid_env: StandIn, store: Store
) -> None:
    ok("lists", "brand", "morning", "--address", "")
    succeeds("subscribers", "add", "morning", "ada@example.com")
    before = snapshot(store)
    line = fails("issue", "send", "morning", "--inline")
    assert "no postal address" in line and "digest lists brand morning --address" in line
    assert snapshot(store) == before and sendgrid_env.messages == 0


def test_an_smtp_send_without_a_postal_address_is_refused_too(
    morning: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIGEST_EMAIL_BACKEND", "smtp")
    monkeypatch.setenv("SMTP_URL", "smtp://127.0.0.1:9")
    ok("lists", "brand", "morning", "--address", "")
    assert "digest lists brand morning --address" in fails("issue", "send", "morning")


def test_the_outbox_sends_without_an_address_and_says_so_once(morning: str, sample_feed_url: str) -> None:
    ok("lists", "brand", "morning", "--address", "")
    succeeds("subscribers", "add", "morning", "ada@example.com")
    succeeds("feeds", "add", "morning", sample_feed_url)
    succeeds("feeds", "poll", "morning")
    said = succeeds("issue", "send", "morning", "--inline")
    assert said.count("no postal address") == 1 and "sent" in said
    assert ok("issue", "show", "morning-1")["counts"]["sent"] == 1


def test_a_send_that_reaches_the_workers_without_an_address_pauses_and_sends_nobody(
    runtime: Runtime, standin: tuple[StandIn, str]
) -> None:
    from digest.transports.sendgrid.transport import SendGridTransport

    server, url = standin
    store = runtime.store
    make_issue(store, 3, slug="bare")
    store.lists.set_branding("bare", {"address": ""})  # as every list stored before branding
    sender = Sender(store, SendGridTransport(API_KEY, host=url), runtime.links, utcnow, Unlimited())
    report = send_now(sender, "bare", 1)
    status, reason = store.issues.status("bare", 1)
    assert status is IssueStatus.PAUSED and "--address" in reason
    assert "digest issue resume bare-1" in report.stopped and report.sent == 0
    assert server.messages == 0
