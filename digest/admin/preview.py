"""What `digest issue preview | send` say when there is nothing to show, and the `--sample` preview.

An operator who sees "nothing new since its last issue" on a list that never had one, or on a list
without feeds, goes looking in the wrong place: the reason names what is really the case and the
command that changes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import resources

from digest.collect.feeds import article_id_for, parse_feed
from digest.highlights.choose import choose_highlights
from digest.highlights.extract import extract_page, summary_text
from digest.issues.build import Preview, render_preview
from digest.issues.compose import describe_left_out
from digest.models import Article
from digest.models.images import preferred_image
from digest.store import Store
from digest.store.issues import issue_id

SAMPLE_BASE = "http://sample.localhost"  # the address the demo serves the bundled sample under
SAMPLE_SOURCE = "the bundled sample"


@dataclass(frozen=True)
class Nothing:
    """Why a list has nothing to preview or send; `error` when only the operator can change that."""

    reason: str
    error: bool = False


def why_nothing(store: Store, slug: str, left_out: dict[str, int] | None = None) -> Nothing:
    store.lists.get(slug)
    if not store.feeds.ids_for_list(slug):
        return Nothing(
            f"list {slug!r} has no feeds: add one with `digest feeds add {slug} URL` "
            "(--sample previews the template without them)",
            error=True,
        )
    caps = describe_left_out(left_out or {})
    caps = f" ({caps})" if caps else ""
    numbers = store.issues.numbers(slug)
    if numbers:
        last = issue_id(slug, numbers[-1])
        return Nothing(
            f"nothing new for {slug} since its last issue ({last}){caps}; "
            f"--sample previews the template with that issue's articles"
        )
    return Nothing(
        f"no articles collected for {slug} yet{caps}: poll its feeds with `digest feeds poll {slug}` "
        "(--sample previews the template with the bundled sample)"
    )


def sample_preview(store: Store, slug: str, now: datetime, *, archive_url: str = "") -> tuple[Preview, str]:
    """The template rendered with the last issue's articles, or with the bundled sample's before the
    first issue; nothing is stored. Returns the preview and where its articles came from."""
    store.lists.get(slug)
    numbers = store.issues.numbers(slug)
    articles: list[Article] = []
    source = SAMPLE_SOURCE
    if numbers:
        last = store.issues.get(slug, numbers[-1])
        articles = store.articles.get_many(last.article_ids)
        source = f"the articles of {last.id}"
    if not articles:  # no issue yet, or its articles were pruned
        articles, source = sample_articles(now), SAMPLE_SOURCE
    return render_preview(store, slug, now, articles, archive_url=archive_url), source


def sample_articles(now: datetime) -> list[Article]:
    """The bundled sample feed's articles, with highlights chosen from its bundled pages: read from the
    package, no network."""
    root = resources.files("digest") / "sample"
    feed_xml = (root / "feed.xml").read_bytes().replace(b"%BASE_URL%", SAMPLE_BASE.encode())
    parsed = parse_feed(feed_xml, f"{SAMPLE_BASE}/feed.xml")
    articles = []
    for entry in parsed.entries:
        page_file = root / "pages" / entry.url.rsplit("/", 1)[-1]
        page = extract_page(page_file.read_text(encoding="utf-8"), entry.url) if page_file.is_file() else None
        summary = summary_text(entry.summary)
        chosen = choose_highlights(page, feed_summary=summary) if page is not None else None
        articles.append(
            Article(
                id=article_id_for(entry.url),
                feed_id="sample",
                url=entry.url,
                title=entry.title,
                source=parsed.title,
                first_seen_at=now,
                highlights=chosen.sentences if chosen else [summary],
                highlight_method=chosen.method if chosen else "summary",
                published_at=entry.published_at,
                author=entry.author,
                image=preferred_image(page.image if page is not None else None, entry.image),
            )
        )
    return articles
