"""`digest stats` over two issues sent weeks apart and subscribers who left: the per-issue and weekly
series, as JSON for scripts and as a table and chart for people."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from flask.testing import FlaskClient

from digest import admin
from digest.admin.series import week_of
from digest.audience.preferences import unsubscribe
from digest.config import load_settings
from digest.delivery.links import UnsubscribeClaim
from digest.runtime import Runtime, utcnow
from digest.web import create_app
from tests.support.cli import fails, ok, succeeds
from tests.support.issues import make_issue, send_inline
from tests.support.webhooks import post_events

PEOPLE = ("ada", "bob", "cy", "dan")


@pytest.fixture
def runtime(env: dict[str, str], key: ec.EllipticCurvePrivateKey, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    return Runtime(load_settings())


@pytest.fixture
def client(runtime: Runtime) -> Iterator[FlaskClient]:
    with create_app(runtime).test_client() as test_client:
        yield test_client


def event(n: int, kind: str, issue: str, sid: str, **extra: object) -> dict[str, object]:
    return {"sg_event_id": f"e-{n}", "event": kind, "email": "x@example.com", "timestamp": 1_760_000_000 + n,
            "issue_id": issue, "subscriber_id": sid, **extra}  # fmt: skip


def two_issues_and_churn(
    runtime: Runtime, client: FlaskClient, key: ec.EllipticCurvePrivateKey, now: datetime
) -> None:
    """Four people join four weeks ago; issue 1 goes out three weeks ago, issue 2 one week ago; then
    the provider's events arrive, cy reports issue 1 as spam and dan unsubscribes by the link."""
    store = runtime.store
    admin.create_list(
        store, "morning", name="Morning", from_addr="m@example.com", now=now - timedelta(weeks=5)
    )
    ids = {n: admin.add_subscriber(store, "morning", f"{n}@example.com", now=now - timedelta(weeks=4)).id
           for n in PEOPLE}  # fmt: skip
    for number, ago in ((1, 3), (2, 1)):
        make_issue(store, 0, number=number)
        send_inline(
            store,
            runtime.transport(),
            runtime.links,
            "morning",
            number,
            lambda ago=ago: now - timedelta(weeks=ago),
        )
    ada, bob, cy, dan = (ids[n] for n in PEOPLE)
    batch = [
        *(event(n, "delivered", "morning-1", sid) for n, sid in enumerate((ada, bob, cy, dan))),
        event(10, "open", "morning-1", ada),
        event(11, "click", "morning-1", ada, url="https://x.example/a"),
        event(12, "click", "morning-1", bob, url="https://x.example/a"),
        event(13, "spamreport", "morning-1", cy),
        *(event(20 + n, "delivered", "morning-2", sid) for n, sid in enumerate((ada, bob, dan))),
        event(30, "bounce", "morning-2", cy, type="blocked"), event(31, "open", "morning-2", bob),
    ]  # fmt: skip
    assert post_events(client, key, batch).get_json()["accepted"] == len(batch)
    unsubscribe(store, UnsubscribeClaim(dan, "morning"), utcnow())


def test_stats_give_the_series_per_issue_and_per_week(
    runtime: Runtime, client: FlaskClient, key: ec.EllipticCurvePrivateKey
) -> None:
    now = utcnow()
    two_issues_and_churn(runtime, client, key, now)
    stats = ok("stats", "morning", "--since", "5w")
    assert stats["subscribers"] == {
        "pending": 0,
        "active": 2,
        "unsubscribed": 1,
        "bounced": 0,
        "complained": 1,
    }
    issues = [(i["issue"], i["sent"], i["delivered"], i["bounced"], i["complained"], i["opens"], i["clicks"],
               i["over_complaint_line"]) for i in stats["issues"]]  # fmt: skip
    assert issues == [("morning-1", 4, 4, 0, 1, 1, 2, True), ("morning-2", 4, 3, 1, 0, 1, 0, False)]
    weeks = {w["start"]: w for w in stats["weeks"]}
    assert list(weeks) == [str(week_of(now - timedelta(weeks=n))) for n in range(5, -1, -1)]

    def week(ago: int) -> tuple[int, int, int, int, int, int]:
        w = weeks[str(week_of(now - timedelta(weeks=ago)))]
        return w["growth"], w["churn"], w["issues"], w["delivered"], w["complained"], w["clicks"]

    # (joined, churn, issues, delivered, complained, clicks), oldest week first
    assert [week(ago) for ago in range(5, -1, -1)] == [
        (0, 0, 0, 0, 0, 0),
        (2, 0, 0, 0, 0, 0),  # four joined; ada and bob are still here
        (0, 0, 1, 4, 1, 2),
        (0, 0, 0, 0, 0, 0),
        (0, 0, 1, 3, 0, 0),
        (0, 2, 0, 0, 0, 0),  # cy complained, dan unsubscribed
    ]
    assert weeks[str(week_of(now - timedelta(weeks=3)))]["complaint_rate"] == 0.25


def test_a_window_leaves_out_what_came_before_it(
    runtime: Runtime, client: FlaskClient, key: ec.EllipticCurvePrivateKey
) -> None:
    two_issues_and_churn(runtime, client, key, utcnow())
    recent = ok("stats", "--since", "2w")
    assert recent["lists"] == ["morning"] and [i["issue"] for i in recent["issues"]] == ["morning-2"]
    assert sum(w["growth"] for w in recent["weeks"]) == 0 and len(recent["weeks"]) == 3


def test_people_get_tables_a_chart_and_the_complaint_line_marked(
    runtime: Runtime, client: FlaskClient, key: ec.EllipticCurvePrivateKey
) -> None:
    two_issues_and_churn(runtime, client, key, utcnow())
    shown = succeeds("stats", "morning", "--since", "5w")
    assert "Per issue" in shown and "Per week" in shown and "over the 0.3 % line" in shown
    assert "│" in shown and "Apple Mail Privacy Protection" in shown


def test_stats_of_an_unknown_list_or_a_bad_window_are_one_line(env: dict[str, str]) -> None:
    assert "no list 'nowhere'" in fails("stats", "nowhere")
    assert "--since" in fails("stats", "--since", "soon")
