"""HTTP for feeds and article pages: timeouts, a size cap, redirects checked hop by hop, conditional GET.

The fetcher is handed its httpx.Client, so tests and the demo point it at local servers, and the
same code path runs everywhere. One Fetcher is safe to share between threads (httpx.Client is).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from digest.errors import FetchError

MAX_REDIRECTS = 5
READ_TIMEOUT = 10.0
CONNECT_TIMEOUT = 5.0
USER_AGENT = "newsletter-digest/0.1 (+https://github.com/; feed reader)"
PERMANENT_REDIRECTS = (301, 308)
_REDIRECTS = (301, 302, 303, 307, 308)
# A retry can help with anything else (5xx, 429, 408, ...); these say the request itself is wrong.
_PERMANENT_STATUSES = (400, 401, 403, 404, 405, 410)


@dataclass(frozen=True)
class FetchLimits:
    max_bytes: int = 5 * 1024 * 1024
    total_seconds: float = 30.0  # wall clock for the whole body: a server trickling bytes is cut off
    allow_private: bool = False


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects: relative links in the body resolve against it
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Where the resource now lives for good: the URL reached through permanent redirects only
    # (a temporary hop on the way stops it, since the next poll must go through that hop again).
    permanent_url: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def retry_after_seconds(value: str, now: float | None = None) -> float | None:
    """Retry-After as seconds from now: either delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def _refuse_private(url: str, host: str, address: str) -> None:
    if not ipaddress.ip_address(address.split("%", 1)[0]).is_global:
        # Feeds are user input: without this a feed URL could read the operator's internal network.
        raise FetchError(
            f"{url}: {host} resolves to the non-public address {address}; "
            "set DIGEST_ALLOW_PRIVATE_URLS=1 to allow it",
            permanent=True,
        )


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
        _refuse_private(url, host, str(info[4][0]))


def _check_peer(url: str, response: httpx.Response) -> None:
    """The address actually connected to, checked again: DNS may answer differently the second time."""
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer:
        _refuse_private(url, urlsplit(url).hostname or "", str(peer[0]))


class Fetcher:
    def __init__(self, client: httpx.Client, limits: FetchLimits | None = None) -> None:
        self._client = client
        self._limits = limits or FetchLimits()

    @property
    def limits(self) -> FetchLimits:
        return self._limits

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + self._limits.total_seconds
        current = url
        permanent_url = url
        still_permanent = True
        seen = {url}
        for _hop in range(MAX_REDIRECTS + 1):
            _check_address(current, self._limits.allow_private)
            result = self._get_once(current, headers, deadline)
            location = result.headers.get("location")
            if result.status in _REDIRECTS and location:
                current = urljoin(current, location)
                if current in seen:
                    raise FetchError(f"{url}: redirect loop through {current}", permanent=True)
                seen.add(current)
                still_permanent = still_permanent and result.status in PERMANENT_REDIRECTS
                if still_permanent:
                    permanent_url = current
                continue
            if result.status == 304 or 200 <= result.status < 300:
                return FetchResult(
                    url=result.url,
                    status=result.status,
                    content=result.content,
                    headers=result.headers,
                    permanent_url=permanent_url,
                )
            raise FetchError(
                f"{current}: HTTP {result.status}",
                permanent=result.status in _PERMANENT_STATUSES,
                status=result.status,
                retry_after=retry_after_seconds(result.headers.get("retry-after", "")),
            )
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects", permanent=True)

    def _get_once(self, url: str, headers: dict[str, str], deadline: float) -> FetchResult:
        cap = self._limits.max_bytes
        # No single wait may outlast the whole fetch's deadline (a server that stalls before its headers).
        left = max(0.05, deadline - time.monotonic())
        timeout = httpx.Timeout(min(left, READ_TIMEOUT), connect=min(left, CONNECT_TIMEOUT))
        try:
            with self._client.stream(
                "GET", url, headers=headers, follow_redirects=False, timeout=timeout
            ) as response:
                if not self._limits.allow_private:
                    _check_peer(url, response)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > cap:
                    raise FetchError(
                        f"{url}: declares {declared} bytes, larger than {cap} bytes, refused", permanent=True
                    )
                body = bytearray()
                # Decoded bytes are counted, so a small gzip body that inflates past the cap is refused too.
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > cap:
                        raise FetchError(f"{url}: body larger than {cap} bytes, refused", permanent=True)
                    if time.monotonic() > deadline:
                        raise FetchError(f"{url}: took longer than {self._limits.total_seconds:.0f} s")
                return FetchResult(
                    url=url,  # as asked: a transport that reroutes (the demo's) must not change it
                    status=response.status_code,
                    content=bytes(body),
                    headers={k.lower(): v for k, v in response.headers.items()},
                )
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc


def make_client(max_connections: int = 100) -> httpx.Client:
    """The client production code hands the fetcher (tests build their own against local servers)."""
    return httpx.Client(
        timeout=httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT),
        headers={"User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
    )
