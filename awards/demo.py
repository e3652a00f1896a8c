"""Demo commendations, by the issuers the seeds name, on the days they give them: each 19
August (Ngày hội toàn dân bảo vệ ANTQ) the provincial police director's certificates of merit
and the Minister's certificates of commendation ("Bộ Công an khen thưởng cho 2 tập thể và 1
cá nhân"); at the year-end reviews in December the provincial People's Committee chairman's
certificates and emulation flags, and the commune chairmen's certificates. Then the communes'
proposals as an office has them: one approved, one returned, two awaiting a decision — all
through ``awards.services``. A decision already recorded is not made again."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.db.models import Count, Sum

from accounts.models import User
from areas.demo import BAC_GIA_NGHIA, DUC_TRONG, HIEP_THANH, Demo, stable_hash
from awards import services
from awards.models import Award, AwardForm, Issuer, Proposal, RecipientKind
from models_registry.models import GrassrootsModel, Membership, ModelCategory
from patrols.models import Incident, Shift

REASON = "Đã có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc năm {year}"
FESTIVAL = "Đã có thành tích xuất sắc trong phong trào toàn dân bảo vệ ANTQ, nhân Ngày hội toàn dân bảo vệ ANTQ 19/8/{year}"


def festival_day(year: int) -> datetime.date:
    return datetime.date(year, 8, 19)


def year_end_day(year: int) -> datetime.date:
    """The provincial year-end review's decisions (the tổng kết conference)."""
    return datetime.date(year, 12, 18)


def load_demo_awards(demo: Demo) -> int:
    """The decisions of every year of the history up to the run's day that are not recorded
    yet, then (once) the proposals; returns the awards created."""
    with transaction.atomic():
        models = list(
            GrassrootsModel.objects.filter(commune__in=demo.communes)
            .select_related("commune", "model_type")
            .order_by("commune__code", "pk")
        )
        # Each with the day they joined: a decision commends only those serving by its year.
        leaders = {
            m.model_id: (m.person, m.joined_on)
            for m in Membership.objects.filter(
                model__in=models, role="leader", left_on__isnull=True
            ).select_related("person__commune")
        }
        members = {}
        for m in Membership.objects.filter(
            model__in=models, left_on__isnull=True, role="member"
        ).select_related("person__commune"):
            members.setdefault(m.model_id, []).append((m.person, m.joined_on))
        done = set(Award.all_objects.values_list("decision_number", "decision_date"))
        awards = []
        for year in range(demo.start.year, demo.today.year + 1):
            for decision in _decisions(demo, year, models, leaders, members):
                if decision and decision[0].decision_date <= demo.today:
                    key = (decision[0].decision_number, decision[0].decision_date)
                    if key not in done:
                        awards += decision
        for award in awards:
            award.full_clean(exclude=["created_by", "proposal"])
        Award.objects.bulk_create(awards)
        if not Proposal.all_objects.filter(commune__in=demo.communes).exists():
            _proposals(demo, models, {k: person for k, (person, _on) in leaders.items()})
        return len(awards)


def _award(kind, form, issuer, number, day, reason, *, model=None, person=None, unit=None, name=""):
    return Award(
        unit=unit or (model.commune if model else person.commune),
        recipient_kind=kind,
        model=model,
        person=person,
        recipient_name=name,
        form=form,
        issuer=issuer,
        decision_number=number,
        decision_date=day,
        reason=reason,
    )


