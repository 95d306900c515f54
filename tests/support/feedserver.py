"""A scriptable real HTTP server on loopback for collection tests (fetch, collect, poll, build): routes
answer with a status, headers, a body and an optional delay, or misbehave as a fetcher must survive
(a body that trickles, a Content-Length that lies); the server counts requests and the most in flight
per Host header. It is the one test server for GETs; the SendGrid stand-in takes the POSTs.

`RouteHosts` lets one server stand for many hosts: requests for `*.test` go to it, their Host header
unchanged, so per-host politeness can be observed on one loopback port.
"""

from __future__ import annotations

import ssl
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

FEEDS = Path(__file__).resolve().parents[1] / "data" / "feeds"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the answer starts
    length: int | None = None  # the Content-Length to declare when it should not be the body's
    pace: float = 0.0  # seconds between the body's bytes: a server that trickles
    head_pace: float = 0.0  # seconds between the bytes of the status line and headers


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, headers={"Location": location})


Route = Reply | Callable[[dict[str, str]], Reply]  # a callable sees the request headers (lower-cased)


def fixture(name: str, content_type: str = "application/rss+xml; charset=utf-8", **headers: str) -> Reply:
    return Reply(body=(FEEDS / name).read_bytes(), headers={"Content-Type": content_type, **headers})


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    hits: Counter[str] = field(default_factory=Counter)
    in_flight: Counter[str] = field(default_factory=Counter)
    peak: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])


@contextmanager
def serve(routes: dict[str, Route], tls: ssl.SSLContext | None = None) -> Iterator[Server]:
    """With `tls`, the server speaks HTTPS with that context (its base URL says https)."""
    state = Server(base="", routes=routes)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").split(":")[0]
            with state.lock:
                state.hits[self.path] += 1
                state.in_flight[host] += 1
                state.peak[host] = max(state.peak[host], state.in_flight[host])
            counted = True

            def done() -> None:
                # Before the last bytes go: once they are out the client may send its next request
                # before this thread runs on, and a peak counted then would be ours, not the client's.
                nonlocal counted
                if counted:
                    counted = False
                    with state.lock:
                        state.in_flight[host] -= 1

            try:
                route = state.routes.get(self.path, Reply(404, b"not found"))
                reply = route({k.lower(): v for k, v in self.headers.items()}) if callable(route) else route
                time.sleep(reply.delay)
                if reply.head_pace:
                    _trickle_head(self, reply)
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header(
                    "Content-Length", str(len(reply.body) if reply.length is None else reply.length)
                )
                self.end_headers()
                if reply.length is not None:
                    self.close_connection = True  # the rest never comes: the connection is not reusable
                if reply.pace:
                    for byte in reply.body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(reply.pace)
                else:
                    done()
                    self.wfile.write(reply.body)
            except OSError:
                self.close_connection = True  # the client gave up on us (as an impatient fetcher should)
            finally:
                done()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = _QuietServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    server.block_on_close = False  # keep-alive handler threads must not hold the teardown up
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    state.base = f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a client that closed the connection early did what it should (a refused body)
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def _trickle_head(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    """The status line and headers one byte at a time (h11 takes a head of up to 16 KB this way)."""
    lines = [f"HTTP/1.1 {reply.status} OK", *(f"{k}: {v}" for k, v in reply.headers.items())]
    lines.append(f"Content-Length: {len(reply.body)}")
    handler.close_connection = True
    for byte in ("\r\n".join(lines) + "\r\n\r\n").encode() + reply.body:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(reply.head_pace)


class RouteHosts(httpx.HTTPTransport):
    """Sends requests for any `*.test` host to the loopback port given, keeping the Host header."""

    def __init__(self, port: int, **options: Any) -> None:
        super().__init__(**options)  # e.g. the connection limits a benchmark gives its pool
        self._port = port

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host.endswith(".test"):
            request.url = request.url.copy_with(host="127.0.0.1", port=self._port)
        return super().handle_request(request)


def numbered_feed(count: int, base: str = "http://news.example", start: int = 0) -> Reply:
    """An RSS feed of `count` items, newest first (item `start` is the newest), one hour apart."""
    items = "".join(
        f"<item><title>Story {n}</title><link>{base}/story/{n}</link><guid>story-{n}</guid>"
        f"<pubDate>Mon, 03 Nov 2025 {23 - (n % 24):02d}:00:00 GMT</pubDate>"
        f"<description>Story {n} happened. It was told in two sentences.</description></item>"
        for n in range(start, start + count)
    )
    body = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Numbered</title>'
    body += f"<link>{base}/</link>{items}</channel></rss>"
    return Reply(body=body.encode(), headers={"Content-Type": "application/rss+xml; charset=utf-8"})
