"""Kinds of block and trap found when stop 23 spent the report halves: each rule explains a kind seen on
several pages, reduced here from one of them (its source named beside it)."""

from __future__ import annotations

from digest.highlights.extract import extract_page
from tests.highlights.pages import json_ld, page
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


def test_a_labelled_summary_set_in_a_card_box_is_still_the_summary() -> None:
    # The Motley Fool (…/release/html/0046): "Key Points" over a list in div.shadow-card; a Ghost blog
    # (…/0322): "TLDR:" in a kg-card callout. A card is how the box is drawn, its label says what it is.
    points = "".join(f"<li>{i}</li>" for i in ITEMS)
    fool = f'<div class="shadow-card"><h2>Key Points</h2><ul>{points}</ul></div>'
    callout = f'<div class="kg-callout-text"><b>TLDR:</b> {ITEMS[0]}</div>'
    ghost = f'<div class="kg-card kg-callout-card">{callout}</div>'

    assert found(fool + HARBOUR) == ("Key Points", ITEMS)
    assert found(ghost + HARBOUR) == ("TLDR", [ITEMS[0]])


def test_an_unlabelled_box_in_a_card_is_still_a_card() -> None:
    card = f'<div class="story-card"><div class="summary"><p>{SUMMARY}</p><p>{SUMMARY}</p></div></div>'

    assert found(card + HARBOUR) == ("", [])


def test_a_class_named_box_on_a_page_with_no_story_is_no_summary() -> None:
    # WIRED's home page (AndyTheFactory/newspaper4k tests/data/html, in the third set) and a section page
    # (…/release/html/2971): a styled-components "SummaryCollectionGridComponent" of teasers; Songkick's
    # event page (scrapinghub/extruct tests/samples/songkick): "media-summary" counts of posters, videos.
    teasers = "".join(
        f"<div><a href='/story-{n}'>Story {n}</a><div>One teaser line about story {n}, in words.</div></div>"
        for n in range(2)
    )
    grid = f'<div class="SummaryCollectionGridComponent-hhdzcS"><h2>Health</h2>{teasers}</div>'
    counts = (
        '<div class="media-summary"><p>Posters (1) See all posters (1)</p>'
        "<p>Videos (2) See all videos (2)</p></div>"
    )

    assert found(grid) == ("", [])
    assert found(counts) == ("", [])


def test_a_labelled_box_on_a_page_with_no_story_paragraphs_is_still_judged() -> None:
    assert found(f"<div><h2>Key takeaways</h2><ul>{''.join(f'<li>{i}</li>' for i in ITEMS)}</ul></div>") == (
        "Key takeaways",
        ITEMS,
    )


def test_a_products_page_for_sale_has_no_summary_block() -> None:
    # A shop's product page (…/release/html/0589, a meal shake; 3023, a driver kit; 3061-3066, Apple and
    # Lenovo product pages): the JSON-LD says Product and no article; the how-to-use list under the
    # headline and the "Carry the Essentials" box sell the product, they do not sum up a story.
    shop = json_ld('{"@context": "https://schema.org", "@type": "Product", "name": "A story", "offers": {}}')
    box = f"<ul>{''.join(f'<li>{i}</li>' for i in ITEMS)}</ul>"

    assert found_with(box + HARBOUR, head=f"<title>A story</title>{shop}") == ("", [])


def test_a_review_of_a_product_keeps_its_block() -> None:
    review = json_ld(
        '{"@context": "https://schema.org", "@type": ["Review"], "itemReviewed": {"@type": "Product"}}'
    )
    product = json_ld('{"@context": "https://schema.org", "@type": "Product", "name": "A story"}')
    box = f"<h2>Key takeaways</h2><ul>{''.join(f'<li>{i}</li>' for i in ITEMS)}</ul>"

    assert found_with(box + HARBOUR, head=f"<title>A story</title>{review}{product}") == (
        "Key takeaways",
        ITEMS,
    )


def found_with(article: str, *, head: str) -> tuple[str, list[str]]:
    extracted = extract_page(page(article, head=head))
    return extracted.highlight_marker, extracted.explicit_highlights


def test_an_image_between_a_label_and_its_list_is_passed_over() -> None:
    # Tastewise (…/release/html/0002): <h2>Key takeaways</h2>, a <figure> with the report's chart, then
    # the list of takeaways.
    figure = '<figure class="wp-block-image"><picture><img src="/chart.webp" alt=""></picture></figure>'
    box = f"<h2>Key takeaways</h2>{figure}<ul>{''.join(f'<li>{i}</li>' for i in ITEMS)}</ul>"

    assert found(box + HARBOUR) == ("Key takeaways", ITEMS)


def test_a_heading_that_ends_in_a_label_after_a_colon_is_a_label() -> None:
    # Guide to Iceland (…/release/html/0075): "Guided Tours vs Rental Cars in Iceland: At a Glance" heads
    # the list that sums up the comparison, longer than any bare label.
    title = "<h2>The Harbour Line Extension Plans for the New District: At a Glance</h2>"
    box = title + f"<ul>{''.join(f'<li>{i}</li>' for i in ITEMS)}</ul>"

    assert found(box + HARBOUR) == (
        "The Harbour Line Extension Plans for the New District: At a Glance",
        ITEMS,
    )


