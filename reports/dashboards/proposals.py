"""The commendation proposal form (đề xuất khen thưởng): a commune officer proposes teams,
members or the commune police, with achievements filled from the statistics engine for the
chosen period. The form and its service are the register's (``awards``); the page needs the
engine too, so it lives here, at the top. ``config/urls.py`` mounts it under the register's
URLs and names (``awards:proposal_add``). Its templates are ``reports/proposals/``.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from areas.base.views import ScopedViewMixin, ServiceRulesMixin
from areas.models import Area, AreaLevel
from awards import services
from awards.forms import ProposalEntryForm
from awards.models import Proposal
from models_registry.models import GrassrootsModel, Person
from reports.statistics import Period, Scope, achievements, compute, format_number


class ProposalCreateView(ScopedViewMixin, ServiceRulesMixin, FormView):
    """A commune officer's proposal. The achievements are filled from the figures of the
    period (``AchievementsView``) and can be edited before submitting."""

    model = Proposal
    permission_required = "awards.add_proposal"
    form_class = ProposalEntryForm
    template_name = "reports/proposals/proposal_form.html"

    def get_initial(self):
        initial = super().get_initial()
        query = self.request.GET
        if self.request.htmx:
            initial.update(query.dict())
            for name in ("models", "persons"):
                initial[name] = query.getlist(name)
        elif query.get("model", "").isdigit():
            model = get_object_or_404(
                GrassrootsModel.objects.for_user(self.request.user), pk=query["model"]
            )
            initial.update(commune=model.commune_id, models=[model.pk])
        elif query.get("person", "").isdigit():
            person = get_object_or_404(
                Person.objects.for_user(self.request.user), pk=query["person"]
            )
            initial.update(commune=person.commune_id, persons=[person.pk])
        return initial

    def get_template_names(self):
        if self.request.htmx:
            return ["reports/proposals/_proposal_form.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Propose a commendation"), **kwargs)

    def service_errors(self, form):
        named = ("commune", "models", "persons", "commune_police")
        if any(name in form.errors for name in named):
            return None  # who is proposed could not be read: nothing to check them against
        data = form.cleaned_data
        return services.recipient_errors(
            commune_id=data["commune"].pk,
            models=data["models"],
            persons=data["persons"],
            commune_police=data["commune_police"],
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            proposal = services.submit_proposal(
                user=self.request.user,
                proposal=form.instance,
                models=data["models"],
                persons=data["persons"],
                commune_police=data["commune_police"],
            )
        except ValidationError as err:
            return self.refused(form, err)
        messages.success(self.request, _("The proposal is submitted."))
        return redirect(proposal)


FIGURES = ("models", "members", "shifts", "turns", "incidents", "tip_offs", "mediated")


def _date(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def write_achievements(*, user, commune, start, end, models, persons, commune_police: bool) -> str:
    found = achievements(user, start, end, models=models, persons=persons)
    lines = [
        _("Achievements from %(start)s to %(end)s:") % {"start": _date(start), "end": _date(end)}
    ]
    n = lambda row, name: format_number(row[name].value)  # noqa: E731
    for row in found.models:
        text = _(
            "%(name)s: %(shifts)s patrol shifts with %(turns)s participant turns; "
            "%(members)s members; %(incidents)s incidents found or handled, of which "
            "%(tip_offs)s from tip-offs; %(mediated)s mediated successfully."
        ) % {
            "name": row.label,
            "shifts": n(row, "shifts"),
            "turns": n(row, "turns"),
            "members": n(row, "members"),
            "incidents": n(row, "incidents"),
            "tip_offs": n(row, "tip_offs"),
            "mediated": n(row, "mediated"),
        }
        lines.append(f"- {text}")
    if commune_police:
        h = compute(user, Scope(unit=commune), Period(start, end)).headline
        text = _(
            "Police of %(commune)s: across the commune %(models)s models with %(members)s "
            "members, %(shifts)s patrol shifts with %(turns)s participant turns, "
            "%(incidents)s incidents, %(tip_offs)s tip-offs, %(mediated)s mediated successfully."
        ) % {
            "commune": commune.name,
            **{name: format_number(h[name].value) for name in FIGURES},
        }
        lines.append(f"- {text}")
    for row in found.persons:
        text = _(
            "%(name)s: took part in %(turns)s patrol shifts, led %(led)s; "
            "%(incidents)s incidents found on their shifts."
        ) % {
            "name": row.label,
            "turns": n(row, "turns"),
            "led": n(row, "led"),
            "incidents": n(row, "incidents"),
        }
        lines.append(f"- {text}")
    return "\n".join(lines)


class AchievementsView(ScopedViewMixin, View):
    """The achievements box of the proposal form, filled from the statistics engine for the
    commune, teams and members chosen (htmx). Each of them is looked up through the scoping
    mechanism: another commune's is a 404."""

    model = Proposal
    permission_required = "awards.add_proposal"
    scope_parameters = ("commune", "models", "persons")

    def get(self, request):
        query = request.GET
        communes = Area.objects.for_user(request.user).filter(level=AreaLevel.COMMUNE)
        raw = query.get("commune", "")
        if raw:
            commune = get_object_or_404(communes, pk=raw) if raw.isdigit() else None
        else:
            commune = communes.filter(pk=request.user.scope_unit_id).first()
        if commune is None:
            raise Http404("Choose a commune.")
        models = self._in_commune(GrassrootsModel, commune, query.getlist("models"))
        persons = self._in_commune(Person, commune, query.getlist("persons"))
        start, end = self._period(query)
        text = write_achievements(
            user=request.user,
            commune=commune,
            start=start,
            end=end,
            models=models,
            persons=persons,
            commune_police=query.get("commune_police") in {"on", "true", "1"},
        )
        return render(request, "reports/proposals/_achievements.html", {"text": text})

    def _in_commune(self, model, commune, raw_ids: list[str]) -> list:
        ids = {int(v) for v in raw_ids if v.isdigit()}
        if not ids:
            return []
        found = list(model.objects.for_user(self.request.user).filter(pk__in=ids, commune=commune))
        if len(found) != len(ids):
            raise Http404("Not in this commune.")
        return sorted(found, key=lambda obj: (obj.sort_name, obj.pk))

    @staticmethod
    def _period(query) -> tuple[datetime.date, datetime.date]:
        def day(name: str) -> datetime.date | None:
            try:
                return parse_date(query.get(name) or "")
            except ValueError:  # well formed but not a date (31/02)
                return None

        today = timezone.localdate()
        start, end = day("period_start"), day("period_end")
        end = min(end or today, today)
        start = start or end.replace(month=1, day=1)
        if start > end:
            start = end
        return start, end
