"""Render the public pages (templates/web/, the same template family as the emails)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from werkzeug.wrappers import Response

from digest.issues.colours import brand_style
from digest.issues.render import DEFAULT_TEMPLATES_DIR, environment
from digest.models import Branding
from digest.runtime import Runtime


def runtime() -> Runtime:
    rt = current_app.extensions["digest"]
    assert isinstance(rt, Runtime)
    return rt


def page(title: str, lines: list[str], *, status: int = 200, brand: Branding | None = None) -> Response:
    return render("web/message.html.j2", status=status, title=title, lines=lines, brand=brand)


def render(template: str, *, status: int = 200, brand: Branding | None = None, **context: Any) -> Response:
    """A page in the list's branding (`brand`), or the house's for pages of no list."""
    style = brand_style(brand or Branding())
    html = environment(DEFAULT_TEMPLATES_DIR.resolve()).get_template(template).render(brand=style, **context)
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"  # pages behind personal links must not be cached
    return response


def editions_for(slug: str) -> list[dict[str, str]]:
    from digest.schedules.cron import describe

    return [
        {"name": s.edition, "label": f"{s.edition} — {describe(s.cron).lower()} ({s.tz})"}
        for s in runtime().store.schedules.for_list(slug)
    ]
