"""Roles (Django groups) and the permissions each holds.

Later issues add their models' permissions here; ``ensure_roles`` runs after every migrate,
so the groups always match this table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("Commune police officer")
    PROVINCE_STAFF = "province_staff", _("Province police staff")
    SECRETARY = "secretary", _("Steering committee secretary")
    ADMINISTRATOR = "administrator", _("Administrator")


def _crud(app: str, *models: str) -> list[str]:
    return [f"{app}.{action}_{m}" for m in models for action in ("view", "add", "change", "delete")]


def _view(app: str, *models: str) -> list[str]:
    return [f"{app}.view_{m}" for m in models]


REGISTRY = ("grassrootsmodel", "person", "membership", "camera", "modelrating")
PATROLS = ("shift", "incident")
# Review reports: drafting and editing a report, rendering (add) and issuing (change) versions,
# attaching the signed copy of an issued version (add; a copy is never changed).
REVIEWS = [
    *[f"reports.{a}_reviewreport" for a in ("view", "add", "change")],
    *[f"reports.{a}_reportversion" for a in ("view", "add", "change")],
    *[f"reports.{a}_signedcopy" for a in ("view", "add")],
]

# Commendations: the register (recorded from decisions) and the communes' proposals, which
# province staff decide.
AWARDS = _crud("awards", "award")
PROPOSING = ["awards.view_proposal", "awards.add_proposal"]
DECIDING = ["awards.view_proposal", "awards.decide_proposal"]

# The monthly sign-off: the commune confirms its month, province staff approve, return or
# reopen it (``models_registry.signoff``).
MONTHS_CONFIRMING = [
    "models_registry.view_communemonth",
    "models_registry.confirm_communemonth",
]
MONTHS_DECIDING = ["models_registry.view_communemonth", "models_registry.decide_communemonth"]
# Every user reads their own notifications, marks them read and chooses which come by e-mail.
NOTIFICATIONS = [
    "accounts.view_notification",
    "accounts.change_notification",
    "accounts.view_notificationpreference",
    "accounts.change_notificationpreference",
]

# app_label.codename; "*" means every permission of the project.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.COMMUNE_OFFICER: [
        *_crud("areas", "area"),
        *_crud("models_registry", *REGISTRY),
        *_view("models_registry", "modeltype"),
        *_crud("patrols", *PATROLS),
        *_view("patrols", "incidentcategory"),
        # The commune police are the standing office of the commune's steering committee:
        # they draft the commune's reviews.
        *REVIEWS,
        *_view("awards", "award"),
        *PROPOSING,
        *MONTHS_CONFIRMING,
        *NOTIFICATIONS,
    ],
    Role.PROVINCE_STAFF: [
        *_crud("areas", "area"),
        *_crud("models_registry", *REGISTRY, "modeltype"),
        *_crud("patrols", *PATROLS, "incidentcategory"),
        *_view("reports", "reviewreport", "reportversion", "signedcopy"),
        *AWARDS,
        *DECIDING,
        *MONTHS_DECIDING,
        # The users of their unit (never an administrator): a new account, a temporary password
        # for one who forgot theirs, locking and unlocking an account. Resetting two-factor sign-in is the administrators'.
        "accounts.view_manageduser",
        "accounts.add_manageduser",
        "accounts.change_manageduser",
        "accounts.set_temporary_password",
        # The province approves the communes' yearly ratings (and reopens them).
        "models_registry.approve_modelrating",
        *NOTIFICATIONS,
    ],
    Role.SECRETARY: [
        *_view("areas", "area"),
        *_view("models_registry", *REGISTRY, "modeltype"),
        *_view("patrols", *PATROLS, "incidentcategory"),
        *REVIEWS,
        # The secretary records the commendations conferred at the reviews.
        *AWARDS,
        "awards.view_proposal",
        "models_registry.view_communemonth",
        *NOTIFICATIONS,
    ],
    Role.ADMINISTRATOR: ["*"],
}

# Which levels of unit a role may be scoped to.
ROLE_SCOPE_LEVELS: dict[str, set[int]] = {
    Role.COMMUNE_OFFICER: {3},
    Role.PROVINCE_STAFF: {0, 1},
    Role.SECRETARY: {0, 1, 3},
    Role.ADMINISTRATOR: {0, 1, 3},
}


def ensure_roles(**kwargs) -> None:
    """Create or update one group per role with exactly its permissions."""
    from django.contrib.auth.models import Group, Permission

    everything = Permission.objects.all()
    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        if codes == ["*"]:
            perms = list(everything)
        else:
            wanted = {tuple(code.split(".", 1)) for code in codes}
            perms = [
                p
                for p in everything.select_related("content_type")
                if (p.content_type.app_label, p.codename) in wanted
            ]
        group.permissions.set(perms)
