from datetime import timedelta

from django import template
from django.utils.translation import ngettext

from areas.base import forms as base_forms
from areas.base.columns import display_value

register = template.Library()


@register.simple_tag
def cell(obj, column):
    return display_value(obj, column.attr)


@register.simple_tag(takes_context=True)
def query_with(context, **params):
    """The current query string with some parameters replaced (for export and paging links)."""
    query = context["request"].GET.copy()
    for key, value in params.items():
        query[key] = value
    return query.urlencode()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.filter
def duration(delta: timedelta) -> str:
    """A length of time in hours and minutes, in words ("30 phút", "1 giờ 30 phút")."""
    hours, minutes = divmod(round(delta.total_seconds() / 60), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if minutes or not hours:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return " ".join(parts)


@register.simple_tag
def date_input(name: str, value):
    """The one date widget outside a form (the dashboards' period picker)."""
    return base_forms.DateInput(attrs={"class": "form-control", "id": f"id_{name}"}).render(
        name, value
    )


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context, *forms_and_formsets):
    """The list of every problem of a submitted form, at its top: each line links to its field.
    Every page with a form shows it (``tests/test_error_summary.py`` checks the templates)."""
    count = context.render_context.get("error_summaries", 0) + 1
    context.render_context["error_summaries"] = count
    return {
        "items": base_forms.error_summary(*forms_and_formsets),
        "summary_id": "error-summary" if count == 1 else f"error-summary-{count}",
    }
