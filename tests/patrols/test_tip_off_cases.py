"""A tip-off and the case it helped solve: the model's rules, in words at their field, and the
same rules held by the database."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from patrols.models import Incident
from tests.factories import GrassrootsModelFactory, IncidentFactory


@pytest.fixture
def cases(model_a, registry_b):
    """Commune A: a case (2 arrests) and a tip-off; commune B: a case."""
    return {
        "case_a": IncidentFactory(model=model_a, suspects_arrested=2),
        "tip_a": IncidentFactory(model=model_a, detected_by="tip_off"),
        "case_b": IncidentFactory(model=registry_b["team"]),
    }


def errors_of(incident: Incident) -> dict[str, list[str]]:
    with translation.override("vi"):
        try:
            incident.full_clean(exclude=["commune"], validate_constraints=False)
        except ValidationError as err:
            return err.message_dict
    return {}


def test_tip_offs_lead_to_a_case_of_their_commune(cases, model_a, commune_a):
    selfman = GrassrootsModelFactory(commune=commune_a, model_type=model_a.model_type)
    second = IncidentFactory(model=selfman, detected_by="tip_off")
    for tip in (cases["tip_a"], second):  # several tip-offs, another model of the commune
        tip.solved_case = cases["case_a"]
        assert errors_of(tip) == {}
        tip.save()
    assert set(cases["case_a"].tip_offs.all()) == {cases["tip_a"], second}


@pytest.mark.parametrize(
    "case,field,message",
    [
        ("another commune's case", "solved_case", "cùng xã, phường"),
        ("a tip-off as the case", "solved_case", "không chọn một tin báo"),
        ("itself", "solved_case", "chính nó"),
        ("a deleted case", "solved_case", "đã bị xóa"),
        ("not a tip-off", "solved_case", "Chỉ tin báo, tố giác"),
        ("negative arrests", "suspects_arrested", "phải lớn hơn hoặc bằng 0."),
        ("arrests on a tip-off", "suspects_arrested", "ghi vào vụ việc"),
    ],
)
def test_each_rule_at_its_field(case, field, message, cases, model_a):
    tip = cases["tip_a"]
    if case == "another commune's case":
        tip.solved_case = cases["case_b"]
    elif case == "a tip-off as the case":
        tip.solved_case = IncidentFactory(model=model_a, detected_by="tip_off")
    elif case == "itself":
        tip.solved_case = tip
    elif case == "a deleted case":
        gone = IncidentFactory(model=model_a)
        gone.soft_delete()
        tip.solved_case = gone
    elif case == "not a tip-off":
        tip = IncidentFactory(model=model_a, solved_case=None)
        tip.solved_case = cases["case_a"]
    elif case == "negative arrests":
        tip = cases["case_a"]
        tip.suspects_arrested = -1
    elif case == "arrests on a tip-off":
        tip.suspects_arrested = 1
    errors = errors_of(tip)
    assert list(errors) == [field], errors
    assert message in errors[field][0], errors


def test_every_problem_at_once(cases):
    tip = cases["tip_a"]
    tip.solved_case, tip.suspects_arrested = cases["case_b"], 3
    assert set(errors_of(tip)) == {"solved_case", "suspects_arrested"}


def test_a_linked_case_stays_a_case_of_its_commune(cases, registry_b):
    tip, case = cases["tip_a"], cases["case_a"]
    tip.solved_case = case
    tip.save()
    case.detected_by = "tip_off"
    case.suspects_arrested = 0
    assert "không thể là tin báo" in errors_of(case)["detected_by"][0]
    case.refresh_from_db()
    case.model = registry_b["team"]
    assert "xã, phường khác" in errors_of(case)["model"][0]


@pytest.mark.parametrize(
    "change",
    [
        "link another commune's case",
        "link a tip-off",
        "link itself",
        "link from a case",
        "arrests on a tip-off",
        "negative arrests",
        "turn the case into a tip-off",
        "move the case to another commune",
    ],
)
def test_the_database_holds_the_rules(change, cases, model_a, registry_b):
    """A write that skips ``clean`` (a bulk update, a race between two requests) is refused."""
    tip, case = cases["tip_a"], cases["case_a"]
    Incident.objects.filter(pk=tip.pk).update(solved_case=case)
    writes = {
        "link another commune's case": (tip, {"solved_case": cases["case_b"]}),
        "link a tip-off": (
            tip,
            {"solved_case": IncidentFactory(model=model_a, detected_by="tip_off")},
        ),
        "link itself": (tip, {"solved_case": tip}),
        "link from a case": (cases["case_b"], {"solved_case": case}),
        "arrests on a tip-off": (tip, {"suspects_arrested": 1}),
        "negative arrests": (case, {"suspects_arrested": -1}),
        "turn the case into a tip-off": (case, {"detected_by": "tip_off", "suspects_arrested": 0}),
        "move the case to another commune": (
            case,
            {"model": registry_b["team"], "commune": registry_b["team"].commune},
        ),
    }
    row, values = writes[change]
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=row.pk).update(**values)


def test_a_deleted_case_unlinks_its_tip_offs_in_their_history(cases, model_a):
    event = apps.get_model("patrols", "IncidentEvent")
    tip, case = cases["tip_a"], cases["case_a"]
    tip.solved_case = case
    tip.save()
    deleted_tip = IncidentFactory(model=model_a, detected_by="tip_off", solved_case=case)
    deleted_tip.soft_delete()
    case.soft_delete()
    tip.refresh_from_db()
    deleted_tip.refresh_from_db()
    assert tip.solved_case is None
    assert deleted_tip.solved_case_id == case.pk  # a deleted tip-off keeps its record as it was
    linked, unlinked = event.objects.filter(pgh_obj_id=tip.pk).order_by("pgh_id")[1:]
    assert linked.solved_case_id == case.pk and unlinked.solved_case_id is None


def test_a_deleted_shift_unlinks_the_tip_offs_of_its_incidents(model_a, crew, category):
    from patrols.models import Shift
    from tests.patrols.conftest import D, at

    shift = Shift.objects.create(
        model=model_a, commune=model_a.commune, starts_at=at(D, 20), ends_at=at(D, 23)
    )
    case = IncidentFactory(model=model_a, shift=shift, occurred_at=at(D, 21))
    tip = IncidentFactory(model=model_a, detected_by="tip_off", solved_case=case)
    shift.soft_delete()
    tip.refresh_from_db()
    assert tip.solved_case is None and not tip.is_deleted


def test_history_records_the_new_fields(cases):
    event = apps.get_model("patrols", "IncidentEvent")
    tip = cases["tip_a"]
    tip.solved_case = cases["case_a"]
    tip.save()
    last = event.objects.filter(pgh_obj_id=tip.pk).latest("pgh_id")
    assert last.solved_case_id == cases["case_a"].pk
    first = event.objects.filter(pgh_obj_id=cases["case_a"].pk).earliest("pgh_id")
    assert first.suspects_arrested == 2
