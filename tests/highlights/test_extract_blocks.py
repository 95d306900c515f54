"""How the publisher's own highlight block is found on a page, and cut from its text.

Only the block written on the page is found here; summaries a page declares in JSON-LD, and which
source wins, are in test_precedence.py.
"""

from __future__ import annotations

import pytest

from digest.highlights.extract import extract_page
from tests.highlights.pages import STORY, fixture, page, sample

SEED_HIGHLIGHT = (
    "Pakistan’s Foreign Minister Ishaq Dar joined key Muslim counterparts in Istanbul for urgent talks on "
    "Gaza, reaffirming Islamabad’s moral and diplomatic commitment to defend Palestine. The meeting, led by "
    "Türkiye, focused on strengthening the ceasefire, coordinating humanitarian aid, and ensuring Gaza’s "
    "reconstruction through Muslim unity."
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


def test_it_keeps_a_block_of_more_than_five_items_whole() -> None:
    # Daily Mail lists of 6-7 bullets under the headline (omnivore-app/omnivore readabilityjs test-pages).
    items = "".join(f"<li>Point {n} of the summary.</li>" for n in range(1, 9))

    extracted = extract_page(page(f"<h2>Highlights</h2><ul>{items}</ul>{STORY}"))

    assert extracted.explicit_highlights == [f"Point {n} of the summary." for n in range(1, 9)]


def test_it_stops_short_paragraphs_at_the_next_heading() -> None:
    article = "<h2>In brief</h2><p>One short fact.</p><p>Another short fact.</p><h2>The story</h2>" + STORY

    extracted = extract_page(page(article))

    assert extracted.explicit_highlights == ["One short fact.", "Another short fact."]
    assert "One short fact" not in extracted.text


def test_it_takes_no_block_when_a_long_paragraph_follows_the_marker() -> None:
    long_paragraph = "<p>" + "word " * 80 + "</p>"

    assert extract_page(page("<h2>Highlights</h2>" + long_paragraph + STORY)).explicit_highlights == []


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
