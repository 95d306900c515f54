"""What the pages say, and how: schedules in the subscriber's words, each message once, nothing claimed
before it happens, sentences that start with a capital and end with a stop, the leave button quiet."""

from __future__ import annotations

import html as html_text
import re

import pytest
from flask.testing import FlaskClient

from digest import admin
from digest.delivery.links import make_unsubscribe_token
from digest.runtime import Runtime, utcnow
from digest.schedules import tick as scheduling

ISTANBUL = scheduling.ScheduleOptions(tz="Europe/Istanbul")


def _preferences(runtime: Runtime, address: str = "ada@example.com") -> str:
    person = admin.add_subscriber(runtime.store, "morning", address, now=utcnow())
    return f"/preferences/{make_unsubscribe_token(runtime.links.secret, person.id, 'morning')}"


def _text(html: str) -> str:
    """What a reader sees: the body without tags, styles or attributes."""
    body = html.split("<body>", 1)[-1]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def _buttons(html: str) -> dict[str, str]:
    """The class of each button of the page, by its label ("" for a button without one)."""
    found = re.findall(r"<button([^>]*)>([^<]+)</button>", html)
    return {label.strip(): "".join(re.findall(r'class="([^"]*)"', attrs)) for attrs, label in found}


def test_preferences_name_each_edition_by_when_it_comes(client: FlaskClient, runtime: Runtime) -> None:
    scheduling.set_schedule(runtime.store, "morning", "daily 07:00", utcnow(), options=ISTANBUL)
    scheduling.set_schedule(
        runtime.store, "morning", "weekly sun 18:00", utcnow(), edition="weekly", options=ISTANBUL
    )
    page = _text(client.get(_preferences(runtime)).get_data(as_text=True))
    assert "Daily at 7:00 (Istanbul time)" in page and "Weekly on Sunday at 18:00 (Istanbul time)" in page
    for internal in ("default", "edition", "only on", "Europe/Istanbul", "active"):
        assert internal not in page, internal


def test_the_subscribe_form_offers_editions_in_the_same_words(client: FlaskClient, runtime: Runtime) -> None:
    scheduling.set_schedule(runtime.store, "morning", "weekdays 07:00", utcnow(), options=ISTANBUL)
    scheduling.set_schedule(
        runtime.store, "morning", "monthly 1 09:00", utcnow(), edition="monthly", options=ISTANBUL
    )
    page = _text(client.get("/subscribe/morning").get_data(as_text=True))
    assert "Weekdays at 7:00 (Istanbul time)" in page and "Monthly on the 1st at 9:00 (Istanbul time)" in page
    assert "default" not in page


def test_after_a_pause_the_page_says_when_issues_resume_once(client: FlaskClient, runtime: Runtime) -> None:
    page = _text(
        client.post(_preferences(runtime), data={"action": "pause", "weeks": "2"}).get_data(as_text=True)
    )
    resume = re.search(r"\d{2} \w{3} \d{4}", page)
    assert resume is not None and page.count(resume.group(0)) == 1 and "Resume now" in page


def test_a_paused_reader_coming_back_is_told_when_issues_resume(
    client: FlaskClient, runtime: Runtime
) -> None:
    url = _preferences(runtime)
    client.post(url, data={"action": "pause", "weeks": "2"})
    page = _text(client.get(url).get_data(as_text=True))
    assert len(re.findall(r"\d{2} \w{3} \d{4}", page)) == 1 and "Resume now" in page


def test_after_leaving_the_page_says_so_once(client: FlaskClient, runtime: Runtime) -> None:
    page = _text(client.post(_preferences(runtime), data={"action": "leave"}).get_data(as_text=True))
    assert page.lower().count("unsubscribed") == 1 and "no more issues" in page


def test_the_unsubscribe_page_claims_nothing_before_the_click(client: FlaskClient, runtime: Runtime) -> None:
    url = _preferences(runtime).replace("/preferences/", "/unsubscribe/")
    before = _text(client.get(url).get_data(as_text=True))
    assert "no more issues" not in before and "ada@example.com" in before
    after = _text(client.post(url).get_data(as_text=True))
    assert "no more issues" in after


def test_save_is_the_primary_button_and_leaving_the_quietest(client: FlaskClient, runtime: Runtime) -> None:
    scheduling.set_schedule(runtime.store, "morning", "daily 07:00", utcnow())
    scheduling.set_schedule(runtime.store, "morning", "weekly sun 18:00", utcnow(), edition="weekly")
    buttons = _buttons(client.get(_preferences(runtime)).get_data(as_text=True))
    assert (
        buttons["Save"] == "primary" and buttons["Pause"] == "secondary" and buttons["Unsubscribe"] == "quiet"
    )
    css = client.get("/subscribe/morning").get_data(as_text=True)
    quiet = re.search(r"button\.quiet \{([^}]*)\}", css)
    assert quiet is not None and "background: transparent" in quiet.group(1)


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/confirm/WyIxIiwibW9ybmluZyJd.forged.signature", None),
        ("/unsubscribe/forged", None),
        ("/subscribe/morning", {"email": "not-an-address"}),
        ("PREFERENCES", {"action": "pause", "weeks": "forever"}),
    ],
)
def test_error_messages_are_sentences(
    client: FlaskClient, runtime: Runtime, path: str, form: dict[str, str] | None
) -> None:
    url = _preferences(runtime) if path == "PREFERENCES" else path
    answer = client.post(url, data=form) if form else client.get(url)
    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    lead = re.search(r'<p class="lead">([^<]+)</p>', html)
    assert lead is not None, html
    message = html_text.unescape(lead.group(1))
    # A sentence may open by quoting what was typed; otherwise it opens with a capital.
    assert message[0].isupper() or message[0] in "'\"", message
    assert message.rstrip()[-1] in ".?!", message
