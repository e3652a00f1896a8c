"""Villages are created by users under their commune, edited, and soft-deleted with history."""

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from pghistory.models import Events

from areas.base.history import ACTIONS, history_of
from areas.models import Area, AreaLevel


def test_officer_adds_a_village_from_the_commune_page(client_a, commune_a, officer_a):
    url = reverse("areas:village_add", args=[commune_a.pk])
    response = client_a.post(
        url, {"parent": commune_a.pk, "kind": "village", "name": "  Thôn  Mới "}
    )
    assert response.status_code == 302
    village = Area.objects.get(name="Thôn Mới")
    assert village.parent == commune_a and village.level == AreaLevel.VILLAGE
    assert village.path == f"{commune_a.path}{village.pk}/"
    # Who added it is in its history (areas sits below accounts: no foreign key to the user).
    created = history_of(village)[-1]
    assert created.user == officer_a and created.action == ACTIONS["insert"]


def test_htmx_add_swaps_only_the_village_list(client_a, commune_a):
    url = reverse("areas:village_add", args=[commune_a.pk])
    response = client_a.post(
        url, {"parent": commune_a.pk, "kind": "village", "name": "Thôn 9"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thôn 9" in html and "<html" not in html


def test_commune_page_lists_villages_and_history(client_a, commune_a, village_a):
    response = client_a.get(reverse("areas:detail", args=[commune_a.pk]))
    assert response.status_code == 200
    assert "Thôn Phi Nôm" in response.content.decode()


def test_edit_and_soft_delete_keep_history_with_the_user(client_a, village_a, officer_a):
    edit = reverse("areas:village_edit", args=[village_a.pk])
    response = client_a.post(
        edit, {"parent": village_a.parent_id, "kind": "hamlet", "name": "Ấp Mới"}
    )
    assert response.status_code == 302
    delete = reverse("areas:village_delete", args=[village_a.pk])
    assert client_a.get(delete).status_code == 200
    assert client_a.post(delete).status_code == 302

    village = Area.all_objects.get(pk=village_a.pk)
    assert village.is_deleted and village.name == "Ấp Mới"
    assert not Area.objects.filter(pk=village_a.pk).exists()

    events = list(Events.objects.tracks(village).order_by("pgh_id"))
    assert [e.pgh_label for e in events] == ["insert", "update", "update"]
    assert events[1].pgh_diff["name"] == ["Thôn Phi Nôm", "Ấp Mới"]
    assert events[1].pgh_context["user"] == officer_a.pk
    assert events[2].pgh_context["user"] == officer_a.pk
    assert events[2].pgh_diff["deleted_at"][0] is None

    # The detail page of a deleted village is gone for users; history stays in the database.
    assert client_a.get(reverse("areas:detail", args=[village_a.pk])).status_code == 404


def test_village_detail_page_shows_who_changed_what(client_a, village_a, officer_a):
    client_a.post(
        reverse("areas:village_edit", args=[village_a.pk]),
        {"parent": village_a.parent_id, "kind": "village", "name": "Thôn Phi Nôm 2"},
    )
    html = client_a.get(reverse("areas:detail", args=[village_a.pk])).content.decode()
    assert "Lịch sử thay đổi" in html
    assert str(officer_a) in html and "Thôn Phi Nôm 2" in html


def test_hard_delete_is_refused_by_the_database(village_a):
    with pytest.raises(DatabaseError, match="Cannot delete"), transaction.atomic():
        Area.all_objects.filter(pk=village_a.pk).delete()
    assert Area.all_objects.filter(pk=village_a.pk).exists()


def test_secretary_may_read_but_not_add(commune_a, secretary):
    from tests.conftest import login

    client = login(secretary)
    assert client.get(reverse("areas:detail", args=[commune_a.pk])).status_code == 200
    url = reverse("areas:village_add", args=[commune_a.pk])
    response = client.post(url, {"parent": commune_a.pk, "kind": "village", "name": "Thôn X"})
    assert response.status_code == 403
    assert not Area.objects.filter(name="Thôn X").exists()


def test_anonymous_is_sent_to_login(client, commune_a):
    response = client.get(reverse("areas:detail", args=[commune_a.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
