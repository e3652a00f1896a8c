import datetime

import pytest
from django.utils import timezone

from tests.factories import MembershipFactory, PersonFactory

D = datetime.date(2025, 3, 10)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def crew(model_a, commune_a):
    """Six members of commune A's patrol team, the first the leader."""
    people = []
    for i in range(6):
        person = PersonFactory(full_name=f"Tuần tra viên {i}", commune=commune_a)
        MembershipFactory(
            person=person,
            model=model_a,
            role="leader" if i == 0 else "member",
            joined_on=datetime.date(2021, 3, 1),
        )
        people.append(person)
    return people


@pytest.fixture
def category(db):
    from patrols.models import IncidentCategory

    return IncidentCategory.objects.get(code="theft_farm_produce")
