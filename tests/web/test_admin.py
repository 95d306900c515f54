"""/admin/LIST: the operators' page behind DIGEST_ADMIN_TOKEN (a bearer header, or the login form's
HttpOnly SameSite=Strict cookie): charts drawn on the server and the last issues' reports; without the
token, nothing of the data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from flask.testing import FlaskClient

from digest import admin
from digest.collect.collector import collect_feed
from digest.config import load_settings
from digest.issues.build import build_issue
from digest.models import Article
from digest.runtime import Runtime, utcnow
from digest.web import create_app
from digest.web.operators import COOKIE
from tests.support.issues import send_inline
from tests.support.webhooks import post_events

TOKEN = "operators-token-0123456789abcdef"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
PEOPLE = ("ada", "bob", "cy", "dan")


@pytest.fixture
def runtime(env: dict[str, str], key: ec.EllipticCurvePrivateKey, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    monkeypatch.setenv("DIGEST_ADMIN_TOKEN", TOKEN)
    return Runtime(load_settings())


@pytest.fixture
def client(runtime: Runtime) -> Iterator[FlaskClient]:
    with create_app(runtime).test_client() as test_client:
        yield test_client


@pytest.fixture
def articles(runtime: Runtime, client: FlaskClient, key: ec.EllipticCurvePrivateKey, sample_feed_url: str
             ) -> list[Article]:  # fmt: skip
    """The sample feed's articles sent to four people, two of whom clicked the second article."""
    store = runtime.store
    admin.create_list(store, "morning", name="Morning Brief", from_addr="brief@example.com", now=utcnow())
    ids = [admin.add_subscriber(store, "morning", f"{p}@example.com", now=utcnow()).id for p in PEOPLE]
    check = admin.add_feed(store, runtime.fetcher, "morning", sample_feed_url)
    collect_feed(store, runtime.fetcher, check.feed.id, utcnow())
    issue = build_issue(store, "morning", utcnow())
    assert issue is not None
    send_inline(store, runtime.transport(), runtime.links, "morning", issue.number, utcnow)
    found = store.articles.get_many(issue.article_ids)
    events = [
        {"sg_event_id": f"e-{n}", "event": kind, "email": "x@example.com", "timestamp": 1_760_000_000 + n,
         "issue_id": "morning-1", "subscriber_id": sid, **extra}
        for n, (kind, sid, extra) in enumerate([
            ("delivered", ids[0], {}), ("delivered", ids[1], {}), ("delivered", ids[2], {}),
            ("click", ids[0], {"url": found[1].url}), ("click", ids[1], {"url": found[1].url}),
        ])
    ]  # fmt: skip
    assert post_events(client, key, events).status_code == 200
    return found


def no_data(body: str, articles: list[Article]) -> bool:
    return "Morning Brief" not in body and "<svg" not in body and all(a.title not in body for a in articles)


def test_the_page_shows_charts_and_the_last_issues_report_to_the_token(
    client: FlaskClient, articles: list[Article]
) -> None:
    answer = client.get("/admin/morning", headers=BEARER)
    assert answer.status_code == 200
    body = answer.get_data(as_text=True)
    assert body.count("<svg") == 4
    assert "0.3 % (Gmail/Yahoo)" in body
    assert "morning-1" in body
    rows = [line for line in body.splitlines() if '<td class="n">2</td>' in line]
    assert any(articles[1].title in row for row in rows), "the clicked article shows its 2 clicks"
    assert answer.headers["Cache-Control"] == "no-store"
    assert "script-src" not in answer.headers["Content-Security-Policy"]  # no script is needed


@pytest.mark.parametrize("path", ["/admin/", "/admin/morning", "/admin/nosuchlist"])
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-the-operators-token"}, {"Authorization": f"Basic {TOKEN}"}],
)
def test_without_the_token_every_page_is_the_login_form_and_nothing_else(
    client: FlaskClient, articles: list[Article], path: str, headers: dict[str, str]
) -> None:
    answer = client.get(path, headers=headers)
    assert answer.status_code == 401
    body = answer.get_data(as_text=True)
    assert no_data(body, articles) and "morning-1" not in body
    assert 'action="/admin/login"' in body


def test_the_login_form_sets_a_strict_http_only_cookie_that_opens_the_pages(
    client: FlaskClient, articles: list[Article]
) -> None:
    wrong = client.post("/admin/login", data={"token": "not-the-operators-token"})
    assert wrong.status_code == 401 and COOKIE not in wrong.headers.get("Set-Cookie", "")
    answer = client.post("/admin/login", data={"token": TOKEN})
    assert answer.status_code == 303 and answer.headers["Location"] == "/admin/"
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=") and TOKEN not in cookie
    for attribute in ("HttpOnly", "SameSite=Strict", "Path=/admin", "Secure"):  # DIGEST_BASE_URL is https
        assert attribute in cookie, attribute
    page = client.get("/admin/morning")
    assert page.status_code == 200 and articles[1].title in page.get_data(as_text=True)
    client.post("/admin/logout")
    assert client.get("/admin/morning").status_code == 401


def test_a_forged_or_foreign_cookie_opens_nothing(client: FlaskClient, articles: list[Article]) -> None:
    from itsdangerous import TimestampSigner

    other = TimestampSigner("some-other-token-0123456789", salt="digest-admin-session").sign("operator")
    for value in (other.decode(), "operator", TOKEN, ""):
        client.set_cookie(COOKIE, value, path="/admin")
        answer = client.get("/admin/morning")
        assert answer.status_code == 401 and no_data(answer.get_data(as_text=True), articles)


def test_a_login_posted_from_another_site_is_refused(client: FlaskClient) -> None:
    answer = client.post("/admin/login", data={"token": TOKEN}, headers={"Origin": "https://evil.example"})
    assert answer.status_code == 403 and "Set-Cookie" not in answer.headers


def test_guessing_the_token_is_cut_short(client: FlaskClient) -> None:
    codes = [client.post("/admin/login", data={"token": f"guess-{n:020d}"}).status_code for n in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    assert client.post("/admin/login", data={"token": TOKEN}).status_code == 429  # even the right one


def test_the_pages_do_not_exist_while_no_token_is_set(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DIGEST_ADMIN_TOKEN", raising=False)
    with create_app(Runtime(load_settings())).test_client() as client:
        for path in ("/admin/", "/admin/morning", "/admin/login"):
            assert client.get(path, headers=BEARER).status_code == 404
        assert client.post("/admin/login", data={"token": ""}).status_code == 404


def test_the_page_says_when_an_issue_went_out_with_the_default_templates(
    client: FlaskClient, articles: list[Article], runtime: Runtime
) -> None:
    why = "the list's templates (version 0123) were not used: digest-body.html.j2:3: <b>oops</b>"
    runtime.store.issues.set_template_fallback("morning", 1, why)
    body = client.get("/admin/morning", headers=BEARER).get_data(as_text=True)
    assert "Sent with the default templates: the list&#39;s templates (version 0123) were not used: " in body
    assert "digest-body.html.j2:3: &lt;b&gt;oops&lt;/b&gt;" in body
