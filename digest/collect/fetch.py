"""HTTP for feeds and article pages: timeouts, a size cap, redirects checked hop by hop, conditional GET.

The fetcher is handed its httpx.Client, so tests and the demo point it at local servers, and the
same code path runs everywhere. One Fetcher is safe to share between threads (httpx.Client is).
"""

from __future__ import annotations

import re
import ssl
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from digest.collect.inflate import ACCEPT_ENCODING, Inflater
from digest.collect.netguard import AddressRefused, GuardedTransport, Policy, policy, refuse_private
from digest.collect.urls import check_url, join_url
from digest.errors import FetchError

MAX_REDIRECTS = 5
READ_TIMEOUT = 10.0
CONNECT_TIMEOUT = 5.0
USER_AGENT = "newsletter-digest/0.1 (+https://github.com/; feed reader)"
PERMANENT_REDIRECTS = (301, 308)
_REDIRECTS = (301, 302, 303, 307, 308)
# A retry can help with anything else (5xx, 429, 408, ...); these say the request itself is wrong.
_PERMANENT_STATUSES = (400, 401, 403, 404, 405, 410)
# What an article link may lead to that is no page: refused on its Content-Type alone. Anything else,
# unlabelled or "application/octet-stream" included, is read: servers mislabel HTML far more often.
NOT_PAGES = ("application/pdf", "image/", "audio/", "video/", "font/", "application/zip",
             "application/msword", "application/vnd.")  # fmt: skip
MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9.+-]{0,60}/[a-z0-9][a-z0-9.+-]{0,80}")


@dataclass(frozen=True)
class FetchLimits:
    max_bytes: int = 5 * 1024 * 1024
    total_seconds: float = 30.0  # wall clock for the whole request, head and body: trickling is cut off
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
    if value.isascii() and value.isdigit():  # str.isdigit alone takes "²", which float() refuses
        return float(value[:12])  # more digits than that is "never": the backoff caps it anyway
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def _check_peer(url: str, response: httpx.Response) -> None:
    """The address connected to, checked again: a client that is not make_client's resolves on its own."""
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer:
        refuse_private(urlsplit(url).hostname or "", str(peer[0]))


class Fetcher:
    def __init__(self, client: httpx.Client, limits: FetchLimits | None = None) -> None:
        self._client = client
        self._limits = limits or FetchLimits()

    @property
    def limits(self) -> FetchLimits:
        return self._limits

    def get_page(self, url: str) -> FetchResult:
        """An article page: refused before its body is read when the server says it is a PDF, an
        image, audio or video (feeds link them as articles), since reading one as HTML gives noise."""
        return self.get(url, pages_only=True)

    def get(
        self, url: str, *, etag: str = "", last_modified: str = "", pages_only: bool = False
    ) -> FetchResult:
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING}
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
            check_url(current)
            result = self._get_once(current, headers, deadline, pages_only)
            location = result.headers.get("location")
            if result.status in _REDIRECTS and location:
                current = join_url(current, location)
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

    def _get_once(self, url: str, headers: dict[str, str], deadline: float, pages_only: bool) -> FetchResult:
        cap = self._limits.max_bytes
        # No single wait may outlast the whole fetch's deadline; netguard holds every read to it too,
        # so a server trickling its head is cut off like one trickling its body.
        left = max(0.05, deadline - time.monotonic())
        timeout = httpx.Timeout(min(left, READ_TIMEOUT), connect=min(left, CONNECT_TIMEOUT))
        applied = Policy(deadline=deadline, allow_private=self._limits.allow_private)
        try:
            with (
                policy(applied),
                self._client.stream(
                    "GET", url, headers=headers, follow_redirects=False, timeout=timeout
                ) as response,
            ):
                if not self._limits.allow_private:
                    _check_peer(url, response)
                if pages_only and response.is_success:
                    _check_page_type(url, response.headers.get("content-type", ""))
                declared = response.headers.get("content-length", "")
                if declared.isascii() and declared.isdigit() and int(declared) > cap:
                    raise FetchError(
                        f"{url}: declares {declared} bytes, larger than {cap} bytes, refused", permanent=True
                    )
                inflater = Inflater(url, response.headers.get("content-encoding", ""))
                body = bytearray()
                # Inflated bytes are counted, and never more than the cap allows are inflated.
                for chunk in response.iter_raw():
                    body += inflater.feed(chunk, cap - len(body))
                    self._check_body(url, body, deadline)
                body += inflater.finish(cap - len(body))
                self._check_body(url, body, deadline)
                return FetchResult(
                    url=url,  # as asked: a transport that reroutes (the demo's) must not change it
                    status=response.status_code,
                    content=bytes(body),
                    headers={k.lower(): v for k, v in response.headers.items()},
                )
        except AddressRefused as exc:
            raise FetchError(f"{url}: {exc}", permanent=True) from exc
        except httpx.TimeoutException as exc:
            if time.monotonic() + 0.05 >= deadline:  # a wait cut at the deadline may end a hair before
                raise self._too_long(url) from exc
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc

    def _check_body(self, url: str, body: bytearray, deadline: float) -> None:
        cap = self._limits.max_bytes
        if len(body) > cap:
            raise FetchError(f"{url}: body larger than {cap} bytes, refused", permanent=True)
        if time.monotonic() > deadline:
            raise self._too_long(url)

    def _too_long(self, url: str) -> FetchError:
        return FetchError(f"{url}: took longer than {self._limits.total_seconds:g} s")


def _check_page_type(url: str, content_type: str) -> None:
    media = content_type.partition(";")[0].strip().lower()
    if media.startswith(NOT_PAGES):
        shown = media if MEDIA_TYPE.fullmatch(media) else "its content type"
        raise FetchError(f"{url}: {shown} is not a web page", permanent=True)


def make_client(max_connections: int = 100, verify: ssl.SSLContext | None = None) -> httpx.Client:
    """The client production code hands the fetcher: its connections go only where netguard allows,
    within the fetch's deadline (tests of other things may build plain ones against local servers).
    `verify`: the TLS context to trust servers by (default: the system's and certifi's authorities)."""
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
    return httpx.Client(
        timeout=httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT),
        headers={"User-Agent": USER_AGENT},
        transport=GuardedTransport(limits, verify),
    )
