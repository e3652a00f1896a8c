"""The wording of figures: numbers in Vietnamese ("1.684", "12,5"), the nouns they are counted
in, the labels of the headline figures, and the change against the comparison period as the
reports word it ("giảm 3 vụ (60%)", "tăng 12 ca")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, npgettext

Number = int | Decimal

# Nouns the change is worded with ("tăng 12 vụ"): noun key → (singular, plural) callable.
NOUNS = {
    "incident": lambda n: npgettext("counted", "incident", "incidents", n),
    "shift": lambda n: npgettext("counted", "shift", "shifts", n),
    "turn": lambda n: npgettext("counted", "turn", "turns", n),
    "model": lambda n: npgettext("counted", "model", "models", n),
    "member": lambda n: npgettext("counted", "member", "members", n),
    "camera": lambda n: npgettext("counted", "camera", "cameras", n),
    "collective": lambda n: npgettext("counted", "collective", "collectives", n),
    "individual": lambda n: npgettext("counted", "individual", "individuals", n),
    "commune": lambda n: npgettext("counted", "commune", "communes", n),
    "suspect": lambda n: npgettext("counted", "suspect", "suspects", n),
    "kg": lambda n: "kg",
    "g": lambda n: "g",
    "item": lambda n: npgettext("counted", "item", "items", n),
}


# Labels of the headline figures, shared by dashboards, exports and reports.
HEADLINE_LABELS = {
    "models": gettext_lazy("Models"),
    "new_models": gettext_lazy("New models"),
    "communes_with_models": gettext_lazy("Communes with models"),
    "members": gettext_lazy("Members"),
    "rated_good": gettext_lazy("Rated good"),
    "rated_average": gettext_lazy("Rated average"),
    "rated_weak": gettext_lazy("Rated weak"),
    "rated_done_well": gettext_lazy("Rated completed the tasks well"),
    "rated_done": gettext_lazy("Rated completed the tasks"),
    "rated_not_done": gettext_lazy("Rated did not complete the tasks"),
    "not_eligible": gettext_lazy("Not yet eligible for a rating"),
    "shifts": gettext_lazy("Patrol shifts"),
    "turns": gettext_lazy("Participant turns"),
    "incidents": gettext_lazy("Incidents"),
    "own_incidents": gettext_lazy("Incidents the model detected"),
    "tip_offs": gettext_lazy("Tip-offs"),
    "cases_solved": gettext_lazy("Cases solved through tip-offs"),
    "suspects_arrested": gettext_lazy("Suspects arrested through tip-offs"),
    "camera_incidents": gettext_lazy("Detected through cameras"),
    "mediated": gettext_lazy("Mediated successfully"),
    "cameras": gettext_lazy("Cameras"),
    "cameras_working": gettext_lazy("Cameras working"),
    "cameras_linked": gettext_lazy("Cameras linked to the police centre"),
    "awards_collective": gettext_lazy("Collectives commended"),
    "awards_individual": gettext_lazy("Individuals commended"),
}


def format_number(value: Number, decimals: int = 0) -> str:
    """1.684 and 12,5 in Vietnamese; trailing zero decimals dropped."""
    if isinstance(value, Decimal) and value == value.to_integral():
        value = int(value)
    if isinstance(value, int):
        return formats.number_format(value, force_grouping=True)
    text = formats.number_format(round(value, decimals or 2), decimals or 2, force_grouping=True)
    separator = formats.get_format("DECIMAL_SEPARATOR")
    return text.rstrip("0").rstrip(separator) if separator in text else text


@dataclass(frozen=True)
class Change:
    """The change from ``previous`` to ``current``, worded as the reports word it."""

    current: Number
    previous: Number
    noun: str = ""

    @property
    def diff(self) -> Number:
        return self.current - self.previous

    @property
    def direction(self) -> str:
        return "up" if self.diff > 0 else "down" if self.diff < 0 else "same"

    @property
    def percent(self) -> Decimal | None:
        """The change in percent of the comparison figure; None when that figure is zero."""
        if not self.previous:
            return None
        return (Decimal(abs(self.diff)) * 100 / Decimal(self.previous)).quantize(Decimal("0.1"))

    def _noun(self, n: Number) -> str:
        return NOUNS[self.noun](n) if self.noun else ""

    @property
    def count_text(self) -> str:
        """ "tăng 12 vụ", "giảm 3 ca", "không thay đổi"."""
        if self.direction == "same":
            return _("unchanged")
        amount = abs(self.diff)
        values = {"number": format_number(amount), "noun": self._noun(amount)}
        text = _("up %(number)s %(noun)s") if self.diff > 0 else _("down %(number)s %(noun)s")
        return (text % values).strip()

    @property
    def percent_text(self) -> str | None:
        """ "giảm 60%", "tăng 12,5%"; None when there is nothing to compare with."""
        if self.percent is None:
            return None
        if self.direction == "same":
            return _("unchanged")
        values = {"percent": format_number(self.percent, 1) + "%"}
        return (_("up %(percent)s") if self.diff > 0 else _("down %(percent)s")) % values

    @property
    def text(self) -> str:
        """ "giảm 3 vụ (60%)", or "tăng 12 vụ" when the comparison figure is zero."""
        if self.percent is None or self.direction == "same":
            return self.count_text
        return f"{self.count_text} ({format_number(self.percent, 1)}%)"

    def as_dict(self) -> dict:
        return {
            "diff": self.diff,
            "percent": self.percent,
            "direction": self.direction,
            "text": self.text,
            "percent_text": self.percent_text,
            "count_text": self.count_text,
        }
