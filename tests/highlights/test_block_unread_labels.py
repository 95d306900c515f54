"""Labels the detector did not read, found on the ninth held-out set's tune half (WCXB blogs and news
2025–26): a label word it did not know, a label that opens its paragraph's own text, a label with its
summary set after it as loose text. Each page is reduced from the one named beside it."""

from __future__ import annotations

from tests.highlights.test_block_patterns import HARBOUR, ITEMS, found

SUMMARY = " ".join(ITEMS)


def _list(items: list[str]) -> str:
    return "".join(f"<li><p>{item}</p></li>" for item in items)


def test_fast_facts_over_a_list_is_a_label() -> None:
    # Gravitee blog (WCXB, set 9 tune: gravitee-api-documentation-done-right): a HubSpot module
    # section.fun-facts-section with <h3>Fast Facts</h3> and a div holding the list, above the post body.
    box = (
        '<section class="fun-facts-section"><h3 class="fun-facts-header">Fast Facts</h3>'
        f'<div class="facts-container"><ul>{_list(ITEMS)}</ul></div></section>'
    )

    assert found(box + HARBOUR) == ("Fast Facts", ITEMS)


def test_a_title_ending_in_a_nutshell_is_no_label() -> None:
    # Pro Git's chapter page (tiptopjaw/web-content-extraction-benchmark release/html/2869): <h2>Branches
    # in a Nutshell</h2> opens the chapter, it sums nothing up.
    assert found(f"<h2>Branches in a Nutshell</h2><p>{SUMMARY}</p>{HARBOUR}") == ("", [])
