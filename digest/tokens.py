"""Signed tokens for the links in emails.

Unsubscribe tokens never expire: a one-click link in a months-old email must still work (RFC 8058
expects the link to keep working). They are bound to (subscriber, list) and signed with the secret key,
so they cannot be guessed or moved to another person or list.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

from digest.errors import InvalidInput

_UNSUBSCRIBE = "unsubscribe"


@dataclass(frozen=True)
class UnsubscribeClaim:
    subscriber_id: str
    list_slug: str


def make_unsubscribe_token(secret: str, subscriber_id: str, list_slug: str) -> str:
    return str(URLSafeSerializer(secret, salt=_UNSUBSCRIBE).dumps([subscriber_id, list_slug]))


def read_unsubscribe_token(secret: str, token: str) -> UnsubscribeClaim:
    try:
        subscriber_id, list_slug = URLSafeSerializer(secret, salt=_UNSUBSCRIBE).loads(token)
    except (BadSignature, ValueError, TypeError) as exc:
        raise InvalidInput("this unsubscribe link is not valid: use the link from your latest email") from exc
    return UnsubscribeClaim(str(subscriber_id), str(list_slug))
