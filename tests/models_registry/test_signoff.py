"""The monthly sign-off: who may confirm, approve, return and reopen a commune's month, each
step kept in the history, and the lock an approved month sets on the registry's records."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from accounts.models import Role
from models_registry import signoff
from models_registry.models import CommuneMonth, MonthStatus
from models_registry.models.months import CommuneMonth as _Month
from tests.factories import (
    GrassrootsModelFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

MARCH = datetime.date(2025, 3, 1)
LOCKED = "Số liệu tháng 03/2025 của Xã Hiệp Thạnh đã được duyệt và khóa"


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def approved(commune, officer, staff, month=MARCH) -> CommuneMonth:
    row = signoff.confirm_month(user=officer, commune=commune, month=month)
    return signoff.approve_month(user=staff, month=row, comment="Đạt")


def messages_of(err: ValidationError) -> dict[str, str]:
    with translation.override("vi"):
        return {k: " ".join(v) for k, v in err.message_dict.items()}


def test_the_month_goes_confirmed_approved_reopened_each_step_in_history(
    commune_a, officer_a, province_staff
):
    row = signoff.confirm_month(user=officer_a, commune=commune_a, month=MARCH)
    assert row.status == MonthStatus.CONFIRMED and row.confirmed_by == officer_a
    assert row.confirmed_late  # confirmed long after 05/04/2025
    row = signoff.approve_month(user=province_staff, month=row, comment="Đạt")
    assert row.is_locked and row.decided_by == province_staff
    row = signoff.reopen_month(user=province_staff, month=row, reason="Bổ sung ca tuần tra")
    assert row.status == MonthStatus.OPEN and row.reopen_reason == "Bổ sung ca tuần tra"
    events = _Month.pgh_event_model.objects.filter(pgh_obj=row).order_by("pgh_id")
    assert [e.status for e in events] == ["open", "confirmed", "approved", "open"]


def test_a_returned_month_is_confirmed_again(commune_a, officer_a, province_staff):
    row = signoff.confirm_month(user=officer_a, commune=commune_a, month=MARCH)
    with pytest.raises(ValidationError) as refused:
        signoff.return_month(user=province_staff, month=row, comment="  ")
    assert "comment" in refused.value.message_dict
    row = signoff.return_month(user=province_staff, month=row, comment="Thiếu ca ngày 10")
    assert row.status == MonthStatus.RETURNED and row.comment == "Thiếu ca ngày 10"
    row = signoff.confirm_month(user=officer_a, commune=commune_a, month=MARCH)
    assert row.status == MonthStatus.CONFIRMED


def test_who_may_do_what(commune_a, officer_a, officer_b, province_staff, staff_elsewhere):
    with pytest.raises(PermissionDenied):  # another commune's officer
        signoff.confirm_month(user=officer_b, commune=commune_a, month=MARCH)
    row = signoff.confirm_month(user=officer_a, commune=commune_a, month=MARCH)
    with pytest.raises(PermissionDenied):  # an officer never approves, even their own
        signoff.approve_month(user=officer_a, month=row)
    with pytest.raises(PermissionDenied):  # staff of another province
        signoff.approve_month(user=staff_elsewhere, month=row)
    with pytest.raises(PermissionDenied):
        signoff.confirm_month(user=province_staff, commune=commune_a, month=MARCH)
    assert CommuneMonth.objects.get(pk=row.pk).status == MonthStatus.CONFIRMED


def test_steps_out_of_order_are_refused_in_vietnamese(commune_a, officer_a, province_staff):
    this_month = signoff.month_start(datetime.date.today())
    with pytest.raises(ValidationError) as refused:
        signoff.confirm_month(user=officer_a, commune=commune_a, month=this_month)
    assert "chưa kết thúc" in messages_of(refused.value)["month"]
    row = CommuneMonth.objects.create(commune=commune_a, month=MARCH)
    with pytest.raises(ValidationError) as refused:
        signoff.approve_month(user=province_staff, month=row)
    assert "status" in refused.value.message_dict
    row = approved(commune_a, officer_a, province_staff)
    with pytest.raises(ValidationError) as refused:
        signoff.confirm_month(user=officer_a, commune=commune_a, month=MARCH)
    assert "đã được duyệt" in messages_of(refused.value)["month"]
    with pytest.raises(ValidationError):
        signoff.reopen_month(user=province_staff, month=row, reason="")


def test_every_problem_of_a_step_comes_back_at_once(commune_a, province, officer_a, province_staff):
    """What was written and the month's status are checked together: a blank comment on a
    month not (or no longer) confirmed is refused with both problems, not one at a time."""
    row = approved(commune_a, officer_a, province_staff)
    with pytest.raises(ValidationError) as refused:
        signoff.return_month(user=province_staff, month=row, comment="  ")
    found = messages_of(refused.value)
    assert set(found) == {"comment", "status"}
    assert found["comment"] == "Hãy ghi rõ nội dung xã cần sửa."
    row = signoff.reopen_month(user=province_staff, month=row, reason="Sửa")
    with pytest.raises(ValidationError) as refused:
        signoff.reopen_month(user=province_staff, month=row, reason="")
    found = messages_of(refused.value)
    assert set(found) == {"reason", "status"}
    assert found["reason"] == "Hãy ghi lý do mở lại tháng."
    # a unit that is no commune and a month not over yet: both at once
    admin = UserFactory(username="quantri", role=Role.ADMINISTRATOR, scope_unit=province)
    this_month = signoff.month_start(datetime.date.today())
    with pytest.raises(ValidationError) as refused:
        signoff.confirm_month(user=admin, commune=province, month=this_month)
    assert set(messages_of(refused.value)) == {"commune", "month"}
    assert not CommuneMonth.objects.filter(commune=province).exists()
    # who may not decide is refused first, whatever was written
    with pytest.raises(PermissionDenied):
        signoff.return_month(user=officer_a, month=row, comment="")


# --- the lock on the registry --------------------------------------------------------


@pytest.fixture
def locked(commune_a, officer_a, province_staff):
    return approved(commune_a, officer_a, province_staff)


def refusal(obj) -> dict[str, str]:
    with pytest.raises(ValidationError) as refused:
        obj.full_clean()
    return messages_of(refused.value)


def test_a_membership_starting_or_ending_in_a_locked_month_is_refused(
    commune_a, model_a, person_a, locked
):
    new = MembershipFactory.build(person=person_a, model=model_a, joined_on=MARCH)
    assert LOCKED in refusal(new)["joined_on"]
    # joining before and still serving: the locked month's members would change too
    new.joined_on = datetime.date(2025, 1, 10)
    assert LOCKED in refusal(new)["joined_on"]
    with pytest.raises(IntegrityError, match="commune_month_locked"), transaction.atomic():
        new.save()
    # after the locked month: allowed
    new.joined_on = datetime.date(2025, 5, 1)
    new.full_clean()
    new.save()


def test_an_edit_or_a_deactivation_altering_a_locked_month_is_refused(
    commune_a, model_a, person_a, officer_a, province_staff
):
    membership = MembershipFactory(person=person_a, model=model_a)  # since 2021
    row = approved(commune_a, officer_a, province_staff)
    membership.left_on = datetime.date(2025, 3, 20)
    assert LOCKED in refusal(membership)["left_on"]
    membership.left_on = None
    membership.joined_on = datetime.date(2025, 4, 2)  # out of the locked month
    assert LOCKED in refusal(membership)["joined_on"]
    membership.refresh_from_db()
    for obj in (membership, person_a, model_a):
        with pytest.raises(ValidationError) as refused:
            obj.soft_delete()
        assert LOCKED in " ".join(refused.value.messages)
        obj.refresh_from_db()
        assert obj.deleted_at is None
    # A change after the locked month is allowed: leaving in May.
    membership.left_on = datetime.date(2025, 5, 31)
    membership.full_clean()
    membership.save()
    # Reopened, the month may change again.
    signoff.reopen_month(user=province_staff, month=row, reason="Sửa danh sách")
    membership.left_on = datetime.date(2025, 3, 20)
    membership.full_clean()
    membership.save()
    person_a.soft_delete()


def test_a_model_established_or_dissolved_in_a_locked_month_is_refused(commune_a, model_a, locked):
    team = GrassrootsModelFactory.build(
        commune=commune_a, model_type=model_a.model_type, established_on=MARCH
    )
    assert LOCKED in refusal(team)["established_on"]
    model_a.status, model_a.dissolved_on = "dissolved", datetime.date(2025, 3, 31)
    assert LOCKED in refusal(model_a)["dissolved_on"]
    with pytest.raises(IntegrityError, match="commune_month_locked"), transaction.atomic():
        model_a.save()


def test_another_communes_records_are_not_locked(
    commune_b, registry_b, commune_a, officer_a, province_staff
):
    approved(commune_a, officer_a, province_staff)
    person = PersonFactory(commune=commune_b)
    membership = MembershipFactory.build(person=person, model=registry_b["team"], joined_on=MARCH)
    membership.full_clean()
    membership.save()


def test_the_approval_count_counts_communes_with_every_month_approved(
    commune_a, commune_b, officer_a, province_staff
):
    from areas.models import Area

    approved(commune_a, officer_a, province_staff)
    communes = Area.objects.filter(pk__in=[commune_a.pk, commune_b.pk])
    count = signoff.approval_count(communes, [MARCH])
    assert (count["approved"], count["total"]) == (1, 2)
    count = signoff.approval_count(communes, [MARCH, datetime.date(2025, 4, 1)])
    assert count["approved"] == 0


def test_an_imported_member_joining_in_a_locked_month_is_refused_at_its_row(
    model_a, village_a, locked
):
    from models_registry.models import Membership
    from models_registry.services import import_members
    from tests.models_registry.test_import_export import workbook

    rows = [
        ["Nguyễn Văn Hùng", 1975, "Nam", "", "", "Tổ viên", "10/03/2025"],
        ["Trần Thị Lan", 1988, "Nữ", "", "", "Tổ viên", "01/05/2025"],
    ]
    result = import_members(model=model_a, content=workbook(rows), commit=True)
    assert not result.saved
    assert any(LOCKED in error for error in result.rows[0].errors)
    assert result.rows[1].errors == []
    assert not Membership.objects.filter(model=model_a).exists()


def test_a_returned_month_tells_the_communes_officers_only_each_time(
    commune_a, officer_a, officer_b, province_staff
):
    from accounts.models import Notification
    from areas.scoping import unscoped

    row = signoff.confirm_month(user=officer_a, commune=commune_a, month=MARCH)
    signoff.return_month(user=province_staff, month=row, comment="Thiếu ca ngày 10")
    with unscoped("test: every user's notifications"):
        told = list(Notification.objects.values_list("recipient", "kind", "title", "body", "link"))
    assert told == [
        (
            officer_a.pk,
            "month_returned",
            f"Số liệu tháng 03/2025 của {commune_a.name} đã bị trả lại để chỉnh sửa.",
            "Thiếu ca ngày 10",
            row.get_absolute_url(),
        )
    ]
    # Confirmed again and returned again: a second notification, not a repeat suppressed.
    row = signoff.confirm_month(user=officer_a, commune=commune_a, month=MARCH)
    signoff.return_month(user=province_staff, month=row, comment="Còn thiếu ca ngày 12")
    with unscoped("test: every user's notifications"):
        assert Notification.objects.filter(recipient=officer_a).count() == 2
        assert not Notification.objects.filter(recipient=officer_b).exists()
