"""The bare wrappers a template draws around a label, a list or each item say nothing about what they
hold: a block reads the same with them as without. Found by wrapping every list and heading of the tune
pages in a <div> (tests/benchmarks/score_blocks.py --wrap): seven blocks found plainly were lost."""

from __future__ import annotations

from tests.highlights.test_block_patterns import HARBOUR, ITEMS, found


def _bare(html: str, depth: int = 1) -> str:
    return "<div>" * depth + html + "</div>" * depth


def test_a_title_line_and_a_list_each_in_wrappers_after_the_label() -> None:
    # Spektrum der Wissenschaft's "Auf einen Blick" box (postlight/parser fixtures), its parts wrapped.
    box = (
        '<aside class="content__glance">'
        + _bare('<div class="content__glance__header">Auf einen Blick</div>')
        + _bare('<div class="content__glance__title">Die neue Hafenlinie</div>', 2)
        + _bare(f"<ol>{''.join(f'<li><p>{item}</p></li>' for item in ITEMS)}</ol>")
        + "</aside>"
    )

    assert found(box + HARBOUR) == ("Auf einen Blick", ITEMS)


def test_a_run_of_items_each_in_its_own_wrapper() -> None:
    # Sports Illustrated 2010 (development set): <div>Story Highlights</div> then one <h2> per point;
    # here each <h2> sits in a wrapper of its own.
    box = "<div>Story Highlights</div>" + "".join(_bare(f"<h2>{item}</h2>") for item in ITEMS)

    assert found(f'<div class="head">{box}</div>' + HARBOUR) == ("Story Highlights", ITEMS)


def test_a_list_split_into_one_item_lists_each_in_a_wrapper() -> None:
    box = "<h2>Key Takeaways</h2>" + "".join(_bare(f"<ul><li>{item}</li></ul>") for item in ITEMS)

    assert found(box + HARBOUR) == ("Key Takeaways", ITEMS)


def test_an_image_in_a_plain_box_between_the_label_and_its_list() -> None:
    # Tastewise (WCEB, set 7: wceb-0002) sets a <figure> there; a template may draw it as a <div>.
    image = '<div class="wp-block-image"><picture><img src="trends.webp" alt=""></picture></div>'
    box = f"<h2>Key takeaways</h2>{image}<ul>{''.join(f'<li>{item}</li>' for item in ITEMS)}</ul>"

    assert found(box + HARBOUR) == ("Key takeaways", ITEMS)
