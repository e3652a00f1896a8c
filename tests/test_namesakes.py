"""Two residents of one commune with the same name are told apart wherever a form offers
people: the member-add page's existing person, the award's member and the proposal's
members, each "Name (year of birth · village)" (``models_registry.forms.person_label``, the
shift form's too: ``tests/patrols/test_entry_errors.py``)."""

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.factories import PersonFactory, VillageFactory

OPTIONS = (
    ">Hoàng Thu Mai (1990 · Thôn Phi Nôm)</option>",
    ">Hoàng Thu Mai (1992 · Thôn Đà Lợi)</option>",
)


@pytest.fixture
def namesakes(commune_a, village_a):
    other_village = VillageFactory(parent=commune_a, name="Thôn Đà Lợi")
    return [
        PersonFactory(
            full_name="Hoàng Thu Mai", birth_year=year, village=village, commune=commune_a
        )
        for year, village in ((1990, village_a), (1992, other_village))
    ]


def options(html: str) -> list[str]:
    return [option for option in OPTIONS if option in html]


@pytest.mark.parametrize(
    "page",
    ["member_add", "award_add", "proposal_add"],
)
def test_namesakes_are_told_apart_in_the_choice(
    page, officer_a, province_staff, commune_a, model_a, namesakes
):
    user, url = {
        "member_add": (officer_a, reverse("registry:member_add", args=[model_a.pk])),
        # province staff record awards: the commune chosen, its members offered
        "award_add": (province_staff, f"{reverse('awards:award_add')}?unit={commune_a.pk}"),
        "proposal_add": (officer_a, reverse("awards:proposal_add")),
    }[page]
    response = login(user).get(url)
    assert response.status_code == 200
    assert options(response.content.decode()) == list(OPTIONS)
