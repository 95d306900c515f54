"""Where the story starts decides whether a bare list stands above it (a summary's place) or inside it:
the story starts with its first paragraph below the headline that is not the header's standfirst or a
caption. Found by renaming the summary class of every tune page to a name no rule knows: lists then
known by their place alone were thrown out as "inside the story" because a paragraph above the
headline, the standfirst under it or a caption was taken for the story's start."""

from __future__ import annotations

from digest.highlights.extract import extract_page
from tests.highlights.pages import page
from tests.highlights.test_block_patterns import HARBOUR, ITEMS

BULLETS = "<ul>" + "".join(f"<li>{item}</li>" for item in ITEMS) + "</ul>"


def found(html: str) -> tuple[str, list[str]]:
    extracted = extract_page(html)
    return extracted.highlight_marker, extracted.explicit_highlights


def test_a_promo_paragraph_above_the_headline_does_not_start_the_story() -> None:
    # Bloomberg (goose-go fixtures, set 7: goose-go-bloomberg-com): a "tophat" box of the site's own
    # blurb, a full paragraph long, sits above the headline.
    tophat = (
        '<div class="tophat"><p>Connecting decision makers to a dynamic network of information, people and '
        "ideas, the newsroom quickly and accurately delivers business and financial information, news and "
        "insight around the world.</p></div>"
    )
    html = page(BULLETS + HARBOUR).replace("<main>", f"<main>{tophat}")

    assert found(html) == ("ul under the headline", ITEMS)


def test_the_standfirst_in_the_articles_header_does_not_start_the_story() -> None:
    # 20 Minutes (set 3: hd-20minutes-fr-summary): the dek, over twenty words, in the <header> that holds
    # the headline; the bulleted summary follows the header.
    dek = (
        "<p>The new line to the harbour district was approved after a long debate in the council, and "
        "residents of the district welcomed the decision.</p>"
    )
    html = page(BULLETS + HARBOUR).replace("<h1>A story</h1>", f"<header><h1>A story</h1>{dek}</header>")

    assert found(html) == ("ul under the headline", ITEMS)


def test_a_caption_under_the_headline_does_not_start_the_story() -> None:
    # Süddeutsche Zeitung (go-trafilatura fixtures, set 4: gotrafilatura-sueddeutsche-de-flixtrain): the
    # lead picture's caption, a paragraph in a <figcaption>, then the bulleted summary.
    caption = (
        "<figure><img src='train.jpg' alt=''><figcaption><p>The new line to the harbour district was "
        "approved after a long debate in the council, and residents of the district welcomed it.</p>"
        "</figcaption></figure>"
    )

    assert found(page(caption + BULLETS + HARBOUR)) == ("ul under the headline", ITEMS)


def test_a_list_after_the_stories_first_full_paragraph_is_inside_it() -> None:
    # The guard: a paragraph that is neither the header's standfirst nor a caption starts the story, short
    # as it may be (a guide's one-line intro), and a bare list after it is the story's own.
    intro = (
        "<p>The new line to the harbour district was approved after a long debate in the council, and "
        "residents of the district welcomed the decision.</p>"
    )

    assert found(page(intro + BULLETS + HARBOUR)) == ("", [])