def _decisions(demo: Demo, year: int, models, leaders, members) -> list[list[Award]]:
    """The decisions of ``year``: lists of awards sharing a number and a date."""
    since = datetime.date(year, 1, 1)
    leaders = {k: person for k, (person, on) in leaders.items() if on <= since}
    members = {k: [person for person, on in rows if on <= since] for k, rows in members.items()}
    rng = random.Random(stable_hash("awards", year))
    scale = 1.0 if demo.size.name == "full" else 0.25
    teams = [
        m
        for m in models
        if m.model_type.category != ModelCategory.CAMERA and m.established_on.year < year
    ]
    festival, year_end = festival_day(year), year_end_day(year)
    reason, festive = REASON.format(year=year), FESTIVAL.format(year=year)
    decisions = []

    # The director's certificates of merit on the festival day: teams and their leaders.
    picked = rng.sample(teams, k=min(len(teams), round(28 * scale)))
    number = f"{1400 + year % 100 * 7}/QĐ-CAT-PV05"
    director = [
        _award(
            RecipientKind.MODEL,
            AwardForm.CERTIFICATE_OF_MERIT,
            Issuer.POLICE_DIRECTOR,
            number,
            festival,
            festive,
            model=m,
        )
        for m in picked
    ]
    for team in picked:
        crew = [leaders.get(team.pk)] + rng.sample(
            members.get(team.pk, []), k=min(1, len(members.get(team.pk, [])))
        )
        director += [
            _award(
                RecipientKind.PERSON,
                AwardForm.CERTIFICATE_OF_MERIT,
                Issuer.POLICE_DIRECTOR,
                number,
                festival,
                festive,
                person=p,
            )
            for p in crew
            if p
        ]
    decisions.append(director)

    # The Minister's: two collectives and one individual of the province.
    best = rng.sample(teams, k=min(len(teams), 2))
    number = f"{5100 + year % 100 * 3}/QĐ-BCA"
    minister = [
        _award(
            RecipientKind.MODEL,
            AwardForm.CERTIFICATE_OF_COMMENDATION,
            Issuer.MINISTER,
            number,
            festival - datetime.timedelta(days=5),
            festive,
            model=m,
        )
        for m in best
    ]
    if best and leaders.get(best[0].pk):
        minister.append(
            _award(
                RecipientKind.PERSON,
                AwardForm.CERTIFICATE_OF_COMMENDATION,
                Issuer.MINISTER,
                number,
                festival - datetime.timedelta(days=5),
                festive,
                person=leaders[best[0].pk],
            )
        )
    decisions.append(minister)

    # The provincial chairman's at the year-end review: commune police, teams, leaders; flags.
    communes = sorted({m.commune for m in models}, key=lambda c: c.code)
    police = rng.sample(communes, k=min(len(communes), round(10 * scale) or 1))
    picked = rng.sample(teams, k=min(len(teams), round(12 * scale) or 1))
    number = f"{2800 + year % 100 * 11}/QĐ-UBND"
    chairman = [
        _award(
            RecipientKind.COMMUNE_POLICE,
            AwardForm.CERTIFICATE_OF_COMMENDATION,
            Issuer.PROVINCE_CHAIRMAN,
            number,
            year_end,
            reason,
            unit=c,
        )
        for c in police
    ]
    chairman += [
        _award(
            RecipientKind.MODEL,
            AwardForm.CERTIFICATE_OF_COMMENDATION,
            Issuer.PROVINCE_CHAIRMAN,
            number,
            year_end,
            reason,
            model=m,
        )
        for m in picked
    ]
    chairman += [
        _award(
            RecipientKind.PERSON,
            AwardForm.CERTIFICATE_OF_COMMENDATION,
            Issuer.PROVINCE_CHAIRMAN,
            number,
            year_end,
            reason,
            person=leaders[m.pk],
        )
        for m in picked
        if leaders.get(m.pk)
    ]
    decisions.append(chairman)
    number = f"{2801 + year % 100 * 11}/QĐ-UBND"
    decisions.append(
        [
            _award(
                RecipientKind.COMMUNE_POLICE,
                AwardForm.EMULATION_FLAG,
                Issuer.PROVINCE_CHAIRMAN,
                number,
                year_end,
                reason,
                unit=c,
            )
            for c in police[:2]
        ]
    )

    # The commune chairmen's, at their own reviews a few days earlier.
    for commune in rng.sample(communes, k=min(len(communes), round(14 * scale) or 1)):
        own = [m for m in teams if m.commune_id == commune.pk]
        if not own:
            continue
        team = rng.choice(own)
        day = year_end - datetime.timedelta(days=rng.randint(3, 12))
        number = f"{100 + stable_hash(commune.code, year) % 300}/QĐ-UBND"
        local = [
            _award(
                RecipientKind.MODEL,
                AwardForm.CERTIFICATE_OF_MERIT,
                Issuer.COMMUNE_CHAIRMAN,
                number,
                day,
                reason,
                model=team,
            )
        ]
        local += [
            _award(
                RecipientKind.PERSON,
                AwardForm.CERTIFICATE_OF_MERIT,
                Issuer.COMMUNE_CHAIRMAN,
                number,
                day,
                reason,
                person=p,
            )
            for p in members.get(team.pk, [])[:2]
        ]
        decisions.append(local)
    return decisions


