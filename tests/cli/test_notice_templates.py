"""The confirmation, welcome and reminder emails in a list's template set: exported with the digest's
files, checked by the same rules (each email whole, its own variables, its own required link),
stored, and previewed one by one with `templates preview --email`."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.issues import templatesets
from tests.support.cli import ok, run, succeeds

EMAILS = ("confirm", "welcome", "reminder")


def _exported(slug: str, folder: Path) -> Path:
    succeeds("templates", "export", slug, str(folder))
    return folder


def _problems(folder: Path) -> list[str]:
    result = run("templates", "check", str(folder))
    assert result.exit_code == 1, result.output
    return [line for line in result.output.splitlines() if line]


def _mark(folder: Path, kind: str) -> None:
    """Put a word of the desk's in each of the email's three files."""
    for name in templatesets.notice_files(kind):
        path = folder / name
        path.write_text(path.read_text().replace("{{ list_name }}", f"{{{{ list_name }}}} [{kind} desk]", 1))


def test_export_check_store_and_preview_carry_each_email(morning: str, tmp_path: Path) -> None:
    folder = _exported(morning, tmp_path / "set")
    assert {name for name in templatesets.NOTICE_NAMES} <= {p.name for p in folder.iterdir()}
    for kind in EMAILS:
        _mark(folder, kind)
    assert succeeds("templates", "check", str(folder)).startswith("ok")
    ok("lists", "update", morning, "--templates", str(folder))
    assert set(templatesets.NOTICE_NAMES) <= set(ok("lists", "show", morning)["templates"]["files"])

    for kind in EMAILS:
        shown = ok("templates", "preview", morning, "--email", kind, "--out", str(tmp_path / f"{kind}.html"))
        assert f"[{kind} desk]" in shown["subject"] and shown["problems"] == [], shown
        assert f"[{kind} desk]" in Path(shown["file"]).read_text()
        text = ok(
            "templates", "preview", morning, "--email", kind, "--text", "--out", str(tmp_path / "t.txt")
        )
        assert f"[{kind} desk]" in Path(text["file"]).read_text()
    digest = ok("templates", "preview", morning, "--out", str(tmp_path / "d.html"))
    assert digest["email"] == "digest" and "desk]" not in digest["subject"]

    again = _exported(morning, tmp_path / "again")  # the stored emails come back out as stored
    assert "[welcome desk]" in (again / "welcome-subject.txt.j2").read_text()


def test_a_set_without_its_own_emails_exports_the_default_ones_and_previews_them(
    morning: str, tmp_path: Path
) -> None:
    folder = _exported(morning, tmp_path / "set")
    for name in templatesets.NOTICE_NAMES:
        (folder / name).unlink()
    ok("lists", "update", morning, "--templates", str(folder))
    again = _exported(morning, tmp_path / "again")
    assert set(templatesets.NAMES) == {p.name for p in again.iterdir()}
    shown = ok("templates", "preview", morning, "--email", "confirm", "--out", str(tmp_path / "c.html"))
    assert shown["set"] == "the default set"
    assert shown["subject"] == "Confirm your subscription to Morning"


def test_an_email_carried_in_part_is_refused_in_one_line(morning: str, tmp_path: Path) -> None:
    folder = _exported(morning, tmp_path / "set")
    (folder / "welcome-body.txt.j2").unlink()
    (folder / "welcome-subject.txt.j2").unlink()
    assert _problems(folder) == [
        "welcome-body.txt.j2: the welcome email needs all three of its files; missing: welcome-body.txt.j2, "
        "welcome-subject.txt.j2 (add them, or remove the others to send the default one)"
    ]
    refused = run("lists", "update", morning, "--templates", str(folder))
    assert refused.exit_code != 0 and "welcome email needs all three" in refused.output


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("confirm-body.txt.j2", "{{ confirm_url }}", "(the link)",
         "confirm-body.txt.j2: no confirmation link: print {{ confirm_url }}"),
        ("confirm-body.html.j2", "branded.button(confirm_url,", "branded.button('#',",
         "confirm-body.html.j2: no confirmation link: print {{ confirm_url }}"),
        ("reminder-body.txt.j2", "{{ confirm_url }}", "",
         "reminder-body.txt.j2: no confirmation link: print {{ confirm_url }}"),
        ("welcome-body.txt.j2", "Unsubscribe: {{ unsubscribe_url }}", "",
         "welcome-body.txt.j2: no unsubscribe link: print {{ unsubscribe_url }}"),
        ("welcome-body.txt.j2", "{% if brand.address %}", "{% if false %}",
         "welcome-body.txt.j2: no postal address: print {{ brand.address }}"),
        ("welcome-body.html.j2", "{{ latest_url }}", "{{ confirm_url }}",
         "welcome-body.html.j2:15: unknown variable 'confirm_url'"),
        ("confirm-subject.txt.j2", "Confirm", "{% if %}", "confirm-subject.txt.j2:1: "),
        ("reminder-body.html.j2", "</p>", "</p>{{ 'x' * 99000 }}", "reminder-body.html.j2: the HTML is over"),
    ],
)  # fmt: skip
def test_check_holds_each_email_to_its_own_rules(
    morning: str, tmp_path: Path, name: str, old: str, new: str, expected: str
) -> None:
    folder = _exported(morning, tmp_path / "set")
    path = folder / name
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    problems = _problems(folder)
    assert any(found.startswith(expected) for found in problems), problems
