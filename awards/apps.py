from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from models_registry.panels import Section


def _awards_section(obj, user):
    """The commendations of a model or a member, on its page."""
    from awards.models import Award

    if not user.has_perm("awards.view_award"):
        return None
    field = "person" if obj._meta.model_name == "person" else "model"
    awards = Award.objects.for_user(user).filter(**{field: obj}).select_related("unit")
    return Section(
        "awards/_section.html",
        {
            "awards": list(awards[:50]),
            "add_query": f"{field}={obj.pk}",
            "can_add": user.has_perm("awards.add_award"),
            "can_propose": user.has_perm("awards.add_proposal"),
        },
    )


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Commendations")

    def ready(self) -> None:
        from models_registry.panels import model_sections, person_sections

        model_sections.append(_awards_section)
        person_sections.append(_awards_section)
