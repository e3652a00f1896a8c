"""Records of every kind for the generated harnesses, registered as fixtures by tests/conftest.py:
commune B's (the outsider's objects in tests/test_scope_denial.py) and commune A's
``own_objects`` (the route tests and the route-writes harness)."""

import pytest

from accounts.roles import Role
from tests.conftest import ready_version
from tests.factories import UserFactory


@pytest.fixture
def registry_b(commune_b, village_b, patrol_type, camera_type):
    """Commune B's registry: a patrol team with a leader, a camera network with a camera."""
    from models_registry.models import ModelRating
    from tests.factories import (
        CameraFactory,
        GrassrootsModelFactory,
        MembershipFactory,
        PersonFactory,
    )

    team = GrassrootsModelFactory(
        name="Tổ tuần tra Bắc Hội", commune=commune_b, model_type=patrol_type
    )
    network = GrassrootsModelFactory(
        name="Mắt camera Bắc Hội", commune=commune_b, model_type=camera_type
    )
    person = PersonFactory(full_name="Lê Thị Bắc Hội", commune=commune_b, village=village_b)
    membership = MembershipFactory(person=person, model=team, role="leader")
    camera = CameraFactory(model=network, code="CAM-BH-01", place="Chợ Bắc Hội")
    rating = ModelRating.objects.create(model=team, year=2025, rating="good")
    return {
        "team": team,
        "network": network,
        "person": person,
        "membership": membership,
        "camera": camera,
        "rating": rating,
    }


@pytest.fixture
def patrols_b(registry_b, village_b):
    """Commune B's patrol log: one shift with its leader and an incident."""
    import datetime

    from django.utils import timezone

    from patrols.models import Incident, IncidentCategory, Shift, ShiftParticipant

    start = timezone.make_aware(datetime.datetime(2025, 3, 1, 20, 0))
    team = registry_b["team"]
    shift = Shift.objects.create(
        model=team,
        commune=team.commune,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )
    ShiftParticipant.objects.create(shift=shift, person=registry_b["person"])
    incident = Incident.objects.create(
        model=team,
        commune=team.commune,
        shift=shift,
        occurred_at=start,
        category=IncidentCategory.objects.get(code="theft_property"),
        detected_by="patrol",
        outcome="handed_to_police",
        village=village_b,
        description="Trộm ở Bắc Hội",
    )
    return {"shift": shift, "incident": incident}


@pytest.fixture
def reviews_b(commune_b, officer_b, patrols_b):
    """Commune B's review report with one rendered version (its snapshot and PDF stored)."""
    import datetime

    from reports.models import RenderStatus, ReportVersion
    from reports.reviews import document, jobs, services
    from reports.statistics import Period

    report = services.create_report(
        user=officer_b,
        kind="interim",
        unit=commune_b,
        period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),
        title="Sơ kết mô hình tuần tra Bắc Hội",
    )
    version = ReportVersion.objects.create(report=report, number=1, requested_by=officer_b)
    name = jobs.store_pdf(version, b"%PDF-1.7 test")
    ReportVersion.objects.filter(pk=version.pk).update(
        status=RenderStatus.READY,
        snapshot=document.build_document(report, officer_b),
        pdf=name,
        pages=1,
    )
    version.refresh_from_db()
    issued = issued_report(officer_b, commune_b, "Tổng kết mô hình tuần tra Bắc Hội")
    return {"report": report, "version": version, **issued}


def issued_report(user, unit, title: str) -> dict:
    """A report of ``unit`` with its issued version and a signed copy of it (a scan)."""
    import datetime

    from reports.reviews import services
    from reports.statistics import Period
    from tests.reports.signing import plain_pdf

    report = services.create_report(
        user=user,
        kind="final",
        unit=unit,
        period=Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        title=title,
    )
    version = services.issue_version(version=ready_version(report, user), user=user)
    copy = services.attach_signed_copy(
        version=version, user=user, content=plain_pdf(), name="ban-ky.pdf"
    )
    return {"issued_report": report, "issued_version": version, "signed_copy": copy}


@pytest.fixture
def awards_b(officer_b, registry_b, commune_b):
    """Commune B's commendations: an award to its patrol team, and a proposal for its member
    still awaiting a decision."""
    import datetime

    from awards import services
    from awards.models import Award, Proposal

    award = Award.objects.create(
        unit=commune_b,
        recipient_kind="model",
        model=registry_b["team"],
        form="certificate_of_merit",
        issuer="police_director",
        decision_number="77/QĐ-CAT-BH",
        decision_date=datetime.date(2025, 8, 19),
        reason="Thành tích tuần tra Bắc Hội",
    )
    proposal = services.submit_proposal(
        user=officer_b,
        proposal=Proposal(
            commune=commune_b,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 6, 30),
            proposed_form="certificate_of_merit",
            proposed_issuer="police_director",
            reason="Đề nghị khen Bắc Hội",
            achievements="Thành tích Bắc Hội",
        ),
        persons=[registry_b["person"]],
    )
    return {"award": award, "proposal": proposal}


