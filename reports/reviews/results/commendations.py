"""II.5: the commendations."""

from __future__ import annotations

from reports.reviews import phrases
from reports.reviews.results.common import compares, part
from reports.reviews.wording import (
    change_sentences,
    num,
    table,
    versus,
)
from reports.statistics import Figures, Stat

# --- II.5 -------------------------------------------------------------------------------


def recipients_phrase(collective: int, individual: int, joiner: str = " và ") -> str:
    """ "2 tập thể và 1 cá nhân" ("191 tập thể, 385 cá nhân" with ``joiner=", "``);
    "3 cá nhân"."""
    parts = []
    if collective:
        parts.append(f"{num(collective)} tập thể")
    if individual:
        parts.append(f"{num(individual)} cá nhân")
    return joiner.join(parts)


def commendations_part(report, figures: Figures, conferred: dict | None) -> dict:
    """ "Với những thành tích trên, các cấp đã kịp thời khen thưởng, động viên cho 191 tập thể,
    385 cá nhân, trong đó Bộ trưởng Bộ Công an khen thưởng cho 2 tập thể và 1 cá nhân", as
    the seeds write it; those commended at the conference; the table by form and issuer."""
    h = figures.headline
    collective, individual = h["awards_collective"].value, h["awards_individual"].value
    text = []
    if collective or individual:
        sentence = (
            "Với những thành tích trên, trong kỳ các cấp đã kịp thời khen thưởng, động viên "
            f"cho {recipients_phrase(collective, individual, joiner=', ')}"
        )
        by_issuer = [
            f"{phrases.issuer(row.key, row.label, report.unit)} khen thưởng cho "
            + recipients_phrase(row["collective"].value, row["individual"].value)
            for row in figures.awards_by_issuer
            if row["collective"].value or row["individual"].value
        ]
        if len(by_issuer) > 1:
            sentence += ", trong đó " + "; ".join(by_issuer)
        elif by_issuer:
            issuer = next(
                phrases.issuer(row.key, row.label, report.unit)
                for row in figures.awards_by_issuer
                if row["collective"].value or row["individual"].value
            )
            sentence += f", do {issuer} khen thưởng"
        text.append(sentence + ".")
    text += change_sentences(
        [
            ("số tập thể được khen thưởng", h["awards_collective"], ""),
            ("số cá nhân được khen thưởng", h["awards_individual"], ""),
        ]
        if compares(figures, "commendations")
        else [],
        versus(figures),
        total=Stat(
            0, (h["awards_collective"].previous or 0) + (h["awards_individual"].previous or 0)
        ),
    )
    if conferred and (conferred["collective"] or conferred["individual"]):
        text.append(
            "Tại Hội nghị, có "
            + recipients_phrase(conferred["collective"], conferred["individual"])
            + " có thành tích xuất sắc được biểu dương, khen thưởng."
        )
    rows = []
    for heading, group, name in (
        (
            "Theo hình thức",
            figures.awards_by_form,
            lambda r: phrases.AWARD_FORMS.get(r.key, r.label),
        ),
        (
            "Theo cấp khen thưởng",
            figures.awards_by_issuer,
            lambda r: phrases.issuer(r.key, r.label, report.unit),
        ),
    ):
        lines = [
            [
                f"– {name(row)}",
                num(row["collective"].value),
                num(row["individual"].value),
            ]
            for row in group
            if row["collective"].value or row["individual"].value
        ]
        if lines:
            rows += [[heading, "", ""], *lines]
    tables = []
    if rows:
        tables.append(
            {
                "title": "Khen thưởng trong kỳ",
                **table(
                    ["", "Tập thể", "Cá nhân"],
                    rows,
                    total=["Tổng cộng", num(collective), num(individual)],
                    widths=[60, 20, 20],
                ),
            }
        )
    return part("commendations", text, tables)
