"""Signed tokens for the links in emails.

Unsubscribe tokens never expire: a one-click link in a months-old email must still work (RFC 8058
expects the link to keep working). They are bound to (subscriber, list) and signed with the secret key,
so they cannot be guessed or moved to another person or list.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from itsdangerous import BadSignature, Signer, URLSafeSerializer

from digest.errors import InvalidInput

_UNSUBSCRIBE = "unsubscribe"


@dataclass(frozen=True)
class UnsubscribeClaim:
    subscriber_id: str
    list_slug: str


@lru_cache(maxsize=8)
def _signing(secret: str) -> tuple[URLSafeSerializer, Signer]:
    # Built once per key: a send signs a million links, and building these costs more than signing.
    serializer = URLSafeSerializer(secret, salt=_UNSUBSCRIBE)
    return serializer, serializer.make_signer(_UNSUBSCRIBE)


def make_unsubscribe_token(secret: str, subscriber_id: str, list_slug: str) -> str:
    """The same token as URLSafeSerializer(secret, salt).dumps(...), through its public parts."""
    serializer, signer = _signing(secret)
    return signer.sign(serializer.dump_payload([subscriber_id, list_slug])).decode("ascii")


def read_unsubscribe_token(secret: str, token: str) -> UnsubscribeClaim:
    try:
        subscriber_id, list_slug = URLSafeSerializer(secret, salt=_UNSUBSCRIBE).loads(token)
    except (BadSignature, ValueError, TypeError) as exc:
        raise InvalidInput("this unsubscribe link is not valid: use the link from your latest email") from exc
    return UnsubscribeClaim(str(subscriber_id), str(list_slug))
