"""Clicks from SendGrid's signed Event Webhook keep their URL: each recipient counts once per link,
and a hostile batch (endless URLs, thousands of distinct links) stays bounded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from flask.testing import FlaskClient

from digest.config import load_settings
from digest.runtime import Runtime
from digest.store import Store
from digest.store.engagement import MAX_URLS_PER_ISSUE, OTHER_URL
from digest.web import create_app
from tests.support.issues import make_issue
from tests.support.webhooks import post_events

HARBOUR = "https://news.example.com/harbour-line?id=7"
BRIDGE = "https://news.example.com/bridge"


@pytest.fixture
def client(
    env: dict[str, str], key: ec.EllipticCurvePrivateKey, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FlaskClient]:
    runtime = Runtime(load_settings())
    make_issue(runtime.store, 3)
    with create_app(runtime).test_client() as test_client:
        yield test_client


def store_of(client: FlaskClient) -> Store:
    store: Store = client.application.extensions["digest"].store
    return store


def click(n: int, sid: str, url: object) -> dict[str, object]:
    return {
        "sg_event_id": f"c-{n}",
        "event": "click",
        "email": f"r{sid}@example.com",
        "timestamp": 1_760_000_000 + n,
        "issue_id": "morning-1",
        "subscriber_id": sid,
        "url": url,
    }


def test_each_recipient_counts_once_per_clicked_link(
    client: FlaskClient, key: ec.EllipticCurvePrivateKey
) -> None:
    batch = [click(1, "1", HARBOUR), click(2, "1", HARBOUR), click(3, "2", HARBOUR), click(4, "2", BRIDGE)]
    assert post_events(client, key, batch).status_code == 200
    post_events(client, key, [click(5, "1", HARBOUR)])  # a later batch: still the same reader
    store = store_of(client)
    assert store.engagement.clicks("morning", 1) == {HARBOUR: 2, BRIDGE: 1}
    assert store.engagement.people("morning", 1, ["click"]) == {"click": 2}


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/" + "a" * 5000,
        "javascript:alert(1)",
        "https://x.example/\nSet: y",
        None,
        17,
        "",
    ],
)
def test_a_click_on_a_url_we_cannot_keep_counts_as_other(
    client: FlaskClient, key: ec.EllipticCurvePrivateKey, url: object
) -> None:
    assert post_events(client, key, [click(1, "1", url)]).status_code == 200
    assert store_of(client).engagement.clicks("morning", 1) == {OTHER_URL: 1}


def test_the_links_kept_per_issue_are_bounded(client: FlaskClient, key: ec.EllipticCurvePrivateKey) -> None:
    flood = [click(n, "1", f"https://spam.example/{n}") for n in range(MAX_URLS_PER_ISSUE + 100)]
    assert post_events(client, key, flood).get_json()["accepted"] == len(flood)
    clicks = store_of(client).engagement.clicks("morning", 1)
    assert len(clicks) == MAX_URLS_PER_ISSUE + 1
    assert clicks[OTHER_URL] == 100 and sum(clicks.values()) == len(flood)
