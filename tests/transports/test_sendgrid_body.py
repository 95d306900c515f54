"""The SendGrid request body, pure: SendGrid's documented limitations honoured before sending."""

from __future__ import annotations

import json
from dataclasses import replace
from email.parser import BytesParser
from email.policy import default

import pytest

from digest.delivery.letters import PersonalLetter, batch_of
from digest.transports.base import messages
from digest.transports.message import build_message, unsubscribe_headers
from digest.transports.sendgrid.body import (
    _size,
    personalization,
    recipient_name,
    request_groups,
    sender,
)
from tests.support.issues import RENDERED, person


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
    made = personalization(PersonalLetter(person(7), RENDERED), "morning-3")
    assert made["custom_args"] == {"issue_id": "morning-3", "subscriber_id": "7"}
    assert made["to"] == [{"email": "reader7@example.com", "name": "Reader7"}]
    assert unsubscribe_headers(person(7))["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_sender_sendgrid_cannot_take_is_refused_with_the_fix() -> None:
    assert sender("Brief <brief@example.com>") == {"email": "brief@example.com", "name": "Brief"}
    with pytest.raises(ValueError, match="digest lists update"):
        sender("Brief <brief@exämple.com>")


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"unsubscribe_mailto": "unsubscribe@news.example.com"},  # a bare address becomes a mailto
        {"unsubscribe_url": "https://news.example.com/unsubscribe/" + "t" * 160},  # folded in MIME
        {"unsubscribe_url": ""},  # no web target: no one-click promise
    ],
)
def test_sendgrid_and_mime_carry_the_same_unsubscribe_headers(changes: dict[str, str]) -> None:
    someone = replace(person(7), **changes)
    message = messages(batch_of("morning-3", "b@example.com", RENDERED, [someone]))[0]
    raw = build_message(message, message_id_domain="news.example.com").as_bytes()
    mime = BytesParser(policy=default).parsebytes(raw)
    expected = unsubscribe_headers(someone)
    assert personalization(PersonalLetter(someone, RENDERED), "morning-3")["headers"] == expected
    assert {name: mime[name] for name in expected} == expected
    assert ("List-Unsubscribe-Post" in expected) == (mime["List-Unsubscribe-Post"] is not None)
