"""Settings: safe defaults for the demo, malformed values refused with the variable's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.config import load_settings
from digest.errors import ConfigError
from digest.models import ExtractiveMethod

NO_DOTENV = Path("/nonexistent/.env")
KEY = "k" * 32


def test_the_defaults_run_the_demo_with_no_account() -> None:
    settings = load_settings({}, NO_DOTENV)
    assert settings.embedded
    assert settings.email_backend == "outbox"
    assert settings.key_prefix == "digest"
    assert settings.base_url == "http://localhost:8000"
    assert not settings.allow_private_urls
    assert (settings.poll_concurrency, settings.poll_per_host) == (64, 2)
    assert settings.highlights_method == ExtractiveMethod.LEAD
    assert settings.admin_token == ""  # /metrics and the operators' pages are off


def test_ranked_highlights_are_a_setting_away() -> None:
    settings = load_settings({"DIGEST_HIGHLIGHTS_METHOD": " Ranked "}, NO_DOTENV)
    assert settings.highlights_method == ExtractiveMethod.RANKED


def test_a_sendgrid_key_makes_sendgrid_the_default_backend() -> None:
    settings = load_settings({"SENDGRID_API_KEY": "SG.x", "DIGEST_SECRET_KEY": KEY}, NO_DOTENV)
    assert settings.email_backend == "sendgrid"


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"DIGEST_EMAIL_BACKEND": "pigeon"}, "DIGEST_EMAIL_BACKEND"),
        ({"DIGEST_ALLOW_PRIVATE_URLS": "maybe"}, "DIGEST_ALLOW_PRIVATE_URLS"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"CELERY_BROKER_URL": "localhost:5672"}, "CELERY_BROKER_URL"),
        ({"DIGEST_BASE_URL": "news.example.com"}, "DIGEST_BASE_URL"),
        ({"DIGEST_EMAIL_BACKEND": "smtp", "DIGEST_SECRET_KEY": KEY}, "SMTP_URL"),
        ({"SENDGRID_API_KEY": "SG.x"}, "DIGEST_SECRET_KEY"),
        ({"SENDGRID_API_KEY": "SG.x", "DIGEST_SECRET_KEY": "k" * 31}, "DIGEST_SECRET_KEY"),
        ({"DIGEST_SECRET_KEY": "short, even in outbox mode"}, "DIGEST_SECRET_KEY"),
        ({"DIGEST_KEY_PREFIX": "a {b}"}, "DIGEST_KEY_PREFIX"),
        ({"DIGEST_POLL_PER_HOST": "0"}, "DIGEST_POLL_PER_HOST"),
        ({"DIGEST_POLL_CONCURRENCY": "lots"}, "DIGEST_POLL_CONCURRENCY"),
        ({"DIGEST_HIGHLIGHTS_METHOD": "magic"}, "DIGEST_HIGHLIGHTS_METHOD"),
        ({"DIGEST_ADMIN_TOKEN": "guessable"}, "DIGEST_ADMIN_TOKEN"),
        ({"DIGEST_ADMIN_TOKEN": "long-enough-but-\u00e9-not-ascii"}, "DIGEST_ADMIN_TOKEN"),
    ],
)
def test_a_malformed_setting_is_refused_by_name(environ: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_settings(environ, NO_DOTENV)


def test_the_environment_wins_over_the_dotenv_file(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("DIGEST_KEY_PREFIX=fromfile\nDIGEST_BASE_URL=https://file.example\n")
    settings = load_settings({"DIGEST_KEY_PREFIX": "fromenv"}, dotenv)
    assert settings.key_prefix == "fromenv"
    assert settings.base_url == "https://file.example"


def test_retention_keeps_what_a_publisher_needs_by_default_and_each_kind_is_set_in_days() -> None:
    defaults = load_settings({}, NO_DOTENV).retention
    assert (defaults.deliveries, defaults.events) == (180, 90)
    assert all(days > 0 for days in vars(defaults).values())
    chosen = load_settings({"DIGEST_RETAIN_DELIVERIES": "365", "DIGEST_RETAIN_ARTICLES": "0"}, NO_DOTENV)
    assert (chosen.retention.deliveries, chosen.retention.articles) == (365, 0)


@pytest.mark.parametrize("value", ["-1", "forever", "1e9"])
def test_a_retention_that_is_not_a_number_of_days_is_refused_by_name(value: str) -> None:
    with pytest.raises(ConfigError, match="DIGEST_RETAIN_EVENTS"):
        load_settings({"DIGEST_RETAIN_EVENTS": value}, NO_DOTENV)
