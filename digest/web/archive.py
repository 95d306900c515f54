"""GET /archive/LIST, /archive/LIST/NUMBER and /archive/LIST/feed.xml: the issues that went out."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from email.utils import format_datetime

from flask import Blueprint
from werkzeug.wrappers import Response

from digest.errors import NotFound
from digest.issues.render import personalise, readable_date
from digest.models import IssueStatus, Recipient
from digest.web.pages import render, runtime

archive = Blueprint("archive", __name__)


def _sent(slug: str) -> list[tuple[int, str, str]]:
    store = runtime().store
    out = []
    for number in reversed(store.issues.numbers(slug)):
        issue = store.issues.get(slug, number)
        # A catch-up issue for subscribers who switched edition repeats articles of other issues.
        if issue.status is IssueStatus.SENT and not issue.catch_up:
            out.append((number, issue.subject, readable_date(issue.created_at)))
    return out


@archive.get("/archive/<slug>")
def index(slug: str) -> Response:
    ml = runtime().store.lists.get(slug)
    issues = [{"url": f"/archive/{slug}/{n}", "subject": s, "date": d} for n, s, d in _sent(slug)]
    return render(
        "web/archive.html.j2",
        title=f"{ml.name} archive",
        list_name=ml.name,
        description=ml.description,
        issues=issues,
        feed_url=f"/archive/{slug}/feed.xml",
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
    return Response(html, mimetype="text/html")


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
    for number, subject, _date in _sent(slug)[:50]:
        issue = rt.store.issues.get(slug, number)
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = subject
        ET.SubElement(item, "link").text = f"{base}/archive/{slug}/{number}"
        ET.SubElement(item, "guid", isPermaLink="true").text = f"{base}/archive/{slug}/{number}"
        ET.SubElement(item, "pubDate").text = format_datetime(issue.created_at)
    body = ET.tostring(rss, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="application/rss+xml")
