"""The report's charts, drawn on the server with matplotlib (offline, no display): SVG for the page,
PNG for the DOCX, from the same figure so both show the same picture."""

from __future__ import annotations

import io
import math

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from caseflow.formatting import number
from caseflow.reports.layout import REPORT_LOCALE, Chart

#: Told apart without colour too (greyscale print, colour blindness): hue, line style and marker
#: differ per line; the last (the report's year) is the darkest and solid. Okabe–Ito hues.
_STYLES = (("#e69f00", ":", "s"), ("#56b4e9", "--", "^"), ("#0b4f8a", "-", "o"))
_GOAL = "#c0392b"


def _figure(chart: Chart) -> Figure:
    """A line a year over the months; a missing month is a gap, not a zero."""
    fig = Figure(figsize=(7.2, 3.2), dpi=100)
    ax = fig.add_subplot()
    xs = range(1, len(chart.x_labels) + 1)
    for index, (name, values) in enumerate(chart.series):
        colour, style, marker = _STYLES[(index - len(chart.series)) % len(_STYLES)]
        ys = [math.nan if v is None else float(v) for v in values]
        ax.plot(xs, ys, label=name, color=colour, linestyle=style, linewidth=2, marker=marker, markersize=4)
    if chart.goal is not None:
        ax.axhline(float(chart.goal), color=_GOAL, linestyle="-.", linewidth=1.5, label=chart.goal_label)
    ax.set_title(chart.title, loc="left", fontsize=11)
    ax.set_xticks(list(xs), list(chart.x_labels), fontsize=8)
    # From 0, in round steps (1, 2, 2,5 or 5 times a power of ten): a small change is not made to look large.
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], min_n_ticks=3))
    ax.set_ylim(bottom=0, top=max(ax.get_ylim()[1], 1))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: number(round(y), REPORT_LOCALE)))
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="y", color="#d5dbe1", linewidth=0.8)
    ax.spines[["top", "right"]].set_visible(False)
    if any(any(v is not None for v in values) for _name, values in chart.series):
        labels = [name for name, _values in chart.series] + ([chart.goal_label] if chart.goal is not None else [])
        # Side by side while they fit the width (years, short names), else one under another.
        ncols = len(labels) if sum(len(label) + 6 for label in labels) <= 110 else 1
        ax.legend(frameon=False, fontsize=8, ncols=ncols, loc="upper left", bbox_to_anchor=(0, -0.12))
    fig.tight_layout()
    return fig


def chart_svg(chart: Chart) -> bytes:
    """The chart as SVG, without a creation date, so the same figures give the same bytes."""
    buffer = io.BytesIO()
    with rc_context({"svg.hashsalt": "caseflow"}):
        _figure(chart).savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def chart_png(chart: Chart, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    _figure(chart).savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
