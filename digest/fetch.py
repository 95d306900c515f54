"""HTTP for feeds and article pages: timeouts, a size cap, redirects checked hop by hop, conditional GET.

The fetcher is handed its httpx.Client, so tests and the demo point it at local servers, and the
same code path runs everywhere.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from digest.errors import FetchError

MAX_REDIRECTS = 5
USER_AGENT = "newsletter-digest/0.1 (+https://github.com/; feed reader)"


@dataclass(frozen=True)
class FetchLimits:
    max_bytes: int = 5 * 1024 * 1024
    total_seconds: float = 30.0  # wall clock for the whole body: a server trickling bytes is cut off
    allow_private: bool = False


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _check_address(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched", permanent=True)
    host = parts.hostname
    if not host:
        raise FetchError(f"{url}: the URL has no host", permanent=True)
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise FetchError(f"{url}: cannot resolve {host} ({exc})") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            # Feeds are user input: without this a feed URL could read the operator's internal network.
            raise FetchError(
                f"{url}: {host} resolves to the non-public address {address}; "
                "set DIGEST_ALLOW_PRIVATE_URLS=1 to allow it",
                permanent=True,
            )


class Fetcher:
    def __init__(self, client: httpx.Client, limits: FetchLimits | None = None) -> None:
        self._client = client
        self._limits = limits or FetchLimits()

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + self._limits.total_seconds
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            _check_address(current, self._limits.allow_private)
            result = self._get_once(current, headers, deadline)
            location = result.headers.get("location")
            if result.status in (301, 302, 303, 307, 308) and location:
                current = urljoin(current, location)
                continue
            if result.status == 304 or 200 <= result.status < 300:
                return result
            permanent = result.status in (400, 401, 403, 404, 405, 410)
            raise FetchError(f"{current}: HTTP {result.status}", permanent=permanent)
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects", permanent=True)

    def _get_once(self, url: str, headers: dict[str, str], deadline: float) -> FetchResult:
        try:
            with self._client.stream("GET", url, headers=headers, follow_redirects=False) as response:
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self._limits.max_bytes:
                        raise FetchError(
                            f"{url}: body larger than {self._limits.max_bytes} bytes, refused", permanent=True
                        )
                    if time.monotonic() > deadline:
                        raise FetchError(f"{url}: took longer than {self._limits.total_seconds:.0f} s")
                return FetchResult(
                    url=str(response.url),
                    status=response.status_code,
                    content=bytes(body),
                    headers={k.lower(): v for k, v in response.headers.items()},
                )
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc


def make_client(timeout: float = 10.0) -> httpx.Client:
    """The client production code hands the fetcher (tests build their own against local servers)."""
    return httpx.Client(timeout=httpx.Timeout(timeout, connect=5.0), headers={"User-Agent": USER_AGENT})
