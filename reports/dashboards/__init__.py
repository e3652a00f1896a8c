"""The dashboards and the pages built on the engine's figures: a unit's or a model's figures
for a period (``views``), drawn as charts (``charts``), exported to .xlsx (``exports``) and
served as JSON (``api``); the map of a unit's communes (``maps``); the completeness page; the
ratings of the models (``ratings``, ``rating_pages``); the one search box (``search``); the
weekly digest of silent communes and teams (``digest``, ``tasks``); the record pages of a
member or a model (``records``) and a commendation proposal's achievements (``proposals``),
which show what every layer records. Every figure comes from ``reports.statistics``."""
