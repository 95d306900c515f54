"""The loopback server that bench_polling.py polls: generated feeds for rounds (a) and (c), spread over
HOSTS host names, and the article pages they link to.

It runs in a process of its own on asyncio, so that serving costs the benchmark as little CPU as can
be, and the poller's figures are the poller's. Every feed carries an ETag and answers 304 to it. Round
(c)'s feeds misbehave: one in twenty is broken (HTTP 500 or a web page instead of a feed), and of the
rest one in ten answers only after SLOW_SECONDS.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from multiprocessing.process import BaseProcess
from typing import Any

HOSTS = 250  # 4 feeds per host: the per-host cap (2) is exercised
ENTRIES = 20
SLOW_SECONDS = 2.0
PARAGRAPH = (
    "The harbour authority said the new berth would open next spring after dredging is finished. "
    "Local traders welcomed the decision, which follows two years of consultation with residents. "
)


def url_of(round_name: str, n: int) -> str:
    return f"http://h{n % HOSTS}.bench.test/f/{round_name}/{n}"


def is_broken(n: int) -> bool:
    """Round (c)'s feed n is broken: HTTP 500 or a web page instead of a feed."""
    return n % 20 == 0


def is_slow(n: int) -> bool:
    """Round (c)'s feed n answers only after SLOW_SECONDS."""
    return n % 10 == 5 and not is_broken(n)


def feed_xml(round_name: str, n: int) -> bytes:
    host = f"h{n % HOSTS}.bench.test"
    items = []
    for k in range(ENTRIES):
        items.append(
            f"<item><title>Story {k} of feed {n} ({round_name})</title>"
            f"<link>http://{host}/p/{round_name}/{n}/{k}.html</link>"
            f"<guid isPermaLink='false'>{round_name}-{n}-{k}</guid>"
            f"<pubDate>Mon, 03 Nov 2025 {k % 24:02d}:00:00 GMT</pubDate>"
            f"<description>{PARAGRAPH * 3}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bench feed {n}</title><link>http://{host}/</link>{''.join(items)}</channel></rss>"
    ).encode()


def page_html(path: str) -> bytes:
    body = "".join(f"<p>{PARAGRAPH} Paragraph {i}.</p>" for i in range(8))
    return (
        f"<!doctype html><html><head><title>{path}</title></head><body><nav>Home</nav>"
        f"<article><h1>{path}</h1>{body}</article><footer>Subscribe</footer></body></html>"
    ).encode()


def _response(status: int, body: bytes, headers: dict[str, str]) -> bytes:
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def _handle(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, feeds: dict[str, bytes]
) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1]
            headers = {k.lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
            parts = path.strip("/").split("/")  # f/ROUND/N  or  p/ROUND/N/K.html
            if parts[0] == "f" and path in feeds:
                n = int(parts[2])
                etag = f'"{parts[1]}-{n}"'
                if parts[1] == "c" and is_broken(n):
                    reply = (
                        _response(500, b"oops", {}) if n % 40 == 0 else _response(200, page_html(path), {})
                    )
                elif headers.get("if-none-match") == etag:
                    reply = _response(304, b"", {"ETag": etag})
                else:
                    if parts[1] == "c" and is_slow(n):
                        await asyncio.sleep(SLOW_SECONDS)
                    reply = _response(200, feeds[path], {"ETag": etag, "Content-Type": "application/rss+xml"})
            elif parts[0] == "p":
                reply = _response(200, page_html(path), {"Content-Type": "text/html; charset=utf-8"})
            else:
                reply = _response(404, b"no", {})
            writer.write(reply)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def _serve(port_out: Any, count: int) -> None:
    feeds = {f"/f/{r}/{n}": feed_xml(r, n) for r in ("a", "c") for n in range(count)}

    async def main() -> None:
        server = await asyncio.start_server(lambda r, w: _handle(r, w, feeds), "127.0.0.1", 0, backlog=1024)
        port_out.value = server.sockets[0].getsockname()[1]
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def start(count: int) -> tuple[BaseProcess, int]:
    """The server in a forked process, serving `count` feeds a round; the process and its port."""
    port_value = multiprocessing.get_context("fork").Value("i", 0)
    server = multiprocessing.get_context("fork").Process(target=_serve, args=(port_value, count), daemon=True)
    server.start()
    while not port_value.value:
        time.sleep(0.05)
    return server, int(port_value.value)
