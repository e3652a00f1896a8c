""" "Current member" is the one rule of serving on a day, taken today: a member whose leaving
day is still to come is current, one who has left is not — in the membership filter (pages
and API) as in the search's teams of a person."""

import datetime

from django.utils import timezone

from models_registry.filters import MembershipFilterSet
from models_registry.models import Membership
from tests.factories import MembershipFactory, PersonFactory


def test_current_is_serving_today(model_a, commune_a):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    leaving = MembershipFactory(
        person=PersonFactory(commune=commune_a), model=model_a, left_on=today + 30 * day
    )
    staying = MembershipFactory(person=PersonFactory(commune=commune_a), model=model_a)
    gone = MembershipFactory(
        person=PersonFactory(commune=commune_a), model=model_a, left_on=today - day
    )
    members = Membership.objects.filter(model=model_a)
    assert set(members.current()) == {leaving, staying}
    current = MembershipFilterSet({"current": "true"}, queryset=members).qs
    past = MembershipFilterSet({"current": "false"}, queryset=members).qs
    assert set(current) == {leaving, staying} and set(past) == {gone}
