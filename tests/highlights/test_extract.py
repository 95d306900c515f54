"""How an article page becomes text, metadata and the publisher's own highlight block."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from unittest import mock

import pytest

from digest.highlights.extract import extract_page, page_from_summary
from digest.models import ExtractedPage

PAGES = resources.files("digest") / "sample" / "pages"
SEED_HIGHLIGHT = (
    "Pakistan’s Foreign Minister Ishaq Dar joined key Muslim counterparts in Istanbul for urgent talks on "
    "Gaza, reaffirming Islamabad’s moral and diplomatic commitment to defend Palestine. The meeting, led by "
    "Türkiye, focused on strengthening the ceasefire, coordinating humanitarian aid, and ensuring Gaza’s "
    "reconstruction through Muslim unity."
)
STORY = "".join(
    f"<p>Paragraph {n} of the story says something long enough for an extractor to count it as the main "
    f"text of the page, with names, numbers such as {n}.5 percent, and a quote from an official.</p>"
    for n in range(1, 6)
)


def sample(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def page(article: str, *, around: str = "", head: str = "<title>A story</title>") -> str:
    """A small but complete page: the article between the site's chrome, `around` after it."""
    return (
        f"<!DOCTYPE html><html><head>{head}</head><body>"
        '<header class="site-header"><nav><a href="/">Home</a></nav></header>'
        f"<main><article><h1>A story</h1>{article}</article>{around}</main>"
        '<footer><a href="/about">About</a></footer></body></html>'
    )


def test_it_takes_the_seed_pages_own_highlight_block_not_the_subscribe_box() -> None:
    extracted = extract_page(sample("pakistan-gaza-istanbul.html"))

    assert extracted.highlight_marker == "Highlights"
    assert extracted.explicit_highlights == [SEED_HIGHLIGHT]
    assert (
        "Pakistan’s Foreign Minister Ishaq Dar joined key Muslim counterparts"
        in extracted.explicit_highlights[0]
    )
    assert not any("Subscribe" in item for item in extracted.explicit_highlights)


def test_it_reads_the_seed_pages_title_author_site_and_date() -> None:
    extracted = extract_page(sample("pakistan-gaza-istanbul.html"), "http://127.0.0.1/pages/x.html")

    assert extracted.title == "Pakistan Leads Muslim Unity Call in Istanbul for Gaza Peace"
    assert extracted.author == "Justuntoldstory"
    assert extracted.site_name == "JUST UNTOLD STORY"
    assert extracted.published_at == datetime(2025, 11, 3, 14, 20, tzinfo=UTC)


def test_it_keeps_the_seed_pages_body_one_paragraph_a_line_without_the_clutter() -> None:
    text = extract_page(sample("pakistan-gaza-istanbul.html")).text
    lines = text.split("\n")

    assert any(line.startswith("Hosted by Turkish Foreign Minister Hakan Fidan") for line in lines)
    assert "Türkiye’s role in leading Muslim coordination" in lines
    assert "Accelerating humanitarian corridors into Gaza" in text
    assert text.count("reaffirming Islamabad’s moral and diplomatic commitment") <= 1
    for clutter in ("Subscribe", "Discover more", "Share This Article", "Leave a", "Related articles"):
        assert clutter not in text


def test_it_takes_a_key_takeaways_list_after_a_strong_label() -> None:
    extracted = extract_page(sample("harbour-line-extension.html"))

    assert extracted.highlight_marker == "Key takeaways"
    assert len(extracted.explicit_highlights) == 3
    assert extracted.explicit_highlights[1].startswith("Construction starts in spring 2026")


def test_it_takes_short_paragraphs_after_an_in_brief_heading() -> None:
    extracted = extract_page(sample("deep-sea-plastic-microbes.html"))

    assert extracted.highlight_marker == "In brief"
    assert len(extracted.explicit_highlights) == 3
    assert extracted.text.startswith("A team of marine biologists")


def test_it_finds_no_block_on_a_page_whose_only_markers_are_in_the_sidebar_and_comments() -> None:
    extracted = extract_page(sample("offshore-wind-auction.html"))

    assert extracted.explicit_highlights == []
    assert extracted.highlight_marker == ""
    assert extracted.text.startswith("Westmarch’s third offshore wind auction closed on Monday")
    assert "Cheaper power" not in extracted.text


@pytest.mark.parametrize(
    ("label", "marker"),
    [
        ("<h2>HIGHLIGHTS</h2>", "HIGHLIGHTS"),
        ("<h3>Key Takeaways</h3>", "Key Takeaways"),
        ("<p><strong>TL;DR:</strong></p>", "TL;DR"),
        ("<h4>At a glance</h4>", "At a glance"),
        ("<div><span>Key points —</span></div>", "Key points"),
        ("<p><b>takeaways</b></p>", "takeaways"),
    ],
)
def test_it_matches_markers_case_and_punctuation_insensitively(label: str, marker: str) -> None:
    extracted = extract_page(page(f"{label}<ul><li>First point.</li><li>Second point.</li></ul>{STORY}"))

    assert extracted.highlight_marker == marker
    assert extracted.explicit_highlights == ["First point.", "Second point."]


