"""Email address validation and normalisation.

Syntax only, no DNS: imports of a million rows must stay fast and work offline.
"""

from __future__ import annotations

from email.utils import parseaddr

from email_validator import EmailNotValidError, validate_email

from digest.errors import InvalidInput


def normalise(address: str) -> str:
    """The canonical form used as identity: trimmed, domain lower-cased (the local part is kept as typed,
    since RFC 5321 lets servers treat it case-sensitively)."""
    try:
        result = validate_email(address.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput(f"{address.strip()!r} is not a valid email address: {exc}") from exc
    return str(result.normalized)


def check_from(value: str) -> str:
    """A list's From: `Name <addr>` or a bare address; refused when the address part is not valid."""
    _name, addr = parseaddr(value)
    if not addr:
        raise InvalidInput(f"--from {value!r} is not an address: write it as 'Name <news@example.com>'")
    normalise(addr)
    return value.strip()
