"""The data the route-writes harness (tests/test_route_writes.py) sends to each write route: one
case per route and method, a function of the own objects (tests/conftest.py ``own_objects``)
returning what to send and which model's history must record it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from areas.base.xlsx import Sheet, workbook
from tests.factories import PersonFactory

API_WRITES = {"POST": 201, "PUT": 200, "PATCH": 200, "DELETE": 204}


@dataclass
class Write:
    # The data sent; or, for a confirmation, a function of (client, url) that uploads first.
    data: dict | Callable
    model: str  # the model whose history records the write, "app_label.Model"
    on: str | None = None  # the own object the route acts on, when not its model's usual one
    status: int | None = None  # the answer, when not the method's usual one (202: a job)
    format: str = "json"  # how an API write is sent ("multipart": with a file)


def _locked_first(client, url: str) -> dict:
    """The account of ``url`` (…/users/<pk>/unlock/) locked beforehand, so unlocking changes
    it; nothing to send."""
    from accounts.models import User

    User.objects.filter(pk=int(url.rstrip("/").split("/")[-2])).update(is_active=False)
    return {}


def _items(prefix: str = "") -> dict:
    from patrols.models import Incident

    return {f"{prefix}{name}": 0 for name in Incident.ITEM_FIELDS}


def shift_entry(own: dict, day: str, key: str | None = None) -> dict:
    return {
        "model": own["models_registry.GrassrootsModel"].pk,
        "day": day,
        "start": "20:00",
        "end": "23:00",
        "participants": [own["models_registry.Person"].pk],
        "leader": own["models_registry.Person"].pk,
        "guests_police": 0,
        "guests_militia": 0,
        "guests_other": 0,
        "notes": "Ghi chú",
        "submission_key": key or str(uuid.uuid4()),
        "incidents-TOTAL_FORMS": 0,
        "incidents-INITIAL_FORMS": 0,
        "incidents-MIN_NUM_FORMS": 0,
        "incidents-MAX_NUM_FORMS": 30,
    }


def confirmed(sheets: list[Sheet]) -> Callable:
    """An import's confirmation: the file is uploaded (previewed) by the same user on the same
    page first, and the confirmation sends the preview's token."""

    def upload_then_confirm(client, url: str) -> dict:
        upload = SimpleUploadedFile("nhap.xlsx", workbook(sheets))
        preview = client.post(url, {"file": upload})
        assert preview.context["token"], preview.context["result"]
        return {"confirm": "1", "token": preview.context["token"]}

    return upload_then_confirm


def rating_approved_first(own: dict) -> Callable:
    """Reopening needs an approved rating: the own rating is approved first."""

    def approve_then_reopen(client, url: str) -> dict:
        from models_registry.services import approve_rating

        user = own["reports.ReviewReport"].created_by
        approve_rating(user=user, rating=own["models_registry.ModelRating"])
        return {}

    return approve_then_reopen


def member_import(own: dict) -> dict:
    from models_registry.services import IMPORT_COLUMNS

    row = ["Người Nhập Mới", 1990, "Nam", "", "", "Tổ viên", "01/01/2024"]
    return confirmed([Sheet("Thành viên", IMPORT_COLUMNS, [row])])


def shift_import(own: dict) -> dict:
    from patrols.imports import INCIDENT_COLUMNS, SHIFT_COLUMNS

    team, person = own["models_registry.GrassrootsModel"], own["models_registry.Person"]
    row = [1, "10/03/2025", "20:00", "23:00", team.name, person.full_name, 0, 0, 0, ""]
    return confirmed(
        [Sheet("Ca tuần tra", SHIFT_COLUMNS, [row]), Sheet("Vụ việc", INCIDENT_COLUMNS)]
    )


def review_form(own: dict) -> dict:
    from reports.reviews.forms import ReviewReportForm

    report = own["reports.ReviewReport"]
    form = ReviewReportForm(instance=report, user=report.created_by)
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["situation"] = "Tình hình ổn định."
    return data


def signed_copy_upload() -> dict:
    from tests.reports.signing import plain_pdf

    return {"file": SimpleUploadedFile("ban-ky.pdf", plain_pdf(), "application/pdf")}


def report_api(own: dict) -> dict:
    """Every writable field of the own report, as the API reads them, one changed."""
    report = own["reports.ReviewReport"]
    data = {name: value for name, value in review_form(own).items() if "results_" not in name}
    data["period_start"] = report.period_start.isoformat()
    data["period_end"] = report.period_end.isoformat()
    data["issued_on"] = report.issued_on.isoformat() if report.issued_on else None
    data["number"] = report.number
    data["results_edits"] = {"patrols": "Các tổ đã tuần tra đều đặn."}
    return data


