"""The report's charts do not exaggerate: y from 0, round ticks, lines told apart, the goal drawn."""

from __future__ import annotations

from decimal import Decimal

from caseflow.reports.charts import _figure
from caseflow.reports.layout import Chart

MONTHS = ("Jan", "Feb", "Mar")


def _chart(goal=None) -> Chart:
    # Seed 003's kind of series: near 3 000 and moving by a few households a month.
    return Chart("chart_t", "Pågående hushåll", "t", MONTHS,
                 (("2019", (Decimal(3020), Decimal(3050), Decimal(3080))),
                  ("2020", (Decimal(3070), Decimal(3080), None))), goal, "Mål" if goal else "")


def test_the_y_axis_starts_at_zero_with_round_ticks():
    ax = _figure(_chart()).axes[0]
    assert ax.get_ylim()[0] == 0
    ticks = [t for t in ax.get_yticks() if 0 <= t <= ax.get_ylim()[1]]
    assert ticks[:2] == [0, 1000] and all(t % 500 == 0 for t in ticks)  # not 302, 305, 308


def test_each_year_has_its_own_colour_and_marker_in_the_legend_and_the_goal_a_line():
    ax = _figure(_chart(goal=Decimal(2500))).axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"2019", "2020", "Mål"}
    assert lines["2019"].get_color() != lines["2020"].get_color()
    assert lines["2019"].get_marker() != lines["2020"].get_marker()
    assert list(lines["Mål"].get_ydata()) == [2500, 2500]
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["2019", "2020", "Mål"]
