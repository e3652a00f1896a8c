"""The demo's monthly sign-off (xác nhận số liệu tháng): loaded last by ``load_demo``, as an
approved month locks its records."""

from __future__ import annotations

import datetime

from django.db import transaction

from areas.demo import DUC_TRONG, Demo, stable_hash
from areas.models import Area, AreaLevel


def load_demo_signoff(demo: Demo, held: dict[int, datetime.date] | None = None) -> int:
    """The monthly sign-off as a province that has used it from the start has it: every
    commune's finished months approved by the province (the communes with no team too: their
    police confirm an empty month) (confirmed by the commune around the 3rd
    of the next month, approved a few days later), except the month just finished — confirmed
    and awaiting approval in most communes, not yet confirmed in some, returned with what to
    correct in Đức Trọng — and the silent communes, which confirmed nothing since they went
    quiet. Made last: an approved month locks its records. Kept on a later run (a month that
    has its row is left as it is). ``held``: commune → the first month it does not confirm
    (a team of it fell silent then, and a later run goes on writing that team's log from its
    last shift: those months must still be open). Returns how many months were written."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts.roles import Role
    from models_registry.models import CommuneMonth, MonthStatus
    from models_registry.signoff import month_start, months_between

    users = get_user_model().objects.filter(is_active=True)
    staff = users.filter(role=Role.PROVINCE_STAFF, scope_unit=demo.province).first()
    officers = {u.scope_unit_id: u for u in users.filter(role=Role.COMMUNE_OFFICER)}
    this_month = month_start(demo.today)
    finished = [m for m in months_between(demo.start, demo.today) if m < this_month]
    if not finished or staff is None:
        return 0
    last = finished[-1]
    silent = {c.pk for c in demo.silent_communes}

    def moment(month: datetime.date, day: int, commune: Area) -> datetime.datetime:
        after = (month + datetime.timedelta(days=32)).replace(day=day)
        hour = 8 + stable_hash("signoff", commune.code, month) % 9
        return timezone.make_aware(datetime.datetime.combine(after, datetime.time(hour, 15)))

    communes = Area.objects.current().filter(level=AreaLevel.COMMUNE, parent=demo.province)
    rows = []
    for commune in communes.order_by("pk"):
        officer = officers.get(commune.pk)
        for month in finished:
            if commune.pk in silent and month >= finished[max(len(finished) - 3, 0)]:
                continue
            if held and commune.pk in held and month >= held[commune.pk]:
                continue
            row = CommuneMonth(
                commune=commune,
                month=month,
                status=MonthStatus.APPROVED,
                confirmed_by=officer,
                confirmed_at=moment(month, 3, commune),
                decided_by=staff,
                decided_at=moment(month, 7, commune),
            )
            if month == last:
                if commune.code == DUC_TRONG:
                    row.status = MonthStatus.RETURNED
                    row.comment = (
                        "Đề nghị bổ sung 2 ca tuần tra ngày 12 và 19 còn thiếu, kiểm tra lại "
                        "số lượt tham gia trước khi xác nhận lại."
                    )
                elif stable_hash("confirmed", commune.code, month) % 4 == 0 and not (
                    demo.is_special(commune)
                ):
                    continue  # not confirmed yet
                else:
                    row.status = MonthStatus.CONFIRMED
                    row.decided_by = row.decided_at = None
                if demo.today < row.confirmed_at.date():
                    continue  # the month has only just finished: not confirmed yet
            rows.append(row)
    with transaction.atomic():
        created = CommuneMonth.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)
