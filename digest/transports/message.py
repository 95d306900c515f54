"""Turn an OutgoingMessage into an RFC 5322 message, for the SMTP transport and the outbox, and build the
RFC 2369/8058 unsubscribe headers once for every transport (SendGrid's body takes them from here too).

Pure: only the standard library's email package. The result serialises to 7-bit-safe bytes with
CRLF line ends (non-ASCII text is quoted-printable or base64, non-ASCII headers RFC 2047 encoded),
so any SMTP server accepts it without SMTPUTF8.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid

from digest.models import OutgoingMessage, Recipient

# refold_source="none" leaves headers set with set_raw as written: the email package would
# otherwise turn a long List-Unsubscribe into RFC 2047 encoded-words, which no client reads as URLs.
POLICY = SMTP.clone(refold_source="none", cte_type="7bit")
_FOLD_AT = 78
_MAX_LINE = 998  # RFC 5322's hard limit for one header line


def _recipient_address(recipient: Recipient) -> Address:
    local, _, domain = recipient.email.strip().rpartition("@")
    if not local or not local.isascii():
        # A UTF-8 mailbox name needs SMTPUTF8 end to end; encoded-words there are undeliverable.
        raise ValueError(f"cannot address {recipient.email!r} in a 7-bit message")
    # Internationalised domains travel as punycode; a 7-bit message has no other spelling for them.
    domain = domain.encode("idna").decode("ascii") if not domain.isascii() else domain
    return Address(display_name=" ".join(recipient.name.split()), username=local, domain=domain)


def _mailto(target: str) -> str:
    target = target.strip()
    if not target:
        return ""
    return target if target.lower().startswith("mailto:") else f"mailto:{target}"


def _is_web_url(url: str) -> bool:
    return url.strip().lower().startswith(("https://", "http://"))


def _targets(recipient: Recipient) -> list[str]:
    return [f"<{t}>" for t in (recipient.unsubscribe_url.strip(), _mailto(recipient.unsubscribe_mailto)) if t]


def unsubscribe_headers(recipient: Recipient) -> dict[str, str]:
    """RFC 2369 List-Unsubscribe (`<https-url>, <mailto:…>`) and RFC 8058 List-Unsubscribe-Post, each on
    one line: the one place every transport takes them from (SendGrid's JSON carries them as they are,
    build_message folds them for MIME). Empty when the recipient has no target."""
    targets = _targets(recipient)
    if not targets:
        return {}
    headers = {"List-Unsubscribe": ", ".join(targets)}
    # RFC 8058: one-click needs an HTTP(S) target to POST to; a mailto alone does not qualify.
    if _is_web_url(recipient.unsubscribe_url):
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


def _folded_targets(recipient: Recipient) -> str:
    """List-Unsubscribe for MIME: folded only between targets, so no client reads a URL cut in two."""
    targets = _targets(recipient)
    one_line = ", ".join(targets)
    if len("List-Unsubscribe: ") + len(one_line) <= _FOLD_AT:
        return one_line
    value = ",\r\n ".join(targets)
    if any(len(line) > _MAX_LINE - len("List-Unsubscribe: ") for line in value.splitlines()):
        raise ValueError(f"unsubscribe target too long for one header line: {one_line[:80]}…")
    return value


def build_message(
    message: OutgoingMessage,
    *,
    message_id_domain: str,
    now: datetime | None = None,
) -> EmailMessage:
    """Build the multipart/alternative message; `now` fixes the Date header (tests, resends).

    Text comes first because clients show the last alternative they understand, so HTML-capable
    ones pick the HTML and the rest fall back to text. Raises ValueError for a header value a
    message cannot carry (a line break in a subject or an extra header).
    """
    recipient = message.recipient
    mail = EmailMessage(policy=POLICY)
    mail["From"] = message.from_addr
    mail["To"] = _recipient_address(recipient)
    mail["Subject"] = " ".join(message.subject.split())
    mail["Date"] = (now or datetime.now(UTC)).astimezone(UTC)
    mail["Message-ID"] = make_msgid(domain=message_id_domain)
    if message.reply_to:
        mail["Reply-To"] = message.reply_to
    for name, value in unsubscribe_headers(recipient).items():
        if name == "List-Unsubscribe":
            mail.set_raw(name, _folded_targets(recipient))
        else:
            mail[name] = value
    for name, value in message.headers.items():
        del mail[name]
        mail[name] = value
    mail.set_content(message.text, subtype="plain", charset="utf-8")
    mail.add_alternative(message.html, subtype="html", charset="utf-8")
    return mail
