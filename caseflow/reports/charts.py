"""The report's charts, drawn on the server with matplotlib (offline, no display): SVG for the page,
PNG for the DOCX, from the same figure so both show the same picture."""

from __future__ import annotations

import io
import math

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from caseflow.formatting import number
from caseflow.reports.layout import REPORT_LOCALE, Chart

#: Distinguishable in greyscale print too: colour and line style differ per year.
_STYLES = (("#7a8896", ":"), ("#4f7fb0", "--"), ("#005a9c", "-"))


def _figure(chart: Chart) -> Figure:
    """A line a year over the months; a missing month is a gap, not a zero."""
    fig = Figure(figsize=(7.2, 3.2), dpi=100)
    ax = fig.add_subplot()
    xs = range(1, len(chart.x_labels) + 1)
    for index, (name, values) in enumerate(chart.series):
        colour, style = _STYLES[(index - len(chart.series)) % len(_STYLES)]
        ys = [math.nan if v is None else float(v) for v in values]
        ax.plot(xs, ys, label=name, color=colour, linestyle=style, linewidth=2, marker="o", markersize=3)
    ax.set_title(chart.title, loc="left", fontsize=11)
    ax.set_xticks(list(xs), list(chart.x_labels), fontsize=8)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: number(round(y), REPORT_LOCALE)))
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="y", color="#d5dbe1", linewidth=0.8)
    ax.spines[["top", "right"]].set_visible(False)
    if any(any(v is not None for v in values) for _name, values in chart.series):
        ax.legend(frameon=False, fontsize=8, ncols=len(chart.series), loc="upper left", bbox_to_anchor=(0, -0.12))
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
