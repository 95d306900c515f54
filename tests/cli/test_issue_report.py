"""`digest issue report` after a real send and a signed event batch through the real webhook route:
exact counts of people (not events), and each article's clicks in the issue's order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from flask.testing import FlaskClient

from digest import admin
from digest.audience.preferences import unsubscribe
from digest.collect.collector import collect_feed
from digest.config import load_settings
from digest.delivery.links import UnsubscribeClaim
from digest.issues.build import build_issue
from digest.issues.utm import with_utm
from digest.models import Article
from digest.runtime import Runtime, utcnow
from digest.web import create_app
from tests.support.cli import fails, ok, succeeds
from tests.support.issues import send_inline
from tests.support.webhooks import post_events

PEOPLE = ("ada", "bob", "cy", "dan", "ed", "fay")


@pytest.fixture
def runtime(env: dict[str, str], key: ec.EllipticCurvePrivateKey, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    return Runtime(load_settings())


@pytest.fixture
def client(runtime: Runtime) -> Iterator[FlaskClient]:
    with create_app(runtime).test_client() as test_client:
        yield test_client


def sent_issue(runtime: Runtime, feed_url: str) -> tuple[dict[str, str], list[Article]]:
    """The sample feed's four articles sent to six people through the outbox; their ids by name."""
    store = runtime.store
    admin.create_list(store, "morning", name="Morning Brief", from_addr="brief@example.com", now=utcnow())
    ids = {}
    for name in PEOPLE:
        ids[name] = admin.add_subscriber(store, "morning", f"{name}@example.com", now=utcnow()).id
    check = admin.add_feed(store, runtime.fetcher, "morning", feed_url)
    collect_feed(store, runtime.fetcher, check.feed.id, utcnow())
    issue = build_issue(store, "morning", utcnow())
    assert issue is not None and issue.number == 1
    send_inline(store, runtime.transport(), runtime.links, "morning", 1, utcnow)
    return ids, store.articles.get_many(issue.article_ids)


def event(n: int, kind: str, sid: str, **extra: object) -> dict[str, object]:
    return {"sg_event_id": f"e-{n}", "event": kind, "email": "x@example.com", "timestamp": 1_760_000_000 + n,
            "issue_id": "morning-1", "subscriber_id": sid, **extra}  # fmt: skip


def test_a_webhook_batch_then_the_report_gives_exact_counts_and_clicks_per_article(
    runtime: Runtime, client: FlaskClient, key: ec.EllipticCurvePrivateKey, sample_feed_url: str
) -> None:
    ids, articles = sent_issue(runtime, sample_feed_url)
    tagged, third = with_utm(articles[0].url, "morning", "morning-1"), articles[2].url
    ada, bob, cy, dan, ed, fay = (ids[name] for name in PEOPLE)
    batch = [
        *(event(n, "delivered", sid) for n, sid in enumerate((ada, bob, cy, ed, fay))),
        event(10, "bounce", dan, type="bounce", reason="550 no such user"),
        event(11, "bounce", fay, type="blocked"),
        event(12, "open", ada), event(13, "open", ada), event(14, "open", bob),
        event(20, "click", ada, url=tagged),  # the link as the email had it, our tags on
        event(21, "click", ada, url=tagged),  # the same reader and article again
        event(22, "click", bob, url=tagged),
        event(23, "click", bob, url=third),
        event(24, "click", ada, url="https://elsewhere.example/footer"),
        event(30, "spamreport", cy),
        event(31, "unsubscribe", ed),
    ]  # fmt: skip
    answer = post_events(client, key, batch)
    assert answer.status_code == 200 and answer.get_json()["accepted"] == len(batch)
    unsubscribe(runtime.store, UnsubscribeClaim(fay, "morning"), utcnow())  # the link in the email

    report = ok("issue", "report", "morning", "1")
    expected = {"recipients": 6, "sent": 6, "delivered": 5, "bounced_hard": 1, "bounced_soft": 1,
                "complained": 1, "unsubscribed": 2, "unique_opens": 2, "unique_clicks": 2}  # fmt: skip
    assert {name: report[name] for name in expected} == expected
    assert [(a["position"], a["url"], a["clicks"]) for a in report["articles"]] == [
        (n, a.url, {0: 2, 2: 1}.get(n - 1, 0)) for n, a in enumerate(articles, 1)
    ]
    assert report["articles"][0]["click_rate"] == 0.4 and report["other_clicks"] == 1
    assert "Apple Mail Privacy Protection" in report["opens_caveat"]


def test_the_report_reads_as_a_table_for_people(
    runtime: Runtime, client: FlaskClient, key: ec.EllipticCurvePrivateKey, sample_feed_url: str
) -> None:
    ids, articles = sent_issue(runtime, sample_feed_url)
    post_events(
        client, key, [event(1, "delivered", ids["ada"]), event(2, "click", ids["ada"], url=articles[1].url)]
    )
    shown = succeeds("issue", "report", "morning", "1")
    assert "Apple Mail Privacy Protection" in shown and "Clicks per article" in shown
    assert articles[1].title[:20] in shown and "100.0 %" in shown


def test_a_report_of_an_unknown_issue_or_list_is_one_line(runtime: Runtime) -> None:
    assert "no list" in fails("issue", "report", "nowhere", "1").lower()
    admin.create_list(runtime.store, "morning", name="M", from_addr="m@example.com", now=utcnow())
    assert "morning-9" in fails("issue", "report", "morning", "9")
