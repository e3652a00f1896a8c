"""Every list at a fixed number of queries, generated from the URL conf and the API router like
the other route harnesses (tests/test_routes.py): each list is read with its rows grown from 3
to 30 (``grow``) and must run the same number of queries — no query per row."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from areas.base.views import ScopedListView
from tests.test_routes import ROUTES, _label, client_for, route_url
from tests.test_scope_denial import Route, all_routes

# --- lists at a fixed number of queries --------------------------------------------------


def _list_routes() -> list[Route]:
    found = []
    for route in ROUTES:
        view_class = getattr(route.callback, "view_class", None)
        actions = getattr(route.callback, "actions", None) or {}
        if (
            view_class is not None
            and issubclass(view_class, ScopedListView)
            or actions.get("get") == "list"
            and route.model is not None
        ):
            found.append(route)
    return found


LISTS = _list_routes()

# Lists the generator above does not find, with the rows that grow on each: pages that build
# their rows themselves (not a ScopedListView), and the national catalogues, which the scope
# harness leaves out (the same for everyone) but which are lists all the same.
MORE_LISTS = {
    "registry:month_list": "commune",  # a row per commune of the unit, for the month asked
    "registry:commune_months": "models_registry.CommuneMonth",  # its last twelve months
    "registry:modeltype_list": "models_registry.ModelType",
    "modeltype-list": "models_registry.ModelType",
    "incidentcategory-list": "patrols.IncidentCategory",
}
# API routes named ``*-list`` that are not rows, with the reason.
NOT_LISTS = {
    "statistics-list": "the figures of one scope and period: one JSON object, whatever the rows",
}
MONTH_LISTED = datetime.date(2025, 2, 1)  # the own commune's month (own_objects)
# What a list's URL asks for, so that the rows that grow are on the page.
LIST_QUERY = {"areas:list": "?level=4", "registry:month_list": "?month=02/2025"}


def _grown(route: Route) -> str:
    return MORE_LISTS.get(route.name) or _label(route.model)


ALL_LISTS = LISTS + [route for route in all_routes() if route.name in MORE_LISTS]


def grow(label: str, own: dict, n: int) -> None:
    """``n`` more rows of a list's model in commune A, each like the own one."""
    import datetime

    from django.utils import timezone

    from awards import services as award_services
    from awards.models import Proposal
    from models_registry.models import ModelRating
    from patrols.models import Incident, Shift, ShiftParticipant
    from reports.models import ReportVersion
    from reports.reviews import services
    from reports.statistics import Period
    from tests import factories

    team, person = own["models_registry.GrassrootsModel"], own["models_registry.Person"]
    commune = team.commune
    for i in range(n):
        if label == "accounts.User":
            factories.UserFactory(role="commune_officer", scope_unit=commune)
        elif label == "areas.Area":
            factories.VillageFactory(parent=commune)
        elif label == "models_registry.GrassrootsModel":
            factories.GrassrootsModelFactory(commune=commune, model_type=team.model_type)
        elif label == "models_registry.Person":
            factories.PersonFactory(commune=commune, village=own["areas.Area"])
        elif label == "models_registry.Membership":
            other = factories.PersonFactory(commune=commune)
            factories.MembershipFactory(person=other, model=team)
        elif label == "models_registry.Camera":
            factories.CameraFactory(model=own["network"])
        elif label == "models_registry.CommuneMonth":
            from models_registry.models import CommuneMonth
            from models_registry.signoff import previous_month

            # The latest month the commune has no row for (its months' page shows the last
            # twelve), confirmed by its officer.
            month = previous_month()
            while CommuneMonth.objects.filter(commune=commune, month=month).exists():
                month = previous_month(month)
            CommuneMonth.objects.create(
                commune=commune,
                month=month,
                status="confirmed",
                confirmed_by=own["accounts.User"],
                confirmed_at=timezone.now(),
            )
        elif label == "commune":
            # One more commune of the province, with its month on the sign-off list.
            from models_registry.models import CommuneMonth

            other = factories.CommuneFactory(parent=commune.parent)
            CommuneMonth.objects.create(
                commune=other, month=MONTH_LISTED, status="confirmed", confirmed_at=timezone.now()
            )
        elif label == "models_registry.ModelType":
            from models_registry.models import ModelType

            ModelType.objects.create(
                name=f"Mô hình thử {ModelType.objects.count()}", category="patrol"
            )
        elif label == "patrols.IncidentCategory":
            from patrols.models import IncidentCategory

            n = IncidentCategory.objects.count()
            IncidentCategory.objects.create(name=f"Loại vụ việc thử {n}", code=f"thu-{n}")
        elif label == "models_registry.ModelRating":
            year = 1970 + ModelRating.all_objects.filter(model=team).count()  # a year not rated
            ModelRating.objects.create(model=team, year=year, rating="average")
        elif label == "patrols.Shift":
            # a day after the shifts already there: one member is never on two at once
            start = timezone.make_aware(datetime.datetime(2024, 1, 1, 20)) + datetime.timedelta(
                days=Shift.all_objects.count()
            )
            shift = Shift.objects.create(
                model=team,
                commune=commune,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
            )
            ShiftParticipant.objects.create(shift=shift, person=person)
            incident = own["patrols.Incident"]
            Incident.objects.create(
                model=team,
                commune=commune,
                shift=shift,
                occurred_at=start,
                category=incident.category,
                detected_by="patrol",
                outcome="settled",
                village=own["areas.Area"],
            )
        elif label == "patrols.Incident":
            incident = own["patrols.Incident"]
            Incident.objects.create(
                model=team,
                commune=commune,
                occurred_at=incident.occurred_at,
                category=incident.category,
                detected_by="tip_off",
                outcome="settled",
                village=own["areas.Area"],
            )
        elif label == "awards.Award":
            factories.AwardFactory(recipient_kind="person", person=person)
        elif label == "awards.Proposal":
            proposal = own["awards.Proposal"]
            award_services.submit_proposal(
                user=proposal.proposed_by,
                proposal=Proposal(
                    commune=commune,
                    period_start=proposal.period_start,
                    period_end=proposal.period_end,
                    proposed_form=proposal.proposed_form,
                    proposed_issuer=proposal.proposed_issuer,
                    reason=proposal.reason,
                    achievements=proposal.achievements,
                ),
                models=[team],
                persons=[person],
            )
        elif label == "reports.ReviewReport":
            report = services.create_report(
                user=own["reports.ReviewReport"].created_by,
                kind="final",
                unit=commune,
                period=Period(
                    datetime.date(2020 + i % 5, 1, 1), datetime.date(2020 + i % 5, 12, 31)
                ),
            )
            ReportVersion.objects.create(report=report, number=1, requested_by=report.created_by)
        elif label == "reports.ReportVersion":
            report = own["reports.ReviewReport"]
            last = report.versions.order_by("-number").first().number
            ReportVersion.objects.create(
                report=report, number=last + 1, requested_by=report.created_by
            )
        elif label == "reports.SignedCopy":
            from tests.reports.signing import plain_pdf

            copy = own["reports.SignedCopy"]
            services.attach_signed_copy(
                version=copy.version, user=copy.uploaded_by, content=plain_pdf(f"Ban {i}")
            )
        elif label == "accounts.Notification":
            from accounts.models import Notification

            note = own["accounts.Notification"]
            Notification.objects.create(
                recipient=note.recipient, kind=note.kind, title=f"{note.title} {i}", link=note.link
            )
        else:
            raise AssertionError(f"grow() does not know {label}: add it")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("route", ALL_LISTS, ids=lambda r: r.pattern)
