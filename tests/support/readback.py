"""Reading back what the code under test left behind: the messages in an outbox folder, and where an
address stands on a list. Tests in several folders ask these questions; each has one answer here."""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from digest.models import SubscriberStatus
from digest.store import Store


def read_eml(path: Path) -> EmailMessage:
    """One .eml file, parsed with the modern policy (so get_body and get_content work)."""
    message = email.message_from_bytes(path.read_bytes(), policy=default)
    assert isinstance(message, EmailMessage)
    return message


def outbox(folder: Path) -> list[EmailMessage]:
    """Every message in an outbox folder, in file-name order."""
    return [read_eml(path) for path in sorted(folder.glob("*.eml"))]


def status_of(store: Store, address: str, slug: str = "morning") -> SubscriberStatus | None:
    """The address's status on the list; None when it is not on it."""
    person = store.subscribers.by_email(address)
    found = store.subscribers.subscription(slug, person.id)
    return found.status if found else None
