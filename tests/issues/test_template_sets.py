"""A list's own template set at build and send time, through the CLI, real Redis and the outbox: it is
what the list's subscribers get; a set that fails at send time gives way to the default set and the
issue says so; two lists in one run each render with their own."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from digest.issues import sandbox, templatesets
from digest.issues.render import DEFAULT_TEMPLATES_DIR
from digest.models.templates import TemplateSet
from digest.store import Store
from tests.support.cli import ok, succeeds
from tests.support.readback import read_eml

MARK = "From the evening desk"


def _own_set(**changes: tuple[str, str]) -> TemplateSet:
    """The default set with some text replaced, by file: name=(old, new)."""
    sources = templatesets.default_sources(DEFAULT_TEMPLATES_DIR)
    for key, (old, new) in changes.items():
        name = key.replace("_", "-").replace("-html", ".html.j2").replace("-txt", ".txt.j2")
        assert old in sources[name]
        sources[name] = sources[name].replace(old, new)
    return TemplateSet.of(sources)


def _ready(slug: str, feed_url: str, reader: str) -> None:
    succeeds("subscribers", "add", slug, reader)
    succeeds("feeds", "add", slug, feed_url)
    succeeds("feeds", "poll", slug)


def _bodies(folder: Path, slug: str) -> tuple[str, str, str]:
    (path,) = folder.glob(f"{slug}-1--*.eml")
    message = read_eml(path)
    html = message.get_body(("html",))
    text = message.get_body(("plain",))
    assert html is not None and text is not None
    return str(message["Subject"]), html.get_content(), text.get_content()


def test_a_broken_set_falls_back_to_the_default_at_send_and_the_issue_says_so(
    morning: str, sample_feed_url: str, tmp_path: Path, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    broken = _own_set(digest_body_html=("{{ article.meta }}", f"{MARK} {{{{ article.no_such_field }}}}"))
    store.templates.put(morning, broken)  # as if stored before a change made it fail: no check on the way
    _ready(morning, sample_feed_url, "ada@example.com")
    with caplog.at_level(logging.WARNING, logger="digest.issues.listtemplates"):
        sent = ok("issue", "send", morning, "--inline")
    assert sent["status"] == "sent" and sent["counts"]["sent"] == 1

    _subject, html, text = _bodies(tmp_path / "outbox", morning)
    assert MARK not in html and "Unsubscribe" in html and "Unsubscribe: https://" in text
    why = ok("issue", "show", sent["id"])["template_fallback"]
    assert why.startswith(
        f"the list's templates (version {broken.version}) were not used: digest-body.html.j2:"
    )
    assert "article has no attribute 'no_such_field'" in why
    shown = " ".join(succeeds("issue", "show", sent["id"]).split())
    assert f"templates default set: {' '.join(why.split())}" in shown
    assert any(why in record.getMessage() for record in caplog.records)


def test_a_set_that_renders_without_the_unsubscribe_link_falls_back_too(
    morning: str, sample_feed_url: str, tmp_path: Path, store: Store
) -> None:
    store.templates.put(morning, _own_set(digest_body_txt=("Unsubscribe: {{ slot.unsubscribe_url }}", MARK)))
    _ready(morning, sample_feed_url, "ada@example.com")
    sent = ok("issue", "send", morning, "--inline")
    _subject, _html, text = _bodies(tmp_path / "outbox", morning)
    assert MARK not in text and "Unsubscribe: https://" in text
    assert "digest-body.txt.j2: no unsubscribe link" in ok("issue", "show", sent["id"])["template_fallback"]


def test_two_lists_in_one_run_each_render_with_their_own_set(
    morning: str, sample_feed_url: str, tmp_path: Path, store: Store
) -> None:
    ok("lists", "create", "evening", "--name", "Evening", "--from", "Eve <eve@example.com>")
    ok("lists", "brand", "evening", "--address", "2 Quay Street, Bristol")
    store.templates.put(
        "evening",
        _own_set(
            digest_subject_txt=("{{ list_name }}", "[Desk] {{ list_name }}"),
            digest_body_html=("{% if banner %}", f"<tr><td>{MARK}</td></tr>\n{{% if banner %}}"),
            digest_body_txt=("{{ heading }}\n", f"{{{{ heading }}}}\n{MARK}\n"),
        ),
    )
    _ready(morning, sample_feed_url, "ada@example.com")
    _ready("evening", sample_feed_url, "bob@example.com")
    for slug in (morning, "evening"):
        assert ok("issue", "send", slug, "--inline")["status"] == "sent"

    morning_subject, morning_html, morning_text = _bodies(tmp_path / "outbox", morning)
    evening_subject, evening_html, evening_text = _bodies(tmp_path / "outbox", "evening")
    assert evening_subject.startswith("[Desk] Evening #1") and morning_subject.startswith("Morning #1")
    assert MARK in evening_html and MARK in evening_text
    assert MARK not in morning_html and MARK not in morning_text
    assert ok("issue", "show", "evening-1")["template_fallback"] == ""


def test_a_stored_set_is_one_hash_tagged_with_its_list_and_goes_with_the_list(
    morning: str, store: Store
) -> None:
    own = _own_set(digest_subject_txt=("{{ list_name }}", "[Desk] {{ list_name }}"))
    store.templates.put(morning, own)
    key = store.keys.list_templates(morning)
    assert "{morning}" in key and store.redis.type(key) == "hash"
    assert store.templates.get(morning) == own and store.templates.version(morning) == own.version
    assert json.loads(json.dumps(ok("lists", "show", morning)["templates"]))["files"] == sorted(own.sources)
    succeeds("lists", "delete", morning, "--yes")
    assert not store.redis.exists(key)


def test_a_set_that_runs_past_its_time_budget_falls_back_and_the_send_goes_on(
    morning: str, sample_feed_url: str, tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.2)
    endless = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    store.templates.put(morning, _own_set(digest_body_html=("{% if banner %}", endless + "{% if banner %}")))
    _ready(morning, sample_feed_url, "ada@example.com")
    sent = ok("issue", "send", morning, "--inline")
    assert sent["status"] == "sent" and sent["counts"]["sent"] == 1
    assert "took longer than 0.2 s to render" in ok("issue", "show", sent["id"])["template_fallback"]


def test_a_preview_says_when_the_lists_set_gave_way_to_the_default(
    morning: str, sample_feed_url: str, tmp_path: Path, store: Store
) -> None:
    broken = _own_set(digest_body_html=("{{ article.meta }}", "{{ article.no_such_field }}"))
    store.templates.put(morning, broken)
    _ready(morning, sample_feed_url, "ada@example.com")
    said = succeeds("issue", "preview", morning, "--out", str(tmp_path / "preview"))
    assert "Templates: default set: the list's templates" in said and "no_such_field" in said
    shown = ok("issue", "preview", morning, "--out", str(tmp_path / "preview"))
    assert "no_such_field" in shown["template_fallback"]


def test_a_broken_email_of_the_set_leaves_its_digest_alone(
    morning: str, sample_feed_url: str, tmp_path: Path, store: Store
) -> None:
    own = _own_set(digest_subject_txt=("{{ list_name }}", f"{MARK}: {{{{ list_name }}}}"))
    sources = {**own.sources, "confirm-body.html.j2": "{% if %}", "confirm-body.txt.j2": "",
               "confirm-subject.txt.j2": ""}  # fmt: skip
    store.templates.put(morning, TemplateSet.of(sources))  # past the check: each email is its own
    _ready(morning, sample_feed_url, "ada@example.com")
    sent = ok("issue", "send", morning, "--inline")
    subject, _html, _text = _bodies(tmp_path / "outbox", morning)
    assert subject.startswith(MARK) and not ok("issue", "show", sent["id"]).get("template_fallback")
