"""The subscriber-facing HTTP app: opt-in, one-click unsubscribe, preferences, archive, webhooks, health.

A thin face over digest.audience (subscribe, preferences) and the store; `digest web` serves it with gunicorn.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from digest.errors import DigestError, InvalidInput, NotFound
from digest.runtime import Runtime
from digest.web import guards, mailroom
from digest.web.admin import admin
from digest.web.archive import archive
from digest.web.health import health
from digest.web.metrics import metrics
from digest.web.pages import page
from digest.web.subscribe import subscribe
from digest.web.unsubscribe import unsubscribe
from digest.web.webhooks import webhooks

log = logging.getLogger(__name__)


def create_app(runtime: Runtime | None = None) -> Flask:
    app = Flask(__name__)
    runtime = app.extensions["digest"] = runtime or Runtime.from_env()
    hops = runtime.settings.proxy_hops
    if hops:
        # Behind a proxy every request comes from the proxy's address: the per-client rate limit of the
        # form would be one limit for everybody. Only as many X-Forwarded-* hops as configured are
        # believed, since a client can send the header itself.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    # The largest body any route takes; each route lowers it (guards.limit_body) before parsing.
    app.config["MAX_CONTENT_LENGTH"] = guards.WEBHOOK_BYTES
    app.before_request(lambda: guards.limit_body(request))
    app.after_request(guards.secure_headers)
    mailroom.install(app)
    for blueprint in (subscribe, unsubscribe, archive, health, webhooks, metrics, admin):
        app.register_blueprint(blueprint)

    @app.errorhandler(InvalidInput)
    def bad_input(exc: InvalidInput) -> Response:
        return _answer("Something is wrong with this link", str(exc), 400)

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound) -> Response:
        return _answer(
            "Not found", "There is nothing here. Check the link, or ask the sender for a new one.", 404
        )

    @app.errorhandler(DigestError)
    def refused(exc: DigestError) -> Response:
        return _answer("That did not work", str(exc), 400)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        return _answer(exc.name, exc.description or "", exc.code or 500)

    @app.errorhandler(Exception)
    def crash(exc: Exception) -> Response:
        log.exception("unhandled error")  # the traceback goes to the log, never to the page
        return _answer("Sorry, something broke", "Please try again in a minute.", 500)

    return app


def _answer(title: str, text: str, status: int) -> Response:
    """An error as a page for people, and as JSON for the providers that call the webhooks."""
    if request.path.startswith("/webhooks/"):
        response = jsonify({"error": text or title})
        response.status_code = status
        return response
    return page(title, [text], status=status)