def test_every_list_runs_a_fixed_number_of_queries(route, own_objects, administrator):
    label = _grown(route)
    grow(label, own_objects, 2)  # 3 rows with the own one
    client = client_for(administrator, route.is_api)
    url = route_url(route, own_objects) + LIST_QUERY.get(route.name, "")
    three = _queries(client, url)
    grow(label, own_objects, 27)  # (a commune's months' page shows twelve of them)
    assert _queries(client, url) == three, f"{url}: the queries grow with the rows"


def test_every_api_list_is_counted_or_said_not_to_be_rows():
    """A router's ``*-list`` route, exempt from the scope harness or not, is in the query
    count, or in ``NOT_LISTS`` with the reason."""
    counted = {route.name for route in ALL_LISTS}
    api_lists = {r.name for r in all_routes() if r.is_api and (r.name or "").endswith("-list")}
    assert api_lists - counted - set(NOT_LISTS) == set(), "add them to the query count"
    assert set(NOT_LISTS) <= api_lists - counted, "stale NOT_LISTS"
    assert set(MORE_LISTS) <= counted, "MORE_LISTS names a route that is not there"


def test_the_harness_finds_every_list():
    names = {route.name for route in ALL_LISTS}
    assert {
        "users:list",
        "areas:list",
        "areas:village_list",
        "registry:model_list",
        "registry:person_list",
        "registry:camera_list",
        "patrols:shift_list",
        "patrols:incident_list",
        "awards:award_list",
        "awards:proposal_list",
        "reports:report_list",
        "area-list",
        "village-list",
        "grassrootsmodel-list",
        "person-list",
        "membership-list",
        "camera-list",
        "shift-list",
        "incident-list",
        "award-list",
        "proposal-list",
        "reviewreport-list",
        "reportversion-list",
        "signedcopy-list",
        "notifications:list",
        "notification-list",
        "registry:month_list",
        "registry:commune_months",
        "registry:modeltype_list",
        "modeltype-list",
        "incidentcategory-list",
        "communemonth-list",
    } <= names
