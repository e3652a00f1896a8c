"""The top bar's search (``/search/?q=…``): one box that finds, in the user's scope, the
grassroots models, members, cameras, patrol shifts, commendations and review reports a term
names — with or without its diacritics — grouped by kind. It reads every layer, so it lives
here, at the top.

Each kind is one query: the rows through ``for_user`` (the one scoping mechanism; the
managers hide soft-deleted rows), matched by the one search (``areas.base.search``) on the
fields of the kind's own list's search box, so that "n more" leads to that list showing the
same rows; at most ``LIMIT`` rows, with the number found counted in the same query (a window
count). A kind whose page the user's role may not see is not asked at all.

Shifts are found by their team's name — the matching patrol teams first, then each team's
latest shifts through its (model, starts_at) index, so 1.2 million shifts are never scanned —
or, for a term that is a date (dd/mm/yyyy, read by ``areas.base.dates``), as the shifts of
that day, through the (commune, day) index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Func, OuterRef, QuerySet, Subquery, Window
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from areas.base.dates import parse_date
from areas.base.search import SearchFilter, search, search_words
from awards.filters import AwardFilterSet
from awards.models import Award
from models_registry.filters import CameraFilterSet, GrassrootsModelFilterSet, PersonFilterSet
from models_registry.models import Camera, GrassrootsModel, Membership, ModelCategory, Person
from patrols.models import Shift
from reports.models import ReviewReport
from reports.reviews.filters import ReviewReportFilterSet

LIMIT = 10  # rows shown per kind
MIN_LENGTH = 2  # a shorter term would find most of a province
# A term that can only be meant as a date (so a wrong one is named, not searched as text).
DATE_LIKE = re.compile(r"^[\d/.\-]+$")
# "12" or "12/BC-BCĐ": a review report's number (and symbol).
REPORT_NUMBER = re.compile(r"^(\d{1,9})(?:/(.+))?$")


@dataclass
class Group:
    """One kind's results: the rows shown, how many were found, and where the rest are."""

    kind: str
    title: str
    rows: list = field(default_factory=list)
    found: int = 0
    more_url: str = ""
    more_label: str = ""
    note: str = ""

    @property
    def more(self) -> int:
        return max(self.found - len(self.rows), 0)


def _fields(filterset_class) -> list[str]:
    """The fields the kind's own list searches (its FilterSet's search box)."""
    return next(
        f.search_fields
        for f in filterset_class.base_filters.values()
        if isinstance(f, SearchFilter)
    )


def _list_url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def _bounded(queryset: QuerySet) -> tuple[list, int]:
    """At most ``LIMIT`` rows of ``queryset`` (in its order) and how many it has, in one
    query. The count, the same on every row, leads the order: the planner does not know a
    window count reads every row before the first comes out, and would otherwise walk the
    whole name index (``sort_name``) in order, unaccenting each name, instead of reading
    the trigram index (300 ms against 80 ms on the bench province)."""
    ordering = queryset.query.order_by
    counted = queryset.annotate(found_total=Window(Count("pk")))
    rows = list(counted.order_by("found_total", *ordering)[:LIMIT])
    return rows, rows[0].found_total if rows else 0


def _models(user, term: str) -> Group:
    fields = _fields(GrassrootsModelFilterSet)
    rows, found = _bounded(
        search(GrassrootsModel.objects.for_user(user), term, fields)
        .select_related("model_type", "commune")
        .order_by("sort_name", "commune__sort_name", "pk")
    )
    return Group(
        "models",
        _("Models"),
        rows,
        found,
        more_url=_list_url("registry:model_list", q=term),
    )


def _members(user, term: str) -> Group:
    # Their current teams, so that namesakes can be told apart (with commune and village).
    teams = (
        Membership.objects.correlated()
        .current()
        .filter(person=OuterRef("pk"))
        .order_by("model__sort_name")
        .values("model__name")
    )
    rows, found = _bounded(
        search(Person.objects.for_user(user), term, _fields(PersonFilterSet))
        .select_related("commune", "village")
        .annotate(teams=ArraySubquery(teams))
        .order_by("sort_name", "commune__sort_name", "pk")
    )
    return Group(
        "members",
        _("Members"),
        rows,
        found,
        more_url=_list_url("registry:person_list", q=term),
    )


def _cameras(user, term: str) -> Group:
    rows, found = _bounded(
        search(Camera.objects.for_user(user), term, _fields(CameraFilterSet))
        .select_related("model", "model__commune")
        .order_by("code", "pk")
    )
    return Group(
        "cameras",
        _("Cameras"),
        rows,
        found,
        more_url=_list_url("registry:camera_list", q=term),
    )


def _shifts_on(user, day) -> Group:
    """The shifts of one day (the (commune, day) index), the earliest first."""
    rows, found = _bounded(
        Shift.objects.for_user(user)
        .filter(day=day)
        .select_related("model", "commune")
        .order_by("starts_at", "pk")
    )
    shown = f"{day:%d/%m/%Y}"
    return Group(
        "shifts",
        _("Patrol shifts on %(day)s") % {"day": shown},
        rows,
        found,
        more_url=_list_url("patrols:shift_list", date_from=shown, date_to=shown),
    )


