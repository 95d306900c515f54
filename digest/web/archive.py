"""GET /archive/LIST, /archive/LIST/NUMBER and /archive/LIST/feed.xml: the issues that went out."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from email.utils import format_datetime

from flask import Blueprint, request
from werkzeug.wrappers import Response

from digest.errors import NotFound
from digest.issues.archived import for_archive
from digest.issues.render import personalise, readable_date
from digest.models import Issue, IssueStatus, Recipient
from digest.web.pages import render, runtime

archive = Blueprint("archive", __name__)


PER_PAGE = 20
MAX_PAGES = 50  # older issues stay reachable by their own address and the feed; the index stops here
TITLES_SHOWN = 3  # articles named under each issue; the rest are "and N more"
_CHUNK = 50  # issues read per round trip while walking back through the list's history


def _sent(slug: str, count: int) -> list[Issue]:
    """The newest `count` issues that went out to everybody, newest first.

    Reads back through the list's history a chunk at a time and stops once it has enough, so the
    cost is the page asked for, not the age of the list.
    """
    store = runtime().store
    numbers = list(reversed(store.issues.numbers(slug)))
    out: list[Issue] = []
    for start in range(0, len(numbers), _CHUNK):
        for issue in store.issues.get_many(slug, numbers[start : start + _CHUNK]):
            # A catch-up issue for subscribers who switched edition repeats articles of other issues.
            if issue is not None and issue.status is IssueStatus.SENT and not issue.catch_up:
                out.append(issue)
        if len(out) >= count:
            break
    return out[:count]


def _entry(issue: Issue, titles: dict[str, str]) -> dict[str, object]:
    named = [titles[i] for i in issue.article_ids[:TITLES_SHOWN] if i in titles]
    return {
        "url": f"/archive/{issue.list_slug}/{issue.number}",
        "subject": issue.subject,
        "date": readable_date(issue.created_at),
        "iso_date": issue.created_at.date().isoformat(),
        "articles": named,
        "more": len(issue.article_ids) - len(issue.article_ids[:TITLES_SHOWN]),
    }


@archive.get("/archive/<slug>")
def index(slug: str) -> Response:
    store = runtime().store
    ml = store.lists.get(slug)
    number = request.args.get("page", 1, type=int) or 0
    if not 1 <= number <= MAX_PAGES:
        raise NotFound(f"page {number} of the {slug!r} archive does not exist")
    found = _sent(slug, number * PER_PAGE + 1)
    shown = found[(number - 1) * PER_PAGE : number * PER_PAGE]
    if number > 1 and not shown:
        raise NotFound(f"page {number} of the {slug!r} archive does not exist")
    wanted = [i for issue in shown for i in issue.article_ids[:TITLES_SHOWN]]
    titles = {a.id: " ".join(a.title.split()) or a.url for a in store.articles.get_many(wanted)}
    here = f"/archive/{slug}"
    return render(
        "web/archive.html.j2",
        title=f"{ml.name} archive",
        list_name=ml.name,
        description=ml.description,
        issues=[_entry(issue, titles) for issue in shown],
        newer_url=(here if number == 2 else f"{here}?page={number - 1}") if number > 1 else "",
        older_url=f"{here}?page={number + 1}"
        if len(found) > number * PER_PAGE and number < MAX_PAGES
        else "",
        feed_url=f"{here}/feed.xml",
        subscribe_url=f"/subscribe/{slug}",
        brand=ml.branding,
    )


@archive.get("/archive/<slug>/<int:number>")
def one(slug: str, number: int) -> Response:
    store = runtime().store
    if store.issues.get(slug, number).status is not IssueStatus.SENT:
        raise NotFound(f"issue {number} of {slug!r} has not gone out")
    base = runtime().settings.base_url
    # The archive shows what subscribers got, with the personal parts made neutral.
    reader = Recipient("", "", "", f"{base}/subscribe/{slug}", "")  # nameless: "Hi there,"
    html, _text = personalise(store.issues.rendered(slug, number), reader)
    return Response(for_archive(html, f"/archive/{slug}"), mimetype="text/html")


@archive.get("/archive/<slug>/feed.xml")
def feed(slug: str) -> Response:
    rt = runtime()
    ml = rt.store.lists.get(slug)
    base = rt.settings.base_url
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = ml.name
    ET.SubElement(channel, "link").text = f"{base}/archive/{slug}"
    ET.SubElement(channel, "description").text = ml.description or f"Issues of {ml.name}"
    for issue in _sent(slug, 50):
        number = issue.number
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = issue.subject
        ET.SubElement(item, "link").text = f"{base}/archive/{slug}/{number}"
        ET.SubElement(item, "guid", isPermaLink="true").text = f"{base}/archive/{slug}/{number}"
        ET.SubElement(item, "pubDate").text = format_datetime(issue.created_at)
    body = ET.tostring(rss, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="application/rss+xml")