def test_it_ignores_a_highlights_heading_inside_a_sidebar() -> None:
    sidebar = '<div class="sidebar"><h3>Highlights</h3><ul><li>Another story entirely</li></ul></div>'

    extracted = extract_page(page(STORY, around=sidebar))

    assert extracted.explicit_highlights == []


def test_it_ignores_a_tldr_inside_the_comment_section() -> None:
    comments = '<section id="comments"><p><strong>TL;DR:</strong></p><p>Reader opinion here.</p></section>'

    extracted = extract_page(page(STORY, around=comments))

    assert extracted.explicit_highlights == []
    assert "Reader opinion" not in extracted.text


@pytest.mark.parametrize(
    "chrome",
    ["aside", "nav", "footer", "form", "header"],
)
def test_it_ignores_a_block_in_the_sites_chrome(chrome: str) -> None:
    block = f"<{chrome}><h3>Highlights</h3><ul><li>Not this one.</li></ul></{chrome}>"

    assert extract_page(page(STORY, around=block)).explicit_highlights == []


def test_it_takes_a_block_from_the_articles_own_header() -> None:
    header = "<header><h2>Key points</h2><ul><li>The point.</li></ul></header>"

    assert extract_page(page(header + STORY)).explicit_highlights == ["The point."]


def test_it_reads_an_inline_tldr_label_as_one_item() -> None:
    article = "<p><strong>TL;DR:</strong> The council approved the plan on Tuesday.</p>" + STORY

    extracted = extract_page(page(article))

    assert extracted.highlight_marker == "TL;DR"
    assert extracted.explicit_highlights == ["The council approved the plan on Tuesday."]


def test_it_cleans_bullets_numbering_and_read_more_from_items() -> None:
    items = (
        "<li>• First   point\n spread out.</li>"
        "<li>2. Second point. Read more »</li>"
        "<li>– 3.5 percent rise</li>"
    )

    extracted = extract_page(page(f"<h2>Highlights</h2><ol>{items}</ol>{STORY}"))

    assert extracted.explicit_highlights == ["First point spread out.", "Second point.", "3.5 percent rise"]


def test_it_keeps_at_most_five_items() -> None:
    items = "".join(f"<li>Point {n}.</li>" for n in range(1, 9))

    extracted = extract_page(page(f"<h2>Highlights</h2><ul>{items}</ul>{STORY}"))

    assert extracted.explicit_highlights == [f"Point {n}." for n in range(1, 6)]


def test_it_stops_short_paragraphs_at_the_next_heading() -> None:
    article = "<h2>In brief</h2><p>One short fact.</p><p>Another short fact.</p><h2>The story</h2>" + STORY

    extracted = extract_page(page(article))

    assert extracted.explicit_highlights == ["One short fact.", "Another short fact."]
    assert "One short fact" not in extracted.text


def test_it_takes_no_block_when_a_long_paragraph_follows_the_marker() -> None:
    long_paragraph = "<p>" + "word " * 80 + "</p>"

    assert extract_page(page("<h2>Highlights</h2>" + long_paragraph + STORY)).explicit_highlights == []


def test_it_falls_back_to_the_title_tag_for_the_title() -> None:
    html = "<html><head><title>Only the title tag</title></head><body>" + STORY + "</body></html>"

    assert extract_page(html).title == "Only the title tag"


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   \n\t ",
        "\x00\x01\x02\x03\x7f",
        bytes(range(256)).decode("latin-1"),
        "<?xml version='1.0' encoding='utf-8'?><root/>",
        "<html><body></body></html>",
    ],
)
def test_it_returns_an_empty_page_for_bad_input(junk: str) -> None:
    extracted = extract_page(junk)

    assert extracted.text == ""
    assert extracted.explicit_highlights == []


def test_it_reads_plain_text_that_is_not_html_without_raising() -> None:
    extracted = extract_page('{"not": "html", "but": ["json"]}')

    assert extracted.explicit_highlights == []


def test_it_accepts_a_document_that_declares_its_encoding() -> None:
    html = '<?xml version="1.0" encoding="iso-8859-1"?>' + page(STORY)

    assert "Paragraph 1 of the story" in extract_page(html).text


def test_a_feed_summary_stands_in_as_a_page_with_its_paragraphs_kept_apart() -> None:
    page = page_from_summary("Title", "<p>First <b>bold</b> paragraph here.</p><p>Second one.</p>")
    assert page.title == "Title"
    assert page.text.splitlines() == ["First bold paragraph here.", "Second one."]


def test_an_empty_feed_summary_gives_an_empty_page() -> None:
    assert page_from_summary("Title", "  ").text == ""


FIXTURES = Path(__file__).resolve().parents[1] / "data" / "pages"


def fixture(name: str) -> ExtractedPage:
    return extract_page((FIXTURES / name).read_text(encoding="utf-8"))


def json_ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


