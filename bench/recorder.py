"""The figures a run records: printed as they come, then a summary table and a growth table."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field


# --- statistics -------------------------------------------------------------------------------------

def median(values) -> float:
    return statistics.median(values)


def percentile(values, pct: float) -> float:
    """The nearest-rank percentile, the way load testers report it (p95 of 20 samples is the 19th)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


# --- the recorder -----------------------------------------------------------------------------------

_GOAL_TERM = re.compile(r"^\s*(≥|≤|>=|<=|<|>)\s*([0-9.]+)\s*(×|x)?\s*(\S*)\s*$")


def goal_met(goal: str, value: float, ratio: float | None) -> bool | None:
    """Check a goal written for the reader: terms like ``≥0.5×`` (the ratio) or ``<50 ms`` (the value),
    joined by ``and`` or commas. None when the goal says nothing checkable."""
    terms = [t for t in re.split(r",| and ", goal) if t.strip()]
    if not terms:
        return None
    for term in terms:
        match = _GOAL_TERM.match(term)
        if not match:
            return None
        op, number, times, _unit = match.groups()
        subject = ratio if times else value
        if subject is None:
            return None
        limit = float(number)
        ok = {"≥": subject >= limit, ">=": subject >= limit, "≤": subject <= limit, "<=": subject <= limit,
              "<": subject < limit, ">": subject > limit}[op]
        if not ok:
            return False
    return True


@dataclass
class Figure:
    dialect: str
    size: int
    bench: str
    figure: str
    value: float
    unit: str
    baseline: float | None
    goal: str
    higher_is_better: bool

    @property
    def ratio(self) -> float | None:
        """``value / baseline``, as the goals are written (``≥0.5× raw``, ``within 3× hello-world``)."""
        return None if not self.baseline else self.value / self.baseline

    @property
    def met(self) -> bool | None:
        return goal_met(self.goal, self.value, self.ratio)


def fmt(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}".replace(",", " ")
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


@dataclass
class Recorder:
    """Prints each figure as it comes and keeps it for the summary and growth tables."""

    figures: list[Figure] = field(default_factory=list)
    dialect: str = ""
    size: int = 0

    def at(self, dialect: str, size: int) -> None:
        self.dialect, self.size = dialect, size

    def record(self, bench: str, figure: str, value: float, unit: str, *, baseline: float | None = None,
               goal: str = "", higher_is_better: bool = False) -> Figure:
        entry = Figure(self.dialect, self.size, bench, figure, value, unit, baseline, goal, higher_is_better)
        self.figures.append(entry)
        print("  " + self._line(entry), flush=True)
        return entry

    @staticmethod
    def _line(f: Figure) -> str:
        text = f"[{f.bench}] {f.figure}: {fmt(f.value)} {f.unit}"
        if f.ratio is not None:
            text += f"  (baseline {fmt(f.baseline)}; ratio {f.ratio:.2f}×"
            text += ", higher is better)" if f.higher_is_better else ", lower is better)"
        if f.goal:
            met = f.met
            text += f"  goal {f.goal}: " + ("met" if met else "SHORT" if met is False else "see text")
        return text

    def summary(self) -> str:
        rows = ["| database | items | bench | figure | value | baseline | ratio | goal | |",
                "|---|---:|---|---|---:|---:|---:|---|---|"]
        for f in self.figures:
            ratio = "" if f.ratio is None else f"{f.ratio:.2f}× {'↑' if f.higher_is_better else '↓'}"
            met = {True: "met", False: "**short**", None: ""}[f.met] if f.goal else ""
            rows.append(f"| {f.dialect} | {f.size} | {f.bench} | {f.figure} | {fmt(f.value)} {f.unit} | "
                        f"{'' if f.baseline is None else fmt(f.baseline)} | {ratio} | {f.goal} | {met} |")
        return "\n".join(rows)

    def growth(self) -> str:
        """Each figure's cost at one size over the size ten times smaller: ≈10 is linear, below is better.

        The cost is the value itself where lower is better (a time), its inverse where higher is
        better (a throughput), so every column reads the same way.
        """
        by_key: dict[tuple, dict[int, Figure]] = {}
        for f in self.figures:
            by_key.setdefault((f.dialect, f.bench, f.figure), {})[f.size] = f
        rows = ["| database | bench | figure | sizes | cost ratio (size ×10) |", "|---|---|---|---|---:|"]
        for (dialect, bench, figure), at in by_key.items():
            sizes = sorted(at)
            for small, big in zip(sizes, sizes[1:]):
                if big != small * 10 or not at[small].value or not at[big].value:
                    continue
                a, b = at[small].value, at[big].value
                cost = a / b if at[big].higher_is_better else b / a
                rows.append(f"| {dialect} | {bench} | {figure} | {small} → {big} | {cost:.2f} |")
        return "\n".join(rows) if len(rows) > 2 else "(one size only: no growth to show)"
