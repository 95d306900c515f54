"""The fetcher against a real local HTTP server: caps, redirects, conditional GET, address safety."""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Iterator

import httpx
import pytest

from digest.collect.fetch import Fetcher, FetchLimits, retry_after_seconds
from digest.errors import FetchError
from tests.support.feedserver import Reply, Route, redirect, serve

ROUTES: dict[str, Route] = {
    "/ok": Reply(200, b"hello", {"ETag": '"v1"', "Last-Modified": "Mon, 03 Nov 2025 09:00:00 GMT"}),
    "/conditional": lambda headers: (
        Reply(304) if headers.get("if-none-match") == '"v1"' else Reply(200, b"fresh", {"ETag": '"v1"'})
    ),
    "/big": Reply(200, b"x" * 5000),
    "/redirect": redirect("/ok", 301),
    "/loop": redirect("/loop/again"),
    "/loop/again": redirect("/loop"),
    "/gone": Reply(410),
    "/moved-for-good": redirect("/moved-again", 308),
    "/moved-again": redirect("/ok", 301),
    "/moved-for-now": redirect("/moved-for-good"),
    # Every hop a new address, longer than any fetcher follows.
    **{"/chain" + "x" * n: redirect("/chain" + "x" * (n + 1)) for n in range(20)},
    "/to-file": redirect("file:///etc/passwd"),
    "/gzip": Reply(200, gzip.compress(b"<rss>zipped</rss>"), {"Content-Encoding": "gzip"}),
    "/deflate": Reply(200, zlib.compress(b"<rss>deflated</rss>"), {"Content-Encoding": "deflate"}),
    "/gzip-bomb": Reply(200, gzip.compress(b"x" * 100_000), {"Content-Encoding": "gzip"}),
    # 64 KiB of a declared 50 MB: the client must not wait for the rest.
    "/fifty-megabytes": Reply(200, b"x" * 65536, length=50 * 1024 * 1024),
    "/busy": Reply(503, headers={"Retry-After": "120"}),
    "/slow-down": Reply(429, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}),
    "/trickle": Reply(200, b"x" * 100, pace=0.05),
    "/report.pdf": Reply(200, b"%PDF-1.7" + b"x" * 500, {"Content-Type": "application/pdf"}),
    "/photo": Reply(200, b"x" * 500, {"Content-Type": "Image/JPEG"}),
    "/story": Reply(200, b"<p>story</p>", {"Content-Type": "text/html; charset=utf-8"}),
    "/unlabelled": Reply(200, b"<p>story</p>", {"Content-Type": "application/octet-stream"}),
}


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve(ROUTES) as server:
        yield server.base


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with httpx.Client(timeout=5) as client:
        yield Fetcher(client, FetchLimits(max_bytes=1000, total_seconds=1.0, allow_private=True))


def test_it_keeps_the_validators_of_a_response(fetcher: Fetcher, base: str) -> None:
    result = fetcher.get(f"{base}/ok")
    assert result.content == b"hello"
    assert result.headers["etag"] == '"v1"'
    assert result.headers["last-modified"].startswith("Mon, 03 Nov 2025")


def test_a_conditional_get_with_a_known_etag_is_not_modified(fetcher: Fetcher, base: str) -> None:
    assert fetcher.get(f"{base}/conditional", etag='"v1"').not_modified
    assert fetcher.get(f"{base}/conditional").content == b"fresh"


def test_it_follows_redirects_and_reports_the_final_url(fetcher: Fetcher, base: str) -> None:
    result = fetcher.get(f"{base}/redirect")
    assert result.url == f"{base}/ok"
    assert result.content == b"hello"


def test_a_redirect_loop_is_refused(fetcher: Fetcher, base: str) -> None:
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher.get(f"{base}/loop")


def test_a_body_over_the_cap_is_refused(fetcher: Fetcher, base: str) -> None:
    with pytest.raises(FetchError, match="larger than 1000 bytes") as caught:
        fetcher.get(f"{base}/big")
    assert caught.value.permanent


