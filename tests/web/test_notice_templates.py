"""A list's own confirmation email, from the web form to the inbox: it is the one that goes out, and
one that breaks at send time gives way to the default email, whose link still confirms."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from digest.admin import templatesets as admin_sets
from digest.admin.review import set_welcome
from digest.audience import notices
from digest.issues import templatesets
from digest.issues.render import DEFAULT_TEMPLATES_DIR
from digest.models import SubscriberStatus
from digest.models.templates import TemplateSet
from digest.runtime import Runtime, utcnow
from tests.support.readback import outbox, status_of
from tests.support.web import settle

MARK = "From the morning desk, with coffee"


def _joined_and_confirmed(client: FlaskClient, runtime: Runtime, folder: Path) -> str:
    """Join through the form; follow the text part's link; the subject of the email that came."""
    assert client.post("/subscribe/morning", data={"email": "ada@example.com"}).status_code == 200
    settle(client)
    (message,) = outbox(folder)
    text: str = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html: str = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    (link,) = re.findall(r"https?://\S+/confirm/\S+", text)
    path = "/" + link.split("/", 3)[3]
    assert path in html
    assert "You are subscribed" in client.post(path).get_data(as_text=True)
    assert status_of(runtime.store, "ada@example.com") is SubscriberStatus.ACTIVE
    return str(message["Subject"]) + "\n" + text + html


def test_a_lists_own_confirmation_email_reaches_a_subscriber_through_the_form(
    client: FlaskClient, runtime: Runtime, tmp_path: Path
) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    for name, source in templatesets.default_sources(DEFAULT_TEMPLATES_DIR).items():
        (folder / name).write_text(source)
    for name in templatesets.notice_files("confirm"):
        path = folder / name
        path.write_text(path.read_text().replace("{{ list_name }}", f"{{{{ list_name }}}} ({MARK})", 1))
    admin_sets.store_set(runtime.store, "morning", str(folder))

    seen = _joined_and_confirmed(client, runtime, tmp_path / "outbox")
    assert seen.startswith(f"Confirm your subscription to Morning Brief ({MARK})")
    assert seen.count(MARK) == 3  # subject, text and HTML
    assert runtime.store.templates.fallbacks("morning") == (0, "")


@pytest.mark.parametrize(
    ("file", "source", "why"),
    [
        ("confirm-body.txt.j2", "Hello {{ name }}, no link here.", "no confirmation link"),
        ("confirm-body.html.j2", "{{ confirm_url }} {{ 1 // 0 }}", "ZeroDivisionError"),
        ("confirm-subject.txt.j2", "{{ name.__class__ }}", "unsafe"),
    ],
)
def test_a_confirmation_email_that_breaks_at_send_time_falls_back_and_still_confirms(
    client: FlaskClient, runtime: Runtime, tmp_path: Path, file: str, source: str, why: str
) -> None:
    sources = templatesets.default_sources(DEFAULT_TEMPLATES_DIR)
    sources[file] = source  # stored past the check, as a set a newer renderer breaks would be
    runtime.store.templates.put("morning", TemplateSet.of(sources))

    seen = _joined_and_confirmed(client, runtime, tmp_path / "outbox")
    assert seen.startswith("Confirm your subscription to Morning Brief\n")
    count, last = runtime.store.templates.fallbacks("morning")
    assert count == 1 and file in last and why in last
    assert admin_sets.templates_overview(runtime.store, "morning")["email_fallbacks"] == 1


def test_the_lists_own_welcome_and_reminder_go_out_and_a_broken_one_gives_way(
    client: FlaskClient, runtime: Runtime, tmp_path: Path
) -> None:
    store = runtime.store
    sources = templatesets.default_sources(DEFAULT_TEMPLATES_DIR)
    sources["welcome-subject.txt.j2"] = "Glad you came, {{ name }}: {{ list_name }}"
    sources["reminder-subject.txt.j2"] = "Still there, {{ name }}? {{ list_name }}"
    store.templates.put("morning", TemplateSet.of(sources))
    set_welcome(store, "morning", True)
    for address in ("ada@example.com", "bob@example.com"):
        client.post("/subscribe/morning", data={"email": address})
    settle(client)
    _joined_and_confirmed_from_outbox(client, tmp_path / "outbox", "ada@example.com")

    def follow_up(later: timedelta) -> list[str]:
        notices.send_due(store, runtime.transport(), runtime.links, "morning", utcnow() + later)
        kinds = ("welcome", "reminder")
        return sorted(str(m["Subject"]) for m in outbox(tmp_path / "outbox") if m["X-Digest-Kind"] in kinds)

    assert follow_up(timedelta(0)) == ["Glad you came, there: Morning Brief"]
    assert follow_up(timedelta(hours=25)) == [
        "Glad you came, there: Morning Brief",
        "Still there, there? Morning Brief",
    ]
    assert store.templates.fallbacks("morning") == (0, "")

    sources["welcome-body.txt.j2"] = (
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    )
    store.templates.put("morning", TemplateSet.of(sources))
    client.post("/subscribe/morning", data={"email": "cy@example.com"})
    settle(client)
    _joined_and_confirmed_from_outbox(client, tmp_path / "outbox", "cy@example.com")
    assert "Welcome to Morning Brief" in follow_up(timedelta(0))  # the default welcome, after the budget
    count, why = store.templates.fallbacks("morning")
    assert count == 1 and "welcome-body.txt.j2" in why and "longer than 2 s" in why, why


def _joined_and_confirmed_from_outbox(client: FlaskClient, folder: Path, address: str) -> None:
    for message in outbox(folder):
        body = message.get_body(("plain",))
        link = re.search(r"https://news\.example\.com(/confirm/\S+)", body.get_content() if body else "")
        if message["To"].addresses[0].addr_spec == address and link:
            assert "You are subscribed" in client.post(link.group(1)).get_data(as_text=True)
            return
    raise AssertionError(f"no confirmation link for {address}")
