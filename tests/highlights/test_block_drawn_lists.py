"""A list a template draws as boxes (<div>s of <div>s where another draws <ul><li>) reads as the list it
is. Found by drawing every list of the tune pages as <div>s: blocks read plainly from <ul>s were read
with a note, a lead-in or a promo line for items, or as one item."""

from __future__ import annotations

from tests.highlights.test_block_patterns import HARBOUR, ITEMS, found


def _boxes(items: list[str], name: str = "") -> str:
    entries = "".join(f"<div class='entry'>{item}</div>" for item in items)
    return f"<div class='{name}'>{entries}</div>" if name else f"<div>{entries}</div>"


def test_a_note_beside_the_drawn_list_is_no_item() -> None:
    # Kleine Zeitung's "In Kürze" (development set: kleinezeitung-2025-ai-summary): a note on how the
    # summary was made sits in the box beside its list, here drawn as boxes.
    note = "<div class='note'>Der Artikel für Sie zusammengefasst</div>"
    box = f"<div class='box'><h3>In Kürze</h3><div>{note}{_boxes(ITEMS)}</div></div>"

    assert found(box + HARBOUR) == ("In Kürze", ITEMS)


def test_a_promo_line_closing_a_drawn_list_is_no_item() -> None:
    # Business Insider's summary-list (set 10: brave-businessinsider.com-11779772) ends on a link to the
    # home page; as <li>s it was left out, and so it is when the entries are boxes.
    promo = "<div class='entry'><a href='/'>Visit Business Insider's homepage for more stories</a>.</div>"
    box = _boxes(ITEMS, "summary-list").replace("</div></div>", f"</div>{promo}</div>")

    assert found(box + HARBOUR) == ("summary-list", ITEMS)


def test_a_lead_in_line_over_a_drawn_list_is_no_item() -> None:
    # Remotewize's key-takeaways-container (set 9, tune half): its title line, then the points.
    title = "<div class='title'>Key takeaways: what's the best harbour line?</div>"
    box = f"<div class='key-takeaways-container'>{title}{_boxes(ITEMS)}</div>"

    assert found(box + HARBOUR) == ("key-takeaways-container", ITEMS)
