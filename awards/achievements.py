"""The achievements of a proposal, worded from the statistics engine.

The engine lives in ``reports``, above this app, so ``reports`` registers the function that
writes the text (``ReportsConfig.ready``); a proposal asks for it here without importing
upward. Without a writer (``reports`` not installed) the text is left for the officer to type.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

_writer: Callable[..., str] | None = None


def register(writer: Callable[..., str]) -> None:
    global _writer
    _writer = writer


def write(
    *,
    user,
    commune,
    start: datetime.date,
    end: datetime.date,
    models=(),
    persons=(),
    commune_police: bool = False,
) -> str:
    if _writer is None:
        return ""
    return _writer(
        user=user,
        commune=commune,
        start=start,
        end=end,
        models=list(models),
        persons=list(persons),
        commune_police=commune_police,
    )
