"""Reads of the patrol logs that several callers share."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from areas.models import Area
from models_registry.models import GrassrootsModel, Membership, ModelCategory
from patrols.models import IncidentCategory


def patrol_teams(user):
    """The patrol teams a user may record shifts for (the entry page's choice list)."""
    return GrassrootsModel.objects.for_user(user).filter(model_type__category=ModelCategory.PATROL)


def entry_data(user) -> dict:
    """What the shift entry page needs to be filled on a phone with no connection: the patrol
    teams in the user's area with their members and the dates each served, the villages of
    their communes and the incident categories. Everything read through ``for_user``.

    Members and villages come only for a commune's user: a province's teams would make a
    document of megabytes, and offline entry is the commune officers'. Four queries whatever
    the number of teams.
    """
    unit = getattr(user, "scope_unit", None)
    with_members = unit is not None and unit.is_commune
    teams = patrol_teams(user).order_by("sort_name", "pk")
    if with_members:
        memberships = (
            Membership.objects.for_user(user)
            .select_related("person")
            .order_by("person__sort_name", "person_id", "joined_on")
        )
        teams = teams.prefetch_related(Prefetch("memberships", queryset=memberships))
    team_rows = []
    for team in teams:
        row = {
            "id": team.pk,
            "name": team.name,
            "commune": team.commune_id,
            "established_on": team.established_on.isoformat(),
            "dissolved_on": team.dissolved_on.isoformat() if team.dissolved_on else None,
        }
        if with_members:
            row["members"] = _members(team.memberships.all())
        team_rows.append(row)
    villages = []
    if with_members:
        villages = [
            {"id": v.pk, "name": v.name, "commune": v.parent_id}
            for v in Area.objects.for_user(user)
            .villages()
            .filter(parent_id__in={t["commune"] for t in team_rows})
            .order_by("sort_name", "pk")
        ]
    categories = [
        {"id": c.pk, "code": c.code, "name": c.name}
        for c in IncidentCategory.objects.filter(is_active=True)
    ]
    return {
        "user": user.pk,
        "today": timezone.localdate().isoformat(),
        "members_included": with_members,
        "teams": team_rows,
        "villages": villages,
        "categories": categories,
    }


def _members(memberships) -> list[dict]:
    """One row per person, with every period they served (a member may leave and return)."""
    people: dict[int, dict] = {}
    for m in memberships:
        person = people.setdefault(
            m.person_id, {"id": m.person_id, "name": m.person.full_name, "served": []}
        )
        person["served"].append(
            {
                "role": m.role,
                "from": m.joined_on.isoformat(),
                "to": m.left_on.isoformat() if m.left_on else None,
            }
        )
    return list(people.values())
