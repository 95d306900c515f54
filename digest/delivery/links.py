"""Signed tokens for the links in emails.

Unsubscribe tokens never expire: a one-click link in a months-old email must still work (RFC 8058
expects the link to keep working). They are bound to (subscriber, list) and signed with the secret key,
so they cannot be guessed or moved to another person or list.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from itsdangerous import BadSignature, SignatureExpired, Signer, URLSafeSerializer, URLSafeTimedSerializer

from digest.errors import InvalidInput

_UNSUBSCRIBE = "unsubscribe"


@dataclass(frozen=True)
class UnsubscribeClaim:
    """A verified (subscriber, list) pair read from a signed link."""

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
        subscriber_id, list_slug = _signing(secret)[0].loads(token)
    except (BadSignature, ValueError, TypeError) as exc:
        raise InvalidInput("this unsubscribe link is not valid: use the link from your latest email") from exc
    return UnsubscribeClaim(str(subscriber_id), str(list_slug))


_CONFIRM = "confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirmation link older than a week asks the person to subscribe again


def make_confirm_token(secret: str, subscriber_id: str, list_slug: str) -> str:
    return str(URLSafeTimedSerializer(secret, salt=_CONFIRM).dumps([subscriber_id, list_slug]))


def read_confirm_token(secret: str, token: str, *, max_age: int = CONFIRM_MAX_AGE) -> UnsubscribeClaim:
    """The (subscriber, list) a confirmation link is for; expired links are refused with their fix."""
    try:
        subscriber_id, list_slug = URLSafeTimedSerializer(secret, salt=_CONFIRM).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise InvalidInput("this confirmation link has expired: subscribe again to get a new one") from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise InvalidInput("this confirmation link is not valid: use the link in the email we sent") from exc
    return UnsubscribeClaim(str(subscriber_id), str(list_slug))
