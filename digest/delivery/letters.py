"""The issue rendered once → a batch of letters, one per recipient: where a send gets personal.

The data flow renders an issue once and fills only each recipient's own parts (name, unsubscribe and
preferences links) afterwards. Which placeholders there are and how a value is escaped is the
renderer's knowledge (digest/issues/render.py); this module applies it per recipient, upstream of the
transports, which carry finished letters and never import the renderer.

A letter offers both forms a transport may want. Its substitutions are what SendGrid's
personalizations carry, for the provider to fill into the one body. Its html and text, filled on first
read, are what SMTP and the outbox send: a SendGrid batch of 1000 never fills 1000 bodies for nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from digest.issues.render import personalise, placeholder_values
from digest.models import Recipient, RenderedIssue
from digest.transports.base import Batch


@dataclass(frozen=True)
class PersonalLetter:
    """The issue addressed to one recipient (a transports.base.Letter)."""

    recipient: Recipient
    rendered: RenderedIssue

    @property
    def substitutions(self) -> dict[str, str]:
        # Worked out on each read, not cached: SendGrid reads it once per letter, and Python 3.11's
        # cached_property takes a lock on every read, which cost as much as the values themselves.
        return placeholder_values(self.recipient)

    @cached_property
    def _filled(self) -> tuple[str, str]:
        return personalise(self.rendered, self.recipient)

    @property
    def html(self) -> str:
        return self._filled[0]

    @property
    def text(self) -> str:
        return self._filled[1]


def batch_of(
    issue_id: str,
    from_addr: str,
    rendered: RenderedIssue,
    recipients: Sequence[Recipient],
    *,
    reply_to: str = "",
    headers: dict[str, str] | None = None,
) -> Batch:
    """One batch for a transport: the body rendered once, a letter per recipient."""
    return Batch(
        issue_id=issue_id,
        from_addr=from_addr,
        rendered=rendered,
        letters=[PersonalLetter(recipient, rendered) for recipient in recipients],
        reply_to=reply_to,
        headers=dict(headers or {}),
    )
