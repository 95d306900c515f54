"""UTM tags on article links, so publishers see the digest's readers in their own analytics.

Pure: strings in, strings out. Tags go only on http(s) links, after the link's own query parameters
(which stay as they were); a parameter the link already sets keeps the publisher's value. The same
names are taken off again when a click is matched to its article (digest/admin/report.py).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MEDIUM = "email"
UTM_NAMES = ("utm_source", "utm_medium", "utm_campaign")


def with_utm(url: str, source: str, campaign: str) -> str:
    """`url` with utm_source=source&utm_medium=email&utm_campaign=campaign added; other URLs unchanged."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    present = {name for name, _value in parse_qsl(parts.query, keep_blank_values=True)}
    wanted = {"utm_source": source, "utm_medium": MEDIUM, "utm_campaign": campaign}
    extra = urlencode([(name, wanted[name]) for name in UTM_NAMES if name not in present])
    if not extra:
        return url
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit(parts._replace(query=query))


def without_utm(url: str) -> str:
    """The link with the UTM names we add taken out and the rest of its query as it was: what a click
    and an article are matched on. Scheme and host compare case-insensitively, as browsers do."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    kept = [
        piece for piece in parts.query.split("&") if piece and piece.split("=", 1)[0].lower() not in UTM_NAMES
    ]
    return urlunsplit(
        parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower(), query="&".join(kept))
    )
