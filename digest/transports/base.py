"""The one small protocol every transport implements, and the batch it is handed.

A batch is the issue rendered once (with placeholders) plus its recipients: SendGrid sends it as one
request whose personalizations fill the placeholders, SMTP and the outbox personalise each message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from digest.issues.render import personalise
from digest.models import OutgoingMessage, Recipient, RenderedIssue, SendResult


@dataclass(frozen=True)
class Batch:
    issue_id: str
    from_addr: str
    rendered: RenderedIssue
    recipients: Sequence[Recipient]
    reply_to: str = ""
    headers: dict[str, str] = field(default_factory=dict)


class Transport(Protocol):
    name: str
    batch_size: int  # recipients per send_batch call: pause and cancel act between batches

    def send_batch(self, batch: Batch) -> list[SendResult]:
        """Send a batch; return one result per recipient, in order.

        A failure that concerns some recipients is reported in their results; a failure that must
        stop the whole send (bad credentials, a refused sender) raises TransportError(permanent=True).
        """
        ...


def personalised(batch: Batch) -> list[OutgoingMessage]:
    """One message per recipient, placeholders filled: for transports that send message by message."""
    messages = []
    for recipient in batch.recipients:
        html, text = personalise(batch.rendered, recipient)
        messages.append(
            OutgoingMessage(
                issue_id=batch.issue_id,
                recipient=recipient,
                from_addr=batch.from_addr,
                subject=batch.rendered.subject,
                html=html,
                text=text,
                reply_to=batch.reply_to,
                headers=dict(batch.headers),
            )
        )
    return messages
