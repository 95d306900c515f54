"""A list's review and notice settings: who reviews its drafts and for how long, and whether those who
confirm are welcomed."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from digest.addresses import normalise
from digest.errors import InvalidInput
from digest.models import ON_TIMEOUT_CHOICES, ReviewPolicy
from digest.schedules.durations import REVIEW_TIMEOUT, parse_duration
from digest.store import Store

MAX_TIMEOUT_SECONDS = 30 * 86_400
MAX_EDITORS = 20


def set_review(
    store: Store,
    slug: str,
    *,
    enabled: bool | None = None,
    editors: Sequence[str] | None = None,
    timeout: str | None = None,
    on_timeout: str | None = None,
) -> ReviewPolicy:
    """Change the given parts of the list's review policy; review needs someone to review."""
    store.lists.get(slug)
    policy = store.review.policy(slug)
    if editors is not None:
        addresses = [a for item in editors for a in item.replace(",", " ").split()]
        if len(addresses) > MAX_EDITORS:
            raise InvalidInput(f"{len(addresses)} editors: at most {MAX_EDITORS}")
        policy = dataclasses.replace(policy, editors=tuple(dict.fromkeys(normalise(a) for a in addresses)))
    if timeout is not None:
        seconds = parse_duration(timeout, REVIEW_TIMEOUT)
        if seconds > MAX_TIMEOUT_SECONDS:
            raise InvalidInput(f"review timeout {timeout!r} is longer than 30 days")
        policy = dataclasses.replace(policy, timeout_seconds=seconds)
    if on_timeout is not None:
        if on_timeout not in ON_TIMEOUT_CHOICES:
            raise InvalidInput(f"--on-timeout {on_timeout!r} is unknown: use send or drop")
        policy = dataclasses.replace(policy, on_timeout=on_timeout)
    if enabled is not None:
        policy = dataclasses.replace(policy, enabled=enabled)
    if policy.enabled and not policy.editors:
        raise InvalidInput(f"review of {slug!r} needs an editor: add --editors editor@example.com")
    store.review.set_policy(slug, policy)
    return policy


def set_welcome(store: Store, slug: str, on: bool) -> None:
    store.lists.get(slug)
    store.notices.set_welcome(slug, on)


def review_overview(store: Store, slug: str) -> dict[str, Any]:
    """What `lists show` says of review and notices."""
    policy = store.review.policy(slug)
    return {
        "review": "on" if policy.enabled else "off",
        "editors": list(policy.editors),
        "review_timeout_seconds": policy.timeout_seconds,
        "on_timeout": policy.on_timeout,
        "welcome": "on" if store.notices.welcome_on(slug) else "off",
    }