@pytest.fixture
def notifications_b(officer_b, commune_b):
    """Commune B's officer's own notification (unread) and e-mail choice."""
    from accounts.models import Notification, NotificationPreference

    note = Notification.objects.create(
        recipient=officer_b,
        kind="proposal_decided",
        title=f"Đề nghị khen thưởng của {commune_b.name} đã được duyệt.",
        body="Quyết định số 77/QĐ-CAT-BH",
        link="/awards/proposals/",
    )
    choice = NotificationPreference.objects.create(
        user=officer_b, kind="proposal_decided", by_email=False
    )
    return {"notification": note, "preference": choice}


@pytest.fixture
def staff_elsewhere(other_province):
    """Province staff of another province: the outsider for views only staff may use."""
    return UserFactory(username="tinh_khac", role=Role.PROVINCE_STAFF, scope_unit=other_province)


@pytest.fixture
def own_objects(
    commune_a, village_a, model_a, person_a, camera_type, officer_a, province_staff, administrator
):
    """One object of every owned model in commune A, for the generated route tests
    (tests/test_routes.py): a patrol team with its leader, a camera network with a camera, a
    rating, a shift with its participant and incident, an award, a pending proposal, and a
    review report with a ready and a failed version, and another with its issued version and
    a signed copy; and, since a user reads only their own notifications, an unread one of the
    administrator who walks the routes."""
    import datetime

    from django.utils import timezone

    from accounts.models import Notification
    from awards import services as award_services
    from awards.models import Proposal
    from models_registry.models import CommuneMonth, ModelRating
    from patrols.models import Incident, IncidentCategory, Shift, ShiftParticipant
    from reports.models import RenderStatus, ReportVersion
    from reports.reviews import services
    from reports.statistics import Period
    from tests.factories import (
        AwardFactory,
        CameraFactory,
        GrassrootsModelFactory,
        MembershipFactory,
    )

    network = GrassrootsModelFactory(
        name="Mắt camera Phi Nôm", commune=commune_a, model_type=camera_type
    )
    membership = MembershipFactory(person=person_a, model=model_a, role="leader")
    camera = CameraFactory(model=network, code="CAM-PN-01", place="Chợ Phi Nôm")
    rating = ModelRating.objects.create(model=model_a, year=2025, rating="good")
    start = timezone.make_aware(datetime.datetime(2025, 3, 1, 20, 0))
    shift = Shift.objects.create(
        model=model_a,
        commune=commune_a,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )
    ShiftParticipant.objects.create(shift=shift, person=person_a)
    incident = Incident.objects.create(
        model=model_a,
        commune=commune_a,
        shift=shift,
        occurred_at=start,
        category=IncidentCategory.objects.get(code="theft_property"),
        detected_by="patrol",
        outcome="handed_to_police",
        village=village_a,
    )
    award = AwardFactory(
        model=model_a, decision_number="5/QĐ-CAT", decision_date=datetime.date(2025, 8, 19)
    )
    proposal = award_services.submit_proposal(
        user=officer_a,
        proposal=Proposal(
            commune=commune_a,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 6, 30),
            proposed_form="certificate_of_merit",
            proposed_issuer="police_director",
            reason="Đề nghị khen Phi Nôm",
            achievements="Thành tích Phi Nôm",
        ),
        models=[model_a],
    )
    report = services.create_report(
        user=officer_a,
        kind="interim",
        unit=commune_a,
        period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
    )
    ready = ready_version(report, officer_a)
    failed = ReportVersion.objects.create(
        report=report, number=2, requested_by=officer_a, status=RenderStatus.FAILED, error="x"
    )
    issued = issued_report(officer_a, commune_a, "Tổng kết mô hình tuần tra Phi Nôm")
    month = CommuneMonth.objects.create(
        commune=commune_a, month=datetime.date(2025, 2, 1), status="confirmed"
    )
    return {
        "commune": commune_a,
        "accounts.User": officer_a,
        "areas.Area": village_a,
        "models_registry.GrassrootsModel": model_a,
        "network": network,
        "models_registry.Person": person_a,
        "models_registry.Membership": membership,
        "models_registry.Camera": camera,
        "models_registry.ModelRating": rating,
        "patrols.Shift": shift,
        "patrols.Incident": incident,
        "awards.Award": award,
        "awards.Proposal": proposal,
        "reports.ReviewReport": report,
        "reports.ReportVersion": ReportVersion.objects.get(pk=ready.pk),
        "failed_version": failed,
        "issued_version": issued["issued_version"],
        "reports.SignedCopy": issued["signed_copy"],
        "models_registry.CommuneMonth": month,
        "accounts.Notification": Notification.objects.create(
            recipient=administrator,
            kind="report_ready",
            title="PDF của báo cáo “Sơ kết Phi Nôm” (phiên bản 1) đã tạo xong.",
            link=report.get_absolute_url(),
        ),
    }
