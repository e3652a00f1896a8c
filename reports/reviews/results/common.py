"""What the parts of Section II share: a part's shape, who acts, what is reviewed."""

from __future__ import annotations

from reports.statistics import Comparison, Figures


def part(key: str, text: list[str], tables=(), charts=()) -> dict:
    return {"key": key, "paragraphs": text, "tables": list(tables), "charts": list(charts)}


def compares(figures: Figures, family: str) -> bool:
    """Whether a family of figures is worded against the comparison. A model's report is
    compared with the time before it was set up, when the commune had no such team: only
    what the team is there to bring down and bring in — its commune's incidents, items seized
    and tip-offs, counted over the commune in both periods — is compared then."""
    kind = figures.comparison.kind
    return kind != Comparison.BEFORE_ESTABLISHED or family in ("incidents", "items", "tip_offs")


def actors(report, figures: Figures) -> str:
    """Who did it, at the head of a sentence: one model, or the models."""
    if report.model_id or figures.headline["models"].value == 1:
        return "Mô hình"
    return "Các mô hình"


def subject_of(report) -> str:
    """What the report reviews, as its sentences name it."""
    if report.model_id:
        return f"mô hình “{report.model.name}”"
    if report.model_type_id:
        return f"mô hình “{report.model_type.name}”"
    return "mô hình phòng, chống tội phạm, tự quản về an ninh, trật tự"
