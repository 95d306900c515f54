"""Kinds of block and trap found when stop 23 spent the report halves: each rule explains a kind seen on
several pages, reduced here from one of them (its source named beside it)."""

from __future__ import annotations

from tests.highlights.test_block_patterns import HARBOUR, ITEMS, found

SUMMARY = " ".join(ITEMS)


def test_a_class_named_boxs_own_title_line_is_not_its_first_item() -> None:
    # Nucamp (tiptopjaw/web-content-extraction-benchmark release/html/0167): div.tldr holds
    # <h4>Too Long; Didn't Read:</h4> and the summary paragraph; Paycom (…/0293): div.summary holds
    # <p class="h2">Takeaway</p> and the excerpt's div.
    tldr = f'<div class="tldr"><h4>Too Long; Didn\'t Read:</h4><p>{SUMMARY}</p></div>'
    takeaway = (
        f'<div class="summary"><p class="h2">Takeaway</p><div class="excerpt"><p>{SUMMARY}</p></div></div>'
    )

    assert found(tldr + HARBOUR) == ("tldr", [SUMMARY])
    assert found(takeaway + HARBOUR) == ("summary", [SUMMARY])


def test_a_class_named_box_of_short_points_keeps_its_first_point() -> None:
    points = "".join(f"<p>{word}</p>" for word in ("Harbour line approved", "Works from spring", "Busy line"))

    assert found(f'<div class="summary">{points}</div>' + HARBOUR)[1] != ["Works from spring", "Busy line"]
