"""A list that carries its own label as its first entry: the label titles the list and is no item.

Reduced from CNN's story pages of 2007-08 (the L3S-GN1 Google News collection, geodrome/page-signal
L3S-GN1-20100130203947-00001/original/4ac0c944….html): "Story Highlights" was the first <li> of the
very list it titled, beside the headline, and the list closed on a link to the next story.
"""

from __future__ import annotations

import lxml.html

from digest.highlights.candidates import MAX_CANDIDATES, gather
from digest.highlights.explain import explain_blocks
from tests.highlights.pages import page
from tests.highlights.test_block_patterns import HARBOUR, ITEMS, found


def _cnn_list(first: str) -> str:
    entries = "".join(f"<li> {item}<br> " for item in ITEMS)  # CNN left its entries unclosed
    return (
        f'<div id="cnnHeaderRightCol"><ul>{first}{entries}'
        '<li class="cnnNextStory"><a href="/2008/WORLD/next.html">Next Article in World &raquo;</a></li>'
        "</ul></div>"
    )


def test_a_label_that_opens_its_own_list_titles_it() -> None:
    article = _cnn_list('<li class="cnnHiliteHeader">Story Highlights</li>') + HARBOUR

    assert found(article) == ("Story Highlights", ITEMS)
    winner = next(line for line in explain_blocks(page(article)) if " WINNER;" in line)
    assert "the list's title “Story Highlights” is its first entry, not an item" in winner


def test_a_linked_label_opening_a_list_is_a_menu_not_a_title() -> None:
    menu = "".join(f'<li><a href="/section-{n}.html">Section {n}</a></li>' for n in range(4))
    article = f'<ul><li><a href="/highlights.html">Highlights</a></li>{menu}</ul>{HARBOUR}'

    assert found(article) == ("", [])


def test_a_sentence_opening_a_list_under_the_headline_stays_an_item() -> None:
    article = f"<ul>{''.join(f'<li>{item}</li>' for item in ITEMS)}</ul>{HARBOUR}"

    assert found(article)[1] == ITEMS


def test_a_page_of_endless_titled_lists_yields_a_bounded_number_of_candidates() -> None:
    titled = "".join(
        f"<ul><li>Highlights</li>{''.join(f'<li>{item} ({n})</li>' for item in ITEMS)}</ul>"
        for n in range(1000)
    )
    root = lxml.html.fromstring(page(titled + HARBOUR))

    candidates, _ = gather(root, set(), root.find(".//h1"))

    assert sum("label" in c.reasons for c in candidates) <= MAX_CANDIDATES
