"""The body of one SendGrid `POST /v3/mail/send`: the issue once, up to 1000 personalizations.

Pure. SendGrid's documented limitations are honoured here, before sending, rather than learnt from a
400: at most 1000 recipients a request and no address twice in one; no `;` or `,` in a recipient's
name; substitutions and custom_args under their size caps; text/plain before text/html; no reserved
header. A recipient that cannot be sent at all is reported with the reason, the rest go out.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import parseaddr
from typing import Any

from digest.config import SendGridOptions
from digest.models import Recipient
from digest.transports.base import Batch, Letter
from digest.transports.message import unsubscribe_headers

MAX_PERSONALIZATIONS = 1000
SUBSTITUTIONS_MAX_BYTES = 10_000  # per personalization (the errors reference; other pages say more)
CUSTOM_ARGS_MAX_BYTES = 10_000  # "the total length of custom arguments must be less than 10000 bytes"
# Headers SendGrid refuses in `headers`: it sets them itself from other fields.
RESERVED_HEADERS = frozenset(
    h.lower()
    for h in (
        "x-sg-id",
        "x-sg-eid",
        "received",
        "dkim-signature",
        "Content-Type",
        "Content-Transfer-Encoding",
        "To",
        "From",
        "Subject",
        "Reply-To",
        "CC",
        "BCC",
    )
)


def _size(mapping: dict[str, str]) -> int:
    """Bytes of the mapping as compact JSON, counted without serialising it (once per recipient)."""
    size = 2 + max(0, 4 * len(mapping) - 2)  # braces, ": " in each pair, ", " between pairs
    for key, value in mapping.items():
        for text in (key, value):
            # Quotes and backslashes are escaped with one more byte; names are single-line already.
            size += len(text.encode("utf-8")) + text.count('"') + text.count("\\") + 2
    return size


def _may_exceed(mapping: dict[str, str], cap: int) -> bool:
    """A cheap bound first: no character takes more than 6 bytes as JSON, nor a pair more than 6 extra.
    (Summed by map, not a generator: it runs twice per recipient of every send.)"""
    return (sum(map(len, mapping)) + sum(map(len, mapping.values()))) * 6 + 6 * len(mapping) + 2 >= cap


def recipient_name(name: str) -> str:
    """The name SendGrid accepts: it refuses `;` and `,` in to.name, and a name is one line."""
    return " ".join(name.replace(";", " ").replace(",", " ").split())


def personalization(letter: Letter, issue_id: str) -> dict[str, Any]:
    """One recipient's envelope: address, the letter's substitutions, webhook custom_args.

    Raises ValueError naming the limit when the recipient cannot be sent within SendGrid's caps.
    """
    recipient = letter.recipient
    to: dict[str, str] = {"email": recipient.email}
    name = recipient_name(recipient.name)
    if name:
        to["name"] = name
    substitutions = dict(letter.substitutions)
    if _may_exceed(substitutions, SUBSTITUTIONS_MAX_BYTES) and _size(substitutions) > SUBSTITUTIONS_MAX_BYTES:
        raise ValueError(f"substitutions over SendGrid's {SUBSTITUTIONS_MAX_BYTES} bytes (name too long?)")
    custom_args = {"issue_id": issue_id, "subscriber_id": recipient.subscriber_id}
    if _may_exceed(custom_args, CUSTOM_ARGS_MAX_BYTES) and _size(custom_args) >= CUSTOM_ARGS_MAX_BYTES:
        raise ValueError(f"custom_args over SendGrid's {CUSTOM_ARGS_MAX_BYTES} bytes")
    result: dict[str, Any] = {"to": [to], "substitutions": substitutions, "custom_args": custom_args}
    headers = unsubscribe_headers(recipient)
    if headers:
        result["headers"] = headers
    return result


def request_groups(recipients: Sequence[Recipient]) -> list[list[Recipient]]:
    """Split into requests of ≤1000 where no address appears twice (SendGrid refuses the whole request).

    Addresses compare case-insensitively, as mailbox providers do; a repeat goes to a later request.
    """
    groups: list[list[Recipient]] = []
    seen: list[set[str]] = []
    for recipient in recipients:
        address = recipient.email.strip().lower()
        for group, addresses in zip(groups, seen, strict=True):
            if len(group) < MAX_PERSONALIZATIONS and address not in addresses:
                group.append(recipient)
                addresses.add(address)
                break
        else:
            groups.append([recipient])
            seen.append({address})
    return groups


def sender(from_addr: str) -> dict[str, str]:
    """SendGrid's `from` object; its address must be ASCII (the API does not take Unicode there)."""
    name, address = parseaddr(from_addr)
    if not address or "@" not in address or not address.isascii():
        raise ValueError(
            f"the list's From {from_addr!r} is not an ASCII address SendGrid accepts: "
            "fix it with `digest lists update LIST --from 'Name <news@example.com>'`"
        )
    return {"email": address, **({"name": name} if name else {})}


def _settings(options: SendGridOptions) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if options.categories:
        extra["categories"] = list(options.categories)
    if options.asm_group_id is not None:
        extra["asm"] = {"group_id": options.asm_group_id}
    if options.ip_pool:
        extra["ip_pool_name"] = options.ip_pool
    if options.sandbox_mode:
        extra["mail_settings"] = {"sandbox_mode": {"enable": True}}
    tracking: dict[str, Any] = {}
    if options.click_tracking is not None:
        tracking["click_tracking"] = {"enable": options.click_tracking, "enable_text": options.click_tracking}
    if options.open_tracking is not None:
        tracking["open_tracking"] = {"enable": options.open_tracking}
    if tracking:
        extra["tracking_settings"] = tracking
    return extra


def request_body(
    batch: Batch, personalizations: list[dict[str, Any]], options: SendGridOptions
) -> dict[str, Any]:
    """The whole request; the body is the issue's, shared by every personalization."""
    rendered = batch.rendered
    # Faults of the issue itself would fail every request alike: refuse before the first one.
    if not rendered.subject.strip() or not rendered.text.strip() or not rendered.html.strip():
        raise ValueError(f"issue {batch.issue_id} has an empty subject or body: SendGrid refuses it")
    body: dict[str, Any] = {
        "personalizations": personalizations,
        "from": sender(batch.from_addr),
        "subject": rendered.subject,
        # Plain text first: SendGrid requires this order, and clients prefer the last part they read.
        "content": [
            {"type": "text/plain", "value": rendered.text},
            {"type": "text/html", "value": rendered.html},
        ],
    }
    if batch.reply_to:
        reply_name, reply_address = parseaddr(batch.reply_to)
        if reply_address:
            body["reply_to"] = {"email": reply_address, **({"name": reply_name} if reply_name else {})}
    headers = {k: v for k, v in batch.headers.items() if k.lower() not in RESERVED_HEADERS}
    if headers:
        body["headers"] = headers
    body.update(_settings(options))
    return body
