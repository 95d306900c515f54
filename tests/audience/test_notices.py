"""The confirmation email greets like the digest does: one rule, one fallback, the list's setting."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from digest.audience.notices import render_confirmation
from digest.models import MailingList

MORNING = MailingList(
    "morning", "Morning Brief", "Brief <brief@example.com>", datetime(2025, 1, 6, tzinfo=UTC)
)


@pytest.mark.parametrize(
    ("name", "greeting"),
    [("Barbara Liskov", "Hi Barbara,"), ("Liskov, Barbara", "Hi Barbara,"), ("", "Hi there,")],
)
def test_the_confirmation_greets_by_first_name_or_there(name: str, greeting: str) -> None:
    rendered = render_confirmation(MORNING, name=name, confirm_url="https://news.example.com/confirm/t")
    assert rendered.text.startswith(f"{greeting}\n")
    assert f"<p>{greeting}</p>" in rendered.html


def test_a_list_without_greetings_sends_a_confirmation_without_one() -> None:
    quiet = replace(MORNING, greeting=False)
    rendered = render_confirmation(
        quiet, name="Grace Hopper", confirm_url="https://news.example.com/confirm/t"
    )
    assert "Hi " not in rendered.text and "Hi " not in rendered.html
    assert "https://news.example.com/confirm/t" in rendered.text
