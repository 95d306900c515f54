"""Email address validation and normalisation, and the names that travel with addresses into headers.

Syntax only, no DNS: imports of a million rows must stay fast and work offline.
"""

from __future__ import annotations

import hashlib
import re
from email.utils import getaddresses
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email

from digest.errors import InvalidInput

try:  # the library's own rules, so the fast path below can never drift from it
    from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES, DOT_ATOM_TEXT, EMAIL_MAX_LENGTH

    _FAST_PATH = True
except ImportError:  # pragma: no cover - a future email-validator moved them: every address goes the slow way
    _FAST_PATH = False

_PLAIN_DOMAIN = re.compile(r"[A-Za-z0-9.-]+\Z")
MAX_NAME = 100  # characters of a person's or a list's name: a greeting and a header, not a letter
# Control characters (a header breaks or is forged at CR/LF; NUL, ESC and DEL go raw into headers and
# terminals) and the bidi overrides that make a name read backwards. Whitespace among them becomes a space.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


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


def _without_controls(value: str) -> str:
    return _SPACES.sub(" ", _CONTROLS.sub(lambda m: " " if m.group().isspace() else "", value)).strip()


def display_name(value: str, what: str = "name") -> str:
    """A name as it may go into a header and a greeting: control characters out (whitespace ones become
    spaces), runs of spaces one space, at most MAX_NAME characters (else InvalidInput naming `what`)."""
    text = _without_controls(value)
    if len(text) > MAX_NAME:
        raise InvalidInput(f"{what} {text[:20]!r}… has {len(text)} characters: use at most {MAX_NAME}")
    return text


def check_from(value: str) -> str:
    """A list's From: one `Name <addr>` or bare address, on one line, ASCII address, short name.

    Every delivery of the list carries it, so what a provider or a server would refuse is refused here.
    """
    text = value.strip()
    example = "write it as 'Name <news@example.com>'"
    if _CONTROLS.search(text):
        raise InvalidInput(f"--from {value!r} must be one line without control characters: {example}")
    pairs = getaddresses([text])
    if not pairs or not all(addr for _name, addr in pairs):
        raise InvalidInput(f"--from {value!r} is not an address: {example}")
    if len(pairs) > 1:
        raise InvalidInput(f"--from {value!r} must name one address: {example} (quote a name with a comma)")
    name, addr = pairs[0]
    if not addr.isascii():
        raise InvalidInput(
            f"the address in --from {value!r} must be ASCII (providers refuse others): "
            "use the domain's xn-- form and an ASCII mailbox"
        )
    display_name(name, "the name in --from")
    normalise(addr)
    return text


def clean_name(name: str) -> str:
    """A name as it is kept where it cannot be refused: typed on the public form (whose answer must
    not depend on it) or stored before names were checked. display_name's rule, cut at MAX_NAME rather
    than refused: a name reaches every greeting, the To: header and the provider's substitutions
    (SendGrid refuses those over 10 000 bytes)."""
    if len(name) <= MAX_NAME and name.isprintable() and name == name.strip() and "  " not in name:
        return name  # nearly every name, at once: a send cleans a million of them
    return _without_controls(name)[:MAX_NAME].strip()
