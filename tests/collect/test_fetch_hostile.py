"""The fetcher against hostile servers and feeds: whatever a server or a URL holds, a fetch ends within
its caps (bytes, seconds, addresses) and every failure is a FetchError naming the URL."""

from __future__ import annotations

import gzip
import socket
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from digest.collect.fetch import Fetcher, FetchLimits, make_client, retry_after_seconds
from digest.errors import FetchError
from tests.support.feedserver import Reply, Route, Server, redirect, serve
from tests.support.tls import contexts

LONG_LABEL_HOST = "a" * 300 + ".example"
ROUTES: dict[str, Route] = {
    "/ok": Reply(200, b"hello"),
    # 1 982 bytes on the wire that inflate to 20 MB through two layers.
    "/gzip-gzip": Reply(
        200, gzip.compress(gzip.compress(b"\0" * 20_000_000)), {"Content-Encoding": "gzip, gzip"}
    ),
    "/compress": Reply(200, b"\x1f\x9d\x90packed", {"Content-Encoding": "compress"}),
    # One layer, ~50 KB on the wire, 50 MB inflated: a single read of it is the whole bomb.
    "/bomb": Reply(200, gzip.compress(b"\0" * 50_000_000), {"Content-Encoding": "gzip"}),
    # About 450 bytes of head at 20 ms each: 9 s before the body starts, each byte well inside
    # any read timeout.
    "/slow-head": Reply(200, b"<rss/>", {"X-Filler": "y" * 400}, head_pace=0.02),
    "/retry-superscript": Reply(503, headers={"Retry-After": "²"}),
    "/to-broken-ipv6": redirect("http://[oops/x"),
    "/to-bad-port": redirect("http://h:99999/p"),
    "/to-long-label": redirect(f"http://{LONG_LABEL_HOST}/p"),
}


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve(ROUTES) as running:
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with make_client() as client:
        yield Fetcher(client, FetchLimits(max_bytes=1000, total_seconds=1.0, allow_private=True))


def test_stacked_content_encodings_are_refused(fetcher: Fetcher, server: Server) -> None:
    with pytest.raises(FetchError, match="Content-Encoding 'gzip, gzip'") as caught:
        fetcher.get(f"{server.base}/gzip-gzip")
    assert caught.value.permanent


def test_an_encoding_that_was_not_asked_for_is_refused(fetcher: Fetcher, server: Server) -> None:
    with pytest.raises(FetchError, match="Content-Encoding 'compress'"):
        fetcher.get(f"{server.base}/compress")


def test_a_gzip_bomb_is_refused_before_it_inflates_far_past_the_cap(server: Server) -> None:
    tracemalloc.start()
    try:
        with make_client() as client, pytest.raises(FetchError, match="body larger than 100000 bytes"):
            # The cap lets the 50 KB on the wire in: it is what they inflate to that is refused.
            Fetcher(client, FetchLimits(max_bytes=100_000, allow_private=True)).get(f"{server.base}/bomb")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The wire bytes of one read (64 KB) and the capped body, not the 50 MB the bomb holds.
    assert peak < 2_000_000


def test_headers_that_trickle_are_cut_off_at_the_deadline(fetcher: Fetcher, server: Server) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than 1 s"):
        fetcher.get(f"{server.base}/slow-head")
    assert time.monotonic() - started < 3  # the deadline is 1 s; the head alone takes 9


def test_a_retry_after_of_other_digits_than_ascii_is_ignored(fetcher: Fetcher, server: Server) -> None:
    assert retry_after_seconds("²") is None
    assert retry_after_seconds("٣") is None
    with pytest.raises(FetchError, match="HTTP 503") as caught:
        fetcher.get(f"{server.base}/retry-superscript")
    assert caught.value.retry_after is None


@pytest.mark.parametrize(
    ("route", "problem"),
    [
        ("/to-broken-ipv6", "not a valid URL"),
        ("/to-bad-port", "port"),
        ("/to-long-label", "host name"),
    ],
)
def test_a_redirect_to_a_broken_url_is_a_fetch_error(
    fetcher: Fetcher, server: Server, route: str, problem: str
) -> None:
    with pytest.raises(FetchError, match=problem) as caught:
        fetcher.get(f"{server.base}{route}")
    assert caught.value.permanent


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://[oops", "not a valid URL"),
        ("http://h:99999/p", "port"),
        (f"http://{LONG_LABEL_HOST}/", "host name"),
        ("http://exa mple.com/", "not a valid URL"),
    ],
)
def test_a_broken_url_is_a_fetch_error_naming_it(fetcher: Fetcher, url: str, problem: str) -> None:
    with pytest.raises(FetchError, match=problem) as caught:
        fetcher.get(url)
    assert str(caught.value).startswith(url)


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b:1::a00:1",  # local-use NAT64 (RFC 8215)
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
    ],
)
def test_translated_forms_of_private_addresses_are_refused(server: Server, address: str) -> None:
    with make_client() as client:
        strict = Fetcher(client, FetchLimits(total_seconds=1.0))
        with pytest.raises(FetchError, match="non-public address"):
            strict.get(f"http://[{address}]:{server.port}/ok")


