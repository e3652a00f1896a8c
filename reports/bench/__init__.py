"""`make bench`: a realistic province at scale, generated once, and the dashboards timed on it.

Two synthetic provinces of 150 communes each are generated in a database of their own
(``<name>_bench``), with PostgreSQL doing the bulk work (INSERT … SELECT over generate_series,
triggers off during the load, one VACUUM ANALYZE at the end):

- "ten years": 2,500 models, 35,000 persons, 1.2 million shifts, 6 million participant turns
  and 400,000 incidents over 2016–2025;
- "one year": the same province with 2025 only, the baseline that shows what ten years of
  history cost a one-year view.

The measures: the province dashboard for 2025 and for 2016–2025, a commune page, the figures
engine alone, and the raw SQL of the same aggregates, each as the median of several runs,
with query counts (``measure``). Results go to bench/results.json.

``make bench-national`` (``national``): the country, 34 provinces and 3,321 communes at the same
density, written by the same functions (``generate``) in ``<name>_national``, its dashboard and
a province's in it timed; the ``national`` part of bench/results.json.
"""

from __future__ import annotations

from dataclasses import dataclass

COMMUNES = 150
MODELS_PER_COMMUNE = 16  # + 100 more spread over the first communes: 2,500
PERSONS_PER_MODEL = 14  # 2,500 × 14 = 35,000
SHIFTS_PER_TEAM_YEAR = 120  # 1,000 patrol teams × 120 × 10 years = 1.2 million
FIRST_YEAR, LAST_YEAR = 2016, 2025
PASSWORD = "AnNinh@2026"


@dataclass
class Province:
    label: str
    code: str
    years: int
    communes: int = COMMUNES


PROVINCES = [
    Province("Tỉnh Thử nghiệm (10 năm)", "B10", 10),
    Province("Tỉnh Thử nghiệm (1 năm)", "B01", 1),
]


def log(message: str) -> None:
    print(message, flush=True)