def flagged_number(own: dict) -> dict:
    """The own ready version, rendered from a rewritten part with a number that is not among
    the figures: the key to confirm."""
    from reports.models import ReportVersion, ReviewReport
    from reports.reviews import document, services

    report = own["reports.ReviewReport"]
    ReviewReport.objects.filter(pk=report.pk).update(
        results_edits={"patrols": "Các tổ đã tuần tra 987 ca."}
    )
    report.refresh_from_db()
    version = own["reports.ReportVersion"]
    ReportVersion.objects.filter(pk=version.pk).update(
        snapshot=document.build_document(report, report.created_by)
    )
    version.refresh_from_db()
    return {"numbers": [n["key"] for n in services.unconfirmed_numbers(version)]}


def _team(own):
    return own["models_registry.GrassrootsModel"]


def _commune(own):
    return own["commune"].pk


INCIDENT = lambda own: {  # noqa: E731
    "model": _team(own).pk,
    "occurred_at": "2025-03-02T10:00",
    "category": own["patrols.Incident"].category_id,
    "detected_by": "tip_off",
    "outcome": "settled",
    "persons_involved": 0,
    "description": "Tin báo",
    **_items(),
}
AWARD = lambda own: {  # noqa: E731
    "recipient_kind": "model",
    "unit": _commune(own),
    "model": _team(own).pk,
    "form": "certificate_of_merit",
    "issuer": "police_director",
    "decision_number": "9/QĐ-CAT",
    "decision_date": "2025-08-19",
    "reason": "Thành tích",
}
CAMERA = lambda own: {  # noqa: E731
    "model": own["network"].pk,
    "code": "CAM-MOI",
    "place": "Cầu Phi Nôm",
    "kind": "fixed",
    "funding": "public",
    "installed_on": "2024-01-01",
    "status": "working",
}
PROPOSAL = lambda own: {  # noqa: E731
    "commune": _commune(own),
    "period_start": "2025-01-01",
    "period_end": "2025-06-30",
    "models": [_team(own).pk],
    "proposed_form": "certificate_of_merit",
    "proposed_issuer": "police_director",
    "reason": "Đề nghị",
    "achievements": "Thành tích",
}
MODEL = lambda own: {  # noqa: E731
    "name": "Tổ tuần tra mới",
    "model_type": _team(own).model_type_id,
    "commune": _commune(own),
    "established_on": "2024-01-01",
    "status": "active",
}
API_SHIFT = lambda own: {  # noqa: E731
    "model": _team(own).pk,
    "starts_at": "2025-03-10T20:00:00+07:00",
    "ends_at": "2025-03-10T23:00:00+07:00",
    "participants": [own["models_registry.Person"].pk],
    "notes": "API",
}


def _free_member(own) -> dict:
    person = PersonFactory(full_name="Người Chưa Tham Gia", commune=own["commune"])
    return {
        "person": person.pk,
        "model": _team(own).pk,
        "role": "member",
        "joined_on": "2024-01-01",
    }


def month_approved_first(data: dict) -> Callable:
    """The own month approved (by the service) before the write that reopens it."""

    def approve_then(client, url: str) -> dict:
        from models_registry.models import CommuneMonth

        CommuneMonth.objects.filter(commune__name="Xã Hiệp Thạnh").update(status="approved")
        return data

    return approve_then


