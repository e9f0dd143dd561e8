"""Bar charts drawn on the server as SVG: no script, no library, nothing fetched, readable in
any browser and printable. Each chart names itself for a screen reader (``role="img"`` and a
title), and its page gives the same figures as a table beside it for whoever would rather
read them.

Bars are scaled in integer cents to whole pixels: the chart is a picture of exact figures,
never a source of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

WIDTH, HEIGHT = 720, 220
LEFT, BOTTOM, TOP = 70, 28, 12


@dataclass(frozen=True, slots=True)
class Chart:
    svg: str  # markup, already escaped
    rows: list[tuple[str, str]]  # the same figures, as a table: label, amount


def bars(
    title: str,
    points: Sequence[tuple[datetime, int]],
    label: Callable[[datetime], str],
    amount: Callable[[int], str],
    every: int = 1,
) -> Chart:
    """A bar per point (a moment and an amount in cents); one label under every ``every``
    bars, so that thirty minutes or twenty-four hours stay legible."""
    rows = [(label(moment), amount(cents)) for moment, cents in points]
    highest = max((cents for _, cents in points), default=0) or 1
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    step = plot_w / max(1, len(points))
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - 8}" y2="{TOP + plot_h}" '
        'class="axis"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 10}" class="scale" text-anchor="end">'
        f"{escape(amount(highest if highest > 1 else 0))}</text>",
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" class="scale" text-anchor="end">'
        f"{escape(amount(0))}</text>",
    ]
    for index, (moment, cents) in enumerate(points):
        height = plot_h * cents // highest
        x = LEFT + index * step
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{TOP + plot_h - height}" width="{max(1.0, step - 2):.1f}"'
            f' height="{height}" class="bar"><title>{escape(rows[index][0])}: '
            f"{escape(rows[index][1])}</title></rect>"
        )
        if index % every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{HEIGHT - 8}" class="tick" '
                f'text-anchor="middle">{escape(label(moment))}</text>'
            )
    parts.append("</svg>")
    return Chart("".join(parts), rows)