@pytest.mark.parametrize(
    ("name", "marker", "items"),
    [
        (
            "what-you-need-to-know.html",
            "What you need to know",
            [
                "The Millbrook flood barrier opened on Thursday.",
                "It protects about 2,300 homes and cost 48 million euros.",
                "Work on the upper streams begins next spring.",
            ],
        ),
        ("why-it-matters.html", "Why it matters", ["The barrier protects 2,300 homes that flooded in 2023."]),
        (
            "class-named-highlights.html",
            "story-highlights",
            ["The flood barrier at Millbrook opened on Thursday.", "It cost 48 million euros."],
        ),
        (
            "aside-takeaways.html",
            "key-takeaways",
            ["The barrier can be raised in forty minutes.", "Upper streams are next."],
        ),
        (
            "json-ld-abstract.html",
            "schema.org abstract",
            [
                "Millbrook's 48-million-euro flood barrier opened on Thursday.",
                "It protects about 2,300 homes.",
            ],
        ),
    ],
)
def test_it_finds_each_kind_of_publisher_block(name: str, marker: str, items: list[str]) -> None:
    extracted = fixture(name)

    assert (extracted.highlight_marker, extracted.explicit_highlights) == (marker, items)
    assert extracted.text.startswith("The river authority opened the new flood barrier")
    assert not any(item in extracted.text for item in items)


@pytest.mark.parametrize(
    "name",
    [
        "trap-sidebar-highlights.html",
        "trap-comment-tldr.html",
        "trap-nav-only-list.html",
        "trap-heading-then-related.html",
        "json-ld-teaser.html",
    ],
)
def test_it_takes_no_block_from_a_trap(name: str) -> None:
    extracted = fixture(name)

    assert (extracted.highlight_marker, extracted.explicit_highlights) == ("", [])
    for foreign in ("bus routes", "far too late", "Latest news", "Other story"):
        assert foreign not in extracted.text


def test_it_refuses_a_list_of_links_even_under_a_highlights_heading() -> None:
    links = "".join(f'<li><a href="/s{n}">Another story number {n}</a></li>' for n in range(3))

    assert extract_page(page(f"<h2>Highlights</h2><ul>{links}</ul>{STORY}")).explicit_highlights == []


def test_it_prefers_the_visible_block_to_the_json_ld_abstract() -> None:
    ld = json_ld('{"@type": "NewsArticle", "abstract": "A summary of exactly eight words right here."}')

    extracted = extract_page(page(f"<h2>Key points</h2><ul><li>The point.</li></ul>{STORY}", head=ld))

    assert extracted.highlight_marker == "Key points"


def test_it_ignores_a_json_ld_description_that_only_copies_the_lead() -> None:
    lead = "Paragraph 1 of the story says something long enough for an extractor to count it."
    ld = json_ld(f'{{"@type": "NewsArticle", "description": "{lead}"}}')

    assert extract_page(page(STORY, head=ld)).explicit_highlights == []


def test_it_survives_broken_json_ld_and_reads_the_author_from_good_json_ld() -> None:
    head = json_ld("{broken") + json_ld('{"@type": ["NewsArticle"], "author": [{"name": "A. Writer"}]}')

    assert extract_page(page(STORY, head=head)).author == "A. Writer"


def test_it_reads_the_same_text_with_or_without_the_container_shortcut() -> None:
    html = sample("offshore-wind-auction.html")
    quick = extract_page(html)
    with mock.patch("digest.highlights.extract.container_text", return_value=None):
        general = extract_page(html)

    assert quick.text.splitlines()[:3] == general.text.splitlines()[:3]
    assert (quick.title, quick.author, quick.published_at) == (
        general.title,
        general.author,
        general.published_at,
    )


def test_it_falls_back_to_the_general_extractor_for_text_outside_paragraphs() -> None:
    lines = "<br>".join(
        f"Line {n} of a story written without paragraphs, as old sites do." for n in range(30)
    )

    assert "Line 29 of a story" in extract_page(page(f"{STORY}<div>{lines}</div>")).text


def test_a_feed_summary_that_reads_as_one_becomes_the_publishers_highlights() -> None:
    extracted = page_from_summary(
        "T", "<p>The council approved the budget. Schools get 40 million euros.</p>"
    )

    assert extracted.highlight_marker == "feed summary"
    assert extracted.explicit_highlights == [
        "The council approved the budget.",
        "Schools get 40 million euros.",
    ]


@pytest.mark.parametrize(
    "summary",
    [
        "<p>The council approved the budget after a debate that went on for hours and [&#8230;]</p>",
        "<p>The council approved the budget after a long debate on Tuesday night...</p>",
        "<p>council, budget, schools, vote</p>",
        "<p>" + "The council approved the budget after a long debate. " * 12 + "</p>",
    ],
)
def test_a_teaser_excerpt_or_whole_article_in_the_feed_is_only_text(summary: str) -> None:
    extracted = page_from_summary("T", summary)

    assert extracted.explicit_highlights == []
    assert extracted.text
