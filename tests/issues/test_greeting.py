"""Greetings in a rendered issue: filled per recipient, escaped in the HTML, by first name when the name
gives one, and a list can turn them off."""

from __future__ import annotations

from dataclasses import replace

import pytest

from digest.issues.render import (
    NAME,
    PLACEHOLDERS,
    UNSUBSCRIBE_URL,
    personalise,
    placeholder_values,
    render_issue,
)
from tests.issues.test_render import a_list, a_recipient, an_issue, fixture_articles, render


def test_it_fills_the_name_and_escapes_it_in_the_html() -> None:
    html, text = personalise(render(), a_recipient("<Tom&Jerry> Cat"))
    assert "Hi &lt;Tom&amp;Jerry&gt;," in html
    assert "Hi <Tom&Jerry>," in text
    assert 'href="https://digest.example.com/u/tok3n?list=morning&amp;s=s1"' in html
    assert "Unsubscribe: https://digest.example.com/u/tok3n?list=morning&s=s1" in text
    assert not any(placeholder in html + text for placeholder in PLACEHOLDERS)


def test_it_greets_a_subscriber_without_a_name() -> None:
    _, text = personalise(render(), a_recipient(""))
    assert "Hi there," in text


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Grace Hopper", "Hi Grace,"),
        ("Liskov, Barbara", "Hi Barbara,"),
        ("  Ada   Lovelace ", "Hi Ada,"),
        ("Dr. Grace Hopper", "Hi Grace,"),
        ("Hopper", "Hi Hopper,"),
        ("", "Hi there,"),
        ("   ", "Hi there,"),
        ("grace@example.com", "Hi there,"),
        ("Liskov,", "Hi Liskov,"),
    ],
)
def test_it_greets_everyone_by_first_name_when_the_name_gives_one(name: str, greeting: str) -> None:
    html, text = personalise(render(), a_recipient(name))
    assert greeting in text.splitlines()
    assert f">{greeting}<" in html


def test_a_list_can_turn_the_greeting_off() -> None:
    rendered = render_issue(replace(a_list(), greeting=False), an_issue(), fixture_articles())
    html, text = personalise(rendered, a_recipient())
    assert "Hi " not in text and "Hi " not in html and "greeting" not in html
    assert "Why small modules age well" in text


def test_it_prints_a_name_that_looks_like_a_placeholder_as_written() -> None:
    values = placeholder_values(a_recipient(UNSUBSCRIBE_URL))
    _, text = personalise(render(), a_recipient(UNSUBSCRIBE_URL))
    assert values[NAME] == UNSUBSCRIBE_URL
    assert f"Hi {UNSUBSCRIBE_URL}," in text
