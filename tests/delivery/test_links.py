"""Unsubscribe tokens: signed once per recipient of a send, so made from the serializer's parts — the
token itsdangerous's serializer makes and reads, or links in sent mail would break."""

from __future__ import annotations

import pytest
from itsdangerous import URLSafeSerializer

from digest.delivery.links import make_unsubscribe_token, read_unsubscribe_token


def test_a_token_is_the_one_the_serializer_makes_and_reads_back() -> None:
    token = make_unsubscribe_token("secret", "12345", "morning")
    assert token == URLSafeSerializer("secret", salt="unsubscribe").dumps(["12345", "morning"])
    claim = read_unsubscribe_token("secret", token)
    assert (claim.subscriber_id, claim.list_slug) == ("12345", "morning")


def test_a_token_of_another_key_is_refused() -> None:
    token = make_unsubscribe_token("other-secret", "1", "morning")
    try:
        read_unsubscribe_token("secret", token)
    except Exception as exc:
        assert "not valid" in str(exc)
    else:
        raise AssertionError("a token signed with another key was accepted")


@pytest.mark.parametrize("slug", ["morning", "a", "weekly-brief_2", "harbour-city-weekly-news-digest-2026"])
def test_every_ordinary_id_gets_the_serializers_own_token(slug: str) -> None:
    serializer = URLSafeSerializer("k" * 40, salt="unsubscribe")
    for n in [*range(1, 2000), 10**9, 12_345_678_901, 99_999_999_999]:
        assert make_unsubscribe_token("k" * 40, str(n), slug) == serializer.dumps([str(n), slug])


@pytest.mark.parametrize(
    "subscriber_id", ['say "hi"', "back\\slash", "tab\there", "Zoë 日本", "1" * 40, "9" * 12]
)
def test_any_id_reads_back_whatever_its_spelling(subscriber_id: str) -> None:
    """Quotes, controls and non-ASCII take the library's own path; a payload zlib would shorten (a run
    of equal characters) keeps its plain spelling, which the serializer reads all the same."""
    token = make_unsubscribe_token("secret", subscriber_id, "morning")
    assert URLSafeSerializer("secret", salt="unsubscribe").loads(token) == [subscriber_id, "morning"]
    assert read_unsubscribe_token("secret", token).subscriber_id == subscriber_id
