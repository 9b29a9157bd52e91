"""What every benchmark of the suite shares: a result row, percentiles and the printed table.

A row is one figure: our value, the reference measured in the same run on the same data, the
ratio between them, the target (text) and whether it passed (None when there is no target).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Row:
    size: int
    measure: str
    unit: str
    ours: float
    reference: float
    target: str
    passed: bool | None
    reference_name: str = "SQLite FTS5"  # what the reference is (FTS5, bare window, ...)

    @property
    def ratio(self) -> float:
        return self.ours / self.reference if self.reference else float("inf")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def format_table(rows: list[Row]) -> str:
    header = (
        f"{'size':>7}  {'measure':<24} {'unit':<7} {'ours':>10} {'reference':>10} {'ratio':>8}  "
        f"{'target':<16} {'result':<6} reference"
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        result = "" if r.passed is None else ("PASS" if r.passed else "FAIL")
        lines.append(
            f"{r.size:>7}  {r.measure:<24} {r.unit:<7} {r.ours:>10.2f} {r.reference:>10.2f} "
            f"{r.ratio:>7.2f}x  {r.target:<16} {result:<6} {r.reference_name}"
        )
    lines.append("ratio = ours / reference, both measured in the same run on the same data")
    return "\n".join(lines)
