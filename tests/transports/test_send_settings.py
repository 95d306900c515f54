"""Sending settings: SendGrid options, SMTP, the shared rate; bad values refused with their names;
the runtime builds the transport the settings name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from digest.config import load_settings
from digest.delivery.control import progress
from digest.errors import ConfigError
from digest.models import IssueStatus
from digest.runtime import Runtime
from digest.transports.outbox import OutboxTransport
from digest.transports.sendgrid.transport import SendGridTransport
from digest.transports.smtp import SmtpTransport

NO_DOTENV = Path("/nonexistent/.env")
BASE = {"SENDGRID_API_KEY": "SG.x", "DIGEST_SECRET_KEY": "k" * 32}


def test_sendgrid_options_are_read_from_the_environment() -> None:
    settings = load_settings(
        {
            **BASE,
            "SENDGRID_CATEGORIES": "digest, morning",
            "SENDGRID_ASM_GROUP_ID": "42",
            "SENDGRID_IP_POOL": "newsletters",
            "SENDGRID_SANDBOX_MODE": "1",
            "SENDGRID_CLICK_TRACKING": "0",
            "SENDGRID_TIMEOUT": "12.5",
            "DIGEST_SEND_RATE": "500",
        },
        NO_DOTENV,
    )
    options = settings.sendgrid
    assert options.categories == ("digest", "morning") and options.asm_group_id == 42
    assert options.ip_pool == "newsletters" and options.sandbox_mode
    assert options.click_tracking is False and options.open_tracking is None
    assert options.timeout == 12.5 and settings.send_rate == 500


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SENDGRID_CATEGORIES", ",".join(f"c{i}" for i in range(11))),
        ("SENDGRID_ASM_GROUP_ID", "unsubscribes"),
        ("SENDGRID_IP_POOL", "x"),
        ("SENDGRID_TIMEOUT", "soon"),
        ("DIGEST_SEND_RATE", "-1"),
        ("SENDGRID_OPEN_TRACKING", "maybe"),
    ],
)
def test_a_malformed_sending_setting_is_refused_with_its_name(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings({**BASE, name: value}, NO_DOTENV)


def test_the_runtime_builds_the_transport_the_settings_name(tmp_path: Path) -> None:
    sendgrid = Runtime(load_settings({**BASE, "SENDGRID_API_HOST": "http://127.0.0.1:9"}, NO_DOTENV))
    transport = sendgrid.transport()
    assert isinstance(transport, SendGridTransport) and transport.batch_size == 1000
    smtp = Runtime(
        load_settings(
            {
                "DIGEST_EMAIL_BACKEND": "smtp",
                "SMTP_URL": "smtps://u:p@mail.example.com",
                "DIGEST_SECRET_KEY": "k" * 32,
            },
            NO_DOTENV,
        )
    )
    built = smtp.transport()
    assert isinstance(built, SmtpTransport) and built.config.implicit_tls and built.config.port == 465
    assert isinstance(sendgrid.transport(outbox_dir=tmp_path), OutboxTransport)


def test_progress_gives_rate_and_eta_while_running_and_none_when_done() -> None:
    start = datetime(2025, 11, 3, 7, 0, tzinfo=UTC)
    counts = {"sent": 30_000, "failed": 0, "unconfirmed": 0, "skipped": 0}
    running = progress(100_000, counts, IssueStatus.SENDING, start, None, start + timedelta(seconds=2))
    assert (running.rate, running.pending, running.eta_seconds) == (15_000.0, 70_000, pytest.approx(4.7))
    paused = progress(100_000, counts, IssueStatus.PAUSED, start, None, start + timedelta(seconds=2))
    assert paused.eta_seconds is None
