"""Email address validation and normalisation.

Syntax only, no DNS: imports of a million rows must stay fast and work offline.
"""

from __future__ import annotations

import hashlib
from email.utils import parseaddr

from email_validator import EmailNotValidError, validate_email

from digest.errors import InvalidInput


def normalise(address: str) -> str:
    """The canonical form used as identity: trimmed, domain lower-cased (the local part is kept as typed,
    since RFC 5321 lets servers treat it case-sensitively)."""
    problem, normalised = check_address(address)
    if problem:
        raise InvalidInput(f"{address.strip()!r} is not a valid email address: {problem}")
    return normalised


def check_address(address: str) -> tuple[str, str]:
    """(problem, normalised address): the problem is empty when the address is valid.

    Returns rather than raises, because an import checks a million of them and exceptions are slow
    and noisy in a loop that expects some bad rows.
    """
    text = address.strip()
    if not text:
        return "no address", ""
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        return str(exc), ""
    return "", str(result.normalized)


def address_digest(address: str) -> str:
    """What the suppression set keys on: sha256 of the whole address lower-cased.

    Lower-casing the local part too errs towards suppressing: a bounce for Ada@ must also stop ada@.
    """
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


def check_from(value: str) -> str:
    """A list's From: `Name <addr>` or a bare address; refused when the address part is not valid."""
    _name, addr = parseaddr(value)
    if not addr:
        raise InvalidInput(f"--from {value!r} is not an address: write it as 'Name <news@example.com>'")
    normalise(addr)
    return value.strip()
