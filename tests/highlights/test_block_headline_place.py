"""A list known only by its place stands "under the headline", so which element is the headline, and
which lists under it are looked at, decide whether it is found. Found by renaming the summary class of
every tune page to a name no rule knows: Daily Mail's bullets and Business Insider's list were then lost
to a share box's copy of the title and to a byline's one-line lists."""

from __future__ import annotations

from digest.highlights.extract import extract_page
from tests.highlights.pages import page
from tests.highlights.test_block_patterns import HARBOUR, ITEMS

BULLETS = "<ul>" + "".join(f"<li>{item}</li>" for item in ITEMS) + "</ul>"
SHARE_BOX = (
    '<div class="shareArticles"><h3>Share or comment on this article:</h3>'
    "<h1>Council approves the harbour line extension</h1>"
    '<ul class="social-links"><li><a href="https://facebook.example/share">Facebook</a></li></ul></div>'
)


def found(html: str) -> tuple[str, list[str]]:
    extracted = extract_page(html)
    return extracted.highlight_marker, extracted.explicit_highlights


def mail_page(headline: str) -> str:
    # Daily Mail (development set: dailymail-2019-bullets-six): the headline is an <h2> that says more
    # than the page's title; the title itself sits in an <h1> inside the share box below the bullets.
    return (
        "<!DOCTYPE html><html><head><title>Council approves the harbour line extension | The Daily"
        '</title></head><body><div class="article-text">'
        f'<h2>{headline}</h2>{BULLETS}<p class="byline">By Jane Doe</p>{SHARE_BOX}{HARBOUR}'
        "</div></body></html>"
    )


def test_a_heading_that_holds_most_of_the_title_is_the_headline_when_the_h1_is_a_share_boxs_copy() -> None:
    headline = (
        "EXCLUSIVE: After a long debate the council approves the harbour line extension to the district"
    )

    assert found(mail_page(headline)) == ("ul under the headline", ITEMS)


def test_a_heading_holding_only_half_the_titles_words_is_not_taken_for_the_headline() -> None:
    # A product page's section title ("Experience the Innovation Workspace" under "AI Innovation
    # Workspace | Miro") shares words with the title without being its headline: here three of six.
    marker, _ = found(mail_page("Harbour line pictures: the week in photos"))

    assert marker != "ul under the headline"


def test_one_line_lists_of_byline_and_date_take_no_place_from_the_summary_under_the_headline() -> None:
    # Business Insider (set 3: aeb-businessinsider-retire-early): the author and the date are each a
    # list of one entry, between the headline and the story's bulleted summary.
    author = '<ul><li><a href="/author/jane-doe">Jane Doe, The Daily</a></li></ul>'
    byline = author + "<ul><li>13.11.2019, 23:06</li></ul>"

    assert found(page(byline + BULLETS + HARBOUR)) == ("ul under the headline", ITEMS)


def test_the_logos_h1_in_the_menu_bar_is_not_the_headline_when_the_article_has_its_own() -> None:
    # Bloomberg (set 3: pl-bloomberg-hashed-abstract): the menu bar's logo is an <h1> ("Bloomberg UK",
    # not the site's name as the page gives it), ahead of the article's own <h1> and its bullets.
    html = (
        "<!DOCTYPE html><html><head><title>Council approves the harbour line extension | The Daily</title>"
        '</head><body><header class="site-header"><h1>The Daily UK</h1><nav><a href="/">Home</a></nav>'
        f"</header><main><article><h1>Council approves the harbour line extension</h1>{BULLETS}{HARBOUR}"
        "</article></main></body></html>"
    )

    assert found(html) == ("ul under the headline", ITEMS)