CASES: dict[tuple[str, str], Callable[[dict], Write]] = {
    # areas
    ("areas:village_add", "POST"): lambda own: Write(
        {"kind": "village", "name": "Thôn Ghi Mới"}, "areas.Area"
    ),
    ("areas:village_edit", "POST"): lambda own: Write(
        {"parent": _commune(own), "kind": "village", "name": "Thôn Đổi Tên"}, "areas.Area"
    ),
    ("areas:village_delete", "POST"): lambda own: Write({}, "areas.Area"),
    ("village-list", "POST"): lambda own: Write(
        {"commune": _commune(own), "kind": "village", "name": "Thôn API"}, "areas.Area"
    ),
    ("village-detail", "PUT"): lambda own: Write(
        {"commune": _commune(own), "kind": "hamlet", "name": "Ấp API"}, "areas.Area"
    ),
    ("village-detail", "PATCH"): lambda own: Write({"name": "Thôn PATCH"}, "areas.Area"),
    ("village-detail", "DELETE"): lambda own: Write({}, "areas.Area"),
    # registry
    ("registry:model_add", "POST"): lambda own: Write(
        MODEL(own), "models_registry.GrassrootsModel"
    ),
    ("registry:model_edit", "POST"): lambda own: Write(
        {**MODEL(own), "name": "Tổ tuần tra đổi tên"}, "models_registry.GrassrootsModel"
    ),
    ("registry:model_deactivate", "POST"): lambda own: Write({}, "models_registry.GrassrootsModel"),
    ("registry:member_add", "POST"): lambda own: Write(
        {"full_name": "Người Mới", "role": "member", "joined_on": "2024-01-01"},
        "models_registry.Membership",
    ),
    ("registry:member_import", "POST"): lambda own: Write(
        member_import(own), "models_registry.Membership"
    ),
    ("registry:rating_add", "POST"): lambda own: Write(
        {"year": 2024, "rating": "good", "note": ""}, "models_registry.ModelRating"
    ),
    ("registry:rating_edit", "POST"): lambda own: Write(
        {"year": 2025, "rating": "average", "note": "Hạ loại"}, "models_registry.ModelRating"
    ),
    ("reports:rating_confirm", "POST"): lambda own: Write(
        {"year": 2024, "rating": "good", "note": "Xã xác nhận"}, "models_registry.ModelRating"
    ),
    ("reports:rating_approve", "POST"): lambda own: Write({}, "models_registry.ModelRating"),
    ("reports:rating_reopen", "POST"): lambda own: Write(
        rating_approved_first(own), "models_registry.ModelRating"
    ),
    ("modelrating-list", "POST"): lambda own: Write(
        {"model": own["models_registry.GrassrootsModel"].pk, "year": 2024, "rating": "average"},
        "models_registry.ModelRating",
    ),
    ("modelrating-approve", "POST"): lambda own: Write(
        {}, "models_registry.ModelRating", status=200
    ),
    ("modelrating-reopen", "POST"): lambda own: Write(
        rating_approved_first(own), "models_registry.ModelRating", status=200
    ),
    ("registry:membership_edit", "POST"): lambda own: Write(
        {"role": "deputy", "joined_on": "2021-03-01", "left_on": ""}, "models_registry.Membership"
    ),
    ("registry:membership_deactivate", "POST"): lambda own: Write({}, "models_registry.Membership"),
    ("registry:person_add", "POST"): lambda own: Write(
        {"full_name": "Người Thêm", "commune": _commune(own), "gender": "male"},
        "models_registry.Person",
    ),
    ("registry:person_edit", "POST"): lambda own: Write(
        {"full_name": "Trần Văn An Sửa", "gender": "male"}, "models_registry.Person"
    ),
    ("registry:person_deactivate", "POST"): lambda own: Write({}, "models_registry.Person"),
    ("registry:camera_add", "POST"): lambda own: Write(CAMERA(own), "models_registry.Camera"),
    ("registry:camera_edit", "POST"): lambda own: Write(
        {**CAMERA(own), "code": "CAM-PN-01", "place": "Chợ mới"}, "models_registry.Camera"
    ),
    ("registry:camera_deactivate", "POST"): lambda own: Write({}, "models_registry.Camera"),
    ("grassrootsmodel-list", "POST"): lambda own: Write(
        MODEL(own), "models_registry.GrassrootsModel"
    ),
    ("grassrootsmodel-detail", "PUT"): lambda own: Write(
        {**MODEL(own), "name": "Tổ PUT"}, "models_registry.GrassrootsModel"
    ),
    ("grassrootsmodel-detail", "PATCH"): lambda own: Write(
        {"motto": "Vì bình yên thôn xóm"}, "models_registry.GrassrootsModel"
    ),
    ("grassrootsmodel-detail", "DELETE"): lambda own: Write({}, "models_registry.GrassrootsModel"),
    ("person-list", "POST"): lambda own: Write(
        {"full_name": "Người API", "commune": _commune(own)}, "models_registry.Person"
    ),
    ("person-detail", "PUT"): lambda own: Write(
        {"full_name": "Người PUT", "commune": _commune(own)}, "models_registry.Person"
    ),
    ("person-detail", "PATCH"): lambda own: Write(
        {"phone": "0912345678"}, "models_registry.Person"
    ),
    ("person-detail", "DELETE"): lambda own: Write({}, "models_registry.Person"),
    ("membership-list", "POST"): lambda own: Write(_free_member(own), "models_registry.Membership"),
    ("membership-detail", "PUT"): lambda own: Write(
        {
            "person": own["models_registry.Person"].pk,
            "model": _team(own).pk,
            "role": "deputy",
            "joined_on": "2021-03-01",
        },
        "models_registry.Membership",
    ),
    ("membership-detail", "PATCH"): lambda own: Write(
        {"role": "deputy"}, "models_registry.Membership"
    ),
    ("membership-detail", "DELETE"): lambda own: Write({}, "models_registry.Membership"),
    ("camera-list", "POST"): lambda own: Write(CAMERA(own), "models_registry.Camera"),
    ("camera-detail", "PUT"): lambda own: Write(
        {**CAMERA(own), "code": "CAM-PN-01"}, "models_registry.Camera"
    ),
    ("camera-detail", "PATCH"): lambda own: Write({"status": "broken"}, "models_registry.Camera"),
    ("camera-detail", "DELETE"): lambda own: Write({}, "models_registry.Camera"),
    # the monthly sign-off
    ("registry:commune_months", "POST"): lambda own: Write(
        {"month": "01/2025"}, "models_registry.CommuneMonth"
    ),
    ("registry:month_detail", "POST"): lambda own: Write(
        {"action": "approve", "comment": "Đạt"}, "models_registry.CommuneMonth"
    ),
    ("communemonth-list", "POST"): lambda own: Write(
        {"commune": _commune(own), "month": "2025-01-15"}, "models_registry.CommuneMonth"
    ),
    ("communemonth-approve", "POST"): lambda own: Write(
        {"comment": ""}, "models_registry.CommuneMonth", status=200
    ),
    ("communemonth-return", "POST"): lambda own: Write(
        {"comment": "Thiếu ca"}, "models_registry.CommuneMonth", status=200
    ),
    ("communemonth-reopen", "POST"): lambda own: Write(
        month_approved_first({"reason": "Sửa ca"}), "models_registry.CommuneMonth", status=200
    ),
    # patrols
    ("patrols:shift_add", "POST"): lambda own: Write(
        shift_entry(own, "2025-03-10"), "patrols.Shift"
    ),
    ("patrols:shift_edit", "POST"): lambda own: Write(
        shift_entry(own, "2025-03-01"), "patrols.Shift"
    ),
    ("patrols:shift_import", "POST"): lambda own: Write(shift_import(own), "patrols.Shift"),
    ("patrols:shift_delete", "POST"): lambda own: Write({}, "patrols.Shift"),
    ("patrols:incident_add", "POST"): lambda own: Write(INCIDENT(own), "patrols.Incident"),
    ("patrols:incident_edit", "POST"): lambda own: Write(INCIDENT(own), "patrols.Incident"),
    ("patrols:incident_delete", "POST"): lambda own: Write({}, "patrols.Incident"),
    ("shift-list", "POST"): lambda own: Write(
        {**API_SHIFT(own), "submission_key": str(uuid.uuid4())}, "patrols.Shift"
    ),
    ("shift-detail", "PUT"): lambda own: Write(
        {
            **API_SHIFT(own),
            "starts_at": "2025-03-01T20:00:00+07:00",
            "ends_at": "2025-03-01T23:30:00+07:00",
        },
        "patrols.Shift",
    ),
    ("shift-detail", "PATCH"): lambda own: Write({"notes": "Sửa qua API"}, "patrols.Shift"),
    ("shift-detail", "DELETE"): lambda own: Write({}, "patrols.Shift"),
    ("incident-list", "POST"): lambda own: Write(
        {**INCIDENT(own), "occurred_at": "2025-03-02T10:00:00+07:00"}, "patrols.Incident"
    ),
    ("incident-detail", "PUT"): lambda own: Write(
        {**INCIDENT(own), "occurred_at": "2025-03-01T21:00:00+07:00"}, "patrols.Incident"
    ),
    ("incident-detail", "PATCH"): lambda own: Write({"description": "Sửa"}, "patrols.Incident"),
    ("incident-detail", "DELETE"): lambda own: Write({}, "patrols.Incident"),
    # awards
    ("awards:award_add", "POST"): lambda own: Write(AWARD(own), "awards.Award"),
    ("awards:award_edit", "POST"): lambda own: Write(
        {**AWARD(own), "reason": "Lý do sửa"}, "awards.Award"
    ),
    ("awards:award_delete", "POST"): lambda own: Write({}, "awards.Award"),
    ("awards:proposal_add", "POST"): lambda own: Write(PROPOSAL(own), "awards.Proposal"),
    ("awards:proposal_approve", "POST"): lambda own: Write(
        {
            "form": "certificate_of_merit",
            "issuer": "police_director",
            "decision_number": "10/QĐ-CAT",
            "decision_date": "2025-09-01",
            "comment": "",
        },
        "awards.Proposal",
    ),
    ("awards:proposal_return", "POST"): lambda own: Write(
        {"comment": "Thiếu hồ sơ"}, "awards.Proposal"
    ),
    ("award-list", "POST"): lambda own: Write(AWARD(own), "awards.Award"),
    ("award-detail", "PUT"): lambda own: Write({**AWARD(own), "reason": "PUT"}, "awards.Award"),
    ("award-detail", "PATCH"): lambda own: Write({"reason": "PATCH"}, "awards.Award"),
    ("award-detail", "DELETE"): lambda own: Write({}, "awards.Award"),
    ("proposal-list", "POST"): lambda own: Write(PROPOSAL(own), "awards.Proposal"),
    # review reports
    ("reports:report_add", "POST"): lambda own: Write(
        {"kind": "final", "unit": _commune(own), "preset": "police_year", "year": 2025},
        "reports.ReviewReport",
    ),
    ("reports:report_detail", "POST"): lambda own: Write(review_form(own), "reports.ReviewReport"),
    ("reports:report_render", "POST"): lambda own: Write({}, "reports.ReportVersion"),
    ("reports:report_awards", "POST"): lambda own: Write(
        {"decision": "2025-08-19|5/QĐ-CAT"}, "reports.ConferredAward"
    ),
    ("reports:version_retry", "POST"): lambda own: Write(
        {}, "reports.ReportVersion", on="failed_version"
    ),
    ("reports:version_issue", "POST"): lambda own: Write({}, "reports.ReportVersion"),
    ("reports:version_signed_copy", "POST"): lambda own: Write(
        signed_copy_upload(), "reports.SignedCopy", on="issued_version"
    ),
    ("reviewreport-list", "POST"): lambda own: Write(
        {"kind": "final", "unit": _commune(own), "preset": "police_year", "year": 2025},
        "reports.ReviewReport",
    ),
    ("reviewreport-detail", "PUT"): lambda own: Write(report_api(own), "reports.ReviewReport"),
    ("reviewreport-detail", "PATCH"): lambda own: Write(
        {"situation": "Tình hình ổn định qua API."}, "reports.ReviewReport"
    ),
    ("reviewreport-render", "POST"): lambda own: Write({}, "reports.ReportVersion", status=202),
    ("reportversion-confirm-numbers", "POST"): lambda own: Write(
        flagged_number(own), "reports.ReportVersion", status=200
    ),
    ("reportversion-issue", "POST"): lambda own: Write({}, "reports.ReportVersion", status=200),
    ("reportversion-retry", "POST"): lambda own: Write(
        {}, "reports.ReportVersion", on="failed_version", status=202
    ),
    ("users:create", "POST"): lambda own: Write(
        {
            "username": "tai_khoan_moi",
            "last_name": "Lê Văn",
            "first_name": "Mới",
            "role": "commune_officer",
            "scope_unit": own["models_registry.GrassrootsModel"].commune_id,
            "phone": "",
            "email": "",
        },
        "accounts.User",
    ),
    ("users:set_temporary_password", "POST"): lambda own: Write({}, "accounts.User"),
    ("users:lock", "POST"): lambda own: Write({}, "accounts.User"),
    ("users:unlock", "POST"): lambda own: Write(_locked_first, "accounts.User"),
    ("users:reset_two_factor", "POST"): lambda own: Write({}, "accounts.User"),
    # notifications: all marked read; e-mail choices (the defaults' opposite: nothing ticked)
    ("notifications:list", "POST"): lambda own: Write({}, "accounts.Notification"),
    ("notifications:settings", "POST"): lambda own: Write({}, "accounts.NotificationPreference"),
    ("notification-read", "POST"): lambda own: Write({}, "accounts.Notification", status=200),
    ("signedcopy-list", "POST"): lambda own: Write(
        {"version": own["issued_version"].pk, **signed_copy_upload()},
        "reports.SignedCopy",
        format="multipart",
    ),
}
