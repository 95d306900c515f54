"""The SendGrid transport through the official library against the local stand-in (a real HTTP server
that validates every body against SendGrid's schema): how each answer of the API is handled."""

from __future__ import annotations

import json

import pytest

from digest.config import SendGridOptions
from digest.delivery.letters import batch_of
from digest.models import RenderedIssue
from digest.transports.sendgrid.transport import RetryPolicy, SendGridTransport, SendStopped
from tests.support.issues import batch, person
from tests.support.sendgrid_standin import API_KEY, SHARED_SCHEMA, VENDORED_SCHEMA, StandIn


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def transport(url: str, key: str = API_KEY, **kwargs: object) -> tuple[SendGridTransport, Sleeps]:
    sleeps = Sleeps()
    options = kwargs.pop("options", SendGridOptions(timeout=5))
    made = SendGridTransport(
        key,
        host=url,
        options=options,
        sleep=sleeps,
        jitter=lambda: 0.5,
        **kwargs,  # type: ignore[arg-type]
    )
    return made, sleeps


def test_it_sends_a_thousand_recipients_in_one_request_with_one_shared_body(
    standin: tuple[StandIn, str],
) -> None:
    server, url = standin
    sg, _ = transport(url)
    results = sg.send_batch(batch([person(n) for n in range(1000)]))
    assert all(r.ok for r in results) and len(results) == 1000
    assert server.requests == 1 and server.messages == 1000
    [body] = server.bodies
    assert [c["type"] for c in body["content"]] == ["text/plain", "text/html"]
    assert "[%name_html%]" in body["content"][1]["value"]
    first = body["personalizations"][0]
    assert first["substitutions"]["[%name%]"] == "Reader0"
    assert first["substitutions"]["[%unsubscribe_url_html%]"] == "https://news.example.com/unsubscribe/tok0"
    assert first["custom_args"] == {"issue_id": "morning-1", "subscriber_id": "0"}
    assert first["headers"]["List-Unsubscribe"] == (
        "<https://news.example.com/unsubscribe/tok0>, "
        "<mailto:unsubscribe@news.example.com?subject=unsubscribe%20tok0>"
    )
    assert first["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The request's X-Message-Id is what each recipient's record keeps.
    assert len({r.message_id for r in results}) == 1 and results[0].message_id


def test_it_passes_the_account_options_sendgrid_offers(standin: tuple[StandIn, str]) -> None:
    server, url = standin
    options = SendGridOptions(
        categories=("digest", "morning"),
        asm_group_id=42,
        ip_pool="newsletters",
        sandbox_mode=True,
        click_tracking=False,
        open_tracking=True,
        timeout=5,
    )
    sg, _ = transport(url, options=options)
    assert sg.send_batch(batch([person(1)]))[0].ok
    [body] = server.bodies
    assert body["categories"] == ["digest", "morning"]
    assert body["asm"] == {"group_id": 42}
    assert body["ip_pool_name"] == "newsletters"
    assert body["mail_settings"] == {"sandbox_mode": {"enable": True}}
    assert body["tracking_settings"]["click_tracking"]["enable"] is False
    assert body["tracking_settings"]["open_tracking"] == {"enable": True}


def test_it_never_puts_an_address_twice_in_one_request(standin: tuple[StandIn, str]) -> None:
    server, url = standin
    sg, _ = transport(url)
    results = sg.send_batch(batch([person(1), person(2, email="READER1@example.com"), person(3)]))
    assert all(r.ok for r in results)
    assert server.requests == 2  # the repeat went in a second request, not refused in the first


def test_it_cleans_names_sendgrid_refuses_instead_of_failing_the_batch(standin: tuple[StandIn, str]) -> None:
    server, url = standin
    sg, _ = transport(url)
    [result] = sg.send_batch(batch([person(1, name="Lovelace, Ada; Countess")]))
    assert result.ok
    assert server.bodies[0]["personalizations"][0]["to"][0]["name"] == "Lovelace Ada Countess"


def test_a_recipient_over_the_substitution_cap_fails_alone(standin: tuple[StandIn, str]) -> None:
    server, url = standin
    sg, _ = transport(url)
    results = sg.send_batch(batch([person(1, name="x" * 6000), person(2)]))
    assert not results[0].ok and "substitutions" in results[0].error and results[0].permanent
    assert results[1].ok
    assert server.messages == 1


def test_429_waits_until_the_reset_and_sends_the_same_batch_again(standin: tuple[StandIn, str]) -> None:
    server, url = standin
    server.plan.extend(["429", "429"])
    sg, sleeps = transport(url)
    results = sg.send_batch(batch([person(n) for n in range(5)]))
    assert all(r.ok for r in results)
    assert len(sleeps) == 2 and all(0 < s <= 2 for s in sleeps)
    assert server.statuses[429] == 2 and all(server.times(f"reader{n}@example.com") == 1 for n in range(5))


def test_5xx_is_retried_with_growing_backoff_then_fails_with_the_reason(
    standin: tuple[StandIn, str],
) -> None:
    server, url = standin
    server.always = "500"
    sg, sleeps = transport(url, policy=RetryPolicy(attempts=4, base_delay=1, max_delay=30))
    results = sg.send_batch(batch([person(1), person(2)]))
    assert server.requests == 4
    assert sleeps == [0.75, 1.5, 3.0]  # equal jitter at 0.5: 3/4 of 1, 2, 4 seconds
    assert all(not r.ok and not r.permanent for r in results)
    assert results[0].error.startswith("SendGrid 500 after 4 tries: internal error")


def test_a_500_then_202_delivers_once(standin: tuple[StandIn, str]) -> None:
    server, url = standin
    server.plan.append("500")
    sg, _ = transport(url)
    assert all(r.ok for r in sg.send_batch(batch([person(1)])))
    assert server.times("reader1@example.com") == 1


def test_a_400_naming_a_recipient_fails_that_one_and_sends_the_rest(standin: tuple[StandIn, str]) -> None:
    server, url = standin
    server.reject["reader3@example.com"] = "Does not contain a valid address."
    sg, _ = transport(url)
    results = sg.send_batch(batch([person(n) for n in range(6)]))
    assert [r.ok for r in results] == [True, True, True, False, True, True]
    assert results[3].permanent
    assert (
        results[3].error == "SendGrid 400: personalizations.3.to.0.email: Does not contain a valid address."
    )
    assert server.messages == 5


def test_413_splits_the_batch_until_it_fits(standin: tuple[StandIn, str]) -> None:
    server, url = standin
    server.max_personalizations = 3
    sg, _ = transport(url)
    results = sg.send_batch(batch([person(n) for n in range(10)]))
    assert all(r.ok for r in results)
    assert server.messages == 10 and server.statuses[413] >= 1


@pytest.mark.parametrize("behaviour", ["401", "403"])
def test_a_refused_key_stops_the_send_without_retrying(standin: tuple[StandIn, str], behaviour: str) -> None:
    server, url = standin
    server.always = behaviour
    sg, sleeps = transport(url)
    with pytest.raises(SendStopped, match="SendGrid refused the API key") as stopped:
        sg.send_batch(batch([person(1)]))
    assert stopped.value.permanent and server.requests == 1 and sleeps == []


def test_a_request_that_gets_no_answer_is_flagged_not_retried(standin: tuple[StandIn, str]) -> None:
    server, url = standin
    server.plan.append("hang")
    server.hang_seconds = 1.5
    sg, _ = transport(url, options=SendGridOptions(timeout=0.3))
    [result] = sg.send_batch(batch([person(1)]))
    assert not result.ok and result.uncertain
    assert "may have been sent" in result.error
    assert server.requests == 1


def test_an_unreachable_host_is_retried_then_failed(standin: tuple[StandIn, str]) -> None:
    sg, sleeps = transport("http://127.0.0.1:9", policy=RetryPolicy(attempts=2, base_delay=0.01))
    [result] = sg.send_batch(batch([person(1)]))
    assert not result.ok and not result.uncertain
    assert result.error.startswith("SendGrid unreachable after 2 tries")
    assert len(sleeps) == 1


def test_an_issue_without_a_subject_stops_the_send_before_any_request(standin: tuple[StandIn, str]) -> None:
    server, url = standin
    sg, _ = transport(url)
    empty = batch_of("morning-1", "b@example.com", RenderedIssue("", "<p>x</p>", "x"), [person(1)])
    with pytest.raises(SendStopped, match="empty subject"):
        sg.send_batch(empty)
    assert server.requests == 0


def test_the_vendored_schema_is_the_shared_one() -> None:
    if not SHARED_SCHEMA.exists():
        pytest.skip("shared/ is not beside this clone")
    assert json.loads(VENDORED_SCHEMA.read_text()) == json.loads(SHARED_SCHEMA.read_text())
