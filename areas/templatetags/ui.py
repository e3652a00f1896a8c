from django import template

from areas.ui import display_value

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
