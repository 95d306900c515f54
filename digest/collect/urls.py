"""Whether a URL from a feed, a page or a redirect can be fetched at all, said before any DNS or socket.

URLs come from strangers: a port out of range, a broken IPv6 literal or a 300-character host label
must end as a refusal naming the URL, never as a ValueError or UnicodeError deep in a library.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urljoin, urlsplit

import httpx

from digest.errors import FetchError

SCHEMES = ("http", "https")
MAX_URL_CHARS = 8192  # far beyond any real feed or page address; a longer one is an attack or a bug


def url_problem(url: str) -> str:
    """Why the URL cannot be fetched, in a few words; "" when it can."""
    if len(url) > MAX_URL_CHARS:
        return f"not a valid URL (longer than {MAX_URL_CHARS} characters)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsing it is the check: it raises when out of range
    except ValueError as exc:
        return (
            "the port is not a number from 0 to 65535" if "Port" in str(exc) else f"not a valid URL ({exc})"
        )
    if parts.scheme not in SCHEMES:
        return "only http and https URLs can be fetched"
    host = parts.hostname
    if not host:
        return "the URL has no host"
    if any(c.isspace() or not c.isprintable() for c in host):
        return "not a valid URL (the host name holds spaces or control characters)"
    if not _is_address(host):
        try:
            host.encode("idna")
        except UnicodeError:
            return "the host name is not valid (each dot-separated part must be 1 to 63 characters)"
    try:
        httpx.URL(url)
    except httpx.InvalidURL as exc:
        return f"not a valid URL ({exc})"
    return ""


def check_url(url: str) -> None:
    problem = url_problem(url)
    if problem:
        raise FetchError(f"{url}: {problem}", permanent=True)


def join_url(base: str, location: str) -> str:
    """A redirect's target, absolute (check_url it before fetching); a Location that cannot even be
    joined is the server's error, said so."""
    try:
        return urljoin(base, location.strip())
    except ValueError as exc:
        raise FetchError(
            f"{base}: redirects to {location[:200]!r}, which is not a valid URL ({exc})", permanent=True
        ) from exc


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True
