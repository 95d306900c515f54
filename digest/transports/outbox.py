"""The local way out: every message becomes an .eml file a person can open in a mail client.

It is the default when no provider is configured, so the whole path runs without an account. Beside
each .eml goes its HTML part as an .html file: the .eml holds it quoted-printable (soft line breaks
cut links in two), and a browser is what most people have at hand to look at a message.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from digest.errors import TransportError
from digest.models import OutgoingMessage, SendResult
from digest.transports.base import Batch, messages
from digest.transports.message import build_message

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def _file_part(identifier: str) -> str:
    """Spell an id safely for a file name, and injectively, so two ids never share a file.

    "%" is itself escaped, and "-" is escaped whenever it could be mistaken for the "--" that
    separates the issue from the subscriber; a leading "." would hide the file.
    """
    part = _UNSAFE.sub(lambda match: "".join(f"%{byte:02X}" for byte in match.group(0).encode()), identifier)
    if "--" in part or part.startswith("-") or part.endswith("-"):
        part = part.replace("-", "%2D")
    if part.startswith("."):
        part = "%2E" + part[1:]
    return part


def eml_name(message: OutgoingMessage) -> str:
    """One file per (issue, subscriber): writing the same delivery again replaces it."""
    return f"{_file_part(message.issue_id)}--{_file_part(message.recipient.subscriber_id)}.eml"


def html_name(message: OutgoingMessage) -> str:
    """The browser-readable copy of the message's HTML part, beside its .eml."""
    return eml_name(message).removesuffix(".eml") + ".html"


class OutboxTransport:
    """Writes messages to `directory` as .eml files instead of sending them."""

    name = "outbox"
    batch_size = 200

    def __init__(self, directory: Path, *, message_id_domain: str = "digest.localhost") -> None:
        self.directory = Path(directory)
        self.message_id_domain = message_id_domain

    def send_batch(self, batch: Batch) -> list[SendResult]:
        return self.send(messages(batch))

    def send(self, messages: Sequence[OutgoingMessage]) -> list[SendResult]:
        """Write each message; result message_id is its Message-ID header, angle brackets included."""
        self._prepare_directory()
        results: list[SendResult] = []
        for message in messages:
            subscriber_id = message.recipient.subscriber_id
            try:
                mail = build_message(message, message_id_domain=self.message_id_domain)
                data = mail.as_bytes()
            except (ValueError, TypeError) as error:
                # Only this message is malformed (an address or header it cannot carry); retrying won't help.
                results.append(SendResult(subscriber_id, ok=False, error=str(error), permanent=True))
                continue
            self._write(self.directory / eml_name(message), data)
            if message.html:
                self._write(self.directory / html_name(message), message.html.encode("utf-8"))
            results.append(SendResult(subscriber_id, ok=True, message_id=str(mail["Message-ID"])))
        return results

    def _prepare_directory(self) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if not os.access(self.directory, os.W_OK | os.X_OK):
                raise PermissionError(13, "not writable")
        except OSError as error:
            raise TransportError(
                f"outbox directory {self.directory} is not a writable folder ({error.strerror or error}); "
                "create it with write permission or point DIGEST_OUTBOX_DIR at another folder",
                permanent=True,
            ) from error

    def _write(self, path: Path, data: bytes) -> None:
        # Write then rename, so a reader never opens a half-written file and a rewrite is atomic.
        try:
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise TransportError(
                f"cannot write {path} in the outbox directory {self.directory} ({error.strerror or error}); "
                "free some space or point DIGEST_OUTBOX_DIR at another folder",
                permanent=isinstance(error, PermissionError),
            ) from error