def _achievements(team: GrassrootsModel, start: datetime.date, end: datetime.date) -> str:
    shifts = Shift.objects.filter(model=team, day__range=(start, end)).aggregate(
        n=Count("pk"), turns=Sum("turns")
    )
    incidents = Incident.objects.filter(model=team, day__range=(start, end)).count()
    return (
        f"{team.name}: tổ chức {shifts['n']} ca tuần tra với {shifts['turns'] or 0} lượt thành viên "
        f"tham gia; phát hiện, phối hợp xử lý {incidents} vụ việc."
    )


def _proposals(demo: Demo, models, leaders) -> None:
    """Hiệp Thạnh's proposal of last year, approved at the year-end review; Đức Trọng's,
    returned for more detail; Bắc Gia Nghĩa's and Hiệp Thạnh's of this year, awaiting."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["hiepthanh", "ductrong", "bacgianghia", "tinh"])
    }
    if len(users) < 4:
        return
    last_year = (
        datetime.date(demo.today.year - 1, 1, 1),
        datetime.date(demo.today.year - 1, 12, 14),
    )
    this_year = (
        datetime.date(demo.today.year, 1, 1),
        max(demo.today - datetime.timedelta(days=1), datetime.date(demo.today.year, 1, 1)),
    )

    def team_of(code):
        return next(
            (
                m
                for m in models
                if m.commune.code == code
                and m.model_type.category == ModelCategory.PATROL
                and m.established_on < last_year[0]
            ),
            None,
        )

    def submit(username, code, period, form, issuer):
        team = team_of(code)
        if team is None:
            return None
        leader = leaders.get(team.pk)
        return services.submit_proposal(
            user=users[username],
            proposal=Proposal(
                commune=team.commune,
                period_start=period[0],
                period_end=period[1],
                proposed_form=form,
                proposed_issuer=issuer,
                reason=f"Thành tích tuần tra, kiểm soát, giữ gìn an ninh, trật tự năm {period[1].year}",
                achievements=_achievements(team, *period),
            ),
            models=[team],
            persons=[leader] if leader else [],
        )

    approved = submit(
        "hiepthanh", HIEP_THANH, last_year, AwardForm.CERTIFICATE_OF_MERIT, Issuer.POLICE_DIRECTOR
    )
    if approved is not None:
        services.approve_proposal(
            user=users["tinh"],
            proposal=approved,
            form=AwardForm.CERTIFICATE_OF_MERIT,
            issuer=Issuer.POLICE_DIRECTOR,
            decision_number=f"{3300 + demo.today.year % 100}/QĐ-CAT-PV05",
            decision_date=year_end_day(demo.today.year - 1),
            comment="Đồng ý khen thưởng theo đề nghị.",
        )
    returned = submit(
        "ductrong",
        DUC_TRONG,
        last_year,
        AwardForm.CERTIFICATE_OF_COMMENDATION,
        Issuer.PROVINCE_CHAIRMAN,
    )
    if returned is not None:
        services.return_proposal(
            user=users["tinh"],
            proposal=returned,
            comment="Đề nghị bổ sung thành tích cụ thể của từng thành viên và ý kiến của UBND xã.",
        )
    submit(
        "bacgianghia",
        BAC_GIA_NGHIA,
        this_year,
        AwardForm.CERTIFICATE_OF_MERIT,
        Issuer.POLICE_DIRECTOR,
    )
    submit(
        "hiepthanh", HIEP_THANH, this_year, AwardForm.CERTIFICATE_OF_MERIT, Issuer.COMMUNE_CHAIRMAN
    )
