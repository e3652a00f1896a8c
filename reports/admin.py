from django.contrib import admin

from areas.base.admin import ScopedAdmin
from reports.models import ReportVersion, ReviewReport


@admin.register(ReviewReport)
class ReviewReportAdmin(ScopedAdmin):
    list_display = ["title", "kind", "unit", "period_start", "period_end", "number"]
    list_filter = ["kind", "scheduled"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "model"]


@admin.register(ReportVersion)
class ReportVersionAdmin(ScopedAdmin):
    list_display = ["report", "number", "status", "attempts", "pages", "issued_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ReportVersion._meta.fields]
