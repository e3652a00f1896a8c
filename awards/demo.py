"""Demo commendations: a festival-day decision of the provincial police director for the
demo teams and their leaders, a provincial People's Committee decision for the communes'
police, and one proposal of each commune awaiting a decision."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from areas.models import Area, AreaLevel
from awards import services
from awards.models import Award, AwardForm, Issuer, Proposal, RecipientKind
from models_registry.models import GrassrootsModel, ModelCategory

REASON = "Đã có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc"


def _festival_day(today: datetime.date) -> datetime.date:
    """19 August (the movement's festival day) of this year if past, else of last year."""
    this_year = datetime.date(today.year, 8, 19)
    return this_year if this_year <= today else this_year.replace(year=today.year - 1)


@transaction.atomic
def load_demo_awards(province: Area) -> int:
    """Awards and proposals for the demo communes, once; returns the awards created."""
    if Award.all_objects.exists():
        return 0
    today = timezone.localdate()
    festival = _festival_day(today)
    teams = list(
        GrassrootsModel.objects.filter(model_type__category=ModelCategory.PATROL)
        .select_related("commune")
        .prefetch_related("memberships__person")
        .order_by("commune__name", "name")
    )
    awards = []
    for number, team in enumerate(teams, start=1):
        awards.append(
            Award(
                unit=team.commune,
                recipient_kind=RecipientKind.MODEL,
                model=team,
                form=AwardForm.CERTIFICATE_OF_MERIT,
                issuer=Issuer.POLICE_DIRECTOR,
                decision_number=f"{1500 + number}/QĐ-CAT-PV05",
                decision_date=festival,
                reason=REASON,
            )
        )
        leaders = [m.person for m in team.memberships.all() if m.role == "leader"]
        for person in leaders[:1]:
            awards.append(
                Award(
                    unit=team.commune,
                    recipient_kind=RecipientKind.PERSON,
                    person=person,
                    form=AwardForm.CERTIFICATE_OF_MERIT,
                    issuer=Issuer.POLICE_DIRECTOR,
                    decision_number=f"{1500 + number}/QĐ-CAT-PV05",
                    decision_date=festival,
                    reason=REASON,
                )
            )
    communes = sorted({team.commune for team in teams}, key=lambda c: c.name)
    for commune in communes:
        awards.append(
            Award(
                unit=commune,
                recipient_kind=RecipientKind.COMMUNE_POLICE,
                form=AwardForm.CERTIFICATE_OF_COMMENDATION,
                issuer=Issuer.PROVINCE_CHAIRMAN,
                decision_number="2345/QĐ-UBND",
                decision_date=festival - datetime.timedelta(days=10),
                reason=REASON,
            )
        )
    awards.append(
        Award(
            unit=province,
            recipient_kind=RecipientKind.BODY,
            recipient_name="Phòng Xây dựng phong trào toàn dân bảo vệ ANTQ, Công an tỉnh",
            form=AwardForm.EMULATION_FLAG,
            issuer=Issuer.MINISTER,
            decision_number="8123/QĐ-BCA",
            decision_date=festival - datetime.timedelta(days=30),
            reason=REASON,
        )
    )
    for award in awards:
        award.full_clean(exclude=["created_by", "proposal"])
    Award.objects.bulk_create(awards)
    _demo_proposals(communes, teams, today)
    return len(awards)


def _demo_proposals(communes, teams, today) -> None:
    officers = {
        u.scope_unit_id: u
        for u in User.objects.filter(role=Role.COMMUNE_OFFICER, scope_unit__level=AreaLevel.COMMUNE)
    }
    for commune in communes:
        officer = officers.get(commune.pk)
        commune_teams = [t for t in teams if t.commune_id == commune.pk]
        if officer is None or not commune_teams:
            continue
        services.submit_proposal(
            user=officer,
            proposal=Proposal(
                commune=commune,
                period_start=today.replace(month=1, day=1),
                period_end=today,
                proposed_form=AwardForm.CERTIFICATE_OF_MERIT,
                proposed_issuer=Issuer.POLICE_DIRECTOR,
                reason=f"Thành tích tuần tra, kiểm soát năm {today.year}",
                achievements=f"{commune_teams[0].name}: duy trì tuần tra đều đặn trong năm.",
            ),
            models=commune_teams[:1],
        )
