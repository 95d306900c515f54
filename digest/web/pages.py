"""Render the public pages (templates/web/, the same template family as the emails)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from werkzeug.wrappers import Response

from digest.issues.colours import brand_style
from digest.issues.render import DEFAULT_TEMPLATES_DIR, environment
from digest.models import Branding
from digest.runtime import Runtime
from digest.schedules.wording import in_words


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


def sentence(text: str) -> str:
    """A message for a page: our errors are written to follow "error:" in a log or a terminal, in lower
    case; on a page, where they stand alone, they start with a capital and end with a stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".?!" else text + "."


def editions_for(slug: str) -> list[dict[str, str]]:
    """Each edition labelled by when it comes; its name, which is the operator's word, only where two
    editions come at the same time."""
    schedules = runtime().store.schedules.for_list(slug)
    labels = [in_words(s.cron, s.tz) for s in schedules]
    return [
        {"name": s.edition, "label": label if labels.count(label) == 1 else f"{label}: {s.edition}"}
        for s, label in zip(schedules, labels, strict=True)
    ]
