"""A section's title drawn as a paragraph in bold (<p><strong>Why listen to us?</strong></p>, as many
WordPress posts set it) is a heading like an <h2>: it closes the run of items before it and opens a
section. Found by drawing every h2–h4 of the tune pages as a bold paragraph: per-section boxes became
false blocks, and a label's one item ran on into the story."""

from __future__ import annotations

from tests.highlights.test_block_patterns import HARBOUR, ITEMS, found

PARAGRAPHS = HARBOUR.split("</p>")[:-1]


def _section(title: str, paragraphs: list[str]) -> str:
    return f"<p><strong>{title}</strong></p>" + "".join(f"{p}</p>" for p in paragraphs)


def test_a_bold_title_ends_the_run_of_items_after_a_label() -> None:
    # Embarque's "Quick summary" (WCEB, set 6: wceb-0019): one paragraph, then the post's first section,
    # here with its title drawn in bold.
    summary = f"<p><strong>Quick summary</strong></p><p>{ITEMS[0]} {ITEMS[1]}</p>"
    story = _section("Why listen to us?", PARAGRAPHS[:3]) + _section("The new district", PARAGRAPHS[3:])

    assert found(summary + story) == ("Quick summary", [f"{ITEMS[0]} {ITEMS[1]}"])


def test_a_box_between_sections_with_bold_titles_sums_up_one_of_them() -> None:
    # Celery's task docs (WCEB, set 6: wceb-0665): a "Key points" box closing one section of several,
    # here with the sections' titles drawn in bold.
    box = "<div class='admonition'><p><strong>Key points</strong></p><ul>"
    box += "".join(f"<li>{item}</li>" for item in ITEMS) + "</ul></div>"
    page = (
        f"{PARAGRAPHS[0]}</p>" + _section("Approval", PARAGRAPHS[1:2]) + box
        + _section("Construction", PARAGRAPHS[2:4]) + _section("Passengers", PARAGRAPHS[4:])
    )  # fmt: skip

    assert found(page) == ("", [])
