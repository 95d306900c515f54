"""The SendGrid request body, pure: SendGrid's documented limitations honoured before sending."""

from __future__ import annotations

import json

import pytest

from digest.transports.message import unsubscribe_headers
from digest.transports.sendgrid.body import (
    _size,
    personalization,
    recipient_name,
    request_groups,
    sender,
)
from tests.transports.test_sendgrid import person


def test_sizes_are_counted_as_sendgrid_counts_the_json() -> None:
    for mapping in ({}, {"a": "b"}, {"[%name%]": 'Ada "Q" back\\slash', "x": "ü"}):
        assert _size(mapping) == len(json.dumps(mapping, ensure_ascii=False).encode("utf-8"))


def test_names_lose_the_punctuation_sendgrid_refuses() -> None:
    assert recipient_name("  Lovelace,\nAda;  ") == "Lovelace Ada"


def test_requests_hold_at_most_a_thousand_and_no_address_twice() -> None:
    people = [person(n) for n in range(1500)] + [person(9, email="Reader1@Example.com")]
    groups = request_groups(people)
    assert [len(g) for g in groups] == [1000, 501]
    for group in groups:
        addresses = [r.email.lower() for r in group]
        assert len(addresses) == len(set(addresses))


def test_a_personalization_carries_the_webhook_ids_and_both_unsubscribe_targets() -> None:
    made = personalization(person(7), "morning-3")
    assert made["custom_args"] == {"issue_id": "morning-3", "subscriber_id": "7"}
    assert made["to"] == [{"email": "reader7@example.com", "name": "Reader 7"}]
    assert unsubscribe_headers(person(7))["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_sender_sendgrid_cannot_take_is_refused_with_the_fix() -> None:
    assert sender("Brief <brief@example.com>") == {"email": "brief@example.com", "name": "Brief"}
    with pytest.raises(ValueError, match="digest lists update"):
        sender("Brief <brief@exämple.com>")
