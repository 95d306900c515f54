"""The SMTP transport against a real SMTP server on loopback (aiosmtpd): one connection per batch,
STARTTLS and login, a refused recipient failing alone, a refused login stopping the send."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from digest.errors import ConfigError, TransportError
from digest.transports.smtp import SmtpConfig, SmtpTransport, parse_smtp_url
from tests.support.issues import batch, person
from tests.support.servers import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.sessions: set[int] = set()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.startswith("refused"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.sessions.add(id(session))
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"mailer", b"s3cret")
    return AuthResult(success=ok, handled=False)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def smtp_server(certificate: tuple[Path, Path]) -> Iterator[tuple[Inbox, int]]:
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(*certificate)
    inbox = Inbox()
    port = free_port()  # aiosmtpd's controller checks it is up by connecting to its port
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_tls,
        authenticator=_authenticate,
        auth_require_tls=True,
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def client_tls(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(certificate[0]))
    return context


def test_it_sends_a_batch_over_one_starttls_connection_after_login(
    smtp_server: tuple[Inbox, int], certificate: tuple[Path, Path]
) -> None:
    inbox, port = smtp_server
    config = parse_smtp_url(f"smtp://mailer:s3cret@127.0.0.1:{port}")
    assert config.starttls and config.username == "mailer"
    sender = SmtpTransport(config, message_id_domain="news.example.com", tls_context=client_tls(certificate))
    results = sender.send_batch(batch([person(1), person(2), person(3)]))
    assert all(r.ok for r in results)
    assert [rcpts for rcpts, _ in inbox.messages] == [[f"reader{n}@example.com"] for n in (1, 2, 3)]
    assert len(inbox.sessions) == 1  # the connection was reused across the batch
    mail = message_from_bytes(inbox.messages[0][1])
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = next(part for part in mail.walk() if part.get_content_type() == "text/plain")
    assert "Hi Reader1" in text.get_payload(decode=True).decode()


def test_a_refused_recipient_fails_alone(
    smtp_server: tuple[Inbox, int], certificate: tuple[Path, Path]
) -> None:
    inbox, port = smtp_server
    config = SmtpConfig(
        "127.0.0.1", port, implicit_tls=False, starttls=True, username="mailer", password="s3cret"
    )
    sender = SmtpTransport(config, message_id_domain="news.example.com", tls_context=client_tls(certificate))
    results = sender.send_batch(batch([person(1), person(2, email="refused@example.com"), person(3)]))
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].permanent and results[1].error.startswith("SMTP 550")
    assert len(inbox.messages) == 2


def test_a_refused_login_stops_the_send(
    smtp_server: tuple[Inbox, int], certificate: tuple[Path, Path]
) -> None:
    _, port = smtp_server
    config = parse_smtp_url(f"smtp://mailer:wrong@127.0.0.1:{port}")
    sender = SmtpTransport(config, message_id_domain="news.example.com", tls_context=client_tls(certificate))
    with pytest.raises(TransportError, match="refused the login") as refused:
        sender.send_batch(batch([person(1)]))
    assert refused.value.permanent


def test_an_unreachable_server_fails_the_batch_with_the_reason() -> None:
    config = SmtpConfig("127.0.0.1", 9, implicit_tls=False, starttls=False, timeout=2)
    results = SmtpTransport(config, message_id_domain="x").send_batch(batch([person(1), person(2)]))
    assert all(not r.ok and "SMTP 127.0.0.1:9 failed" in r.error for r in results)


def test_a_malformed_smtp_url_is_refused_with_its_name() -> None:
    with pytest.raises(ConfigError, match="SMTP_URL"):
        parse_smtp_url("http://mail.example.com")
