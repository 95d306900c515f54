"""The operators' door: /metrics and /admin answer only a request that proves DIGEST_ADMIN_TOKEN.

Unset, the pages do not exist (404). /metrics takes the token as a bearer header only (Prometheus sends
it so); /admin takes the header too, or the cookie its login form sets: a value signed with the token
itself (never the token), HttpOnly, SameSite=Strict and limited to /admin, so changing the token signs
everybody out and a page of another site cannot make a browser use it. Comparisons are constant-time.
"""

from __future__ import annotations

import hmac

from flask import Request
from itsdangerous import BadSignature, TimestampSigner
from werkzeug.wrappers import Response

MAX_AUTHORIZATION = 512  # a bearer header of ours is a few dozen characters
COOKIE = "digest_admin"
SESSION_SECONDS = 12 * 3600  # a working day; then the form again
_SALT = "digest-admin-session"
_SUBJECT = "operator"


def refusal(request: Request, token: str) -> Response | None:
    """None when the request carries the bearer token; otherwise the answer to give it (no data)."""
    if not token:
        return plain("Not found\n", 404)
    if bearer_ok(request, token):
        return None
    response = plain("A valid bearer token is required\n", 401)
    response.headers["WWW-Authenticate"] = 'Bearer realm="digest operators"'
    return response


def bearer_ok(request: Request, token: str) -> bool:
    offered = request.headers.get("Authorization", "")[:MAX_AUTHORIZATION]
    scheme, _, credentials = offered.partition(" ")
    return scheme.lower() == "bearer" and token_matches(credentials.strip(), token)


def token_matches(given: str, token: str) -> bool:
    return bool(token) and hmac.compare_digest(given.encode("utf-8", "replace"), token.encode())


def signed_in(request: Request, token: str) -> bool:
    """The bearer header, or a session cookie signed with the current token and not yet expired."""
    if not token:
        return False
    if bearer_ok(request, token):
        return True
    cookie = request.cookies.get(COOKIE, "")[:MAX_AUTHORIZATION]
    try:
        value = _signer(token).unsign(cookie, max_age=SESSION_SECONDS)
    except BadSignature:  # SignatureExpired included
        return False
    return hmac.compare_digest(value, _SUBJECT.encode())


def open_session(response: Response, token: str, *, secure: bool) -> None:
    response.set_cookie(
        COOKIE,
        _signer(token).sign(_SUBJECT).decode(),
        max_age=SESSION_SECONDS,
        path="/admin",
        secure=secure,
        httponly=True,
        samesite="Strict",
    )


def close_session(response: Response, *, secure: bool) -> None:
    response.delete_cookie(COOKIE, path="/admin", secure=secure, httponly=True, samesite="Strict")


def _signer(token: str) -> TimestampSigner:
    return TimestampSigner(token, salt=_SALT)


def plain(text: str, status: int) -> Response:
    response = Response(text, status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response
