"""Behaviour of digest.transports.message: RFC 5322 messages with both parts and one-click unsubscribe."""

from __future__ import annotations

import email
from dataclasses import replace
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default

import pytest

from digest.models import OutgoingMessage, Recipient
from digest.transports.message import build_message

UNSUBSCRIBE = "https://digest.example.com/u/tok3n"
MAILTO = "mailto:unsubscribe+s1@digest.example.com"


def a_recipient(**changes: str) -> Recipient:
    recipient = Recipient(
        subscriber_id="s1",
        email="grace@example.com",
        name="Grace Hopper",
        unsubscribe_url=UNSUBSCRIBE,
        unsubscribe_mailto=MAILTO,
    )
    return replace(recipient, **changes)


def a_message(**changes: object) -> OutgoingMessage:
    message = OutgoingMessage(
        issue_id="morning-12",
        recipient=a_recipient(),
        from_addr="Morning Brief <news@example.com>",
        subject="Morning Brief #12: Why small modules age well",
        html="<p>Hi Grace, here is <b>the digest</b>.</p>",
        text="Hi Grace, here is the digest.\n",
        headers={"X-Digest-Issue": "morning-12"},
    )
    return replace(message, **changes)  # type: ignore[arg-type]


def as_sent(message: OutgoingMessage) -> tuple[bytes, EmailMessage]:
    raw = build_message(message, message_id_domain="digest.example.com").as_bytes()
    parsed = BytesParser(policy=default).parsebytes(raw)
    assert isinstance(parsed, EmailMessage)
    return raw, parsed


def test_it_puts_the_text_part_before_the_html_part() -> None:
    _, parsed = as_sent(a_message())
    assert parsed.get_content_type() == "multipart/alternative"
    parts = [part.get_content_type() for part in parsed.iter_parts()]
    assert parts == ["text/plain", "text/html"]


def test_it_parses_back_to_the_same_bodies() -> None:
    message = a_message(text="Café ✓\n", html="<p>Café ✓</p>\n")
    _, parsed = as_sent(message)
    text = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    # Lines end in CRLF on the wire, as RFC 5322 wants; the words are what must survive.
    assert text.get_content().replace("\r\n", "\n") == "Café ✓\n"
    assert html.get_content().replace("\r\n", "\n") == "<p>Café ✓</p>\n"
    assert text.get_content_charset() == "utf-8"


def test_it_also_parses_with_the_compat_parser() -> None:
    raw, _ = as_sent(a_message())
    legacy = email.message_from_bytes(raw)
    assert legacy.is_multipart()
    assert legacy["Subject"] == "Morning Brief #12: Why small modules age well"


def test_it_offers_both_unsubscribe_targets_and_one_click() -> None:
    raw, parsed = as_sent(a_message())
    assert parsed["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>, <{MAILTO}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw


def test_it_keeps_a_long_unsubscribe_url_readable_as_a_url() -> None:
    long_url = "https://digest.example.com/unsubscribe/" + "t" * 160
    raw, parsed = as_sent(a_message(recipient=a_recipient(unsubscribe_url=long_url)))
    assert parsed["List-Unsubscribe"] == f"<{long_url}>, <{MAILTO}>"
    assert f"List-Unsubscribe: <{long_url}>,\r\n <{MAILTO}>\r\n".encode() in raw


def test_it_turns_a_bare_unsubscribe_address_into_a_mailto() -> None:
    _, parsed = as_sent(a_message(recipient=a_recipient(unsubscribe_mailto="unsub@digest.example.com")))
    assert parsed["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>, <mailto:unsub@digest.example.com>"


def test_it_does_not_promise_one_click_without_a_web_target() -> None:
    _, parsed = as_sent(a_message(recipient=a_recipient(unsubscribe_url="")))
    assert parsed["List-Unsubscribe"] == f"<{MAILTO}>"
    assert parsed["List-Unsubscribe-Post"] is None


def test_it_addresses_the_recipient_by_name_and_encodes_non_ascii() -> None:
    recipient = a_recipient(name="Zoë Ünderwood, Jr.", email="zoe@example.com")
    raw, parsed = as_sent(a_message(recipient=recipient, subject="Ça va — café #12"))
    assert parsed["To"].addresses[0].display_name == "Zoë Ünderwood, Jr."
    assert parsed["To"].addresses[0].addr_spec == "zoe@example.com"
    assert parsed["Subject"] == "Ça va — café #12"
    assert b"=?utf-8?" in raw


def test_it_stays_seven_bit_for_any_smtp_server() -> None:
    raw, _ = as_sent(a_message(text="Grüße " * 40, html="<p>" + "ü" * 3000 + "</p>"))
    assert raw.isascii()
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998


def test_it_keeps_a_from_with_a_display_name() -> None:
    _, parsed = as_sent(a_message())
    sender = parsed["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == ("Morning Brief", "news@example.com")


def test_it_gives_each_message_its_own_id_under_the_domain() -> None:
    first = build_message(a_message(), message_id_domain="digest.example.com")["Message-ID"]
    second = build_message(a_message(), message_id_domain="digest.example.com")["Message-ID"]
    assert first != second
    assert first.startswith("<") and first.endswith("@digest.example.com>")


def test_it_dates_the_message_with_the_clock_it_is_given() -> None:
    moment = datetime(2025, 11, 3, 7, 0, tzinfo=UTC)
    mail = build_message(a_message(), message_id_domain="d.example", now=moment)
    assert mail["Date"] == "Mon, 03 Nov 2025 07:00:00 +0000"


def test_it_sets_reply_to_only_when_there_is_one() -> None:
    assert as_sent(a_message())[1]["Reply-To"] is None
    assert as_sent(a_message(reply_to="editor@example.com"))[1]["Reply-To"] == "editor@example.com"


def test_it_adds_the_extra_headers_once() -> None:
    _, parsed = as_sent(a_message(headers={"X-Digest-Issue": "morning-12", "Subject": "Replaced"}))
    assert parsed["X-Digest-Issue"] == "morning-12"
    assert parsed.get_all("Subject") == ["Replaced"]


def test_it_keeps_a_subject_with_line_breaks_on_one_line() -> None:
    _, parsed = as_sent(a_message(subject="Line one\r\nBcc: victim@example.com"))
    assert parsed["Subject"] == "Line one Bcc: victim@example.com"
    assert parsed["Bcc"] is None


def test_it_refuses_an_extra_header_with_a_line_break() -> None:
    with pytest.raises(ValueError):
        build_message(a_message(headers={"X-Note": "a\r\nBcc: victim@example.com"}), message_id_domain="d")


def test_it_refuses_a_mailbox_name_a_seven_bit_message_cannot_carry() -> None:
    with pytest.raises(ValueError, match="7-bit"):
        build_message(a_message(recipient=a_recipient(email="zoë@example.com")), message_id_domain="d")
