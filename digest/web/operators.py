"""The operators' door: /metrics (and later /admin) answer only a request carrying DIGEST_ADMIN_TOKEN.

Unset, the pages do not exist (404); a missing or wrong token gets 401 and a body that says only that.
The comparison is constant-time, so the answer's timing tells nothing about how much of a guess was right.
"""

from __future__ import annotations

import hmac

from flask import Request
from werkzeug.wrappers import Response

MAX_AUTHORIZATION = 512  # a bearer header of ours is a few dozen characters


def refusal(request: Request, token: str) -> Response | None:
    """None when the request may see the operators' figures; otherwise the answer to give it."""
    if not token:
        return _plain("Not found\n", 404)
    offered = request.headers.get("Authorization", "")[:MAX_AUTHORIZATION]
    scheme, _, credentials = offered.partition(" ")
    given = credentials.strip().encode("utf-8", "replace")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given, token.encode()):
        response = _plain("A valid bearer token is required\n", 401)
        response.headers["WWW-Authenticate"] = 'Bearer realm="digest operators"'
        return response
    return None


def _plain(text: str, status: int) -> Response:
    response = Response(text, status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response
