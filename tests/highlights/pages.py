"""Pages the highlight tests read: the packaged samples, the fixtures under tests/data/pages, and
small pages made on the spot around one story, so each test shows only the markup it is about."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from digest.highlights.extract import extract_page
from digest.models import ExtractedPage

PAGES = resources.files("digest") / "sample" / "pages"
FIXTURES = Path(__file__).resolve().parents[1] / "data" / "pages"
STORY = "".join(
    f"<p>Paragraph {n} of the story says something long enough for an extractor to count it as the main "
    f"text of the page, with names, numbers such as {n}.5 percent, and a quote from an official.</p>"
    for n in range(1, 6)
)


def sample(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def fixture(name: str) -> ExtractedPage:
    return extract_page((FIXTURES / name).read_text(encoding="utf-8"))


def page(article: str, *, around: str = "", head: str = "<title>A story</title>") -> str:
    """A small but complete page: the article between the site's chrome, `around` after it."""
    return (
        f"<!DOCTYPE html><html><head>{head}</head><body>"
        '<header class="site-header"><nav><a href="/">Home</a></nav></header>'
        f"<main><article><h1>A story</h1>{article}</article>{around}</main>"
        '<footer><a href="/about">About</a></footer></body></html>'
    )


def json_ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'
