"""Commendations register and proposals. Reads go through the one scoping mechanism
(``ScopedViewMixin``); multi-row writes through ``awards.services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, When
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from areas.base.columns import Column
from areas.base.history import history_of
from areas.base.views import (
    DeactivateView,
    ScopedFormPageMixin,
    ScopedListView,
    ScopedViewMixin,
    ServiceRulesMixin,
)
from awards import services
from awards.filters import AwardFilterSet, ProposalFilterSet
from awards.forms import ApprovalForm, AwardEntryForm, ReturnForm
from awards.models import Award, Proposal, ProposalStatus
from models_registry.models import GrassrootsModel, Person

AWARD_COLUMNS = [
    Column(gettext_lazy("Decision date"), "decision_date", link=True),
    Column(gettext_lazy("Decision number"), "decision_number"),
    Column(gettext_lazy("Recipient"), "recipient"),
    Column(gettext_lazy("Type"), "recipient_type"),
    Column(gettext_lazy("Form"), "form_text"),
    Column(gettext_lazy("Issued by"), "issuer_text"),
    Column(gettext_lazy("Commune or province"), "unit.name"),
]


class AwardListView(ScopedListView):
    model = Award
    permission_required = "awards.view_award"
    filterset_class = AwardFilterSet
    title = gettext_lazy("Commendations")
    create_url = "awards:award_add"
    export_name = "khen-thuong"
    columns = AWARD_COLUMNS
    export_columns = [*AWARD_COLUMNS, Column(gettext_lazy("Reason"), "reason")]

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "model", "person")


class AwardDetailView(ScopedViewMixin, DetailView):
    model = Award
    permission_required = "awards.view_award"
    template_name = "awards/award_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "model", "person")

    def get_context_data(self, **kwargs):
        award, user = self.object, self.request.user
        # The proposal is shown only to those who may open it.
        return super().get_context_data(
            proposal=Proposal.objects.for_user(user).filter(pk=award.proposal_id).first(),
            history=history_of(award),
            **kwargs,
        )


class AwardFormPageMixin(ScopedFormPageMixin):
    """The award form; choosing another commune reloads the form (htmx) with its models and
    members, keeping what was typed."""

    model = Award
    form_class = AwardEntryForm
    template_name = "awards/award_form.html"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.htmx or "unit" in self.request.GET:
            initial.update(self.request.GET.dict())
        else:
            for name in ("model", "person"):
                if self.request.GET.get(name, "").isdigit():
                    initial.update(self._recipient_initial(name, int(self.request.GET[name])))
        return initial

    def _recipient_initial(self, name: str, pk: int) -> dict:
        """``?model=`` / ``?person=`` from a model's or a member's page."""
        source = GrassrootsModel if name == "model" else Person
        obj = get_object_or_404(source.objects.for_user(self.request.user), pk=pk)
        return {"recipient_kind": name, name: obj.pk, "unit": obj.commune_id}

    def get_template_names(self):
        if self.request.htmx:
            return ["awards/_award_form.html"]
        return [self.template_name]


class AwardCreateView(AwardFormPageMixin, CreateView):
    permission_required = "awards.add_award"
    title = gettext_lazy("Record a commendation")

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        return super().form_valid(form)


class AwardUpdateView(AwardFormPageMixin, UpdateView):
    permission_required = "awards.change_award"
    title = gettext_lazy("Edit commendation")


class AwardDeleteView(DeactivateView):
    model = Award
    permission_required = "awards.delete_award"
    success_url_name = "awards:award_list"


class ProposalListView(ScopedListView):
    model = Proposal
    permission_required = "awards.view_proposal"
    filterset_class = ProposalFilterSet
    title = gettext_lazy("Commendation proposals")
    create_url = "awards:proposal_add"
    export_name = "de-nghi-khen-thuong"
    columns = [
        Column(gettext_lazy("Proposal"), "__str__", link=True),
        Column(gettext_lazy("Status"), "status"),
        Column(gettext_lazy("Recipients"), "recipient_count"),
        Column(gettext_lazy("Form proposed"), "proposed_form"),
        Column(gettext_lazy("Proposed to"), "proposed_issuer"),
        Column(gettext_lazy("Achievements from"), "period_start"),
        Column(gettext_lazy("Achievements to"), "period_end"),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("commune")
            .annotate(
                recipient_count=Count("recipients"),
                # Those awaiting a decision first.
                decided=Case(When(status=ProposalStatus.SUBMITTED, then=0), default=1),
            )
            .order_by("decided", "-created_at", "-pk")
        )


class ProposalDetailView(ScopedViewMixin, DetailView):
    model = Proposal
    permission_required = "awards.view_proposal"
    template_name = "awards/proposal_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("commune", "proposed_by", "decided_by")

    def get_context_data(self, **kwargs):
        proposal = self.object
        return super().get_context_data(
            recipients=proposal.recipients.select_related("model", "person"),
            awards=Award.objects.for_user(self.request.user)
            .filter(proposal=proposal)
            .select_related("model", "person", "unit"),
            history=history_of(proposal),
            can_decide=not proposal.is_decided
            and self.request.user.has_perm("awards.decide_proposal"),
            **kwargs,
        )


class DecisionView(ScopedViewMixin, ServiceRulesMixin, SingleObjectMixin, FormView):
    """Approve or return a proposal: the form, then the service, which refuses a proposal
    already decided."""

    model = Proposal
    permission_required = "awards.decide_proposal"
    template_name = "awards/proposal_decide.html"
    title = ""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_decided:
            messages.info(
                request,
                _("This proposal was already decided (%(status)s).")
                % {"status": self.object.get_status_display()},
            )
            return redirect(self.object)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title,
            recipients=self.object.recipients.select_related("model", "person"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            self.decide(form.cleaned_data)
        except ValidationError as err:
            if not hasattr(err, "error_dict"):
                messages.error(self.request, " ".join(err.messages))
                return redirect(self.object)
            return self.refused(form, err)
        return redirect(self.object)


class ProposalApproveView(DecisionView):
    form_class = ApprovalForm
    title = gettext_lazy("Approve the proposal")

    def get_initial(self):
        return {
            "form": self.object.proposed_form,
            "issuer": self.object.proposed_issuer,
            "decision_date": timezone.localdate(),
        }

    def service_errors(self, form):
        if self.object.is_decided:
            return None
        data = form.cleaned_data
        return services.approval_errors(
            user=self.request.user,
            proposal=self.object,
            form=data.get("form"),
            issuer=data.get("issuer"),
            decision_number=data.get("decision_number"),
            decision_date=data.get("decision_date"),
        )

    def decide(self, data: dict) -> None:
        awards = services.approve_proposal(
            user=self.request.user,
            proposal=self.object,
            form=data["form"],
            issuer=data["issuer"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            comment=data["comment"],
        )
        messages.success(
            self.request,
            _("Approved: %(n)d commendations recorded.") % {"n": len(awards)},
        )


class ProposalReturnView(DecisionView):
    form_class = ReturnForm
    title = gettext_lazy("Return the proposal")

    def decide(self, data: dict) -> None:
        services.return_proposal(
            user=self.request.user, proposal=self.object, comment=data["comment"]
        )
        messages.success(self.request, _("The proposal is returned to the commune."))