def _rebinding(monkeypatch: pytest.MonkeyPatch, host: str, answers: list[str]) -> list[str]:
    """DNS for `host` answers each address of `answers` in turn (the last one from then on), as a
    rebinding attacker's name server does; every other name resolves as usual. Returns the log."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(name: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if name != host:
            return real(name, port, *args, **kwargs)
        address = answers[min(len(asked), len(answers) - 1)]
        asked.append(address)
        return real(address, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_rebinding_name_never_gets_a_request_to_a_private_address(
    monkeypatch: pytest.MonkeyPatch, server: Server
) -> None:
    # Public when checked, loopback when connected: the request must go to the address checked.
    _rebinding(monkeypatch, "rebind.example", ["93.184.215.14", "127.0.0.1"])
    hits_before = server.hits["/ok"]
    with make_client() as client:
        strict = Fetcher(client, FetchLimits(total_seconds=1.0))
        with pytest.raises(FetchError):
            strict.get(f"http://rebind.example:{server.port}/ok")
    assert server.hits["/ok"] == hits_before


def test_the_connection_goes_to_the_resolved_address_with_the_host_name_kept(
    monkeypatch: pytest.MonkeyPatch, server: Server
) -> None:
    asked = _rebinding(monkeypatch, "feeds.example", ["127.0.0.1"])
    seen: list[str] = []
    server.routes["/host"] = lambda headers: (seen.append(headers["host"]), Reply(200, b"ok"))[1]
    with make_client() as client:
        allowed = Fetcher(client, FetchLimits(total_seconds=2.0, allow_private=True))
        assert allowed.get(f"http://feeds.example:{server.port}/host").content == b"ok"
    assert seen == [f"feeds.example:{server.port}"]
    assert asked == ["127.0.0.1"]  # resolved once, for the connection that was checked


def test_a_name_server_that_stalls_is_cut_off_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch, server: Server
) -> None:
    real = socket.getaddrinfo

    def stalling(name: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if name == "slow-dns.example":
            time.sleep(5)  # a hostile authoritative server answers at the resolver's last moment
        return real(name, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", stalling)
    started = time.monotonic()
    with make_client() as client:
        fetcher = Fetcher(client, FetchLimits(total_seconds=1.0))
        with pytest.raises(FetchError, match="took longer than 1 s"):
            fetcher.get(f"http://slow-dns.example:{server.port}/ok")
    assert time.monotonic() - started < 3


def test_tls_goes_to_the_checked_address_under_the_feeds_own_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    server_tls, client_tls = contexts(tmp_path, "feeds.example")
    names: list[str | None] = []
    server_tls.sni_callback = lambda sock, name, context: names.append(name)
    _rebinding(monkeypatch, "feeds.example", ["127.0.0.1"])
    with (
        serve({"/ok": Reply(200, b"hello")}, tls=server_tls) as secure,
        make_client(verify=client_tls) as client,
    ):
        fetcher = Fetcher(client, FetchLimits(total_seconds=2.0, allow_private=True))
        # The certificate is checked against the name, the SNI says the name: only the socket
        # went to the address that was resolved and checked.
        assert fetcher.get(f"https://feeds.example:{secure.port}/ok").content == b"hello"
    assert names == ["feeds.example"]


def test_a_certificate_for_another_name_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    server_tls, client_tls = contexts(tmp_path, "feeds.example")
    _rebinding(monkeypatch, "other.example", ["127.0.0.1"])
    with (
        serve({"/ok": Reply(200, b"hello")}, tls=server_tls) as secure,
        make_client(verify=client_tls) as client,
    ):
        fetcher = Fetcher(client, FetchLimits(total_seconds=2.0, allow_private=True))
        with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
            fetcher.get(f"https://other.example:{secure.port}/ok")
