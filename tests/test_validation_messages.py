"""Bad input gets a clear field-level message in Vietnamese and changes nothing.

Each case is submitted twice, in Vietnamese (the default) and in English: every message must
differ between the two (so it is translated, not left in its English source), and neither
submission may change any row or add any history.
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from areas.forms import VillageForm
from areas.models import Area

LONG = "T" * 121
VILLAGE_CASES = [
    "blank name",
    "whitespace name",
    "too long",
    "duplicate",
    "other commune",
    "unknown commune",
    "not a village kind",
]


def snapshot():
    area_event = apps.get_model("areas", "AreaEvent")
    return (
        Area.all_objects.count(),
        area_event.objects.count(),
        list(Area.all_objects.order_by("pk").values_list("pk", "name", "deleted_at")),
    )


def _form_errors(language, form_class, data, **kwargs):
    with translation.override(language):
        form = form_class(data=data, **kwargs)
        assert not form.is_valid()
        return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


def village_cases(commune_a, commune_b, village_a):
    base = {"parent": commune_a.pk, "kind": "village", "name": "Thôn Mới"}
    return {
        "blank name": ({**base, "name": ""}, "name"),
        "whitespace name": ({**base, "name": "   "}, "name"),
        "too long": ({**base, "name": LONG}, "name"),
        "duplicate": ({**base, "name": village_a.name.upper()}, "name"),
        "other commune": ({**base, "parent": commune_b.pk}, "parent"),
        "unknown commune": ({**base, "parent": 999999}, "parent"),
        "not a village kind": ({**base, "kind": "province"}, "kind"),
    }


@pytest.mark.parametrize("case", VILLAGE_CASES)
def test_village_form_messages(case, officer_a, commune_a, commune_b, village_a):
    data, field = village_cases(commune_a, commune_b, village_a)[case]
    before = snapshot()
    vi = _form_errors("vi", VillageForm, data, user=officer_a)
    en = _form_errors("en", VillageForm, data, user=officer_a)
    assert field in vi, vi
    for message_vi, message_en in zip(vi[field], en[field], strict=True):
        assert message_vi != message_en, f"untranslated: {message_vi!r}"

    client = Client()
    client.force_login(officer_a)
    if field == "parent":  # the commune is a choice on the edit page only
        url = reverse("areas:village_edit", args=[village_a.pk])
    else:  # from the commune page the commune comes from the URL
        url = reverse("areas:village_add", args=[commune_a.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert vi[field][0] in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("case", VILLAGE_CASES)
def test_village_api_messages(case, officer_a, commune_a, commune_b, village_a):
    data, field = village_cases(commune_a, commune_b, village_a)[case]
    api_field = "commune" if field == "parent" else field
    payload = {("commune" if k == "parent" else k): v for k, v in data.items()}
    before = snapshot()
    client = APIClient()
    client.force_authenticate(officer_a)
    answers = {}
    for language in ("vi", "en"):
        response = client.post(
            reverse("village-list"), payload, format="json", HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 400, response.content
        answers[language] = response.json()
    assert api_field in answers["vi"], answers["vi"]
    for message_vi, message_en in zip(
        answers["vi"][api_field], answers["en"][api_field], strict=True
    ):
        assert message_vi != message_en, f"untranslated: {message_vi!r}"
    assert snapshot() == before


def test_api_update_with_bad_input_changes_nothing(officer_a, village_a, commune_b):
    before = snapshot()
    client = APIClient()
    client.force_authenticate(officer_a)
    url = reverse("village-detail", args=[village_a.pk])
    response = client.patch(url, {"commune": commune_b.pk, "name": ""}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"commune", "name"}
    assert snapshot() == before


def test_user_scope_message_is_vietnamese(province):
    from django.core.exceptions import ValidationError

    from accounts.models import User
    from accounts.roles import Role

    messages = {}
    for language in ("vi", "en"):
        with translation.override(language):
            user = User(username="x", role=Role.COMMUNE_OFFICER, scope_unit=province)
            with pytest.raises(ValidationError) as err:
                user.clean()
            messages[language] = err.value.message_dict["scope_unit"][0]
    assert messages["vi"] != messages["en"]
    assert "Vai trò này" in messages["vi"]


def _django_msgids() -> set[str]:
    import polib
    from django.conf import locale

    po = polib.pofile(str(Path(locale.__file__).parent / "en/LC_MESSAGES/django.po"))
    return {e.msgid for e in po} | {e.msgid_plural for e in po if e.msgid_plural}


def test_djangos_messages_are_worded_by_our_catalogue():
    """Each of Django's messages listed in ``areas.base.messages`` is still Django's own (an
    upgrade that rewords one would silently bring Django's Vietnamese back), and reads as a
    clean Vietnamese sentence: translated, no space before the full stop, no double space."""
    from areas.base.messages import MESSAGES, PLURAL_MESSAGES

    django_msgids = _django_msgids()
    for message in MESSAGES:
        assert message in django_msgids, f"no longer Django's message: {message!r}"
    for message in PLURAL_MESSAGES:
        assert {message._kw["singular"], message._kw["plural"]} <= django_msgids
    with translation.override("vi"):
        worded = [translation.gettext(m) for m in MESSAGES]
        worded += [
            str(m % {"limit_value": 3, "show_value": 5, "max": 3, "num": 3})
            for m in PLURAL_MESSAGES
        ]
    for english, vietnamese in zip(MESSAGES + PLURAL_MESSAGES, worded, strict=True):
        assert vietnamese != str(english), f"untranslated: {english!r}"
        assert " ." not in vietnamese and "  " not in vietnamese, vietnamese
        assert vietnamese.endswith("."), vietnamese


def test_a_negative_count_is_a_clean_sentence():
    from django import forms

    field = forms.IntegerField(min_value=0)
    with translation.override("vi"), pytest.raises(forms.ValidationError) as err:
        field.clean("-1")
    assert err.value.messages == ["Giá trị này phải lớn hơn hoặc bằng 0."]
