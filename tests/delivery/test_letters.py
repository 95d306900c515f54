"""Letters: the issue rendered once, personalised per recipient before any transport sees it."""

from __future__ import annotations

import pytest

from digest.delivery import letters
from digest.delivery.letters import PersonalLetter, batch_of
from digest.issues.render import personalise, placeholder_values
from digest.transports.base import messages
from digest.transports.sendgrid.body import personalization
from tests.support.issues import RENDERED, person


def test_a_letter_carries_the_renderers_values_and_the_body_they_fill() -> None:
    letter = PersonalLetter(person(3, name="<Tom&Jerry> Cat"), RENDERED)
    assert letter.substitutions == placeholder_values(letter.recipient)
    assert (letter.html, letter.text) == personalise(RENDERED, letter.recipient)
    assert "Hi &lt;Tom&amp;Jerry&gt;" in letter.html and "Hi <Tom&Jerry>" in letter.text


def test_message_by_message_transports_get_one_finished_message_per_letter() -> None:
    batch = batch_of("morning-1", "b@example.com", RENDERED, [person(1), person(2)], headers={"X-A": "1"})
    sent = messages(batch)
    assert [m.recipient.subscriber_id for m in sent] == ["1", "2"]
    assert sent[1].text == "Hi Reader2\n\nUnsubscribe: https://news.example.com/unsubscribe/tok2\n"
    assert all("[%" not in m.html + m.text and m.headers == {"X-A": "1"} for m in sent)


def test_a_sendgrid_personalization_never_fills_a_body(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_body(*_: object) -> tuple[str, str]:
        raise AssertionError("SendGrid fills the one body itself: no per-recipient body is needed")

    monkeypatch.setattr(letters, "personalise", no_body)
    batch = batch_of("morning-1", "b@example.com", RENDERED, [person(n) for n in range(1000)])
    made = [personalization(letter, batch.issue_id) for letter in batch.letters]
    assert made[999]["substitutions"]["[%name%]"] == "Reader999"
