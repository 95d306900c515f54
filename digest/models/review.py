"""A list's review policy, beside the other domain objects (digest.models) only to keep each module
short."""

from __future__ import annotations

from dataclasses import dataclass

ON_TIMEOUT_CHOICES = ("send", "drop")


@dataclass(frozen=True)
class ReviewPolicy:
    """Whether a list's issues wait for an editor, who is mailed a test copy, and what happens to a
    draft nobody approved in time (sent as it is, or dropped)."""

    enabled: bool = False
    editors: tuple[str, ...] = ()
    timeout_seconds: int = 6 * 3600
    on_timeout: str = "send"  # one of ON_TIMEOUT_CHOICES
