"""Bases of the HTML pages: login, role permission, the one scoping mechanism, lists with
their .xlsx export, create / edit / deactivate pages, and spreadsheet imports."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DeleteView
from django_filters.views import FilterView

from areas.base import uploads
from areas.base.columns import column_sheet
from areas.base.forms import ScopedFormMixin, show_errors
from areas.base.sheets import ImportResult
from areas.base.xlsx import Sheet, dated_filename, xlsx_response


class ScopedViewMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Reads ``model`` only through ``for_user``: an object outside the user's unit is a 404.

    Subclasses set ``model`` and ``permission_required``; forms get the user so their choice
    lists are scoped too (see ``areas.base.forms.ScopedFormMixin``).
    """

    raise_exception = False

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            # Authenticated but the role lacks the permission: 403, not a login loop.
            self.raise_exception = True
        return super().handle_no_permission()

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if issubclass(self.get_form_class(), ScopedFormMixin):
            kwargs["user"] = self.request.user
        return kwargs


class SoftDeleteViewMixin:
    """POST hides the object (soft delete, recorded in its history); GET asks to confirm."""

    success_message = ""

    def form_valid(self, form):
        try:
            self.object.soft_delete()
        except ValidationError as err:  # a rule of the row's app (a month approved and locked)
            for message in err.messages:
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data(form=form), status=422)
        messages.success(self.request, self.success_message or _("Deleted."))
        return HttpResponseRedirect(self.get_success_url())


class ScopedListView(ScopedViewMixin, FilterView):
    """A scoped, filtered, paginated list; ``?export=xlsx`` downloads the filtered rows.

    Subclasses set ``model``, ``filterset_class``, ``columns`` and ``permission_required``;
    ``create_url`` names the page that adds a row, shown to users allowed to add.
    """

    template_name = "includes/object_list.html"
    paginate_by = 25
    columns: list = []
    export_columns: list | None = None  # the export's columns, when it says more than the page
    title = ""
    create_url = None
    export_name = "export"

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export_xlsx()
        return super().get(request, *args, **kwargs)

    def export_xlsx(self):
        filterset = self.get_filterset(self.get_filterset_class())
        rows = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        sheet = column_sheet(str(self.title), self.export_columns or self.columns, rows)
        return xlsx_response(dated_filename(self.export_name), [sheet])

    def get_context_data(self, **kwargs):
        add_perm = self.permission_required.replace(".view_", ".add_")
        return super().get_context_data(
            title=self.title,
            columns=self.columns,
            create_url=reverse(self.create_url)
            if self.create_url and self.request.user.has_perm(add_perm)
            else None,
            **kwargs,
        )


class ScopedFormPageMixin(ScopedViewMixin):
    """Create or edit one row in the generic form page, with a success message."""

    template_name = "includes/object_form.html"
    title = ""

    def form_valid(self, form):
        if form.instance.pk and not changed(form):
            # Saving would record a change in the history where none was made.
            messages.info(self.request, _("Nothing to save: nothing was changed."))
            return HttpResponseRedirect(self.get_success_url())
        with transaction.atomic():  # the row and its many-to-many links, or nothing
            response = super().form_valid(form)
        messages.success(self.request, _("Saved."))
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)


def changed(form) -> bool:
    """Whether saving ``form`` would change its row (a column or a many-to-many link)."""
    instance = form.instance
    model = type(instance)
    stored = model._default_manager.filter(pk=instance.pk).first()
    if stored is None:
        return True
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            continue
        if getattr(stored, field.attname) != getattr(instance, field.attname):
            return True
    links = {f.name for f in model._meta.many_to_many}
    return any(name in links for name in form.changed_data)


class ServiceRulesMixin:
    """A form page whose write goes through a service: every problem of a submit at once.

    The service's rules run even when the form has field errors, on what the form could read
    (``service_errors``), and their messages join the form's — each at its field, a field the
    form could not read keeping its own message (``areas.base.forms.show_errors``). A refused
    submit answers 422 with the page, its error summary on top.
    """

    # The service's field names that the form calls otherwise.
    error_fields: dict[str, str] = {}

    def service_errors(self, form) -> dict | None:
        """The service's rules on ``form.cleaned_data`` (partial: only what the form could
        read), as a service's ``ValidationError`` dict; ``None`` when there is nothing to
        check."""
        return None

    def form_invalid(self, form):
        found = self.service_errors(form)
        if found:
            show_errors(form, ValidationError(found), self.error_fields)
        return self.refused(form)

    def refused(self, form, err: ValidationError | None = None):
        """The page again with ``err`` (a service's refusal) shown on the form, answered 422."""
        if err is not None:
            show_errors(form, err, self.error_fields)
        return self.render_to_response(self.get_context_data(form=form), status=422)


class DeactivateView(ScopedViewMixin, SoftDeleteViewMixin, DeleteView):
    """Deactivate (soft delete) a row after confirmation; it stays in the records."""

    template_name = "includes/object_confirm_delete.html"
    success_url_name = None

    def get_success_url(self):
        return reverse(self.success_url_name)


class SpreadsheetImportMixin:
    """Upload → preview with each row's problems → confirm → all rows saved, or none.

    The upload's size is checked at its field before the file is read
    (``areas.base.uploads.SPREADSHEET``). A file whose rows are all valid is kept on the
    server for its user and this page (``areas.base.uploads.keep_preview``); the preview
    carries only a token, and confirming re-reads exactly the file that was checked.
    Subclasses set ``template_sheets`` and ``template_filename`` (the blank workbook users
    fill in) and implement ``run_import(content, commit)`` and ``on_saved``.
    """

    template_sheets: list = []
    template_filename = "mau.xlsx"

    def get(self, request, *args, **kwargs):
        if request.GET.get("template") == "xlsx":
            blank = [Sheet(title, columns) for title, columns in self.template_sheets]
            return xlsx_response(self.template_filename, blank)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if "confirm" not in request.POST:
            return super().post(request, *args, **kwargs)
        token = request.POST.get("token", "")
        try:
            with uploads.claimed_preview(
                user=request.user, purpose=request.path, token=token
            ) as preview:
                result = self.run_import(preview.content, commit=True)
                preview.used = result.saved
        except uploads.PreviewRefused as refused:
            result, token = ImportResult(file_errors=[str(refused)]), ""
        if result.saved:
            return self.on_saved(result)
        return self.render_to_response(
            self.get_context_data(result=result, form=self.get_form(), token=token)
        )

    def form_valid(self, form):
        content = form.cleaned_data["file"].read()
        result = self.run_import(content, commit=False)
        token = ""
        if result.is_valid:
            token = uploads.keep_preview(
                user=self.request.user, purpose=self.request.path, content=content
            )
        return self.render_to_response(self.get_context_data(form=form, result=result, token=token))
