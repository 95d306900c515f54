"""What the collector takes from an article page: its charset as declared, and a source name that is
a name (the feed's title when the page declares none, never the host and port)."""

from __future__ import annotations

from pathlib import Path

from digest.models import Article
from digest.runtime import Runtime
from tests.support.collecting import collect_one, page_route
from tests.support.feedserver import Reply

# Reduced from adbar/trafilatura tests/eval/winfuture.de-NASA.html: ISO-8859-1, declared in a meta tag.
LATIN1 = Path(__file__).resolve().parents[1] / "data" / "pages" / "iso-8859-1-zusammenfassung.html"
# A people.com.cn story in GBK that declares no charset (its source is named in the file).
GBK = LATIN1.with_name("gbk-undeclared-people-cn.html")
STORY = "".join(
    f"<p>Paragraph {n} of the harbour story says something about the new line, its cost and its riders.</p>"
    for n in range(8)
)


def collect(runtime: Runtime, page: bytes, content_type: str = "text/html") -> Article:
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>
    <item><title>Harbour line</title><link>/story.html</link><guid>h-1</guid></item></channel></rss>"""
    return collect_one(
        runtime, {"/feed.xml": Reply(200, feed), "/story.html": page_route(page, content_type)}
    )[0]


def test_a_page_without_a_site_name_keeps_the_feeds_title_as_its_source(runtime: Runtime) -> None:
    page = f"<html><head><title>Harbour line</title></head><body><div><div>{STORY}</div></div></body></html>"

    assert collect(runtime, page.encode()).source == "Harbour News"


def test_a_page_is_read_in_the_charset_it_declares_in_its_meta_tag(runtime: Runtime) -> None:
    article = collect(runtime, LATIN1.read_bytes())

    assert "Verfügbar auf großen Plattformen und Streaming-Geräten" in article.highlights


def test_a_page_that_declares_no_charset_is_read_in_the_one_its_bytes_show(runtime: Runtime) -> None:
    article = collect(runtime, GBK.read_bytes())

    assert any("“心成长”青少年心理健康服务项目" in sentence for sentence in article.highlights)


def test_a_link_to_a_pdf_is_not_read_as_a_page_and_the_feeds_summary_stands(runtime: Runtime) -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>
    <item><title>Harbour line</title><link>/report.pdf</link><guid>h-2</guid><description>The council
    approved the harbour tram line on Tuesday night. Works start in May and end in 2029.</description>
    </item></channel></rss>"""
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 40
    article, report = collect_one(
        runtime, {"/feed.xml": Reply(200, feed), "/report.pdf": page_route(pdf, "application/pdf")}
    )

    assert article.highlight_method.startswith("summary:")
    assert "The council approved the harbour tram line on Tuesday night." in article.highlights
    assert any("application/pdf is not a web page" in warning for warning in report.warnings)
