from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_catalogue(**kwargs) -> None:
    from patrols.catalogue import seed_incident_categories
    from patrols.models import IncidentCategory

    seed_incident_categories(IncidentCategory)


class PatrolsConfig(AppConfig):
    name = "patrols"
    verbose_name = _("Patrol logs")

    def ready(self) -> None:
        # After every migrate, and after a test database flush.
        post_migrate.connect(_seed_catalogue, sender=self, dispatch_uid="patrols.seed_catalogue")
