"""The postal address a commercial mailing must carry (CAN-SPAM), asked for before a real send.

A list with no address is refused by SendGrid and SMTP sends before any recipient is claimed; the
outbox writes local files nobody receives, so a demo goes without and is told so once, per send.
"""

from __future__ import annotations

from digest.errors import InvalidInput
from digest.models import MailingList

# The transports (by their `name`) whose mail reaches real people.
REAL_MAIL = frozenset({"sendgrid", "smtp"})


def missing_address(mailing_list: MailingList) -> str:
    slug = mailing_list.slug
    return (
        f"list {slug!r} has no postal address, which every mailing must carry: "
        f'set one with `digest lists brand {slug} --address "…"`'
    )


def check_address(mailing_list: MailingList, transport: str) -> str:
    """Raise for a real send of a list without an address; '' when all is well, else the note that
    the outbox goes without one."""
    if mailing_list.branding.address:
        return ""
    if transport in REAL_MAIL:
        raise InvalidInput(missing_address(mailing_list))
    return f"{missing_address(mailing_list)} before it goes out through SendGrid or SMTP"
