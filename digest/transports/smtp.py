"""SMTP with smtplib: one connection reused for a whole batch, STARTTLS or implicit TLS, optional login.

SMTP_URL is `smtp://user:pass@host:587` (STARTTLS unless SMTP_STARTTLS=0) or `smtps://…:465`
(TLS from the first byte). A refusal of one recipient fails that recipient; a refused login stops
the send; a dropped connection is re-opened once for the messages not yet handed over.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from digest.errors import ConfigError, TransportError
from digest.models import OutgoingMessage, SendResult
from digest.transports.base import Batch, messages
from digest.transports.message import build_message


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str = ""
    password: str = ""
    timeout: float = 30.0


def parse_smtp_url(url: str, *, starttls: bool = True, timeout: float = 30.0) -> SmtpConfig:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ConfigError(f"SMTP_URL={url!r} must look like smtp://user:pass@host:587 or smtps://host:465")
    implicit = parts.scheme == "smtps"
    return SmtpConfig(
        host=parts.hostname,
        port=parts.port or (465 if implicit else 587),
        implicit_tls=implicit,
        starttls=starttls and not implicit,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        timeout=timeout,
    )


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply


class SmtpTransport:
    name = "smtp"
    batch_size = 100

    def __init__(
        self, config: SmtpConfig, *, message_id_domain: str, tls_context: ssl.SSLContext | None = None
    ) -> None:
        self.config = config
        self.message_id_domain = message_id_domain
        self._tls = tls_context or ssl.create_default_context()

    def send_batch(self, batch: Batch) -> list[SendResult]:
        outgoing = messages(batch)
        results: list[SendResult] = []
        connection: smtplib.SMTP | None = None
        try:
            for message in outgoing:
                if connection is None:
                    connection = self._connect()
                try:
                    results.append(self._send_one(connection, message))
                except smtplib.SMTPServerDisconnected:
                    # The server hung up between messages (idle limits): one fresh connection, then give up.
                    connection = self._connect()
                    results.append(self._send_one(connection, message))
        except TransportError:
            raise
        except (smtplib.SMTPException, OSError) as error:
            reason = f"SMTP {self.config.host}:{self.config.port} failed: {error}"
            results += [
                SendResult(m.recipient.subscriber_id, ok=False, error=reason)
                for m in outgoing[len(results) :]
            ]
        finally:
            if connection is not None:
                try:
                    connection.quit()
                except (smtplib.SMTPException, OSError):
                    connection.close()
        return results

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        connection: smtplib.SMTP
        try:
            if cfg.implicit_tls:
                connection = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=self._tls)
            else:
                connection = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
                if cfg.starttls:
                    connection.starttls(context=self._tls)
            if cfg.username:
                connection.login(cfg.username, cfg.password)
        except smtplib.SMTPAuthenticationError as error:
            raise TransportError(
                f"SMTP {cfg.host}:{cfg.port} refused the login ({error.smtp_code}): check SMTP_URL's user "
                "and password, then `digest issue resume`",
                permanent=True,
            ) from error
        return connection

    def _send_one(self, connection: smtplib.SMTP, message: OutgoingMessage) -> SendResult:
        subscriber_id = message.recipient.subscriber_id
        try:
            mail = build_message(message, message_id_domain=self.message_id_domain)
        except (ValueError, TypeError) as error:
            return SendResult(subscriber_id, ok=False, error=str(error), permanent=True)
        try:
            connection.send_message(mail)
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            return SendResult(
                subscriber_id,
                ok=False,
                error=f"SMTP {code}: {_text(text)}",
                permanent=500 <= code < 600,
                status=code,
            )
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
            return SendResult(
                subscriber_id,
                ok=False,
                error=f"SMTP {error.smtp_code}: {_text(error.smtp_error)}",
                permanent=500 <= error.smtp_code < 600,
                status=error.smtp_code,
            )
        return SendResult(subscriber_id, ok=True, message_id=str(mail["Message-ID"]))
