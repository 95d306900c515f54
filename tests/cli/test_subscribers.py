"""`digest subscribers …` and `digest suppress …` through the CLI runner, against real Redis."""

from __future__ import annotations

import json

import pytest

from digest.store import Store
from tests.support.cli import fails, ok, run, snapshot

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster


@pytest.fixture
def morning(morning: str) -> str:
    """The shared morning list, and an evening list beside it: one address can be on both."""
    ok("lists", "create", "evening", "--name", "Evening", "--from", "Brief <brief@example.com>")
    return morning


def test_one_record_is_shared_by_every_list_of_an_address(morning: str) -> None:
    first = ok("subscribers", "add", "morning", "Ada@Example.com", "--name", "Ada", "--attr", "city=London")
    second = ok("subscribers", "add", "evening", " Ada@example.COM ", "--status", "pending")
    assert first["id"] == second["id"] and second["email"] == "Ada@example.com"
    shown = ok("subscribers", "show", "Ada@EXAMPLE.com")
    assert shown["name"] == "Ada" and shown["attrs"] == {"city": "London"}
    assert {(m["list"], m["status"]) for m in shown["lists"]} == {
        ("morning", "active"),
        ("evening", "pending"),
    }


def test_remove_takes_the_address_off_one_list_only(morning: str) -> None:
    ok("subscribers", "add", "morning", "ada@example.com")
    ok("subscribers", "add", "evening", "ada@example.com")
    ok("subscribers", "remove", "morning", "ada@example.com")
    assert [m["list"] for m in ok("subscribers", "show", "ada@example.com")["lists"]] == ["evening"]
    assert ok("subscribers", "count", "morning")["total"] == 0
    assert "is not on 'morning'" in fails("subscribers", "remove", "morning", "ada@example.com")


def test_list_filters_by_status_and_search(morning: str) -> None:
    ok("subscribers", "add", "morning", "ada@example.com", "--name", "Ada Lovelace")
    ok("subscribers", "add", "morning", "bob@example.org", "--name", "Bob")
    ok("subscribers", "add", "morning", "cy@example.com", "--status", "pending")
    everyone = ok("subscribers", "list", "morning")
    assert [s["email"] for s in everyone] == ["ada@example.com", "bob@example.org", "cy@example.com"]
    assert [s["email"] for s in ok("subscribers", "list", "morning", "--status", "pending")] == [
        "cy@example.com"
    ]
    assert [s["email"] for s in ok("subscribers", "list", "morning", "--search", "LOVELACE")] == [
        "ada@example.com"
    ]
    assert [s["email"] for s in ok("subscribers", "list", "morning", "--search", ".org")] == [
        "bob@example.org"
    ]
    assert len(ok("subscribers", "list", "morning", "--limit", "2")) == 2


def test_count_without_a_list_counts_people_and_suppressed_addresses(morning: str) -> None:
    ok("subscribers", "add", "morning", "ada@example.com")
    ok("subscribers", "add", "evening", "ada@example.com")
    ok("subscribers", "add", "evening", "bob@example.com")
    ok("suppress", "add", "spam@example.com")
    assert ok("subscribers", "count") == {"subscribers": 2, "suppressed": 1}


def test_show_gives_the_delivery_history(morning: str, sample_feed_url: str) -> None:
    ok("subscribers", "add", "morning", "ada@example.com")
    ok("feeds", "add", "morning", sample_feed_url)
    ok("feeds", "poll", "morning")
    sent = ok("issue", "send", "morning", "--inline")
    [membership] = ok("subscribers", "show", "ada@example.com")["lists"]
    assert membership["deliveries"][0]["issue"] == sent["id"]
    assert membership["deliveries"][0]["state"] == "sent"
    human = run("subscribers", "show", "ada@example.com")
    assert f"{sent['id']}: sent" in human.output


def test_a_suppressed_address_cannot_be_added_until_it_is_unsuppressed(morning: str) -> None:
    added = ok("suppress", "add", "Spam@Example.com", "--reason", "complained", "--note", "ticket 7")
    assert added["email"] == "Spam@example.com" and added["reason"] == "complained"
    message = fails("subscribers", "add", "morning", "Spam@example.com")
    assert "is suppressed (complained)" in message and "digest suppress remove" in message
    listed = ok("suppress", "list")
    assert [(e["email"], e["reason"], e["note"]) for e in listed] == [
        ("Spam@example.com", "complained", "ticket 7")
    ]
    assert ok("suppress", "list", "--reason", "bounced") == []
    ok("suppress", "remove", "Spam@example.com")
    assert ok("subscribers", "add", "morning", "Spam@example.com")["status"] == "active"
    assert "is not suppressed" in fails("suppress", "remove", "Spam@example.com")


