"""The subscriber-facing HTTP app: opt-in, one-click unsubscribe, preferences, archive, webhooks, health.

A thin face over digest.audience (subscribe, preferences) and the store; `digest web` serves it with gunicorn.
"""

from __future__ import annotations

import logging

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from digest.errors import DigestError, InvalidInput, NotFound
from digest.runtime import Runtime
from digest.web.archive import archive
from digest.web.health import health
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
    app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024  # a large webhook batch, not a file upload
    for blueprint in (subscribe, unsubscribe, archive, health, webhooks):
        app.register_blueprint(blueprint)

    @app.errorhandler(InvalidInput)
    def bad_input(exc: InvalidInput) -> Response:
        return page("Something is wrong with this link", [str(exc)], status=400)

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound) -> Response:
        return page(
            "Not found",
            ["There is nothing here. Check the link, or ask the sender for a new one."],
            status=404,
        )

    @app.errorhandler(DigestError)
    def refused(exc: DigestError) -> Response:
        return page("That did not work", [str(exc)], status=400)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        return page(exc.name, [exc.description or ""], status=exc.code or 500)

    @app.errorhandler(Exception)
    def crash(exc: Exception) -> Response:
        log.exception("unhandled error")  # the traceback goes to the log, never to the page
        return page("Sorry, something broke", ["Please try again in a minute."], status=500)

    return app
