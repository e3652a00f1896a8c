"""Registry pages: create, edit, deactivate, each change recorded with who did it."""

from django.urls import reverse
from pghistory.models import Events

from models_registry.models import GrassrootsModel, Membership
from tests.conftest import login


def test_create_edit_deactivate_model_with_history(officer_a, commune_a, village_a, patrol_type):
    client = login(officer_a)
    data = {
        "name": "Tổ tuần tra Phi Nôm",
        "model_type": patrol_type.pk,
        "commune": commune_a.pk,
        "villages": [village_a.pk],
        "established_on": "2021-03-01",
        "status": "active",
    }
    response = client.post(reverse("registry:model_add"), data)
    assert response.status_code == 302
    model = GrassrootsModel.objects.get(name="Tổ tuần tra Phi Nôm")
    assert list(model.villages.all()) == [village_a]

    data.update(motto="Vì bình yên thôn xóm")
    assert client.post(reverse("registry:model_edit", args=[model.pk]), data).status_code == 302
    assert client.post(reverse("registry:model_deactivate", args=[model.pk])).status_code == 302
    assert not GrassrootsModel.objects.filter(pk=model.pk).exists()
    assert GrassrootsModel.all_objects.get(pk=model.pk).is_deleted

    events = list(
        Events.objects.tracks(GrassrootsModel.all_objects.get(pk=model.pk)).order_by("pgh_id")
    )
    assert [e.pgh_label for e in events] == ["insert", "update", "update"]
    assert events[1].pgh_diff["motto"] == ["", "Vì bình yên thôn xóm"]
    assert {e.pgh_context["user"] for e in events} == {officer_a.pk}


def test_add_member_creates_person_and_shows_on_pages(officer_a, model_a, village_a):
    client = login(officer_a)
    response = client.post(
        reverse("registry:member_add", args=[model_a.pk]),
        {
            "full_name": "Đỗ Văn Minh",
            "birth_year": 1985,
            "gender": "male",
            "phone": "0987654321",
            "village": village_a.pk,
            "role": "leader",
            "joined_on": "2022-01-01",
        },
    )
    assert response.status_code == 302, response.content.decode()
    membership = Membership.objects.get(model=model_a)
    assert membership.person.full_name == "Đỗ Văn Minh" and membership.role == "leader"
    html = client.get(reverse("registry:model_detail", args=[model_a.pk])).content.decode()
    assert "Đỗ Văn Minh" in html and 'data-testid="member-count">1<' in html
    html = client.get(
        reverse("registry:person_detail", args=[membership.person.pk])
    ).content.decode()
    assert model_a.name in html and "Lịch sử thay đổi" in html

    # Leaving the model is an edit, recorded in the membership's history.
    response = client.post(
        reverse("registry:membership_edit", args=[membership.pk]),
        {"role": "leader", "joined_on": "2022-01-01", "left_on": "2023-06-30"},
    )
    assert response.status_code == 302
    events = list(Events.objects.tracks(membership).order_by("pgh_id"))
    assert events[-1].pgh_diff["left_on"] == [None, "2023-06-30"]


def test_rating_once_a_year(officer_a, model_a):
    client = login(officer_a)
    url = reverse("registry:rating_add", args=[model_a.pk])
    assert client.post(url, {"year": 2024, "rating": "good"}).status_code == 302
    response = client.post(url, {"year": 2024, "rating": "weak"})
    assert response.status_code == 200
    assert model_a.ratings.get().rating == "good"


def test_lists_search_filter_and_paginate(officer_a, model_a, patrol_type):
    from tests.factories import GrassrootsModelFactory

    for i in range(30):
        GrassrootsModelFactory(
            name=f"Tổ tự quản số {i:02d}", commune=model_a.commune, model_type=patrol_type
        )
    client = login(officer_a)
    page1 = client.get(reverse("registry:model_list")).content.decode()
    assert "31 bản ghi" in page1
    found = client.get(reverse("registry:model_list"), {"q": "Phi Nôm"}).content.decode()
    assert "Tổ tuần tra Phi Nôm" in found and "Tổ tự quản số 01" not in found
    page2 = client.get(reverse("registry:model_list"), {"page": 2}).content.decode()
    assert "Tổ tự quản số" in page2


def test_list_query_count_does_not_grow(
    officer_a, model_a, patrol_type, django_assert_max_num_queries
):
    from tests.factories import GrassrootsModelFactory

    for i in range(20):
        GrassrootsModelFactory(name=f"Tổ {i}", commune=model_a.commune, model_type=patrol_type)
    client = login(officer_a)
    with django_assert_max_num_queries(12):
        client.get(reverse("registry:model_list"))
