"""The fetcher against a real local HTTP server: caps, redirects, conditional GET, address safety."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from digest.errors import FetchError
from digest.fetch import Fetcher, FetchLimits


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
        elif route == "/trickle":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
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
