"""A wrapper's name is a guess at what it holds; the headline and the story inside it say what it is.

Reduced from real pages (each source named beside it): the markup around the box is kept as the
publisher wrote it, the story is shortened to a few paragraphs.
"""

from __future__ import annotations

from digest.highlights.extract import extract_page

# The Curiosity Chronicle on Webflow (omnivore-app/omnivore:packages/readabilityjs/test/test-pages/
# www.sahilbloom.com/source.html@322ce62b, tests/data/real-pages-heldout-4 omnivore-www-sahilbloom-com):
# the template calls the whole article's wrapper `newsletter-body`; the page repeats the article in two
# more layouts further down, so the wrapper is less than half of the page.
GLANCE_ITEMS = [
    "While in Omaha at the Berkshire Hathaway Annual Meeting, I got into a long conversation with a friend "
    "about the effortless air of Buffett and Munger's entire performance.",
    'The term sprezzatura has come to be defined as a "studied carelessness" in the modern English '
    "language. I think of it as earned effortlessness.",
    "The Paradox of Effort: You have to put in more effort to make something appear effortless.",
]
GLANCE_STORY = "".join(
    f"<p>{text}</p>"
    for text in (
        "While in Omaha, I got into a long conversation with a friend and mentor about the effortless air "
        "of Buffett and Munger's entire performance at the Berkshire Hathaway Annual Meeting.",
        'A courtier was a person who attended the royal court. Castiglione defined sprezzatura as "a '
        'certain nonchalance", a studied carelessness that hides all effort behind an easy manner.',
        "The Paradox of Effort: You have to put in more effort to make something appear effortless, and "
        "elegant performances are the result of a large volume of effortful, gritty practice.",
        "Legends of every craft have spoken of this paradox, and it is worth remembering whenever a "
        "master makes something look simple: simple is not simple, and small things become big things.",
    )
)


def _webflow(wrapper_class: str) -> str:
    glance = "".join(f"<li>{item}</li>" for item in GLANCE_ITEMS)
    copy = f'<div class="grid-4 post"><div class="post-body"><h1 class="heading">The Paradox of Effort</h1>'
    copy += f'<div class="rich-text-block blog w-richtext">{GLANCE_STORY}</div></div></div>'
    return (
        "<!DOCTYPE html><html><head><title>The Paradox of Effort</title></head><body>"
        f'<div class="{wrapper_class}"><div class="div-block-107"><div class="post-body">'
        '<h1 class="heading-57">The Paradox of Effort</h1><div class="hideifempty">'
        '<div class="ataglancecontainer"><h6 class="heading-48">Today at a Glance</h6>'
        f'<div class="rich-text-block_ataglance w-richtext"><ul>{glance}</ul></div></div></div>'
        f'<div class="rich-text-block main live w-richtext">{GLANCE_STORY}</div></div></div></div>'
        f"{copy}{copy}</body></html>"
    )


def test_it_reads_a_wrapper_named_like_clutter_as_the_article_when_it_holds_the_headline_and_story() -> None:
    page = extract_page(_webflow("section newsletter-body wf-section"))

    assert (page.highlight_marker, page.explicit_highlights) == ("Today at a Glance", GLANCE_ITEMS)


def test_a_newsletter_box_without_the_headline_stays_clutter() -> None:
    box = (
        '<div class="newsletter-signup"><h6>Today at a Glance</h6><ul>'
        + "".join(f"<li>{item}</li>" for item in GLANCE_ITEMS)
        + "</ul></div>"
    )
    html = _webflow("section wf-section").replace('<div class="hideifempty">', f'{box}<div class="x">', 1)
    html = html.replace(
        '<div class="ataglancecontainer"><h6 class="heading-48">Today at a Glance</h6>', "<div>"
    )

    assert extract_page(html).highlight_marker == ""
