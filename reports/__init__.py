"""The top of the data flow, in three parts: ``statistics`` (the one engine every figure comes
from), ``dashboards`` (the pages, exports and API that show the figures, and the record pages
that gather every layer) and ``reviews`` (the review reports: drafted, built section by section
from the engine, rendered to PDF by a job, issued)."""
