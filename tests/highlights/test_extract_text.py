"""How an article page becomes text and metadata, whatever the page is like; and a feed's summary,
the page that stands in when the article's own cannot be read."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest
import trafilatura

from digest.highlights.blocks import outside_article
from digest.highlights.extract import extract_page, page_from_summary, parse_page
from digest.highlights.maintext import article_container
from tests.highlights.pages import FIXTURES, STORY, fixture, json_ld, page, sample


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


def test_it_survives_broken_json_ld_and_reads_the_author_from_good_json_ld() -> None:
    head = json_ld("{broken") + json_ld('{"@type": ["NewsArticle"], "author": [{"name": "A. Writer"}]}')

    assert extract_page(page(STORY, head=head)).author == "A. Writer"


def test_the_container_path_gives_the_text_trafilatura_gives_for_the_whole_page() -> None:
    """A real page (TimesLive, 2025, from flairNLP/fundus's parser test data, via
    shared/samples/real-pages): its <article> holds the story, so only that is read."""
    html = (FIXTURES / "timeslive-2025-zuma-sambudla.html").read_text(encoding="utf-8")
    tree = lxml.html.document_fromstring(html)
    whole = trafilatura.bare_extraction(
        tree, favor_precision=True, include_comments=False, include_tables=False, with_metadata=False
    )
    whole_lines = [" ".join(line.split()) for line in whole.as_dict()["text"].splitlines() if line.strip()]

    assert article_container(tree, outside_article(tree)) is not None
    assert extract_page(html).text.splitlines() == whole_lines
    assert len(whole_lines) > 5


def test_it_falls_back_to_the_general_extractor_for_text_outside_paragraphs() -> None:
    lines = "<br>".join(
        f"Line {n} of a story written without paragraphs, as old sites do." for n in range(30)
    )

    assert "Line 29 of a story" in extract_page(page(f"{STORY}<div>{lines}</div>")).text


def test_a_feed_summary_stands_in_as_a_page_with_its_paragraphs_kept_apart() -> None:
    page = page_from_summary("Title", "<p>First <b>bold</b> paragraph here.</p><p>Second one.</p>")
    assert page.title == "Title"
    assert page.text.splitlines() == ["First bold paragraph here.", "Second one."]


def test_an_empty_feed_summary_gives_an_empty_page() -> None:
    assert page_from_summary("Title", "  ").text == ""


def test_it_reports_the_summaries_a_page_declares_without_judging_them() -> None:
    head = json_ld('{"@type": "NewsArticle", "abstract": "Short.", "description": "Also short."}')
    made = extract_page(page(STORY, head=head))
    teaser = fixture("json-ld-teaser.html")

    assert (made.abstract, made.description, made.explicit_highlights) == ("Short.", "Also short.", [])
    assert teaser.description.startswith("The river authority opened the new flood barrier at Millbrook")
    assert teaser.description.endswith("floods…")


@pytest.mark.parametrize(
    "wrapper",
    [
        '<div class="content-with-sidebar-wrp">{story}</div>',  # The Hill, Zyte benchmark
        "<header>{story}</header>",  # a CBS local page in the Zyte benchmark
    ],
)
def test_it_keeps_a_story_whose_wrapper_looks_like_site_chrome(wrapper: str) -> None:
    menu = "".join(f'<li><a href="/s/{n}">Section number {n} of the site menu</a></li>' for n in range(80))
    html = (
        "<html><head><title>A story</title></head><body>"
        f"<nav><ul>{menu}</ul></nav>{wrapper.format(story=STORY)}"
        f"<footer><ul>{menu}</ul></footer></body></html>"
    )

    assert "Paragraph 3 of the story says something" in extract_page(html).text


def test_an_html_comment_inside_a_paragraph_costs_none_of_its_words() -> None:
    # An NYT page of the Zyte benchmark lost 40% of its story this way (trafilatura drops a comment's tail).
    html = page(STORY.replace("with names,", "with <!-- ad slot --> names,"))

    assert extract_page(html).text.count("names, numbers such as") == 5


def test_a_table_of_figures_in_the_story_is_kept() -> None:
    rows = "".join(f"<tr><td>District {n}</td><td>{n * 1000} votes</td></tr>" for n in range(1, 6))
    html = page(f"{STORY}<table><tr><th>District</th><th>Votes</th></tr>{rows}</table>")

    assert "District 3" in extract_page(html).text


def test_every_element_of_a_page_tree_is_a_plain_html_element() -> None:
    """One class for every element, given by lxml in C: lxml.html's own choice (a class per form
    control) is a Python call per element, and neither the detector nor trafilatura uses those classes."""
    form = '<form><label>Search</label><input name="q"><select><option>a</option></select></form>'
    tree = parse_page(page(STORY + form))

    assert {type(element) for element in tree.iter()} == {lxml.html.HtmlElement}


def test_control_characters_in_a_page_are_dropped_from_its_text() -> None:
    html = page(STORY.replace("Paragraph 2 of", "Para\x01gra\x0bph 2\x7f of"))

    assert "Paragraph 2 of the story" in extract_page(html).text


@pytest.mark.parametrize(
    ("wrapper", "marked"),
    [
        ('<div class="post entry-content wide">', True),
        ('<div class="entry-contents">', False),  # `entry-content` counts as a whole class only
        ('<div class="c-article-body__text">', True),  # the other names count anywhere in the class
        ('<div itemprop="articleBody">', True),
        ("<section>", False),
    ],
)
def test_the_story_container_is_marked_by_its_tag_itemprop_or_class(wrapper: str, marked: bool) -> None:
    closing = f"</{wrapper[1:].split()[0].rstrip('>')}>"
    tree = parse_page(f"<html><body><nav><a href='/'>Home</a></nav>{wrapper}{STORY}{closing}</body></html>")
    container = article_container(tree, outside_article(tree))

    assert (container is not None) == marked
    assert container is None or container.tag == wrapper[1:].split()[0].rstrip(">")
