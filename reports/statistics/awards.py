"""Figures of the commendations: collectives and individuals commended, by form and issuer."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from awards.models import (
    COLLECTIVE_KINDS,
    Award,
    AwardForm,
    Issuer,
    RecipientType,
    recipient_type_q,
)
from models_registry.models import GrassrootsModel, Membership
from models_registry.querysets import MembershipQuerySet
from reports.statistics.figures import Figures, Row, Stat
from reports.statistics.frame import Frame
from reports.statistics.scope import as_user


def commendations(frame: Frame, figures: Figures) -> None:
    """Commendations by collective / individual, form and issuer (one query). An award counts
    on its decision date; each recipient named in a decision is one award, as the reports
    count them ("khen thưởng cho 191 tập thể, 385 cá nhân"). A model's are those to the model
    and those to the persons who were its members on the decision date."""
    current, previous = frame.conditions(
        [(frame.period.start, frame.period.end)],
        [(frame.previous.start, frame.previous.end)],
        field="decision_date",
        model_q=_of_model(frame.scope.model),
    )
    rows = (
        frame.scoped(Award)
        .filter(frame.hull("decision_date"))
        .values("form", "issuer", "recipient_kind")
        .annotate(now=Count("pk", filter=current), before=Count("pk", filter=previous))
        .order_by()
    )
    forms = {value: Row(value, str(label)) for value, label in AwardForm.choices}
    issuers = {value: Row(value, str(label)) for value, label in Issuer.choices}
    totals = {
        RecipientType.COLLECTIVE: Stat(0, 0, "collective"),
        RecipientType.INDIVIDUAL: Stat(0, 0, "individual"),
    }
    for row in rows:
        kind = (
            RecipientType.COLLECTIVE
            if row["recipient_kind"] in COLLECTIVE_KINDS
            else RecipientType.INDIVIDUAL
        )
        totals[kind].add(row["now"], row["before"])
        for table, key in ((forms, row["form"]), (issuers, row["issuer"])):
            table[key].new(kind, kind).add(row["now"], row["before"])
    for row in [*forms.values(), *issuers.values()]:
        for kind in RecipientType.values:
            row.new(kind, kind)
    figures.awards_by_form = list(forms.values())
    figures.awards_by_issuer = list(issuers.values())
    figures.headline["awards_collective"] = totals[RecipientType.COLLECTIVE]
    figures.headline["awards_individual"] = totals[RecipientType.INDIVIDUAL]


def _of_model(model) -> Q | None:
    if model is None:
        return None
    member = Membership.objects.correlated().filter(
        MembershipQuerySet.serving_q(OuterRef("decision_date")),
        model=model,
        person=OuterRef("person"),
    )
    return Q(model=model) | Q(Exists(member))


@as_user
def recipients(user, awards: QuerySet) -> dict[str, int]:
    """Collectives and individuals among ``awards`` (the awards conferred at a review, say),
    inside what the user may see, awards to a deactivated model left out (one query)."""
    counts = (
        awards.for_user(user)
        .exclude(
            model__in=GrassrootsModel.all_objects.filter(deleted_at__isnull=False).values("pk")
        )
        .aggregate(
            collective=Count("pk", filter=recipient_type_q(RecipientType.COLLECTIVE)),
            individual=Count("pk", filter=recipient_type_q(RecipientType.INDIVIDUAL)),
        )
    )
    return {name: counts[name] or 0 for name in RecipientType.values}