def test_a_trickling_server_is_cut_off_by_the_total_time(fetcher: Fetcher, base: str) -> None:
    with pytest.raises(FetchError, match="took longer"):
        fetcher.get(f"{base}/trickle")


def test_gone_is_a_permanent_error_naming_the_url(fetcher: Fetcher, base: str) -> None:
    with pytest.raises(FetchError, match=f"{base}/gone: HTTP 410") as caught:
        fetcher.get(f"{base}/gone")
    assert caught.value.permanent


def test_loopback_addresses_are_refused_unless_allowed(base: str) -> None:
    with httpx.Client() as client:
        strict = Fetcher(client, FetchLimits(allow_private=False))
        with pytest.raises(FetchError, match="DIGEST_ALLOW_PRIVATE_URLS"):
            strict.get(f"{base}/ok")


def test_only_http_and_https_are_fetched(fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetcher.get("file:///etc/passwd")


def test_a_permanent_redirect_chain_gives_the_new_address_of_the_feed(fetcher: Fetcher, base: str) -> None:
    result = fetcher.get(f"{base}/moved-for-good")
    assert result.content == b"hello"
    assert result.permanent_url == f"{base}/ok"


def test_a_temporary_hop_keeps_the_address_as_it_is(fetcher: Fetcher, base: str) -> None:
    result = fetcher.get(f"{base}/moved-for-now")
    assert result.url == f"{base}/ok"
    assert result.permanent_url == f"{base}/moved-for-now"


def test_a_long_redirect_chain_is_refused(fetcher: Fetcher, base: str) -> None:
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.get(f"{base}/chain")


def test_every_redirect_hop_is_checked_for_its_scheme(fetcher: Fetcher, base: str) -> None:
    with pytest.raises(FetchError, match="file:///etc/passwd: only http and https"):
        fetcher.get(f"{base}/to-file")


@pytest.mark.parametrize(
    ("route", "body"), [("/gzip", b"<rss>zipped</rss>"), ("/deflate", b"<rss>deflated</rss>")]
)
def test_compressed_bodies_are_inflated(fetcher: Fetcher, base: str, route: str, body: bytes) -> None:
    assert fetcher.get(f"{base}{route}").content == body


def test_the_cap_counts_inflated_bytes_so_a_gzip_bomb_is_refused(fetcher: Fetcher, base: str) -> None:
    with pytest.raises(FetchError, match="larger than 1000 bytes"):
        fetcher.get(f"{base}/gzip-bomb")


def test_a_fifty_megabyte_body_is_refused_without_waiting_for_it(base: str) -> None:
    with httpx.Client(timeout=5) as client:
        default_cap = Fetcher(client, FetchLimits(allow_private=True))
        started = time.monotonic()
        with pytest.raises(FetchError, match="declares 52428800 bytes, larger than 5242880 bytes"):
            default_cap.get(f"{base}/fifty-megabytes")
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(("route", "status"), [("/busy", 503), ("/slow-down", 429)])
def test_busy_servers_say_how_long_to_wait(fetcher: Fetcher, base: str, route: str, status: int) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher.get(f"{base}{route}")
    assert caught.value.status == status and not caught.value.permanent
    assert caught.value.retry_after is not None and caught.value.retry_after >= 120


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Thu, 01 Jan 1970 00:02:00 GMT", now=60) == 60
    assert retry_after_seconds("soon") is None


@pytest.mark.parametrize(("path", "media"), [("/report.pdf", "application/pdf"), ("/photo", "image/jpeg")])
def test_a_page_fetch_refuses_what_is_no_web_page_before_reading_it(
    fetcher: Fetcher, base: str, path: str, media: str
) -> None:
    with pytest.raises(FetchError, match=f"{media} is not a web page"):
        fetcher.get_page(f"{base}{path}")
    assert fetcher.get(f"{base}{path}").status == 200  # a feed's or an image's fetch is not a page's


def test_a_page_fetch_takes_html_and_what_a_server_failed_to_label(fetcher: Fetcher, base: str) -> None:
    assert fetcher.get_page(f"{base}/story").content == b"<p>story</p>"
    assert fetcher.get_page(f"{base}/unlabelled").content == b"<p>story</p>"
