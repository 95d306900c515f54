"""Behaviour of digest.models.text: feed text shown as one line (alt text, feed headings)."""

from __future__ import annotations

from digest.models.text import one_line


def test_it_keeps_a_short_clean_line_as_it_is() -> None:
    assert one_line("The harbour at dawn", 40) == "The harbour at dawn"


def test_it_drops_controls_and_direction_marks_and_joins_lines() -> None:
    assert one_line(" Ferry\x1b[31m\n at\u202e dawn\u200b\x00 ", 40) == "Ferry [31m at dawn"


def test_a_long_text_ends_at_a_word_with_an_ellipsis_within_the_limit() -> None:
    text = one_line("alpha beta gamma delta epsilon", 20)
    assert text == "alpha beta gamma…" and len(text) <= 20


def test_one_long_word_is_cut_mid_word_rather_than_lost() -> None:
    assert one_line("a " + "x" * 50, 20) == "a " + "x" * 17 + "…"
