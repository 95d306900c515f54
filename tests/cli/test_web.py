"""`digest web` says, in one line, when the links in emails (DIGEST_BASE_URL) will not reach it."""

from __future__ import annotations

import pytest

from digest.cli.web import base_url_warning


@pytest.mark.parametrize(
    ("base_url", "host", "port"),
    [
        ("http://localhost:8000", "127.0.0.1", 8000),
        ("http://127.0.0.1:8080/", "127.0.0.1", 8080),
        ("http://localhost", "localhost", 80),
        ("https://news.example.com", "127.0.0.1", 8000),  # a proxy in front: its business
        ("https://news.example.com", "0.0.0.0", 8000),
    ],
)
def test_it_stays_quiet_when_the_links_reach_the_app(base_url: str, host: str, port: int) -> None:
    assert base_url_warning(base_url, host, port) == ""


def test_it_warns_when_the_base_url_names_another_local_port() -> None:
    warning = base_url_warning("http://localhost:8000", "127.0.0.1", 9000)
    assert "DIGEST_BASE_URL" in warning and "9000" in warning and "8000" in warning
    assert "\n" not in warning


def test_it_warns_when_readers_elsewhere_would_get_links_to_this_machine_only() -> None:
    warning = base_url_warning("http://localhost:8000", "0.0.0.0", 8000)
    assert "DIGEST_BASE_URL" in warning and "public address" in warning
    assert "\n" not in warning
