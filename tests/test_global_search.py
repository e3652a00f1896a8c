"""The top bar's search (/search/?q=…): models, members, cameras, shifts, commendations and
review reports in the user's scope, with or without diacritics, grouped by kind, a bounded
number of each at a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from patrols.models import Shift
from reports.dashboards.search import LIMIT
from tests.conftest import login
from tests.factories import (
    AwardFactory,
    CameraFactory,
    GrassrootsModelFactory,
    MembershipFactory,
    PersonFactory,
)

URL = reverse("reports:search")


def search(user, term):
    response = login(user).get(URL, {"q": term})
    assert response.status_code == 200
    return response


def found(response) -> dict[str, list]:
    """The rows shown, by kind."""
    return {group.kind: group.rows for group in response.context["groups"] if group.rows}


def shift(team, day: datetime.date, hour: int = 20) -> Shift:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return Shift.objects.create(
        model=team,
        commune=team.commune,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )


def test_a_name_is_found_with_or_without_diacritics(officer_a, commune_a, model_a):
    an = PersonFactory(full_name="Nguyễn Văn An", commune=commune_a)
    duc = PersonFactory(full_name="Lê Văn Đức", commune=commune_a)
    MembershipFactory(person=an, model=model_a)
    for term in ["nguyen van an", "Nguyễn Văn An", "NGUYEN an"]:
        assert found(search(officer_a, term))["members"] == [an], term
    assert found(search(officer_a, "duc"))["members"] == [duc]
    # Namesakes are told apart by their commune and team.
    body = search(officer_a, "nguyen van an").content.decode()
    assert "Xã Hiệp Thạnh" in body and "Tổ tuần tra Phi Nôm" in body
    assert reverse("registry:person_detail", args=[an.pk]) in body


def test_results_are_grouped_by_kind(officer_a, commune_a, model_a, camera_type, person_a):
    network = GrassrootsModelFactory(
        name="Mắt camera Phi Nôm", commune=commune_a, model_type=camera_type
    )
    camera = CameraFactory(model=network, code="CAM-PN-07", place="Cổng chợ Phi Nôm")
    patrol = shift(model_a, datetime.date(2025, 3, 5))
    award = AwardFactory(model=model_a, decision_number="12/QĐ-UBND")
    from reports.reviews import services
    from reports.statistics import Period

    report = services.create_report(
        user=officer_a,
        kind="interim",
        unit=commune_a,
        period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),
        title="Sơ kết tổ tuần tra Phi Nôm",
    )
    response = search(officer_a, "phi nom")
    groups = found(response)
    assert list(groups) == ["models", "cameras", "shifts", "awards", "reports"]
    assert set(groups["models"]) == {model_a, network}
    assert groups["cameras"] == [camera]
    assert groups["shifts"] == [patrol]
    assert groups["awards"] == [award]
    assert groups["reports"] == [report]
    body = response.content.decode()
    for obj in (model_a, camera, patrol, award, report):
        assert obj.get_absolute_url() in body
    # Cameras by their code, commendations by their decision number, reports by number.
    assert found(search(officer_a, "cam-pn"))["cameras"] == [camera]
    assert found(search(officer_a, "12/qd-ubnd"))["awards"] == [award]
    type(report).objects.filter(pk=report.pk).update(number=37)
    assert found(search(officer_a, "37/BC-BCĐ"))["reports"] == [report]


def test_nobody_sees_rows_outside_their_scope(
    officer_a, officer_b, province_staff, staff_elsewhere, commune_a, commune_b, patrol_type
):
    own = PersonFactory(full_name="Trần Thị Hoa", commune=commune_a)
    other = PersonFactory(full_name="Trần Thị Hoa", commune=commune_b)
    team_b = GrassrootsModelFactory(
        name="Tổ tuần tra Hoa", commune=commune_b, model_type=patrol_type
    )
    shift(team_b, datetime.date(2025, 3, 5))
    assert found(search(officer_a, "tran thi hoa")) == {"members": [own]}
    assert found(search(officer_a, "hoa")) == {"members": [own]}
    assert found(search(officer_a, "05/03/2025")) == {}
    assert set(found(search(officer_b, "hoa"))["members"]) == {other}
    # Province staff: their province's communes, not another province's.
    assert set(found(search(province_staff, "tran thi hoa"))["members"]) == {own, other}
    assert found(search(staff_elsewhere, "tran thi hoa")) == {}


def test_soft_deleted_rows_never_appear(officer_a, commune_a, model_a):
    gone = PersonFactory(full_name="Phạm Văn Mất", commune=commune_a)
    gone.soft_delete()
    patrol = shift(model_a, datetime.date(2025, 3, 5))
    patrol.soft_delete()
    model_a.soft_delete()
    assert found(search(officer_a, "pham van mat")) == {}
    assert found(search(officer_a, "phi nom")) == {}
    assert found(search(officer_a, "05/03/2025")) == {}


def test_a_date_finds_that_days_shifts(officer_a, model_a, patrol_type, commune_a):
    night = GrassrootsModelFactory(
        name="Tổ tuần tra đêm", commune=commune_a, model_type=patrol_type
    )
    on_the_day = [
        shift(model_a, datetime.date(2025, 3, 5), 19),
        shift(night, datetime.date(2025, 3, 5), 22),
    ]
    shift(model_a, datetime.date(2025, 3, 6))
    for term in ["05/03/2025", "5/3/2025", "05.03.2025"]:
        response = search(officer_a, term)
        assert found(response) == {"shifts": on_the_day}, term
    assert response.context["groups"][0].more_url.endswith(
        "?date_from=05%2F03%2F2025&date_to=05%2F03%2F2025"
    )
    # A day that does not exist is named as such.
    response = search(officer_a, "31/02/2025")
    assert found(response) == {}
    assert "31/02/2025" in response.context["problem"]


def test_a_team_finds_its_latest_shifts(officer_a, model_a):
    days = [datetime.date(2025, 1, 1) + datetime.timedelta(days=i) for i in range(LIMIT + 3)]
    shifts = [shift(model_a, day) for day in days]
    group = next(g for g in search(officer_a, "phi nom").context["groups"] if g.kind == "shifts")
    assert group.rows == shifts[::-1][:LIMIT]
    assert group.more_url == reverse("patrols:shift_list") + f"?model={model_a.pk}"


def test_each_kind_shows_a_bounded_number_with_the_rest_counted(officer_a, commune_a):
    PersonFactory.create_batch(LIMIT + 4, full_name="Hoàng Văn Nam", commune=commune_a)
    response = search(officer_a, "hoang van nam")
    group = response.context["groups"][1]
    assert (group.kind, len(group.rows), group.found, group.more) == ("members", LIMIT, 14, 4)
    assert group.more_url == reverse("registry:person_list") + "?q=hoang+van+nam"
    assert "4 kết quả khác" in response.content.decode()
    # The list it leads to finds the same rows.
    listed = login(officer_a).get(group.more_url).context["paginator"].count
    assert listed == group.found


def test_a_fixed_number_of_queries_one_per_kind(officer_a, commune_a, model_a, province_staff):
    def queries(user, n):
        for i in range(n):
            person = PersonFactory(full_name=f"Đỗ Văn Phi {i}", commune=commune_a)
            MembershipFactory(person=person, model=model_a)
            shift(
                model_a,
                datetime.date(2024, 1, 1) + datetime.timedelta(days=len(Shift.objects.all())),
            )
        client = login(user)
        client.get(URL, {"q": "phi"})  # the session and the permissions, read once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"q": "phi"}).status_code == 200
        return len(captured)

    few = queries(officer_a, 2)
    assert queries(officer_a, 20) == few
    # the session, the user, their permissions (two), their unit, the bell's unread count;
    # then one query per kind
    assert few == 6 + 6


def test_an_empty_or_short_term_asks_for_more_and_reads_nothing(officer_a):
    client = login(officer_a)
    client.get(URL)
    for term in ["", " ", "a", " đ "]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"q": term})
        assert response.status_code == 200
        assert response.context["groups"] == []
        assert "Gõ ít nhất 2 ký tự" in response.content.decode()
        assert not any("models_registry" in q["sql"] for q in captured.captured_queries)


def test_a_role_sees_only_the_kinds_it_may_see(secretary, commune_a, model_a):
    # The secretary may read the registry, the shifts, the commendations and the reports.
    kinds = [g.kind for g in search(secretary, "phi nom").context["groups"]]
    assert kinds == ["models", "members", "cameras", "shifts", "awards", "reports"]


def test_the_top_bar_has_the_box(officer_a):
    body = login(officer_a).get(reverse("home")).content.decode()
    assert 'id="topbar-search"' in body
    assert f'action="{URL}"' in body
    assert '<label class="visually-hidden" for="topbar-search">Tìm kiếm</label>' in body


@pytest.mark.parametrize("term", ["an\x00", "%", "_", "\\"])
def test_odd_input_is_no_server_error(officer_a, term):
    assert login(officer_a).get(URL, {"q": term}).status_code == 200
