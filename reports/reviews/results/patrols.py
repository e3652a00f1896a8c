"""II.2: patrol shifts and participant turns."""

from __future__ import annotations

import datetime

from reports.reviews.charts import bar_chart
from reports.reviews.results.common import actors, compares, part
from reports.reviews.wording import (
    changes_phrase,
    num,
    versus,
)
from reports.statistics import Figures

# --- II.2 -------------------------------------------------------------------------------


def patrols_part(report, figures: Figures) -> dict:
    """Patrol shifts and participant turns; the monthly chart."""
    h = figures.headline
    if not h["shifts"].value:
        return part("patrols", [])
    sentence = (
        f"{actors(report, figures)} đã tổ chức {num(h['shifts'].value)} ca tuần tra với "
        f"{num(h['turns'].value)} lượt thành viên tham gia"
    )
    change = (
        changes_phrase([h["shifts"], h["turns"]], nouns=["ca", "lượt thành viên"])
        if compares(figures, "patrols")
        else ""
    )
    if change:
        sentence += f" ({change} {versus(figures)})"
    trend = figures.trend
    charts = []
    if 1 < len(trend) <= 24:
        charts.append(
            bar_chart(
                "Số ca tuần tra và số vụ việc theo tháng",
                [_month(row.key) for row in trend],
                [
                    ("Ca tuần tra", [row["shifts"].value for row in trend]),
                    ("Vụ việc", [row["incidents"].value for row in trend]),
                ],
            )
        )
    return part("patrols", [sentence + "."], charts=charts)


def _month(key) -> tuple[str, str]:
    day = datetime.date.fromisoformat(str(key))
    return f"{day.month:02d}", str(day.year)
