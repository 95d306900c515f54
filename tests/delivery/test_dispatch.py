"""Send now or queue: the one use case every face starts a send with."""

from __future__ import annotations

from digest.delivery.dispatch import resend_or_queue, send_or_queue
from digest.delivery.fanout import Sender
from digest.runtime import Runtime
from tests.support.issues import make_issue


def no_sender() -> Sender:
    raise AssertionError("a queued send must not build a transport")


def no_queue(slug: str, number: int) -> None:
    raise AssertionError(f"an inline send must not queue {slug}-{number}")


def test_a_queued_send_hands_the_issue_over_and_builds_no_sender() -> None:
    queued: list[tuple[str, int]] = []
    for use_case in (send_or_queue, resend_or_queue):
        assert (
            use_case("morning", 3, inline=False, sender=no_sender, queue=lambda *a: queued.append(a)) is None
        )
    assert queued == [("morning", 3), ("morning", 3)]


def test_an_inline_send_delivers_here_through_the_sender_it_is_given(runtime: Runtime) -> None:
    make_issue(runtime.store, 3)
    report = send_or_queue("morning", 1, inline=True, sender=runtime.sender, queue=no_queue)
    assert report is not None and report.sent == 3
    again = resend_or_queue("morning", 1, inline=True, sender=runtime.sender, queue=no_queue)
    assert again is not None and again.sent == 0  # nobody was left unconfirmed
    assert runtime.store.issues.counts("morning", 1)["sent"] == 3
