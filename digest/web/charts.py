"""Bar charts as inline SVG, drawn on the server: the operators' page needs no script, no CDN and no
charting library at view time (the page's Content-Security-Policy allows no scripts anyway).

Every text that reaches the SVG (a list's issue ids, series names) is escaped; numbers are formatted here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 28, 40  # room for the axis labels and the legend
MAX_BARS = 60  # a chart of more groups than this shows the latest ones: a bar must stay visible
MAX_BAR_WIDTH = 40.0  # one issue's bar would otherwise fill the chart


@dataclass(frozen=True)
class Series:
    name: str
    colour: str  # one of ours, never from input
    values: Sequence[float]


def bars(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    percent: bool = False,
    line: float | None = None,
    line_label: str = "",
) -> Markup:
    """Grouped bars, one group per label; `line` draws a dashed threshold (the 0.3 % complaint line)."""
    labels = list(labels)[-MAX_BARS:]
    values = [list(s.values)[-MAX_BARS:] for s in series]
    top = max([v for vs in values for v in vs] + [line or 0.0, 0.0])
    top = top * 1.1 if top > 0 else 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group = plot_w / max(1, len(labels))
    bar = min(MAX_BAR_WIDTH, max(1.0, group * 0.8 / max(1, len(series))))

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * value / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>',
        f'<text x="{LEFT}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#9ca3af"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-size="11">{_fmt(top, percent)}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" font-size="11">0</text>',
    ]
    for i, label in enumerate(labels):
        x0 = LEFT + i * group + (group - bar * len(series)) / 2
        for j, (s, vs) in enumerate(zip(series, values, strict=True)):
            value = vs[i] if i < len(vs) else 0.0
            height = TOP + plot_h - y(value)
            parts.append(
                f'<rect x="{x0 + j * bar:.1f}" y="{y(value):.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{s.colour}"><title>{escape(label)} · {escape(s.name)}: {_fmt(value, percent)}'
                "</title></rect>"
            )
        if len(labels) <= 12 or i % max(1, len(labels) // 8) == 0:
            parts.append(
                f'<text x="{LEFT + (i + 0.5) * group:.1f}" y="{TOP + plot_h + 14}" text-anchor="middle" '
                f'font-size="10">{escape(label)}</text>'
            )
    if line is not None:
        parts.append(
            f'<line x1="{LEFT}" y1="{y(line):.1f}" x2="{WIDTH - RIGHT}" y2="{y(line):.1f}" '
            'stroke="#dc2626" stroke-dasharray="5 4"/>'
            f'<text x="{WIDTH - RIGHT}" y="{y(line) - 4:.1f}" text-anchor="end" font-size="10" '
            f'fill="#dc2626">{escape(line_label)}</text>'
        )
    x = LEFT
    for s in series:
        parts.append(
            f'<rect x="{x}" y="{HEIGHT - 14}" width="10" height="10" fill="{s.colour}"/>'
            f'<text x="{x + 14}" y="{HEIGHT - 5}" font-size="11">{escape(s.name)}</text>'
        )
        x += 24 + 7 * len(s.name)
    parts.append("</svg>")
    return Markup("".join(parts))


def _fmt(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:.2f} %"
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