def _shifts_of_teams(user, term: str) -> Group:
    """The latest shifts of the patrol teams whose name the term finds: each team's latest
    ``LIMIT`` through its (model, starts_at) index, then the latest of those."""
    teams = search(
        GrassrootsModel.objects.for_user(user).filter(model_type__category=ModelCategory.PATROL),
        term,
        ["name"],
    ).order_by()
    latest = (
        Shift.objects.correlated().filter(model=OuterRef("pk")).order_by("-starts_at").values("pk")
    )
    candidates = teams.values(shift=Func(ArraySubquery(latest[:LIMIT]), function="unnest"))
    team_count = teams.values(n=Func(F("pk"), function="count"))
    rows = list(
        Shift.objects.for_user(user)
        .filter(pk__in=candidates)
        .select_related("model", "commune")
        .annotate(teams_found=Subquery(team_count))
        .order_by("-starts_at", "-pk")[:LIMIT]
    )
    group = Group("shifts", _("Patrol shifts"), rows, len(rows))
    teams_found = rows[0].teams_found if rows else 0
    if teams_found == 1:
        group.more_url = _list_url("patrols:shift_list", model=rows[0].model_id)
        group.more_label = _("All shifts of %(team)s") % {"team": rows[0].model.name}
    elif teams_found > 1:
        group.note = _("The latest shifts of %(n)s patrol teams.") % {"n": teams_found}
        group.more_url = _list_url(
            "registry:model_list", q=term, category=ModelCategory.PATROL.value
        )
        group.more_label = _("The %(n)s patrol teams found") % {"n": teams_found}
    return group


def _awards(user, term: str) -> Group:
    rows, found = _bounded(
        search(Award.objects.for_user(user), term, _fields(AwardFilterSet))
        .select_related("model", "person", "unit")
        .order_by("-decision_date", "-pk")
    )
    return Group(
        "awards",
        _("Commendations"),
        rows,
        found,
        more_url=_list_url("awards:award_list", q=term),
    )


def _reports(user, term: str) -> Group:
    reports = ReviewReport.objects.for_user(user)
    found_qs = search(reports, term, _fields(ReviewReportFilterSet))
    if number := REPORT_NUMBER.match(term.strip()):
        by_number = reports.filter(number=int(number.group(1)))
        if number.group(2):
            by_number = search(by_number, number.group(2), ["symbol"])
        found_qs = found_qs | by_number
    rows, found = _bounded(
        found_qs.select_related("unit").order_by("-period_end", "-created_at", "-pk")
    )
    return Group(
        "reports",
        _("Review reports"),
        rows,
        found,
        more_url=_list_url("reports:report_list", q=term),
    )


@dataclass(frozen=True)
class Kind:
    name: str
    permission: str
    find: object  # (user, term) -> Group


KINDS = [
    Kind("models", "models_registry.view_grassrootsmodel", _models),
    Kind("members", "models_registry.view_person", _members),
    Kind("cameras", "models_registry.view_camera", _cameras),
    Kind("shifts", "patrols.view_shift", _shifts_of_teams),
    Kind("awards", "awards.view_award", _awards),
    Kind("reports", "reports.view_reviewreport", _reports),
]
PERMISSIONS = [kind.permission for kind in KINDS]


def global_search(user, term: str) -> tuple[list[Group], str]:
    """The groups a term finds for ``user`` (a kind their role may not see is left out), and
    a message when the term cannot be searched. A date finds that day's shifts only."""
    term = " ".join(search_words(term or ""))
    if len(term) < MIN_LENGTH:
        return [], ""
    kinds = [kind for kind in KINDS if user.has_perm(kind.permission)]
    if DATE_LIKE.match(term) and any(sep in term for sep in "/.-"):
        try:
            day = parse_date(term)
        except ValidationError as error:
            if error.code != "invalid":  # 31/02/2026: say why, rather than find nothing
                return [], error.messages[0]
        else:
            return [_shifts_on(user, day) for kind in kinds if kind.name == "shifts"], ""
    return [kind.find(user, term) for kind in kinds], ""


class SearchView(LoginRequiredMixin, TemplateView):
    """``/search/?q=…``: the top bar's search, results grouped by kind."""

    template_name = "reports/search.html"
    # The scoped models it reads, each through ``for_user`` (tests/test_scope_denial.py).
    searched_models = [GrassrootsModel, Person, Camera, Shift, Award, ReviewReport]

    def get(self, request, *args, **kwargs):
        if not any(request.user.has_perm(p) for p in PERMISSIONS):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        term = self.request.GET.get("q", "")
        groups, problem = global_search(self.request.user, term.replace("\x00", ""))
        return super().get_context_data(
            term=term,
            too_short=len(" ".join(search_words(term))) < MIN_LENGTH,
            problem=problem,
            groups=groups,
            found_any=any(g.rows for g in groups),
            min_length=MIN_LENGTH,
            **kwargs,
        )