def test_a_sentence_with_a_colon_before_a_label_word_is_no_label() -> None:
    line = "<p>The council said one thing about the extension plans on Tuesday: in short, it is approved.</p>"

    assert found(line + HARBOUR) == ("", [])


def test_a_title_that_ends_in_a_phrase_after_a_colon_is_still_a_title() -> None:
    # Urgent Fitness (…/release/html/0086): "The Beginner's Guide to Gym Equipment: Everything You Need to
    # Know" is the guide's title; "need to know" is in a label, but the part after the colon is no label.
    title = "<h2>The Harbour Line Guide: Everything You Need to Know</h2>"

    assert found(title + HARBOUR) == ("", [])


def test_a_forum_thread_has_no_summary_block() -> None:
    # Mumsnet (…/release/html/0578): DiscussionForumPosting; the opening post's bullets, set under the
    # headline in "prose-bullets", are a member's question, not a summary of the thread.
    thread = json_ld(
        '{"@context": "https://schema.org", "@type": "DiscussionForumPosting", "headline": "A story"}'
    )
    box = f'<div class="prose-bullets">{"".join(f"<p>{i}</p>" for i in ITEMS)}</div>'

    assert found_with(box + HARBOUR, head=f"<title>A story</title>{thread}") == ("", [])


def test_one_label_on_a_summary_atop_the_story_and_a_recap_closing_it_keeps_the_summary() -> None:
    # Noble Desktop (…/release/html/0038): "Key Insights" and six points after the intro, and "Key
    # Insights" again with four other points after the last section: a summary and its recap.
    top = f"<h2>Key Insights</h2><ul>{''.join(f'<li>{i}</li>' for i in ITEMS)}</ul>"
    recap = (
        "<h2>Key Insights</h2><ul><li>The extension was approved after a long debate.</li>"
        "<li>It opens in 2029.</li></ul>"
    )

    assert found(top + HARBOUR + recap) == ("Key Insights", ITEMS)


def test_a_label_word_opening_a_sentence_with_a_comma_is_no_label() -> None:
    # Siege Media (…/release/html/0041): the "… in short" SummaryBox atop the story, and mid-story a
    # paragraph opening "<strong>In short, </strong>AIO will expand…": a sentence, not a second box.
    box = f'<div class="SummaryBox_summary__t19s1"><h2>Harbour Plans in Short</h2><p>{SUMMARY}</p></div>'
    opener = "<p><strong>In short, </strong>the line will change how the district travels to the centre.</p>"

    cut = HARBOUR.index("</p>", 600) + 4

    assert found(box + HARBOUR[:cut] + opener + HARBOUR[cut:]) == ("Harbour Plans in Short", [SUMMARY])


def test_a_box_of_ratings_is_no_summary() -> None:
    # A movers' comparison (…/release/html/0057): div.dice-box-highlight lists "Zip to Zip Moving Inc:
    # 4.58 out of 5 stars" and four more companies with their scores.
    rows = ["Harbour Movers: 4.58 out of 5 stars", "City Vans: 4.12 out of 5 stars", "Quay Lifts: 4.7/5"]
    box = f'<div class="dice-box-highlight"><ul>{"".join(f"<li>{r}</li>" for r in rows)}</ul></div>'
    story = "".join(
        f"<p>We rated {r.split(':')[0]} with {r.split(': ')[1]} after testing its crews on a move in town, "
        "counting damage, delays and the price against the quote it gave before the move.</p>"
        for r in rows
    )

    assert found(box + story + HARBOUR) == ("", [])


def test_a_labels_own_jump_link_does_not_make_it_a_link() -> None:
    # MIT Sloan (…/release/html/0094): <h2>Why It Matters <a href="#why-it-matters"><img></a></h2> over
    # the box's paragraph: the heading's anchor link has no words and leads into the page.
    jump = '<a href="#why-it-matters" class="jump-link" aria-label="Jump"><img src="/anchor.png" alt=""></a>'
    box = f'<aside class="wim"><h2 id="why-it-matters">Why It Matters {jump}</h2><p>{SUMMARY}</p></aside>'

    assert found(box + HARBOUR) == ("Why It Matters", [SUMMARY])


def test_a_quote_block_that_opens_with_a_label_is_a_callout() -> None:
    # A personal blog (…/release/html/0493): <blockquote><p><strong>TL;DR:</strong> I turned a tinybox…
    # </p></blockquote> under the headline: a callout drawn as a quote, its label opening it.
    callout = f"<blockquote><p><strong>TL;DR:</strong> {ITEMS[0]}</p></blockquote>"
    quote = f"<blockquote><p>{ITEMS[0]} <strong>TL;DR:</strong> {ITEMS[1]}</p></blockquote>"

    assert found(callout + HARBOUR) == ("TL;DR", [ITEMS[0]])
    assert found(quote + HARBOUR) == ("", [])


def test_a_custom_element_named_for_highlights_is_marked_by_its_name() -> None:
    # USA Today (…/release/html/0106): <story-highlights><ul>…</ul></story-highlights> under the lead
    # video, no label and no class word: the web component's own name says what it is.
    points = "".join(f"<li>{i}</li>" for i in ITEMS)
    box = f'<story-highlights class="spacer-small"><ul>{points}</ul></story-highlights>'

    assert found(box + HARBOUR) == ("story-highlights", ITEMS)
