"""Email address validation and normalisation.

Syntax only, no DNS: imports of a million rows must stay fast and work offline.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from email.utils import parseaddr
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email

from digest.errors import InvalidInput

try:  # the library's own rules, so the fast path below can never drift from it
    from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES, DOT_ATOM_TEXT, EMAIL_MAX_LENGTH

    _FAST_PATH = True
except ImportError:  # pragma: no cover - a future email-validator moved them: every address goes the slow way
    _FAST_PATH = False

_PLAIN_DOMAIN = re.compile(r"[A-Za-z0-9.-]+\Z")


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
    fast = _fast_normalise(text)
    if fast:
        return "", fast
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        return str(exc), ""
    return "", str(result.normalized)


def _fast_normalise(text: str) -> str:
    """The normalised address when email-validator would surely accept it, else "" (then ask it).

    email-validator spends most of its time on the domain (IDNA rules, character by character), and
    an import sees the same few thousand domains again and again. For a plain ASCII dot-atom local
    part the library returns that part unchanged, so the address is valid exactly when the domain is
    (asked of the library once per domain) and the three forms it measures fit in 254 bytes.
    """
    if not _FAST_PATH or not text.isascii() or text.count("@") != 1:
        return ""
    local, domain = text.split("@")
    if not _PLAIN_DOMAIN.match(domain) or not DOT_ATOM_TEXT.match(local):
        return ""
    if local.lower() in CASE_INSENSITIVE_MAILBOX_NAMES:  # postmaster@ and co. are lower-cased
        return ""
    checked = _domain(domain)
    if checked is None:
        return ""
    unicode_domain, ascii_domain = checked
    normalised = f"{local}@{unicode_domain}"
    for form in (text, normalised, f"{local}@{ascii_domain}"):
        if len(form.encode()) > EMAIL_MAX_LENGTH:
            return ""
    return normalised


@lru_cache(maxsize=65_536)
def _domain(domain: str) -> tuple[str, str] | None:
    try:
        result = validate_email(f"a@{domain}", check_deliverability=False)
    except EmailNotValidError:
        return None
    return str(result.domain), str(result.ascii_domain)


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


NAME_MAX = 100  # characters of a person's name kept: a greeting and a To: header, not a letter


def clean_name(name: str) -> str:
    """A person's name as it is kept: control characters (C0, DEL, C1) dropped, any run of whitespace
    one space, at most NAME_MAX characters. A name reaches every issue's greeting, the To: header and
    the provider's substitutions (SendGrid refuses those over 10 000 bytes), so nobody may make it long
    or put a header break or a terminal escape in it."""
    if len(name) <= NAME_MAX and name.isprintable() and name == name.strip() and "  " not in name:
        return name  # nearly every name, at once: a send cleans a million of them
    kept = "".join(c for c in name if c.isspace() or unicodedata.category(c) != "Cc")
    return " ".join(kept.split())[:NAME_MAX].strip()