def test_suppression_is_checked_whatever_the_case_of_the_address(morning: str, store: Store) -> None:
    ok("suppress", "add", "bounce@example.com", "--reason", "bounced")
    assert store.suppression.contains_many(["Bounce@example.com", "ok@example.com"]) == {"Bounce@example.com"}


def test_export_person_prints_everything_held(morning: str) -> None:
    ok("subscribers", "add", "morning", "ada@example.com", "--name", "Ada", "--attr", "city=Oslo")
    ok("suppress", "add", "ada@example.com", "--reason", "bounced")
    result = run("subscribers", "export-person", "ada@example.com")
    held = json.loads(result.stdout)
    assert held["subscriber"]["name"] == "Ada" and held["subscriber"]["attrs"] == {"city": "Oslo"}
    assert held["lists"][0]["list"] == "morning" and held["lists"][0]["status"] == "active"
    assert held["suppression"]["reason"] == "bounced"
    assert "nothing is held on nobody@example.com" in fails(
        "subscribers", "export-person", "nobody@example.com"
    )


def test_forget_erases_the_person_everywhere(morning: str, store: Store) -> None:
    ok("subscribers", "add", "morning", "ada@example.com", "--name", "Ada")
    ok("subscribers", "add", "evening", "ada@example.com")
    ok("subscribers", "add", "morning", "bob@example.com", "--name", "Bob")
    forgotten = ok("subscribers", "forget", "ada@example.com", "--yes")
    assert forgotten["lists"] == ["evening", "morning"] and forgotten["kept_suppression_digest"] is False
    everything = json.dumps(snapshot(store))
    assert "ada@example.com" not in everything and "Ada" not in everything
    assert ok("subscribers", "count", "morning")["total"] == 1
    assert ok("subscribers", "count", "evening")["total"] == 0
    assert "nothing is held on ada@example.com" in fails("subscribers", "forget", "ada@example.com", "--yes")


def test_forgetting_a_suppressed_person_keeps_only_the_hash(morning: str, store: Store) -> None:
    ok("subscribers", "add", "morning", "ada@example.com")
    ok("suppress", "add", "ada@example.com", "--reason", "bounced")
    assert ok("subscribers", "forget", "ada@example.com", "--yes")["kept_suppression_digest"] is True
    assert "ada@example.com" not in json.dumps(snapshot(store))
    [entry] = ok("suppress", "list")
    assert entry["email"] is None and entry["reason"] == "bounced" and len(entry["digest"]) == 64
    assert store.suppression.contains_many(["ada@example.com"]) == {"ada@example.com"}
    assert "is suppressed (bounced)" in fails("subscribers", "add", "morning", "ada@example.com")


def test_forget_asks_first(morning: str, store: Store) -> None:
    ok("subscribers", "add", "morning", "ada@example.com")
    before = snapshot(store)
    assert run("subscribers", "forget", "ada@example.com", input="n\n").exit_code == 1
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("subscribers", "add", "nosuch", "a@example.com"), "no list 'nosuch'"),
        (("subscribers", "add", "morning", "a@example.com", "--attr", "email=x"), "'email' is reserved"),
        (("subscribers", "list", "nosuch"), "no list 'nosuch'"),
        (("subscribers", "count", "nosuch"), "no list 'nosuch'"),
        (("subscribers", "remove", "nosuch", "a@example.com"), "no list 'nosuch'"),
        (("subscribers", "show", "nobody@example.com"), "no subscriber 'nobody@example.com'"),
        (("subscribers", "show", "not an address"), "is not a valid email address"),
        (("suppress", "add", "not-an-address"), "is not a valid email address"),
        (("subscribers", "export", "nosuch"), "no list 'nosuch'"),
    ],
)
def test_bad_subscriber_input_fails_with_one_line(morning: str, args: tuple[str, ...], message: str) -> None:
    assert message in fails(*args)


@pytest.mark.parametrize(
    ("group", "command"),
    [
        ("subscribers", c)
        for c in ("add", "remove", "show", "list", "count", "import", "export", "forget", "export-person")
    ]
    + [("suppress", c) for c in ("add", "remove", "list")],
)
def test_every_command_has_help_with_an_example(group: str, command: str) -> None:
    shown = run(group, command, "--help")
    assert shown.exit_code == 0 and f"Example: digest {group}" in shown.output
