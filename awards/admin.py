from django.contrib import admin

from areas.base.admin import ScopedAdmin
from awards.models import Award, Proposal


@admin.register(Award)
class AwardAdmin(ScopedAdmin):
    list_display = ["decision_date", "decision_number", "recipient_kind", "form", "issuer", "unit"]
    list_filter = ["form", "issuer", "recipient_kind"]
    search_fields = ["decision_number", "recipient_name"]
    raw_id_fields = ["unit", "model", "person"]


@admin.register(Proposal)
class ProposalAdmin(ScopedAdmin):
    list_display = ["commune", "status", "proposed_form", "proposed_issuer", "created_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in Proposal._meta.fields]
