"""
Importing a file through the officer UI: upload, preview, confirm (docs/imports.md).

Uploading keeps the file as a pending `ImportBatch` and writes nothing else. The preview checks
it (counts, the first rows, every error by line and column); confirming checks it again, since
the database may have changed meanwhile, and imports it all or nothing. Each page needs
`Permission.IMPORT_DATA`, and a batch reaches an officer only through
`imports.selectors.batch_for_officer`, so another council's batch answers 404.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from arrears.imports import selectors, services
from arrears.imports.domain.layouts import IMPORT_KIND_LABELS, LAYOUTS, ImportKind, WrongColumns
from arrears.imports.domain.tables import UnreadableFile
from arrears.imports.models import BatchStatus, ImportBatch
from arrears.interfaces.web.views import Page
from arrears.kernel import clock
from arrears.staff.domain.policy import Permission

# Larger files belong on the command line (`arrears import`), which streams no upload.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SAMPLE_ROWS = 10


class UploadFile(forms.Form):
    """Which file, what it holds and which council it is for."""

    kind = forms.ChoiceField(
        choices=[(kind.value, IMPORT_KIND_LABELS[kind]) for kind in ImportKind],
        error_messages={"required": "Select what the file holds"},
    )
    authority = forms.TypedChoiceField(
        coerce=int, error_messages={"required": "Select the council the file is for"}
    )
    file = forms.FileField(error_messages={"required": "Select a CSV file to upload"})

    def __init__(self, *args: Any, authorities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["authority"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = authorities
        if len(authorities) == 1:
            field.initial = authorities[0][0]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The selected file must be smaller than 20MB; import larger files with the "
                "arrears import command"
            )
        return upload


@dataclass(frozen=True)
class BatchSummary:
    """One batch as the templates show it."""

    batch_id: int
    kind_label: str
    file_name: str
    authority_name: str
    status: str
    status_label: str
    uploaded_at: str
    imported_at: str
    rows: int


def _summary(batch: ImportBatch) -> BatchSummary:
    return BatchSummary(
        batch_id=batch.pk,
        kind_label=IMPORT_KIND_LABELS[ImportKind(batch.kind)],
        file_name=batch.file_name,
        authority_name=batch.authority.name,
        status=batch.status,
        status_label=BatchStatus(batch.status).label,
        uploaded_at=f"{clock.to_london(batch.uploaded_at):%-d %b %Y, %H:%M}",
        imported_at=(
            f"{clock.to_london(batch.imported_at):%-d %b %Y, %H:%M}" if batch.imported_at else ""
        ),
        rows=batch.row_count,
    )


class Upload(Page):
    """Choose a file, what it holds and the council; the next page previews it."""

    permission = Permission.IMPORT_DATA
    template_name = "web/imports/upload.html"
    url_name = "web:import-upload"

    def load(self) -> None:
        self.authorities = selectors.authorities_for_officer(officer=self.officer)

    def _form(self, data: Any = None, files: Any = None) -> UploadFile:
        return UploadFile(data, files, authorities=[(a.pk, a.name) for a in self.authorities])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        context["kinds"] = [
            {
                "value": kind.value.lower(),
                "label": IMPORT_KIND_LABELS[kind],
                "columns": [c.name for c in LAYOUTS[kind] if c.is_required],
            }
            for kind in ImportKind
        ]
        context["batches"] = [
            _summary(batch)
            for batch in selectors.recent_batches(authority_ids=[a.pk for a in self.authorities])
        ]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        authority = next(a for a in self.authorities if a.pk == form.cleaned_data["authority"])
        upload = form.cleaned_data["file"]
        batch = services.stage_upload(
            authority=authority,
            kind=ImportKind(form.cleaned_data["kind"]),
            file_name=upload.name or "upload.csv",
            content=upload.read(),
            actor=self.actor,
        )
        return HttpResponseRedirect(reverse("web:import-batch", kwargs={"batch_id": batch.pk}))


class BatchPage(Page):
    """A batch: the preview of a pending file, or what an imported file held."""

    permission = Permission.IMPORT_DATA
    template_name = "web/imports/batch.html"
    url_name = "web:import-upload"
    batch: ImportBatch

    def load(self) -> None:
        try:
            self.batch = selectors.batch_for_officer(
                officer=self.officer, batch_id=self.kwargs["batch_id"]
            )
        except ImportBatch.DoesNotExist as error:
            raise Http404("No such import batch") from error

    def _check(self) -> dict[str, Any]:
        """Check the pending file now; return what the preview shows."""
        try:
            report = services.check_staged(batch=self.batch, as_of=clock.today())
        except (UnreadableFile, WrongColumns) as error:
            return {"file_problem": str(error)}
        except services.AlreadyImported as error:
            return {"earlier_batch": _summary(error.batch)}
        return {"report": report}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["batch"] = _summary(self.batch)
        if self.batch.status == BatchStatus.PENDING and "report" not in context:
            context.update(self._check())
        report = context.get("report")
        if report is not None:
            context["sample_rows"] = [
                [row.get(column, "") for column in report.columns]
                for row in report.samples[:SAMPLE_ROWS]
            ]
        return context


class Confirm(BatchPage):
    """Import the pending file after checking it again, all or nothing (GET shows the preview)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            services.import_staged(batch=self.batch, as_of=clock.today(), actor=self.actor)
        except services.FileRejected as error:
            context = self.get_context_data(report=error.report)
            return self.render_to_response(context, status=400)
        except services.BatchNotPending:
            pass
        except (UnreadableFile, WrongColumns, services.AlreadyImported):
            return self.render_to_response(self.get_context_data(), status=400)
        return HttpResponseRedirect(reverse("web:import-batch", kwargs={"batch_id": self.batch.pk}))


class Discard(BatchPage):
    """Discard a pending file without importing anything from it (GET shows the preview)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            services.discard_staged(batch=self.batch, actor=self.actor)
        except services.BatchNotPending:
            pass
        return HttpResponseRedirect(reverse("web:import-upload"))
