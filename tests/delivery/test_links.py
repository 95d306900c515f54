"""Unsubscribe tokens: signed once per recipient of a send, so made through a cached signer — which
must yield exactly the token itsdangerous's serializer makes, or links in sent mail would break."""

from __future__ import annotations

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
