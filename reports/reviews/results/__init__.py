"""Section II of a review report, "Kết quả thực hiện": the engine's figures worded as the
seeds word them, one small function per part (models, patrols, incidents, cameras,
commendations), each returning its paragraphs, tables and charts.

A zero figure or an empty group is left out of the prose; a part or a table with nothing in
it is left out of the document, and the parts, tables and charts left are numbered in order.
A category or an item that changed notably (``phrases.NOTABLE_*``) gets a sentence of its
own. Every number comes from the engine; every phrase from ``phrases``.
"""

from __future__ import annotations

from reports.reviews import phrases
from reports.reviews.results.cameras import cameras_part
from reports.reviews.results.commendations import commendations_part
from reports.reviews.results.incidents import incidents_part
from reports.reviews.results.models import models_part
from reports.reviews.results.patrols import patrols_part
from reports.reviews.wording import paragraphs
from reports.statistics import Figures

__all__ = ["results_parts"]


def results_parts(
    report, figures: Figures, conferred: dict | None = None, keep_empty: bool = False
) -> list[dict]:
    """Section II, part by part, numbered: the generated text, or the secretary's where they
    rewrote a part (``report.results_edits``); the tables and charts stay the engine's.
    ``keep_empty``: every part, also those with nothing to say (the report's page)."""
    edits = getattr(report, "results_edits", None) or {}
    parts = [
        models_part(report, figures),
        patrols_part(report, figures),
        incidents_part(report, figures),
        cameras_part(report, figures),
        commendations_part(report, figures, conferred),
    ]
    for part in parts:
        part["generated"] = part["paragraphs"]
        edited = paragraphs(edits.get(part["key"], ""))
        if edited:
            part["paragraphs"] = edited
        part["edited"] = bool(edited)
    # A part with nothing to say is left out, unless the secretary wrote it.
    if not keep_empty:  # (the report's page offers every part, to write one the figures skip)
        parts = [p for p in parts if p["paragraphs"] or p["tables"] or p["charts"]]
    tables = charts = 0
    for i, part in enumerate(parts, 1):
        part["heading"] = f"{i}. {phrases.PARTS[part['key']]}"
        for t in part["tables"]:
            tables += 1
            t["caption"] = f"Bảng {tables}. {t.pop('title')}"
        for c in part["charts"]:
            charts += 1
            c["title"] = f"Biểu đồ {charts}. {c['title']}"
    return parts
