"""One card that teases another page is no summary of this one (nor a second box of the article's own
label), and a post's header is no list of highlights. Reduced from the tune half of the twelfth
held-out set (tests/data/real-pages-heldout-12, Moz's dragnet pages of 2012) and from pages that
guard the rule; each source is named beside its test.
"""

from __future__ import annotations

import lxml.html

from digest.highlights.cards import teased_title
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


def _card(title: str) -> str:
    link = "https://resources.example.com/show/1"
    return (
        f'<div class="addResources"><div class="row"><div class="thumb"><a href="{link}">'
        f'<img src="/paper.jpg" alt="{title}"></a></div>'
        f'<div class="textArea"><h3 class="label">White Paper</h3><h2 class="title">{title}</h2>'
        f'<p class="abstract">{ABSTRACT}</p><a class="download" href="{link}">Read now »</a>'
        "</div></div></div>"
    )


def test_an_abstract_under_a_title_of_its_own_with_a_link_out_teases_that_page() -> None:
    # InfoWorld and Computerworld (dragnet R372, R377, R378, R380): "Additional resources" sets a white
    # paper's linked picture and title, its `p.abstract` and "Read now »" beside every story, one card.
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


def test_a_summary_under_an_unlinked_heading_about_this_article_is_no_teaser() -> None:
    # klimawandel-global.de (tests/data/real-pages-heldout-3 hd-klimawandel-zusammenfassung): a sidebar
    # widget "Über diesen Artikel" holds the article's summary beside links to other articles.
    widget = lxml.html.fragment_fromstring(
        '<div class="widget"><h3 class="widget-header">Über diesen Artikel</h3><div class="widget-content">'
        '<p>Dieser Artikel stammt von <a href="/autoren.php">Christian</a>.</p>'
        f'<p style="font-weight:bold">Zusammenfassung</p><p>{ITEMS[0]} {ITEMS[1]}</p>'
        '<p style="font-weight:bold">Nächster Artikel</p><p><a href="/next.html">Energie sparen</a></p>'
        "</div></div>"
    )
    summary = widget.xpath(".//p")[1]

    assert teased_title(summary, lambda title: False) == ""


def test_a_feed_cards_own_label_is_no_second_box_of_the_article() -> None:
    # Elliptic's blog (tests/data/real-pages-heldout-9 wcxb-d4151): "Key takeaway:" atop the post, and a
    # feed card of another post beside it, under its linked title, with a "Key takeaway:" of its own.
    card = (
        '<div class="rss-item"><div class="rss-title"><h6><a href="/blog/other-post">Tokenization is '
        'accelerating fast</a></h6></div><div class="rss-txt"><p style="font-weight: bold;">'
        "<em>Key takeaway: "
        f'<span style="font-weight: normal;">{ABSTRACT}</span></em></p></div></div>'
    )
    opening = f"<p>Key takeaway: {ITEMS[0]} {ITEMS[1]}</p>"

    assert found(opening + HARBOUR, around=f"<aside>{card}</aside>") == (
        "Key takeaway",
        [f"{ITEMS[0]} {ITEMS[1]}"],
    )
