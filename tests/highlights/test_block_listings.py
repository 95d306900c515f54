"""Boxes that carry a summary word on pages that list things (courses, products) or sell one: the
cards' blurbs and bullets, a record's keywords, a marketing carousel. Reduced from the tune half of
the sixth held-out set (tests/data/real-pages-heldout-6); each source is named beside its test.
"""

from __future__ import annotations

from tests.highlights.test_block_patterns import HARBOUR, ITEMS, found

COURSES = [
    (
        "Graphic Design Certificate",
        "Become a graphic designer with the tools industry experts use every day.",
    ),
    (
        "Motion Design Bootcamp",
        "Learn to animate titles and logos for video, web and social media campaigns.",
    ),
    ("UX Design Program", "Research users, sketch wireframes and test prototypes of apps with real people."),
]


def test_the_blurb_of_each_card_in_a_listing_is_no_summary() -> None:
    # Time Out's list of certificate programmes (tiptopjaw/web-content-extraction-benchmark:
    # release/html/0030.html.gz@977613a3): each article.tile holds an <h3> title and a
    # div._summaryContainer_1doy9_359 with the course's blurb, the first one under the page's headline.
    cards = "".join(
        f"<article class='tile'><div class='_title_1doy9_9'><h3>{title}</h3></div>"
        f"<div class='_summaryContainer_1doy9_359'><p>{blurb} {ITEMS[0]}</p></div></article>"
        for title, blurb in COURSES
    )

    assert found(f"<div class='zoneItems'>{cards}</div>{HARBOUR}") == ("", [])


def test_the_bullets_of_each_product_card_are_no_summary() -> None:
    # Adorama's category page (tiptopjaw/web-content-extraction-benchmark:release/html/2960.html.gz
    # @977613a3): every product card has a linked <h2> name and a ul.Products_highlights__ZISLz.
    cards = "".join(
        f"<div class='Products_productWr__lP23N'><h2><a href='/p{n}.html'>{title}</a></h2>"
        f"<ul class='Products_highlights__ZISLz'><li>{blurb}</li>"
        + "".join(f"<li>{item}</li>" for item in ITEMS[n:])
        + "</ul></div>"
        for n, (title, blurb) in enumerate(COURSES)
    )

    assert found(f"<section class='item-list'>{cards}</section>{HARBOUR}") == ("", [])


def test_one_class_on_lists_set_between_the_storys_paragraphs_marks_no_cards() -> None:
    # Daily Mail (flairNLP/fundus:tests/resources/parser/test_data/uk/DailyMail_2024_04_27.html.gz
    # @18da6e53): ul.mol-bullets-with-font under the headline, and three more lists of that class in
    # the story. No list has a title of its own beside it, so the first is still the summary.
    paragraphs = [f"{p}</p>" for p in HARBOUR.split("</p>") if p]
    more = [
        f"<ul class='mol-bullets-with-font'><li>The council said the district gets station {n}.</li></ul>"
        for n in range(3)
    ]
    story = "".join(p + m for p, m in zip(paragraphs, more, strict=False)) + "".join(paragraphs[3:])
    bullets = "<ul class='mol-bullets-with-font'>" + "".join(f"<li>{item}</li>" for item in ITEMS) + "</ul>"

    assert found(f"<div class='article-text'>{bullets}{story}</div>") == ("mol-bullets-with-font", ITEMS)


def test_a_record_of_keywords_under_a_summary_heading_is_no_summary() -> None:
    # Frontiers (microlinkhq/metascraper:packages/metascraper-citation/test/fixtures/
    # www.frontiersin.org-journals-psychology-articles-10.3389-fpsyg.2014.00781-full.html@20423f52):
    # after the paper, div.Summary opens on a hidden <h2>Summary</h2>, then "Keywords" and the terms,
    # "Citation", dates and the copyright, each a <p class="h5"> key over a <p> value.
    panel = (
        "<div class='Summary'><h2 class='acc-hidden'>Summary</h2><p class='h5'>Keywords</p>"
        "<p>harbour line extension, city council, new district, national transport fund, passengers</p>"
        "<p class='h5'>Citation</p><p>City Council (2026) Harbour line extension. Transport 5:781.</p></div>"
    )

    assert found(HARBOUR + panel) == ("", [])


def test_a_labelled_carousel_of_slides_is_marketing_not_a_summary() -> None:
    # Samsung's Galaxy S25 Ultra page (tiptopjaw/web-content-extraction-benchmark:release/html/
    # 3060.html.gz@977613a3): div.features-highlights > div.common-carousel holds the title "Catch the
    # highlights" and a swiper of video slides, each with a line about the phone.
    slides = "".join(
        f"<div class='swiper-slide'><div class='features-highlights__text'><p>{item}</p></div></div>"
        for item in ITEMS
    )
    carousel = (
        "<div class='features-highlights'><div class='common-carousel'><div class='common-carousel__text'>"
        "<p class='features-highlights__headline'><span>Catch the highlights</span></p></div>"
        f"<div class='swiper-container'><div class='swiper-wrapper'>{slides}</div></div></div></div>"
    )

    assert found(carousel + HARBOUR) == ("", [])


def test_a_list_under_a_section_heading_of_its_own_belongs_to_that_section() -> None:
    # 101 Blockchains' free course (tiptopjaw/web-content-extraction-benchmark:release/html/
    # 0130.html.gz@977613a3): below the banner's <h1> come a row of logos under <h4>Trusted by
    # employees at leading organizations</h4>, then a checklist of what the course teaches.
    outcomes = "".join(f"<li><p>{item}</p></li>" for item in ITEMS)
    body = (
        "<section><h4>Trusted by employees at leading organizations</h4><div class='logos'></div></section>"
        f"<section><div class='pho-checklist'><ul>{outcomes}</ul></div></section>{HARBOUR}"
    )

    assert found(body) == ("", [])


def test_a_standfirst_set_as_a_heading_is_no_section_of_its_own() -> None:
    # A guard for the rule above, not reduced from a page: it reads a section's title, not a sentence,
    # so a dek set in an <h2> between the headline and the bullets leaves the bullets the article's own.
    dek = "<h2>The council approved the harbour line extension to the new district after a long debate.</h2>"
    bullets = "<ul>" + "".join(f"<li>{item}</li>" for item in ITEMS) + "</ul>"

    assert found(dek + bullets + HARBOUR) == ("ul under the headline", ITEMS)


def test_the_articles_own_box_keeps_its_class_when_cards_below_share_it() -> None:
    # A guard for the card rule, not reduced from a page: the article's div.summary sits with its
    # headline; three cards of other stories below reuse the class. Only the cards are a listing.
    summary = " ".join(ITEMS)
    cards = "".join(
        f"<div class='tile'><h3><a href='/{n}'>{title}</a></h3>"
        f"<div class='summary'><p>{blurb}</p></div></div>"
        for n, (title, blurb) in enumerate(COURSES)
    )

    marker, items = found(
        f"<div class='summary'><p>{summary}</p></div>{HARBOUR}", around=f"<section>{cards}</section>"
    )

    assert (marker, items) == ("summary", [summary])
