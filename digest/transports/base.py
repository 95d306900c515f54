"""The one small protocol every transport implements, and the batch it is handed.

A batch is the issue rendered once (with placeholders) plus one letter per recipient, personalised
upstream (digest/delivery/letters.py): SendGrid sends the one body with each letter's substitutions
as its personalizations, SMTP and the outbox send each letter's finished body. A transport works out
nothing personal itself; it only carries what it is handed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from digest.models import OutgoingMessage, Recipient, RenderedIssue, SendResult


class Letter(Protocol):
    """One recipient's part of a batch, finished before it reaches a transport."""

    @property
    def recipient(self) -> Recipient: ...

    @property
    def substitutions(self) -> Mapping[str, str]:
        """Each placeholder of the batch's body → this recipient's value, for a provider that fills
        the one body itself (SendGrid)."""
        ...

    @property
    def html(self) -> str:
        """The body addressed to this recipient, for transports that send message by message."""
        ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class Batch:
    issue_id: str
    from_addr: str
    rendered: RenderedIssue  # the body once, placeholders in it
    letters: Sequence[Letter]
    reply_to: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def recipients(self) -> list[Recipient]:
        return [letter.recipient for letter in self.letters]


class Transport(Protocol):
    name: str
    batch_size: int  # recipients per send_batch call: pause and cancel act between batches

    def send_batch(self, batch: Batch) -> list[SendResult]:
        """Send a batch; return one result per recipient, in order.

        A failure that concerns some recipients is reported in their results; a failure that must
        stop the whole send (bad credentials, a refused sender) raises TransportError(permanent=True).
        """
        ...


def messages(batch: Batch) -> list[OutgoingMessage]:
    """One finished message per letter, for transports that send message by message (SMTP, outbox)."""
    return [
        OutgoingMessage(
            issue_id=batch.issue_id,
            recipient=letter.recipient,
            from_addr=batch.from_addr,
            subject=batch.rendered.subject,
            html=letter.html,
            text=letter.text,
            reply_to=batch.reply_to,
            headers=dict(batch.headers),
        )
        for letter in batch.letters
    ]
