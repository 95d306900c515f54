"""`digest highlights URL-or-FILE...`: several inputs in one run, each read in its own charset, one
JSON line each, bad inputs reported on one line without stopping the others, and --explain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import run
from tests.support.feedserver import Reply, serve

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
# Reduced from adbar/trafilatura tests/eval/winfuture.de-NASA.html: ISO-8859-1, declared in a meta tag.
LATIN1 = PAGES / "iso-8859-1-zusammenfassung.html"
BLOCK = PAGES / "what-you-need-to-know.html"
# A people.com.cn story in GBK that declares no charset (its source is named in the file).
GBK = PAGES / "gbk-undeclared-people-cn.html"


def lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_it_reads_a_file_in_the_charset_its_page_declares() -> None:
    shown = lines(run("highlights", str(LATIN1), "--json", code=0).stdout)[0]

    assert "Verfügbar auf großen Plattformen und Streaming-Geräten" in shown["highlights"]
    assert "\ufffd" not in json.dumps(shown, ensure_ascii=False)


def test_it_reads_a_url_in_the_charset_its_server_declares(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGEST_ALLOW_PRIVATE_URLS", "1")
    # The header wins over the page's own (wrong) meta tag, as browsers do.
    body = LATIN1.read_bytes().replace(b"charset=iso-8859-1", b"charset=utf-8")
    with serve(
        {"/nasa": Reply(body=body, headers={"Content-Type": "text/html; charset=ISO-8859-1"})}
    ) as server:
        shown = lines(run("highlights", f"{server.base}/nasa", "--json", code=0).stdout)[0]

    assert "Verfügbar auf großen Plattformen und Streaming-Geräten" in shown["highlights"]


def test_a_file_or_url_that_declares_no_charset_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGEST_ALLOW_PRIVATE_URLS", "1")
    with serve({"/gbk": Reply(body=GBK.read_bytes(), headers={"Content-Type": "text/html"})}) as server:
        shown = lines(run("highlights", str(GBK), f"{server.base}/gbk", "--json", code=0).stdout)

    for page in shown:
        assert "“心成长”青少年心理健康服务项目" in str(page["text"])
        assert "\ufffd" not in json.dumps(page, ensure_ascii=False)


def test_it_prints_one_json_object_per_input_with_the_text_it_read(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "The harbour line extension was approved by the city council on Tuesday night.\n"
        "Construction starts in spring and the line opens in 2029, planners said.\n"
        "The line will carry 40,000 passengers a day between the old town and the port.\n",
        encoding="utf-8",
    )

    shown = lines(run("highlights", str(BLOCK), str(story), "--json", code=0).stdout)

    assert [s["input"] for s in shown] == [str(BLOCK), str(story)]
    assert (shown[0]["method"], shown[0]["marker"]) == ("explicit", "What you need to know")
    assert set(shown[0]) >= {"input", "title", "method", "marker", "highlights", "text"}
    # A .txt file is the article's text: no block step, its lines are its paragraphs.
    assert shown[1]["method"] == "extractive" and shown[1]["text"] == story.read_text().strip()


@pytest.mark.parametrize("bad", ["no/such/page.html", "http://[oops", "http://example.com:99999/story"])
def test_a_bad_input_is_one_line_and_the_others_still_run(bad: str) -> None:
    result = run("highlights", bad, str(BLOCK), "--json", code=1)

    assert [s["input"] for s in lines(result.stdout)] == [str(BLOCK)]
    assert result.stderr.count("\n") == 1 and bad in result.stderr and "Traceback" not in result.stderr


def test_explain_names_the_winner_and_why_the_others_lost() -> None:
    output = run("highlights", str(LATIN1), "--explain", code=0).stdout

    assert "WINNER" in output and "labelled “Zusammenfassung”" in output
    shown = lines(run("highlights", str(LATIN1), "--explain", "--json", code=0).stdout)[0]
    assert any(line.startswith("[+") and "WINNER" in line for line in shown["explain"])


def test_explain_escapes_what_the_page_says_before_it_reaches_the_terminal(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(
        "<html><head><title>[bold red]Owned[/] \x1b[31mred</title></head><body><article>"
        "<h1>[link=http://evil]click[/link]</h1><h2>Key points</h2><ul><li>[blink]One point of the story "
        "that is long enough.[/blink]</li><li>Another point of the story, \x1b]8;;x\x07long enough.</li></ul>"
        + "<p>The story goes on with a paragraph long enough to be read as the story of the page.</p>" * 5
        + "</article></body></html>",
        encoding="utf-8",
    )

    output = run("highlights", str(page), "--explain", code=0).stdout

    assert "[bold red]Owned[/]" in output and "[blink]" in output  # shown as text, not obeyed
    assert "\x1b" not in output and "\x07" not in output


def test_budget_caps_the_words_of_ranked_sentences(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "The city council approved the harbour line extension on Tuesday night after a long debate.\n"
        "Construction of the new tram tracks starts next spring and should take about three years.\n"
        "Planners expect forty thousand passengers a day once trams reach the container port.\n"
        "Shop owners on Quay Street fear two years of roadworks outside their doors.\n"
        "The region pays half of the cost, and a national transport fund covers most of the rest.\n",
        encoding="utf-8",
    )

    wide = lines(run("highlights", str(story), "--json", code=0).stdout)[0]["highlights"]
    narrow = lines(run("highlights", str(story), "--json", "--budget", "20", code=0).stdout)[0]["highlights"]

    assert sum(len(s.split()) for s in narrow) <= 20 < sum(len(s.split()) for s in wide)


CENTRAL_LAST = (
    "Our reporter visited the quay on a rainy Tuesday morning.\n"
    "Gulls circled above the empty market stalls near the water.\n"
    "A fisherman mended his nets beside an old blue boat.\n"
    "The council approved the harbour tram line, and the harbour tram line opens in the harbour in May.\n"
)


def test_it_says_which_sentences_it_took_and_follows_the_collectors_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(CENTRAL_LAST, encoding="utf-8")

    lead = run("highlights", str(story), code=0).stdout
    monkeypatch.setenv("DIGEST_HIGHLIGHTS_METHOD", "ranked")
    ranked = run("highlights", str(story), code=0).stdout

    assert "method: extractive (the first sentences of the story" in lead
    assert "method: extractive (the most central sentences" in ranked
    assert "tram line" in ranked
    assert run("highlights", str(story), "--method", "lead", code=0).stdout == lead


def test_an_unknown_method_in_the_environment_is_one_line_naming_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(CENTRAL_LAST, encoding="utf-8")
    monkeypatch.setenv("DIGEST_HIGHLIGHTS_METHOD", "best")

    result = run("highlights", str(story), code=2)

    assert "DIGEST_HIGHLIGHTS_METHOD" in result.output and "Traceback" not in result.output


def test_a_url_that_is_no_web_page_is_one_line_naming_its_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGEST_ALLOW_PRIVATE_URLS", "1")
    pdf = Reply(body=b"%PDF-1.7\n" + bytes(range(256)) * 4, headers={"Content-Type": "application/pdf"})
    with serve({"/report.pdf": pdf}) as server:
        result = run("highlights", f"{server.base}/report.pdf", code=1)

    assert result.stderr.strip() == f"{server.base}/report.pdf: not read (application/pdf is not a web page)"
