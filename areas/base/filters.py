"""Filters shared by the lists and the API: every query parameter read strictly, so that no
value — a year 0, an id of twenty digits — reaches the database as an error (a 500)."""

from __future__ import annotations

import django_filters
from django import forms

# PostgreSQL's bigint, the widest id column.
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A row's id: a whole number the id column can hold."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A calendar year the portal can hold (Python's dates stop at 9999)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)
