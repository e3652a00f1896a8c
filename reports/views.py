from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.views.generic import TemplateView

from areas.models import Area, AreaLevel


class HomeView(LoginRequiredMixin, TemplateView):
    """Start page: the user's unit and what lies under it. Dashboards land here later."""

    template_name = "reports/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        units = Area.objects.for_user(self.request.user).current()
        counts = dict(
            units.filter(level__in=[AreaLevel.COMMUNE, AreaLevel.VILLAGE])
            .values_list("level")
            .annotate(n=Count("id"))
            .order_by()
        )
        context.update(
            scope=self.request.user.scope_unit,
            commune_count=counts.get(AreaLevel.COMMUNE, 0),
            village_count=counts.get(AreaLevel.VILLAGE, 0),
        )
        return context
