"""Text is stored in Unicode NFC whatever the phone sent: one function (``clean_text``) at
every door — the forms, the API (POST and PATCH, nested rows too) and the .xlsx imports."""

import datetime
import importlib
import unicodedata

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.urls import reverse
from rest_framework.test import APIClient

from areas.base.forms import PlainTextMixin
from areas.base.text import clean_data, clean_text
from models_registry.models import Person
from patrols.models import Incident, IncidentCategory, Shift
from tests.conftest import login
from tests.factories import MembershipFactory, PersonFactory


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


NAME = "Nguyễn Thị Đào"
assert nfd(NAME) != NAME  # the tests below would prove nothing otherwise


def test_clean_text():
    assert clean_text(nfd(NAME)) == NAME
    assert clean_text("  Dòng một\r\nDòng hai\rDòng ba \n") == "Dòng một\nDòng hai\nDòng ba"


def test_clean_data_reaches_every_string_and_leaves_the_rest():
    upload = SimpleUploadedFile("a.xlsx", b"x")
    query = QueryDict(mutable=True)
    query.setlist("names", [nfd(NAME), " An "])
    query["file"] = upload
    cleaned = clean_data(query)
    assert cleaned.getlist("names") == [NAME, "An"]
    assert cleaned["file"] is upload  # not copied: its file handle stays usable
    assert query.getlist("names")[0] == nfd(NAME)  # the original is left as it was
    body = {"n": 3, "ok": True, "rows": [{"note": nfd(NAME)}, None], "x": (nfd("ễ"),)}
    assert clean_data(body) == {"n": 3, "ok": True, "rows": [{"note": NAME}, None], "x": ("ễ",)}


# --- forms ---------------------------------------------------------------------------------


def test_form_stores_nfc(officer_a, commune_a):
    response = login(officer_a).post(
        reverse("registry:person_add"),
        {"full_name": nfd(NAME), "commune": commune_a.pk, "gender": "female"},
    )
    assert response.status_code == 302, response.content.decode()
    assert Person.objects.get().full_name == NAME


def test_form_checks_the_length_of_the_stored_text(officer_a, commune_a):
    # 120 letters fit the field; written decomposed they are 300 code points.
    name = "Lê " + "ệ" * 117
    assert len(name) == 120 and len(nfd(name)) > 120
    response = login(officer_a).post(
        reverse("registry:person_add"),
        {"full_name": nfd(name), "commune": commune_a.pk, "gender": "female"},
    )
    assert response.status_code == 302
    assert Person.objects.get().full_name == name


