"""`digest templates export | check | preview` and `lists update --templates`: a list's own template set,
from a folder an operator edits to Redis and back, through click's runner against real Redis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest.issues import templatesets
from digest.models.templates import TemplateSet
from digest.store import Store
from tests.support.cli import fails, ok, run, snapshot, succeeds

MARK = "Edited by the morning desk"


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new))


def _exported(slug: str, folder: Path) -> Path:
    succeeds("templates", "export", slug, str(folder))
    return folder


def test_export_edit_check_store_and_preview_go_round(morning: str, tmp_path: Path, store: Store) -> None:
    folder = _exported(morning, tmp_path / "set")
    assert sorted(p.name for p in folder.iterdir()) == sorted(templatesets.NAMES)
    _edit(folder, "digest-body.html.j2", "{% if banner %}", f"<tr><td>{MARK}</td></tr>\n{{% if banner %}}")
    _edit(folder, "digest-subject.txt.j2", "{{ list_name }}", "[Desk] {{ list_name }}")
    assert succeeds("templates", "check", str(folder)).startswith("ok")
    assert ok("lists", "show", morning)["templates"]["set"] == "default"

    ok("lists", "update", morning, "--templates", str(folder))
    shown = ok("lists", "show", morning)["templates"]
    assert shown["set"] == "own" and len(shown["version"]) == 16
    assert "the list's own set, version" in succeeds("lists", "show", morning)

    before = snapshot(store)
    preview = ok("templates", "preview", morning, "--out", str(tmp_path / "p.html"))
    assert preview["subject"].startswith("[Desk] Morning") and preview["problems"] == []
    assert MARK in (tmp_path / "p.html").read_text()
    text = ok("templates", "preview", morning, "--text", "--out", str(tmp_path / "p.txt"))
    assert "Unsubscribe: https://news.example.com/" in Path(text["file"]).read_text()
    assert snapshot(store) == before  # a preview stores and spends nothing

    again = _exported(morning, tmp_path / "again")  # the list's own set comes back out as stored
    assert MARK in (again / "digest-body.html.j2").read_text()

    ok("lists", "update", morning, "--templates", "default")
    assert ok("lists", "show", morning)["templates"]["set"] == "default"
    assert MARK not in Path(ok("templates", "preview", morning)["file"]).read_text()


def test_export_refuses_a_folder_with_files_in_it_unless_forced(morning: str, tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "notes.md").write_text("mine")
    assert "is not empty" in fails("templates", "export", morning, str(folder))
    succeeds("templates", "export", morning, str(folder), "--force")
    assert (folder / "notes.md").read_text() == "mine" and (folder / "digest-body.txt.j2").exists()


def _problems(folder: Path) -> list[str]:
    result = run("templates", "check", str(folder), code=1)
    assert "Traceback" not in result.output
    return result.output.strip().splitlines()


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("digest-body.html.j2", "{{ slot.unsubscribe_url_html }}", "#",
         "digest-body.html.j2: no unsubscribe link: print {{ slot.unsubscribe_url_html }}"),
        ("digest-body.txt.j2", "Unsubscribe: {{ slot.unsubscribe_url }}", "",
         "digest-body.txt.j2: no unsubscribe link: print {{ slot.unsubscribe_url }}"),
        ("digest-body.txt.j2", "{{ slot.preferences_url }}", "",
         "digest-body.txt.j2: no preferences link: print {{ slot.preferences_url }}"),
        ("digest-body.txt.j2", "{{ brand.address | wrap }}", "",
         "digest-body.txt.j2: no postal address: print {{ brand.address }} (a mailing must carry it)"),
        ("digest-body.html.j2", "{{ article.meta }}", "{{ article.meta }} {{ reading_time }}",
         "digest-body.html.j2:{line}: unknown variable 'reading_time' (see the README's template variables)"),
        ("digest-body.html.j2", "{{ article.meta }}", "{{ article.reading_time }}",
         "digest-body.html.j2:{line}: article has no attribute 'reading_time'"),
        ("digest-body.txt.j2", "{% if dropped %}", "{% if dropped %}{{ dropped + }}",
         "digest-body.txt.j2:{line}: unexpected 'end of print statement'"),
        ("digest-body.html.j2", "{{ article.meta }}", "{{ article.meta }}" + "<span>padding</span>" * 250,
         "digest-body.html.j2: 20 articles with images do not fit in 100,000 bytes of HTML: "
         "make the markup or styles shorter"),
    ],
)  # fmt: skip
def test_check_names_each_problem_in_one_line(
    morning: str, tmp_path: Path, name: str, old: str, new: str, expected: str
) -> None:
    folder = _exported(morning, tmp_path / "set")
    line = next(n for n, text in enumerate((folder / name).read_text().splitlines(), 1) if old in text)
    _edit(folder, name, old, new)
    problems = _problems(folder)
    assert any(expected.replace("{line}", str(line)) in found for found in problems), problems


def test_check_refuses_missing_parts_unknown_files_and_oversized_ones(morning: str, tmp_path: Path) -> None:
    folder = _exported(morning, tmp_path / "set")
    (folder / "digest-body.txt.j2").unlink()
    (folder / "farewell-body.html.j2").write_text("hi")
    (folder / "_base.html.j2").write_text("x" * 64_001)
    (folder / "logo.png").write_bytes(b"\x89PNG\xff\xfe")
    problems = _problems(folder)
    assert "digest-body.txt.j2: missing: the plain-text body is required" in "\n".join(problems)
    assert any(p.startswith("farewell-body.html.j2: not a file of a template set") for p in problems)
    assert "_base.html.j2: over 64,000 bytes" in problems
    assert "logo.png: not UTF-8 text" in problems


def test_check_refuses_a_folder_of_too_many_entries_and_links(morning: str, tmp_path: Path) -> None:
    crowded = tmp_path / "crowded"
    crowded.mkdir()
    for n in range(51):
        (crowded / f"{n}.j2").write_text("")
    assert _problems(crowded) == [f"{crowded}: over 50 entries: a set has 14 files at most"]
    folder = _exported(morning, tmp_path / "set")
    (folder / "digest-subject.txt.j2").unlink()
    (folder / "digest-subject.txt.j2").symlink_to("/etc/hostname")
    assert "digest-subject.txt.j2: not a regular file (links and folders are refused)" in _problems(folder)


def test_a_set_with_problems_is_not_stored(morning: str, tmp_path: Path, store: Store) -> None:
    folder = _exported(morning, tmp_path / "set")
    _edit(folder, "digest-body.html.j2", "{{ slot.unsubscribe_url_html }}", "#")
    line = fails("lists", "update", morning, "--templates", str(folder))
    assert "were not stored: digest-body.html.j2: no unsubscribe link" in line
    assert f"digest templates check {folder}" in line
    assert store.templates.get(morning) is None


def test_the_sandbox_refuses_python_internals(morning: str, tmp_path: Path) -> None:
    folder = _exported(morning, tmp_path / "set")
    _edit(
        folder, "digest-subject.txt.j2", "{{ list_name }}", "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    )
    assert _problems(folder) == [
        "digest-subject.txt.j2:1: access to attribute '__class__' of 'str' object is unsafe."
    ]


def test_check_prints_problems_as_text_never_as_terminal_controls(
    tmp_path: Path, env: dict[str, str]
) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "evil\x1b]0;owned\x07.j2").write_text("x")
    result = run("templates", "check", str(folder), "--json", code=1)
    assert json.loads(result.stdout)["ok"] is False
    human = run("templates", "check", str(folder), code=1).output
    assert "\x1b" not in human and "\x07" not in human and "evil]0;owned.j2: not a file" in human


def test_a_folder_that_is_not_there_and_a_set_that_fails_to_preview_say_so_in_one_line(
    morning: str, tmp_path: Path, store: Store
) -> None:
    assert "cannot read the folder" in fails("templates", "check", str(tmp_path / "nowhere"))
    assert "cannot read the folder" in fails(
        "lists", "update", morning, "--templates", str(tmp_path / "nowhere")
    )
    broken = {
        "digest-body.html.j2": "{{ articles[0].nope }}",
        "digest-body.txt.j2": "",
        "digest-subject.txt.j2": "s",
    }
    store.templates.put(morning, TemplateSet.of(broken))
    line = fails("templates", "preview", morning)
    assert line.endswith(
        "the list's templates fail to render: digest-body.html.j2:1: article has no attribute 'nope'"
    )


def test_a_refused_set_leaves_the_other_changes_of_the_same_update_undone(
    morning: str, tmp_path: Path
) -> None:
    folder = _exported(morning, tmp_path / "set")
    (folder / "digest-subject.txt.j2").unlink()
    fails("lists", "update", morning, "--name", "Renamed", "--templates", str(folder))
    assert ok("lists", "show", morning)["name"] == "Morning"


def test_a_place_that_cannot_be_written_is_one_line(morning: str, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    assert "cannot write the set to" in fails(
        "templates", "export", morning, str(tmp_path / "a-file" / "set")
    )
    assert "cannot write" in fails(
        "templates", "preview", morning, "--out", str(tmp_path / "a-file" / "p.html")
    )
    assert ok("templates", "preview", morning, "--out", str(tmp_path / "new" / "p.html"))["problems"] == []
