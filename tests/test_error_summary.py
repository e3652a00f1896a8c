"""Every problem of a submit at once, listed at the top of the form with a link to each field:
the form's rules, its rows and the service's rules, checked together."""

import datetime
import re

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from areas.base.forms import DateField, TimeField, error_summary
from awards import services
from awards.models import Award, Proposal
from models_registry import signoff
from models_registry.models import Membership, MonthStatus, Person
from tests.conftest import login
from tests.factories import MembershipFactory

FORM = re.compile(r"<form\b(?P<attrs>[^>]*)>(?P<body>.*?)</form>", re.S | re.I)
# What renders fields of a Django form (not a lone button or a hand-made checkbox list).
FIELDS = re.compile(r"\|crispy\b|as_crispy_field|\{\{ *\w*form\.\w+")
# A field written by hand, where something is typed or chosen (its problems need the summary
# as much as a Django form's): a text box, a list, an input other than a box to tick.
HAND_MADE = re.compile(
    r"<textarea\b|<select\b|<input\b(?![^>]*type=\"(?:hidden|submit|button|checkbox|radio)\")",
    re.I,
)


def summary(html: str) -> list[tuple[str, str]]:
    """The summary's lines as (link target, text)."""
    block = re.search(r"data-error-summary.*?</div>", html, re.S)
    assert block, "no error summary on the page"
    lines = re.findall(r"<li>(?:<a [^>]*href=\"#([^\"]+)\">)?(.*?)(?:</a>)?</li>", block.group(0))
    return [(anchor, re.sub(r"\s+", " ", text).strip()) for anchor, text in lines]


def test_every_post_form_template_shows_the_summary():
    missing = []
    for path in sorted((settings.BASE_DIR / "templates").rglob("*.html")):
        for match in FORM.finditer(path.read_text()):
            body = match.group("body")
            is_post = 'method="post"' in match.group("attrs").lower()
            has_fields = FIELDS.search(body) or HAND_MADE.search(body)
            if is_post and has_fields and "{% error_summary" not in body:
                missing.append(str(path.relative_to(settings.BASE_DIR)))
    assert missing == []


class _Row(forms.Form):
    at = TimeField(label="Giờ")
    count = forms.IntegerField(label="Số", min_value=0)


class _Page(forms.Form):
    day = DateField(label="Ngày")
    people = forms.MultipleChoiceField(
        label="Người", choices=[("1", "A")], widget=forms.CheckboxSelectMultiple
    )
    key = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Cả trang có lỗi.")


def test_the_summary_lists_each_problem_with_its_field_in_page_order():
    page = _Page({"day": "x", "people": ["9"], "key": ""})
    Rows = forms.formset_factory(_Row, extra=0, can_delete=True)
    Rows.summary_row_label = "Dòng %(n)s"
    rows = Rows(
        {
            "form-TOTAL_FORMS": 3,
            "form-INITIAL_FORMS": 0,
            "form-0-at": "10:00",
            "form-0-count": "1",
            "form-1-at": "25:00",
            "form-1-count": "-1",
            "form-2-at": "x",
            "form-2-DELETE": "on",  # removed: its problems are not the page's
        }
    )
    with translation.override("vi"):
        items = [(i.anchor, i.label, i.message) for i in error_summary(page, rows, None)]
    assert items == [
        ("", "", "Cả trang có lỗi."),
        ("id_day", "Ngày", "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2026."),
        ("div_id_people", "Người", "Lựa chọn không hợp lệ: 9 không có trong danh sách."),
        ("", "key", "Trường này là bắt buộc."),
        ("id_form-1-at", "Dòng 2 – Giờ", "Không có giờ 25: giờ từ 00 đến 23."),
        ("id_form-1-count", "Dòng 2 – Số", "Giá trị này phải lớn hơn hoặc bằng 0."),
    ]
    assert error_summary(_Page()) == []  # nothing submitted, nothing to say


