"""Where a fetch may connect, decided on the connection itself, and by when it must be over.

Checking a name's addresses and then letting the HTTP library resolve it again leaves a gap: a
rebinding name server answers a public address to the check and a private one to the connection, and
the GET has gone out before anyone looks at the peer. So the connection is opened here: the name is
resolved once, every address is checked, and the socket goes to an address that was checked. TLS and
the Host header still use the name (httpcore does the handshake on the stream returned here).

The same streams enforce the fetch's wall-clock deadline on every read and write, so a server that
trickles its head (h11 takes 16 KB of it, a byte at a time, for hours) is cut off like one that
trickles its body. What applies to a request (its deadline, whether private addresses are allowed)
comes from the Fetcher through a context variable, set around each request, so one shared client
serves fetchers with different limits, and a client used without a Fetcher is strict.
"""

from __future__ import annotations

import ipaddress
import math
import os
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from digest.errors import FetchError

_RESOLVER_THREADS = 64  # lookups at once per process: as many as the poller has requests in flight
_resolvers: dict[
    int, ThreadPoolExecutor
] = {}  # per process id: a forked child has none of its parent's threads
_resolvers_lock = threading.Lock()
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the last 32 bits are an IPv4 address
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: translation inside one network


@dataclass(frozen=True)
class Policy:
    deadline: float = math.inf  # time.monotonic() by which the whole request must be over
    allow_private: bool = False


_STRICT = Policy()  # a client used outside a Fetcher: no deadline of ours, public addresses only
_policy: ContextVar[Policy | None] = ContextVar("digest_fetch_policy", default=None)


def _current() -> Policy:
    return _policy.get() or _STRICT


@contextmanager
def policy(applied: Policy) -> Iterator[None]:
    token = _policy.set(applied)
    try:
        yield
    finally:
        _policy.reset(token)


class AddressRefused(FetchError):
    """Raised inside the HTTP library's connect; the Fetcher adds the URL to it."""


def is_public(address: str) -> bool:
    """Globally reachable, and not a private IPv4 address dressed as IPv6 (mapped, NAT64, 6to4)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if not ip.is_global:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _LOCAL_NAT64:
            return False
        inner = ip.ipv4_mapped or ip.sixtofour
        if ip in _NAT64:
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None and not inner.is_global:
            return False
    return True


def refuse_private(host: str, address: str) -> None:
    if not is_public(address):
        # Feeds are user input: without this a feed URL could read the operator's internal network.
        raise AddressRefused(
            f"{host} resolves to the non-public address {address}; "
            "set DIGEST_ALLOW_PRIVATE_URLS=1 to allow it",
            permanent=True,
        )


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    """The timeout of one network wait, never past the request's deadline."""
    left = _current().deadline - time.monotonic()
    if left <= 0:
        raise error("the fetch's deadline has passed")
    if math.isinf(left):
        return timeout
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """Resolves once, checks every address, connects to a checked one."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _resolve(host, port)
        if not _current().allow_private:
            for address in addresses:
                refuse_private(host, address)
        failure: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    address, port, _left(timeout, httpcore.ConnectTimeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc  # the next address of the name may answer
                continue
            return _DeadlineStream(stream)
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("feeds are fetched over TCP only")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _resolve(host: str, port: int) -> list[str]:
    """The name's addresses, within the request's deadline: a name server that stalls (a hostile one
    answers at the resolver's last moment) must not hold the fetch. The lookup that overruns finishes
    in its pool thread, unwaited for."""
    future = _resolver_pool().submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=_left(None, httpcore.ConnectTimeout))
    except FutureTimeout:
        raise httpcore.ConnectTimeout(f"resolving {host} outlasted the fetch's deadline") from None
    except (OSError, UnicodeError) as exc:
        raise httpcore.ConnectError(f"cannot resolve {host} ({exc})") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _resolver_pool() -> ThreadPoolExecutor:
    """Lookups run in this pool so a fetch can stop waiting for one."""
    with _resolvers_lock:
        pool = _resolvers.get(os.getpid())
        if pool is None:
            pool = _resolvers[os.getpid()] = ThreadPoolExecutor(_RESOLVER_THREADS, "digest-resolve")
        return pool


class GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport, its connections opened by GuardedBackend (HTTP/1.1, no proxy: a proxy
    would make the address we check the proxy's, not the feed's)."""

    def __init__(self, limits: httpx.Limits, verify: ssl.SSLContext | None = None) -> None:
        super().__init__(limits=limits)
        self._pool = httpcore.ConnectionPool(
            ssl_context=verify or httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(),
        )
