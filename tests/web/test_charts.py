"""The operators' charts: inline SVG drawn on the server, with every text escaped and bars to scale."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from digest.web.charts import MAX_BARS, Series, bars

SVG = "{http://www.w3.org/2000/svg}"


def heights(svg: str, colour: str) -> list[float]:
    root = ET.fromstring(svg)
    return [float(r.get("height", "0")) for r in root.iter(f"{SVG}rect") if r.get("fill") == colour
            and r.find(f"{SVG}title") is not None]  # fmt: skip


def test_bars_are_drawn_to_scale_and_the_chart_is_well_formed_svg() -> None:
    svg = str(bars("Sends", ["1", "2", "3"], [Series("sent", "#111111", [10, 20, 40])]))
    tall = heights(svg, "#111111")
    assert len(tall) == 3
    assert abs(tall[1] / tall[0] - 2) < 0.01 and abs(tall[2] / tall[0] - 4) < 0.01


def test_hostile_text_is_escaped() -> None:
    svg = str(bars("<b>x</b>", ["<script>alert(1)</script>"], [Series("a&b", "#111111", [1])]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a&amp;b" in svg
    ET.fromstring(svg)  # still well-formed


def test_the_threshold_line_sits_at_its_value() -> None:
    svg = str(bars("Complaints", ["1"], [Series("rate", "#111111", [0.006])], percent=True, line=0.003,
                   line_label="0.3 %"))  # fmt: skip
    (bar,) = heights(svg, "#111111")
    line_y = float(re.search(r'<line x1="\d+" y1="([\d.]+)"[^>]*stroke-dasharray', svg).group(1))  # type: ignore[union-attr]
    root = ET.fromstring(svg)
    axis_y = float(next(root.iter(f"{SVG}line")).get("y1", "0"))
    assert abs((axis_y - line_y) / bar - 0.5) < 0.01  # the line at half the bar of twice its value


def test_a_long_history_shows_its_latest_bars_only() -> None:
    values = list(range(MAX_BARS + 40))
    svg = str(bars("Many", [str(v) for v in values], [Series("n", "#111111", values)]))
    assert len(heights(svg, "#111111")) == MAX_BARS
    assert f">{values[-1]} · n: " in svg and f">{values[0]} · n: " not in svg
