"""/admin: the operators' pages — every list's stats as charts and its last issues' reports.

Off unless DIGEST_ADMIN_TOKEN is set (404); without the token (bearer header or the login form's
session cookie) every page answers 401 with the login form and nothing of the data.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, redirect, request
from werkzeug.wrappers import Response

from digest.admin.dashboard import read_dashboard
from digest.admin.series import COMPLAINT_LINE
from digest.runtime import utcnow
from digest.web import operators
from digest.web.charts import Series, bars
from digest.web.guards import client_key, posted_from_elsewhere
from digest.web.pages import page, render, runtime

admin = Blueprint("admin", __name__)
WINDOW = timedelta(days=90)
LOGIN_LIMIT = 10  # tries per client per window: a person mistyping, not a guesser
LOGIN_WINDOW = 900


def _gate() -> Response | None:
    """None for a signed-in operator; else 404 (pages off) or the login form with 401."""
    token = runtime().settings.admin_token
    if not token:
        return operators.plain("Not found\n", 404)
    if operators.signed_in(request, token):
        return None
    return _login_form(status=401)


def _login_form(*, status: int, note: str = "") -> Response:
    return render("web/admin_login.html.j2", status=status, title="Operators", note=note)


def _secure() -> bool:
    return request.is_secure or runtime().settings.base_url.startswith("https://")


@admin.get("/admin/login")
def login_form() -> Response:
    if not runtime().settings.admin_token:
        return operators.plain("Not found\n", 404)
    return _login_form(status=200)


@admin.post("/admin/login")
def login() -> Response:
    rt = runtime()
    token = rt.settings.admin_token
    if not token:
        return operators.plain("Not found\n", 404)
    if posted_from_elsewhere(request, rt.settings.base_url):
        return page("Refused", ["This form can only be sent from its own page."], status=403)
    if not rt.store.throttle.allow(
        "admin-login", client_key(request.remote_addr), limit=LOGIN_LIMIT, window_seconds=LOGIN_WINDOW
    ):
        return _login_form(status=429, note="Too many tries: wait a quarter of an hour.")
    if not operators.token_matches(request.form.get("token", "").strip(), token):
        return _login_form(status=401, note="That is not the token.")
    response = redirect("/admin/", code=303)
    operators.open_session(response, token, secure=_secure())
    return response


@admin.post("/admin/logout")
def logout() -> Response:
    response = redirect("/admin/login", code=303)
    operators.close_session(response, secure=_secure())
    return response


@admin.get("/admin/")
def lists() -> Response:
    refused = _gate()
    if refused is not None:
        return refused
    slugs = sorted(runtime().store.lists.slugs())
    return render("web/admin_lists.html.j2", title="Operators", slugs=slugs)


@admin.get("/admin/<slug>")
def dashboard(slug: str) -> Response:
    refused = _gate()
    if refused is not None:
        return refused
    now = utcnow()
    board = read_dashboard(runtime().store, slug[:100], now - WINDOW, now)
    issues, weeks = board.stats.issues, board.stats.weeks
    ids = [c.issue.rsplit("-", 1)[1] for c in issues]
    charts = [
        bars(
            "Subscribers per week: joined and still here, left",
            [w.start.strftime("%d %b") for w in weeks],
            [Series("joined", "#2563eb", [w.growth for w in weeks]),
             Series("left", "#f97316", [w.churn for w in weeks])],
        ),
        bars(
            "Per issue: sent, delivered, bounced",
            ids,
            [Series("sent", "#94a3b8", [c.sent for c in issues]),
             Series("delivered", "#16a34a", [c.delivered for c in issues]),
             Series("bounced", "#dc2626", [c.bounced for c in issues])],
        ),
        bars(
            "Per issue: people who opened (unreliable: Apple MPP) and clicked",
            ids,
            [Series("opened", "#a855f7", [c.opens for c in issues]),
             Series("clicked", "#0891b2", [c.clicks for c in issues])],
        ),
        bars(
            "Per issue: complaint rate (of delivered)",
            ids,
            [Series("complaints", "#b91c1c", [c.complained / c.delivered if c.delivered else 0.0
                                              for c in issues])],
            percent=True,
            line=COMPLAINT_LINE,
            line_label="0.3 % (Gmail/Yahoo)",
        ),
    ]  # fmt: skip
    return render(
        "web/admin_list.html.j2",
        title=f"{board.name} — operators",
        board=board,
        charts=charts,
        since=(now - WINDOW).date().isoformat(),
    )
