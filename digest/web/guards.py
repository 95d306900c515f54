"""What every request and answer of the web app goes through: limits on what a client may send,
the same-site check of forms, the client a rate limit counts, and the headers every answer carries."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from flask import Request
from werkzeug.wrappers import Response

FORM_BYTES = 16 * 1024  # a form of ours is an address, a name and a few choices
WEBHOOK_BYTES = 20 * 1024 * 1024  # a large batch of provider events
INBOUND_BYTES = 1024 * 1024  # a mail to the unsubscribe address: a subject line, a short body
INBOUND_FIELD_BYTES = 256 * 1024
# Routes (endpoint names) that take more than a form; everything else gets FORM_BYTES.
_LIMITS = {"webhooks.sendgrid_events": WEBHOOK_BYTES, "unsubscribe.inbound": INBOUND_BYTES}
# No scripts at all; the pages' own <style> and the archived issues' inline styles; images of issues.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def limit_body(request: Request) -> None:
    """Cap what the route will read before anything parses the body (413 beyond it)."""
    request.max_content_length = _LIMITS.get(request.endpoint or "", FORM_BYTES)
    request.max_form_memory_size = min(request.max_content_length, INBOUND_FIELD_BYTES)


def secure_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # Tokens in our URLs must not leak to other sites; "no-referrer" would also make browsers send
    # `Origin: null` on our own form posts, which the same-site check must refuse.
    headers.setdefault("Referrer-Policy", "same-origin")
    return response


def posted_from_elsewhere(request: Request, base_url: str) -> bool:
    """A form post whose browser says it came from another site (cross-site request forgery, or a
    page that bombs addresses with confirmations through its visitors). Browsers send Origin on every
    form post; privacy tools may strip it and Referer both, so a post with neither is let through."""
    claimed = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not claimed.strip():
        return False
    return _origin_of(claimed) not in {_origin_of(base_url), _origin_of(request.host_url)}


def _origin_of(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return "invalid"
    if not parts.scheme or not parts.hostname:
        return "invalid" if url.strip() else ""
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    suffix = f":{port}" if port and port != default else ""
    return f"{parts.scheme.lower()}://{host.lower()}{suffix}"


def client_key(remote_addr: str | None) -> str:
    """Who a per-client limit counts: an IPv4 address, or the /64 network of an IPv6 one (one
    subscriber line gets a whole /64, so counting single addresses would be no limit at all)."""
    try:
        address = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return (remote_addr or "-")[:64]  # not an address (a proxy's odd header): counted as it is
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)
