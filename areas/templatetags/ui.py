from django import template

from areas.base.columns import display_value
from areas.base.forms import DateInput

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


@register.simple_tag
def date_input(name: str, value):
    """The one date widget outside a form (the dashboards' period picker)."""
    return DateInput(attrs={"class": "form-control", "id": f"id_{name}"}).render(name, value)
