"""Showing the engine's figures: numbers in Vietnamese format and their change."""

from django import template
from django.utils.html import format_html

from reports.statistics import HEADLINE_LABELS, Stat, format_number

register = template.Library()


@register.filter
def num(value) -> str:
    """1.684; 12,5; blank for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, Stat):
        value = value.value
    return format_number(value, 1) if isinstance(value, float) else format_number(value)


@register.filter
def change(stat: Stat, good_when: str = "up"):
    """The change of a figure, coloured: green when it moves the good way."""
    if not isinstance(stat, Stat) or stat.change is None:
        return ""
    c = stat.change
    if c.direction == "same":
        css = "text-muted"
    else:
        css = "text-success" if c.direction == good_when else "text-danger"
    return format_html(
        '<span class="change {}" data-direction="{}">{}</span>', css, c.direction, c.text
    )


@register.filter
def label(name: str) -> str:
    return HEADLINE_LABELS[name]


@register.filter
def fig(row, name: str) -> Stat:
    """A row's figure by name; a name the row does not have raises (no silent zero)."""
    return row[name]
