"""The signing key of a store that was given none (DIGEST_SECRET_KEY unset, outbox mode).

It lives in the store itself, written once with SET NX: every process on the same Redis and key
prefix — workers, beat, `digest web`, the CLI, started from any directory — reads the same key, and no
process can ever read a half-written one. A key file an earlier version kept in the data folder is
adopted when it is whole, so links already sent keep working.
"""

from __future__ import annotations

import secrets
from typing import Any

from digest.config import MIN_SECRET_LENGTH
from digest.errors import ConfigError
from digest.store.client import Client
from digest.store.keys import Keys


def shared_signing_key(client: Client, keys: Keys, *, adopt: str = "") -> str:
    """The store's key, made now if it has none (from `adopt` when that is long enough)."""
    r: Any = client
    candidate = adopt if len(adopt) >= MIN_SECRET_LENGTH else secrets.token_urlsafe(48)
    r.set(keys.signing_key(), candidate, nx=True)
    key = str(r.get(keys.signing_key()) or "")
    if len(key) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"the signing key stored at {keys.signing_key()} is shorter than {MIN_SECRET_LENGTH} "
            "characters: set DIGEST_SECRET_KEY, or delete that key to have a new one made"
        )
    return key
