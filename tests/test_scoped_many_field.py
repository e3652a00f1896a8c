"""A list of related ids (``ScopedPrimaryKeyRelatedField(many=True)``) is read in one query, and
gives what DRF's own list field gives, one query an id: the same objects in the same order, the
same refusal of the first id that is not one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from areas.base.api import ScopedManyRelatedField, ScopedPrimaryKeyRelatedField
from models_registry.models import Person
from tests.factories import PersonFactory


class Both(serializers.Serializer):
    one_by_one = serializers.ManyRelatedField(
        child_relation=ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())
    )
    at_once = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all(), many=True)


@pytest.fixture
def answers(officer_a):
    request = APIRequestFactory().post("/")
    request.user = officer_a

    def answer(data):
        both = Both(data={"one_by_one": data, "at_once": data}, context={"request": request})
        if both.is_valid():
            return both.validated_data["one_by_one"], both.validated_data["at_once"]
        errors = both.errors
        refusal = lambda name: [(str(e), e.code) for e in errors[name]]  # noqa: E731
        return refusal("one_by_one"), refusal("at_once")

    return answer


def test_the_list_is_read_in_one_query(officer_a, commune_a):
    people = [PersonFactory(commune=commune_a) for _ in range(5)]
    field = Both(context={"request": type("R", (), {"user": officer_a})()}).fields["at_once"]
    assert isinstance(field, ScopedManyRelatedField)
    with CaptureQueriesContext(connection) as queries:
        assert field.to_internal_value([p.pk for p in people]) == people
    assert len(queries.captured_queries) == 1


def test_the_same_objects_and_the_same_refusals_as_drf(answers, commune_a, commune_b):
    a, b = PersonFactory(commune=commune_a), PersonFactory(commune=commune_a)
    elsewhere = PersonFactory(commune=commune_b)
    for data in [
        [a.pk, b.pk, a.pk],
        [b.pk, str(a.pk), float(b.pk)],
        [],
        [a.pk, elsewhere.pk],
        [a.pk, "x", elsewhere.pk],
        [elsewhere.pk, "x"],
        [True],
        [None],
        [{"id": a.pk}],
        [10**30],
        "1,2",
        5,
    ]:
        one_by_one, at_once = answers(data)
        assert one_by_one == at_once, data
    assert answers([b.pk, a.pk, b.pk])[1] == [b, a, b]
    assert answers([a.pk, elsewhere.pk])[1][0][1] == "does_not_exist"
    assert answers([a.pk, "x", elsewhere.pk])[1][0][1] == "incorrect_type"
