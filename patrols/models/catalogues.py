"""The incident catalogue and the choices an incident is described with."""

from __future__ import annotations

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import CatalogueModel, protect_hard_delete, track_history


@track_history()
@pgtrigger.register(protect_hard_delete())
class IncidentCategory(CatalogueModel):
    """Loại vụ việc: a national catalogue (trộm cắp tài sản, pháo nổ, ma túy, hòa giải …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta(CatalogueModel.Meta):
        verbose_name = _("incident category")
        verbose_name_plural = _("incident categories")


class DetectedBy(models.TextChoices):
    PATROL = "patrol", _("Patrol")
    CAMERA = "camera", _("Camera")
    MEDIATION = "mediation", _("Mediation")
    TIP_OFF = "tip_off", _("Public tip-off")
    OTHER = "other", pgettext_lazy("detected by", "Other")


class Outcome(models.TextChoices):
    HANDED_TO_POLICE = "handed_to_police", _("Handed to the police")
    SETTLED = "settled", _("Settled on the spot")
    MEDIATED = "mediated", _("Mediated successfully")
    MEDIATION_FAILED = "mediation_failed", _("Mediation failed")
    COMMITMENT = "commitment", _("Warned, written commitment")
    RETURNED = "returned", _("Returned to the owner")
    OTHER = "other", pgettext_lazy("outcome", "Other")
