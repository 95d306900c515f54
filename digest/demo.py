"""`digest demo`: the whole path once, locally, with no account and no network.

The bundled sample feed and its pages are served on a loopback port for the length of the demo, so
the demo goes through the same fetch, parse, extract, render and deliver code as production. The
sample is addressed as http://sample.localhost whatever port it gets, so a second run sees the same
article URLs and shows that nothing is sent twice.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

import httpx

from digest import admin
from digest.collect.collector import collect_feed
from digest.collect.fetch import Fetcher, FetchLimits
from digest.delivery.dispatch import send_now
from digest.delivery.postal import check_address
from digest.errors import InvalidInput, NotFound
from digest.issues.build import build_issue
from digest.runtime import Runtime, utcnow

DEMO_LIST = "demo"
SAMPLE_BASE = "http://sample.localhost"
DEMO_SUBSCRIBERS = (
    ("ada@example.com", "Ada Lovelace"),
    ("grace@example.org", "Grace Hopper"),
    ("linus@example.net", ""),
)


class _SampleHandler(BaseHTTPRequestHandler):
    def __init__(self, *args: object, root: Path, public_base: str | None, **kwargs: object) -> None:
        self.root = root
        self.public_base = public_base
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        relative = self.path.split("?", 1)[0].lstrip("/")
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root.resolve()) or not target.is_file():
            self.send_error(404)
            return
        base = self.public_base or _base_of(self.server)
        body = target.read_bytes().replace(b"%BASE_URL%", base.encode())
        self.send_response(200)
        kind = "application/rss+xml" if target.suffix == ".xml" else "text/html"
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the demo prints its own summary


def _base_of(server: object) -> str:
    host, port = getattr(server, "server_address", ("127.0.0.1", 0))[:2]
    return f"http://{host}:{port}"


@contextmanager
def serve_sample(public_base: str | None = None) -> Iterator[str]:
    """Serve the bundled sample on a free loopback port; yields the server's base URL.

    Links inside the sample point at `public_base` when given, else at the server itself.
    """
    root = Path(str(resources.files("digest") / "sample"))
    handler = partial(_SampleHandler, root=root, public_base=public_base)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield _base_of(server)
    finally:
        server.shutdown()
        server.server_close()


class _RouteSample(httpx.HTTPTransport):
    """Sends requests for sample.localhost to the loopback port the sample server got."""

    def __init__(self, server_base: str) -> None:
        super().__init__()
        self._target = httpx.URL(server_base)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == httpx.URL(SAMPLE_BASE).host:
            request.url = request.url.copy_with(host=self._target.host, port=self._target.port)
        return super().handle_request(request)


@dataclass
class DemoReport:
    feed_url: str = ""
    subscribers: int = 0
    new_articles: int = 0
    issue_id: str = ""
    subject: str = ""
    sent: int = 0
    outbox: Path = Path()
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def run_demo(rt: Runtime, outbox: Path) -> DemoReport:
    store = rt.store
    report = DemoReport(outbox=outbox)
    try:
        admin.create_list(
            store,
            DEMO_LIST,
            name="The Meridian Digest",
            from_addr="The Meridian Digest <digest@example.com>",
            now=utcnow(),
            description="A demo list reading the bundled sample feed",
        )
    except InvalidInput:
        report.notes.append(f"list {DEMO_LIST!r} exists already: reusing it")
    for email, name in DEMO_SUBSCRIBERS:
        admin.add_subscriber(store, DEMO_LIST, email, name=name, now=utcnow())
    report.subscribers = store.subscribers.count_active(DEMO_LIST)
    feed_url = f"{SAMPLE_BASE}/feed.xml"
    report.feed_url = feed_url
    with (
        serve_sample(SAMPLE_BASE) as server_base,
        httpx.Client(transport=_RouteSample(server_base)) as client,
    ):
        # The demo's own server is on loopback, which production fetching refuses by default.
        fetcher = Fetcher(client, FetchLimits(allow_private=True))
        check = admin.add_feed(store, fetcher, DEMO_LIST, feed_url)
        collected = collect_feed(store, fetcher, check.feed.id, utcnow())
    if collected.error:
        raise NotFound(f"the sample feed could not be collected: {collected.error}")
    report.new_articles = len(collected.new_articles)
    issue = build_issue(store, DEMO_LIST, utcnow(), archive_url=rt.archive_url(DEMO_LIST))
    if issue is None:
        report.notes.append(
            "nothing new since the last demo issue, so no email was sent (never the same twice)"
        )
        return report
    report.issue_id, report.subject = issue.id, issue.subject
    sender = rt.sender(outbox)
    without = check_address(store.lists.get(DEMO_LIST), sender.transport.name)
    if without:
        report.notes.append(without)  # the outbox goes without; a real send will not
    result = send_now(sender, DEMO_LIST, issue.number)
    report.sent = result.sent
    report.files = sorted(outbox.glob(f"{issue.id}--*.eml"))
    return report