def test_member_form_every_problem_at_once(officer_a, model_a, person_a):
    """No name, a joining date in the future and a second current leader: three problems of
    two layers (the form, the membership's rules), all in the first answer."""
    MembershipFactory(person=person_a, model=model_a, role="leader")
    future = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    data = {"full_name": "", "birth_year": "-5", "role": "leader", "joined_on": future}
    response = login(officer_a).post(reverse("registry:member_add", args=[model_a.pk]), data)
    assert response.status_code == 200
    lines = summary(response.content.decode())
    assert [anchor for anchor, _text in lines] == [
        "id_full_name",
        "id_birth_year",
        "id_role",
        "id_joined_on",
    ]
    text = " ".join(t for _a, t in lines)
    assert "Họ và tên: Hãy chọn thành viên đã có hoặc nhập họ và tên." in text
    assert "Năm sinh: Giá trị này phải lớn hơn hoặc bằng 1920." in text
    assert "Vai trò: Mô hình này đã có tổ trưởng đương nhiệm." in text
    assert "Ngày tham gia: Ngày tham gia không được ở tương lai." in text
    assert Person.objects.count() == 1 and Membership.objects.count() == 1


@pytest.fixture
def proposal(officer_a, commune_a, model_a):
    return services.submit_proposal(
        user=officer_a,
        proposal=Proposal(
            commune=commune_a,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 6, 30),
            proposed_form="certificate_of_merit",
            proposed_issuer="police_director",
            reason="Thành tích",
            achievements="Thành tích",
        ),
        models=[model_a],
    )


def test_approval_form_every_problem_at_once(province_staff, proposal):
    """A missing decision number (the form) and a decision date in the future (the award
    rules the service checks): both in the first answer."""
    future = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    response = login(province_staff).post(
        reverse("awards:proposal_approve", args=[proposal.pk]),
        {"form": "certificate_of_merit", "issuer": "police_director", "decision_date": future},
    )
    assert response.status_code == 422
    lines = summary(response.content.decode())
    assert [anchor for anchor, _text in lines] == ["id_decision_number", "id_decision_date"]
    assert "tương lai" in lines[1][1]
    assert not Award.objects.exists()


def test_proposal_form_every_problem_at_once(client_a, commune_a):
    """Achievements ending in the future (the proposal's rules) and nobody proposed (the
    service's rule): both in the first answer."""
    future = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    data = {
        "commune": commune_a.pk,
        "period_start": "01/01/2025",
        "period_end": future,
        "proposed_form": "certificate_of_merit",
        "proposed_issuer": "police_director",
        "reason": "",
        "achievements": "Thành tích",
    }
    response = client_a.post(reverse("awards:proposal_add"), data)
    assert response.status_code == 422
    anchors = [anchor for anchor, _text in summary(response.content.decode())]
    assert anchors == ["id_period_end", "div_id_models", "id_reason"]
    assert 'id="div_id_models"' in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.fixture
def march(commune_a, officer_a):
    return signoff.confirm_month(user=officer_a, commune=commune_a, month=datetime.date(2025, 3, 1))


def _field(html: str, field_id: str) -> str:
    """The crispy wrapper of one field: from its div to the next field's."""
    start = html.index(f'id="div_{field_id}"')
    end = html.find('id="div_id_', start + 1)
    return html[start : end if end > 0 else len(html)]


def test_month_page_every_problem_in_the_summary_and_at_its_field(province_staff, march):
    """The month's decisions: a blank comment of a return (or reason of a reopening) in the
    portal's summary, linked to its field, and under the field; the month moved on by then
    (the page sent before another decision): its status and the blank text together."""
    client = login(province_staff)
    url = reverse("registry:month_detail", args=[march.pk])
    response = client.post(url, {"action": "return", "comment": "  "})
    assert response.status_code == 422
    html = response.content.decode()
    assert html.count("data-error-summary") == 1  # the return form's, not the approval's
    assert summary(html) == [
        ("id_return_comment", "Nội dung xã cần sửa: Hãy ghi rõ nội dung xã cần sửa.")
    ]
    field = _field(html, "id_return_comment")
    assert "is-invalid" in field and "Hãy ghi rõ nội dung xã cần sửa." in field
    assert 'id="id_approve_comment"' in html  # both forms still there, ids of their own

    signoff.approve_month(user=province_staff, month=march)
    response = client.post(url, {"action": "reopen", "reason": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert summary(html) == [("id_reason", "Lý do mở lại: Hãy ghi lý do mở lại tháng.")]
    assert "Hãy ghi lý do mở lại tháng." in _field(html, "id_reason")

    # a return sent from a page older than the approval: both problems, nothing to link to
    response = client.post(url, {"action": "return", "comment": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert summary(html) == [
        ("", "Chỉ trả lại được tháng mà xã đã xác nhận."),
        ("", "Hãy ghi rõ nội dung xã cần sửa."),
    ]
    assert 'id="id_reason"' in html and "is-invalid" not in html
    march.refresh_from_db()
    assert march.status == MonthStatus.APPROVED
