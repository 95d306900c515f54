"""The fetcher against a real local HTTP server: caps, redirects, conditional GET, address safety."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from digest.collect.fetch import Fetcher, FetchLimits, retry_after_seconds
from digest.errors import FetchError


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        route = self.path
        if route == "/ok":
            self._send(200, b"hello", {"ETag": '"v1"', "Last-Modified": "Mon, 03 Nov 2025 09:00:00 GMT"})
        elif route == "/conditional":
            if self.headers.get("If-None-Match") == '"v1"':
                self._send(304, b"", {})
            else:
                self._send(200, b"fresh", {"ETag": '"v1"'})
        elif route == "/big":
            self._send(200, b"x" * 5000, {})
        elif route == "/redirect":
            self._send(301, b"", {"Location": "/ok"})
        elif route.startswith("/loop"):
            self._send(302, b"", {"Location": "/loop" + str(len(route))})
        elif route == "/gone":
            self._send(410, b"", {})
        elif route == "/moved-for-good":
            self._send(308, b"", {"Location": "/moved-again"})
        elif route == "/moved-again":
            self._send(301, b"", {"Location": "/ok"})
        elif route == "/moved-for-now":
            self._send(302, b"", {"Location": "/moved-for-good"})
        elif route == "/chain":
            self._send(302, b"", {"Location": "/chain" + "x" * 1})
        elif route.startswith("/chainx"):
            self._send(302, b"", {"Location": route + "x"})
        elif route == "/to-file":
            self._send(302, b"", {"Location": "file:///etc/passwd"})
        elif route == "/gzip":
            self._send(200, gzip.compress(b"<rss>zipped</rss>"), {"Content-Encoding": "gzip"})
        elif route == "/deflate":
            self._send(200, zlib.compress(b"<rss>deflated</rss>"), {"Content-Encoding": "deflate"})
        elif route == "/gzip-bomb":
            self._send(200, gzip.compress(b"x" * 100_000), {"Content-Encoding": "gzip"})
        elif route == "/fifty-megabytes":
            self.send_response(200)
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            with contextlib.suppress(OSError):  # the client hangs up, as it should
                self.wfile.write(b"x" * 65536)  # the rest never comes: the client must not wait for it
        elif route == "/busy":
            self._send(503, b"", {"Retry-After": "120"})
        elif route == "/slow-down":
            self._send(429, b"", {"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})
        elif route == "/trickle":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            with contextlib.suppress(OSError):  # the client hangs up, as it should
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
        else:
            self._send(404, b"", {})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


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
