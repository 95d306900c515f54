"""Signed tokens for the links in emails.

Unsubscribe tokens never expire: a one-click link in a months-old email must still work (RFC 8058
expects the link to keep working). They are bound to (subscriber, list) and signed with the secret key,
so they cannot be guessed or moved to another person or list.
"""

from __future__ import annotations

import base64
import hmac
import re
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


# What the serializer's compact JSON (ensure_ascii off) writes as it is: no quote, backslash or control.
_JSON_PLAIN = re.compile(r'[^"\\\x00-\x1f]*')


@lru_cache(maxsize=8)
def _signing(secret: str) -> tuple[URLSafeSerializer, Signer, hmac.HMAC]:
    # Built once per key: a send signs a million links, and building these costs more than signing.
    serializer = URLSafeSerializer(secret, salt=_UNSUBSCRIBE)
    signer = serializer.make_signer(_UNSUBSCRIBE)
    return serializer, signer, hmac.new(signer.derive_key(), digestmod=signer.digest_method)


def make_unsubscribe_token(secret: str, subscriber_id: str, list_slug: str) -> str:
    """A token in the serializer's format, read back by URLSafeSerializer(secret, salt).loads.

    Made here from its parts (compact JSON, URL-safe base64, `.`, the HMAC of the derived key) because
    a send signs one per recipient and the library also tries zlib on every payload: building the
    deflate state is most of its cost, and it shortens a payload of a subscriber id and a
    slug only when they carry a run of a dozen equal characters. So the token is the library's, byte
    for byte, for every ordinary id (tests/delivery/test_links.py); such a rare payload keeps its
    uncompressed spelling, which reads back all the same."""
    serializer, signer, mac = _signing(secret)
    if not (_JSON_PLAIN.fullmatch(subscriber_id) and _JSON_PLAIN.fullmatch(list_slug)):
        return signer.sign(serializer.dump_payload([subscriber_id, list_slug])).decode("ascii")
    payload = base64.urlsafe_b64encode(f'["{subscriber_id}","{list_slug}"]'.encode()).rstrip(b"=")
    signature = mac.copy()
    signature.update(payload)
    return (payload + b"." + base64.urlsafe_b64encode(signature.digest()).rstrip(b"=")).decode("ascii")


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
