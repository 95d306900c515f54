"""One card that teases another page is no summary of this one, and a post's header is no list of
highlights. Reduced from the tune half of the twelfth held-out set (tests/data/real-pages-heldout-12,
Moz's dragnet pages of 2012); each source is named beside its test.
"""

from __future__ import annotations

from tests.highlights.test_block_patterns import HARBOUR, ITEMS, found

# The story as IDG's template set it: lines and <br>s in one <div>, no paragraphs.
LINES = (
    "<div class='pad'>"
    + "<br><br>".join(p.removeprefix("<p>") for p in HARBOUR.split("</p>") if p)
    + "</div>"
)

ABSTRACT = (
    "Gartner's recent magic quadrant included no vendors as leaders. Learn why and how one vendor is "
    "delivering an innovative service desk that empowers staff through social collaboration."
)


def _card(
    title: str, link: str = '<a class="download" href="https://resources.example.com/show/1">Read now »</a>'
) -> str:
    return (
        '<div class="addResources"><div class="row"><div class="thumb"><img src="/paper.jpg" alt=""></div>'
        f'<div class="textArea"><h3 class="label">White Paper</h3><h2 class="title">{title}</h2>'
        f'<p class="abstract">{ABSTRACT}</p>{link}</div></div></div>'
    )


def test_an_abstract_under_a_title_of_its_own_with_a_link_out_teases_that_page() -> None:
    # InfoWorld and Computerworld (dragnet R372, R377, R378, R380): "Additional resources" sets a white
    # paper's title, its `p.abstract` and "Read now »" beside every story, one card alone.
    assert found(_card("Service Desk Comparative Report") + LINES) == ("", [])


def test_an_abstract_under_the_headline_itself_is_still_the_pages_own() -> None:
    points = "".join(f"<p>{item}</p>" for item in ITEMS)
    card = (
        f'<div><h2>A story</h2><div class="abstract">{points}</div><a href="/next.html">Next story</a></div>'
    )

    assert found(card + HARBOUR) == ("abstract", ITEMS)


def test_a_byline_and_the_posts_categories_under_the_headline_are_no_highlights() -> None:
    # Personal Branding Blog (dragnet R866): a WordPress theme's post header drawn as a list.
    header = (
        "<ul><li>By: Deborah Shane on November 12th, 2012 at 5:30 am</li>"
        "<li>In Harbour Line, Construction, Council | No Comment</li></ul>"
    )
    story = HARBOUR + (
        "<p>Deborah Shane, who has written on the harbour line and its construction since 2012, asked the "
        "council for a comment on November 12th and is still waiting for an answer from the city.</p>"
    )

    assert found(header + story) == ("", [])
