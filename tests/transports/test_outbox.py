"""Behaviour of the outbox transport: one readable .eml file per (issue, subscriber)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from digest.errors import TransportError
from digest.models import OutgoingMessage, Recipient
from digest.transports.base import Transport
from digest.transports.outbox import OutboxTransport
from tests.support.readback import read_eml


def a_message(subscriber_id: str = "s1", issue_id: str = "morning-12", **changes: object) -> OutgoingMessage:
    recipient = Recipient(
        subscriber_id=subscriber_id,
        email=f"{subscriber_id.strip('./') or 'x'}@example.com",
        name="Grace Hopper",
        unsubscribe_url=f"https://digest.example.com/u/{subscriber_id}",
        unsubscribe_mailto="mailto:unsubscribe@digest.example.com",
    )
    message = OutgoingMessage(
        issue_id=issue_id,
        recipient=recipient,
        from_addr="Morning Brief <news@example.com>",
        subject="Morning Brief #12",
        html="<p>Hello</p>",
        text="Hello\n",
        headers={"X-Digest-Issue": issue_id},
    )
    return replace(message, **changes)  # type: ignore[arg-type]


def test_it_is_a_transport_named_outbox(tmp_path: Path) -> None:
    transport: Transport = OutboxTransport(tmp_path)
    assert transport.name == "outbox"


def test_it_writes_one_parseable_file_per_recipient(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox" / "nested"
    results = OutboxTransport(outbox).send([a_message("s1"), a_message("s2")])
    files = sorted(outbox.glob("*.eml"))
    assert [path.name for path in files] == ["morning-12--s1.eml", "morning-12--s2.eml"]
    assert [result.subscriber_id for result in results] == ["s1", "s2"]
    assert all(result.ok for result in results)
    parsed = read_eml(files[1])
    assert parsed["To"].addresses[0].addr_spec == "s2@example.com"
    assert [part.get_content_type() for part in parsed.iter_parts()] == ["text/plain", "text/html"]


def test_it_writes_the_html_beside_each_eml_to_open_in_a_browser(tmp_path: Path) -> None:
    OutboxTransport(tmp_path).send([a_message("s1", html="<p>Hello <a href='https://x.example/a'>a</a></p>")])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["morning-12--s1.eml", "morning-12--s1.html"]
    html = (tmp_path / "morning-12--s1.html").read_text(encoding="utf-8")
    assert html == "<p>Hello <a href='https://x.example/a'>a</a></p>"  # as sent: no transfer encoding


def test_it_reports_the_message_id_written_in_each_file(tmp_path: Path) -> None:
    [result] = OutboxTransport(tmp_path, message_id_domain="outbox.example").send([a_message()])
    assert result.message_id.endswith("@outbox.example>")
    assert read_eml(tmp_path / "morning-12--s1.eml")["Message-ID"] == result.message_id


def test_it_replaces_the_file_when_the_same_message_is_written_again(tmp_path: Path) -> None:
    transport = OutboxTransport(tmp_path)
    transport.send([a_message()])
    [again] = transport.send([a_message(subject="Morning Brief #12 (resent)")])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["morning-12--s1.eml", "morning-12--s1.html"]
    written = read_eml(tmp_path / "morning-12--s1.eml")
    assert written["Subject"] == "Morning Brief #12 (resent)"
    assert written["Message-ID"] == again.message_id


def test_it_keeps_strange_ids_inside_the_directory(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    OutboxTransport(outbox).send([a_message("../../escape", issue_id=".hidden/issue")])
    names = sorted(path.name for path in outbox.iterdir())
    assert names == [
        "%2Ehidden%2Fissue--%2E.%2F..%2Fescape.eml",
        "%2Ehidden%2Fissue--%2E.%2F..%2Fescape.html",
    ]
    assert list(tmp_path.iterdir()) == [outbox]


def test_it_gives_ids_that_differ_files_that_differ(tmp_path: Path) -> None:
    messages = [
        a_message("c", issue_id="a--b"),
        a_message("b--c", issue_id="a"),
        a_message("b_c", issue_id="a"),
    ]
    OutboxTransport(tmp_path).send(messages)
    assert len(list(tmp_path.glob("*.eml"))) == 3


def test_it_reports_a_message_it_cannot_build_and_writes_the_rest(tmp_path: Path) -> None:
    broken = a_message("s1", headers={"X-Note": "line\nbreak"})
    results = OutboxTransport(tmp_path).send([broken, a_message("s2")])
    assert (results[0].ok, results[0].permanent) == (False, True)
    assert results[0].error
    assert results[1].ok
    assert [path.name for path in tmp_path.glob("*.eml")] == ["morning-12--s2.eml"]


def test_it_leaves_no_temporary_files_behind(tmp_path: Path) -> None:
    OutboxTransport(tmp_path).send([a_message("s1"), a_message("s2")])
    assert sorted(path.suffix for path in tmp_path.iterdir()) == [".eml", ".eml", ".html", ".html"]


def test_it_names_an_unwritable_directory_and_the_fix(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the outbox should be")
    with pytest.raises(TransportError) as raised:
        OutboxTransport(blocker / "outbox").send([a_message()])
    assert str(blocker / "outbox") in str(raised.value)
    assert "DIGEST_OUTBOX_DIR" in str(raised.value)
    assert raised.value.permanent
