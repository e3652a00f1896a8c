"""The dashboards: a unit's or a model's figures for a period (``views``), drawn as charts
(``charts``), exported to .xlsx (``exports``) and served as JSON (``api``); the completeness
page; and the record pages that show what every layer records about one member or model, with
a proposal's achievements (``records``). Every figure comes from ``reports.statistics``."""
