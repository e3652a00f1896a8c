from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_catalogue(**kwargs) -> None:
    from patrols.catalogue import seed_incident_categories
    from patrols.models import IncidentCategory

    seed_incident_categories(IncidentCategory)


def _participation(person):
    """Participant turns (lượt tham gia) of a person, on shifts that were not deleted."""
    from patrols.models import ShiftParticipant

    turns = ShiftParticipant.objects.filter(person=person, shift__deleted_at__isnull=True).count()
    return "shift-turns", _("Patrol turns"), turns


class PatrolsConfig(AppConfig):
    name = "patrols"
    verbose_name = _("Patrol logs")

    def ready(self) -> None:
        from models_registry.panels import person_facts

        person_facts.append(_participation)
        # After every migrate, and after a test database flush.
        post_migrate.connect(_seed_catalogue, sender=self, dispatch_uid="patrols.seed_catalogue")