def test_form_edit_stores_nfc_with_plain_line_ends(officer_a, commune_a, patrol_type):
    from tests.factories import GrassrootsModelFactory

    team = GrassrootsModelFactory(name="Tổ cũ", commune=commune_a, model_type=patrol_type)
    client = login(officer_a)
    page = client.get(reverse("registry:model_edit", args=[team.pk]))
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update(
        name=nfd("Tổ tuần tra Đồng Tâm"),
        motto=nfd("Dòng một\r\nDòng hai"),
        model_type=patrol_type.pk,
        commune=commune_a.pk,
    )
    data.pop("villages", None)
    response = client.post(reverse("registry:model_edit", args=[team.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    team.refresh_from_db()
    assert (team.name, team.motto) == ("Tổ tuần tra Đồng Tâm", "Dòng một\nDòng hai")


def _portal_forms():
    for module in [
        "areas.forms",
        "accounts.forms",
        "accounts.otp_views",
        "accounts.user_views",
        "models_registry.forms",
        "patrols.forms",
        "awards.forms",
        "reports.reviews.forms",
        "reports.dashboards.forms",
        "reports.dashboards.rating_pages",
    ]:
        importlib.import_module(module)
    ours = {"areas", "accounts", "models_registry", "patrols", "awards", "reports"}
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.split(".")[0] in ours:
            found.add(cls)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


# Sign-in: Django reads the user name in NFKC itself, and a password is compared as typed.
NOT_TEXT_ENTRY = {"accounts.forms.LoginForm"}


@pytest.mark.parametrize("form_class", _portal_forms(), ids=lambda c: c.__qualname__)
def test_every_form_that_takes_text_reads_it_through_clean_text(form_class):
    if f"{form_class.__module__}.{form_class.__qualname__}" in NOT_TEXT_ENTRY:
        pytest.skip("not a text entry form")
    takes_text = any(isinstance(f, forms.CharField) for f in form_class.base_fields.values())
    if takes_text:
        assert issubclass(form_class, PlainTextMixin)


def test_forms_list_is_not_empty():
    names = {c.__qualname__ for c in _portal_forms()}
    assert {"PersonForm", "ShiftEntryForm", "ReturnForm", "ApprovalForm"} <= names


# --- API -----------------------------------------------------------------------------------


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_post_and_patch_store_nfc(officer_a, commune_a):
    client = api(officer_a)
    created = client.post(
        reverse("person-list"),
        {"full_name": nfd(NAME), "commune": commune_a.pk, "gender": "female"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["full_name"] == NAME  # the answer shows what is stored
    person = Person.objects.get()
    assert person.full_name == NAME
    url = reverse("person-detail", args=[person.pk])
    patched = client.patch(url, {"full_name": nfd("Lê Văn Đức")}, format="json")
    assert patched.status_code == 200, patched.content
    person.refresh_from_db()
    assert person.full_name == "Lê Văn Đức"


def test_api_form_encoded_post_stores_nfc(officer_a, commune_a):
    created = api(officer_a).post(
        reverse("person-list"),
        {"full_name": nfd(NAME), "commune": commune_a.pk, "gender": "female"},
    )
    assert created.status_code == 201, created.content
    assert Person.objects.get().full_name == NAME


def test_api_nested_rows_store_nfc(officer_a, model_a, commune_a):
    from django.utils import timezone

    day = datetime.date(2025, 3, 10)
    crew = []
    for i in range(3):
        person = PersonFactory(full_name=f"Tuần tra viên {i}", commune=commune_a)
        MembershipFactory(person=person, model=model_a, joined_on=datetime.date(2021, 3, 1))
        crew.append(person)

    def at(hour):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))).isoformat()

    response = api(officer_a).post(
        reverse("shift-list"),
        {
            "model": model_a.pk,
            "starts_at": at(20),
            "ends_at": at(23),
            "participants": [p.pk for p in crew],
            "leader": crew[0].pk,
            "route": nfd("Đường liên thôn"),
            "incidents": [
                {
                    "occurred_at": at(21),
                    "category": IncidentCategory.objects.get(code="theft_property").pk,
                    "detected_by": "patrol",
                    "outcome": "returned",
                    "persons_involved": 1,
                    "description": nfd("Trả lại xe máy cho người dân"),
                }
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Shift.objects.get().route == "Đường liên thôn"
    assert Incident.objects.get().description == "Trả lại xe máy cho người dân"


def test_every_writable_endpoint_reads_text_through_clean_text():
    from rest_framework import mixins

    from areas.base.api import ScopedViewSetMixin
    from config.api_urls import router

    writable = [
        viewset
        for _prefix, viewset, _basename in router.registry
        if issubclass(viewset, mixins.CreateModelMixin | mixins.UpdateModelMixin)
    ]
    assert len(writable) >= 5
    for viewset in writable:
        assert issubclass(viewset, ScopedViewSetMixin), viewset


# --- .xlsx import --------------------------------------------------------------------------


def test_shift_import_stores_nfc(client_a, officer_a, model_a, commune_a):
    from tests.patrols.test_import import book, shift_row

    crew = []
    for i in range(3):
        person = PersonFactory(full_name=f"Tuần tra viên {i}", commune=commune_a)
        MembershipFactory(person=person, model=model_a, joined_on=datetime.date(2021, 3, 1))
        crew.append(person)
    row = shift_row(1, model_a, crew)
    row[-1] = nfd("Đi qua chợ Phi Nôm")
    content = book(
        [[nfd(v) if isinstance(v, str) else v for v in row]],
        [[1, "21:30", nfd("Trộm cắp nông sản"), "", "Tuần tra", "Bàn giao cho Công an", 1,
          nfd("Bắt quả tang")]],
    )  # fmt: skip
    url = reverse("patrols:shift_import")
    preview = client_a.post(url, {"file": SimpleUploadedFile("ca.xlsx", content)})
    confirm = client_a.post(url, {"confirm": "1", "token": preview.context["token"]})
    assert confirm.status_code == 302
    shift = Shift.objects.get()
    assert shift.notes == "Đi qua chợ Phi Nôm" and is_nfc(shift.notes)
    assert Incident.objects.get().description == "Bắt quả tang"
