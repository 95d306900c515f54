"""The one small protocol every transport implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from digest.models import OutgoingMessage, SendResult


class Transport(Protocol):
    name: str

    def send(self, messages: Sequence[OutgoingMessage]) -> list[SendResult]:
        """Send a batch; return one result per message, in order.

        A failure that concerns one message is reported in its result; a failure of the whole
        provider (bad credentials, unreachable host) raises TransportError.
        """
        ...
