"""
Read-only API endpoints for import batches: `/api/v1/imports/` and `/api/v1/imports/<batch_id>/`.

A batch is one file imported with `arrears import`, through the web UI or by a POST here
(issue 2, item 7); the entries it posted carry its id as `import_batch`. A POST imports a file
all or nothing, with the same checks and the same answer keys as `arrears import`; the file's
content is never served back.
"""

from typing import Any

from django.db.models import prefetch_related_objects
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from arrears.audit.services import Actor
from arrears.imports import selectors, services
from arrears.imports.domain.layouts import ImportKind, WrongColumns
from arrears.imports.domain.records import RowError
from arrears.imports.domain.tables import UnreadableFile
from arrears.imports.models import ImportBatch
from arrears.interfaces.api.fields import LondonDateTime
from arrears.interfaces.api.permissions import PolicyPermission
from arrears.kernel import clock
from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer
from arrears.staff.selectors import visible_authority_ids

# The list pages through at most this many of the latest batches.
LIST_LIMIT = 500


@extend_schema_serializer(component_name="ImportBatch")
class _BatchOutput(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    authority = serializers.CharField(source="authority.code")
    kind = serializers.CharField()
    file_name = serializers.CharField()
    checksum = serializers.CharField(help_text="SHA-256 of the file's bytes, in hex.")
    status = serializers.CharField(help_text="PENDING, IMPORTED or DISCARDED.")
    row_count = serializers.IntegerField()
    accepted_count = serializers.IntegerField()
    rejected_count = serializers.IntegerField()
    uploaded_at = LondonDateTime()
    uploaded_by = serializers.CharField(
        source="uploaded_by.username", allow_null=True, default=None
    )
    imported_at = LondonDateTime(allow_null=True)
    imported_by = serializers.CharField(
        source="imported_by.username", allow_null=True, default=None
    )
    channel = serializers.CharField(help_text="cli, web or api")


class _RowErrorOutput(serializers.Serializer):  # type: ignore[type-arg]
    line = serializers.IntegerField(help_text="Physical line of the file; the header is line 1.")
    field = serializers.CharField(help_text="Column name.")
    message = serializers.CharField()


# For the OpenAPI document only: a field named `errors` cannot be declared on a Serializer
# class (it is the serializer's own property), so these are built with `inline_serializer`.
_RESULT_OUTPUT = inline_serializer(
    name="ImportResult",
    fields={
        "kind": serializers.CharField(),
        "rows": serializers.IntegerField(),
        "accepted": serializers.IntegerField(),
        "rejected": serializers.IntegerField(),
        "errors": _RowErrorOutput(many=True),
        "batch_id": serializers.IntegerField(allow_null=True),
    },
)
_PROBLEM_OUTPUT = inline_serializer(
    name="ImportProblem",
    fields={
        "error": serializers.CharField(help_text="Machine-readable code, as `arrears import`."),
        "message": serializers.CharField(),
        "errors": _RowErrorOutput(many=True, required=False),
        "batch_id": serializers.IntegerField(allow_null=True, required=False),
    },
)


def _errors(errors: tuple[RowError, ...]) -> list[dict[str, Any]]:
    return [{"line": e.line, "field": e.field, "message": e.message} for e in errors]


def _result(report: services.ImportReport, batch_id: int | None) -> dict[str, Any]:
    return {
        "kind": report.kind.value.lower(),
        "rows": report.rows,
        "accepted": report.accepted,
        "rejected": report.rejected,
        "errors": _errors(report.errors),
        "batch_id": batch_id,
    }


def _problem(code: str, message: str, answer: int, **extra: Any) -> Response:
    return Response({"error": code, "message": message, **extra}, status=answer)


class ImportBatchList(generics.ListAPIView):  # type: ignore[type-arg]
    """List the latest import batches of the officer's councils, or import a file (POST)."""

    permission_classes = [PolicyPermission]
    required_permission = Permission.IMPORT_DATA
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):  # type: ignore[type-arg]
        file = serializers.FileField(help_text="The CSV file (UTF-8, header row first).")
        kind = serializers.ChoiceField(choices=[k.value.lower() for k in ImportKind])
        authority = serializers.CharField(help_text="Code of one of the officer's councils.")
        dry_run = serializers.BooleanField(default=False, help_text="Check; save nothing.")

    OutputSerializer = _BatchOutput

    serializer_class = OutputSerializer

    @extend_schema(operation_id="imports_list")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        batches = self.get_queryset()
        page = self.paginate_queryset(batches)
        prefetch_related_objects(
            page if page is not None else batches, "uploaded_by", "imported_by"
        )
        if page is None:
            return Response(self.OutputSerializer(batches, many=True).data)
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="imports_create",
        request=InputSerializer,
        responses={
            201: _RESULT_OUTPUT,
            200: OpenApiResponse(_RESULT_OUTPUT, description="A dry run: checked, not saved."),
            400: OpenApiResponse(
                _PROBLEM_OUTPUT,
                description="Unreadable file, wrong columns or row errors; nothing was imported.",
            ),
            409: OpenApiResponse(_PROBLEM_OUTPUT, description="The file was imported before."),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Import a parties, accounts, charges or payments file, all or nothing."""
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        officer: Officer = request.user  # type: ignore[assignment]
        authority = next(
            (
                a
                for a in selectors.authorities_for_officer(officer=officer)
                if a.code == data.validated_data["authority"]
            ),
            None,
        )
        if authority is None:
            return _problem("unknown-authority", "No such council among yours.", 400)
        upload = data.validated_data["file"]
        try:
            outcome = services.import_file(
                authority=authority,
                kind=ImportKind(data.validated_data["kind"].upper()),
                file_name=upload.name or "upload.csv",
                content=upload.read(),
                as_of=clock.today(),
                actor=Actor(
                    officer_id=officer.pk, ip_address=request.META.get("REMOTE_ADDR"), channel="api"
                ),
                is_dry_run=data.validated_data["dry_run"],
            )
        except UnreadableFile as error:
            return _problem("unreadable-file", str(error), 400)
        except WrongColumns as error:
            return _problem(
                "wrong-columns", str(error), 400, missing=error.missing, unexpected=error.unexpected
            )
        except services.AlreadyImported as error:
            return _problem(
                "already-imported",
                "This file was imported before; nothing was imported this time.",
                409,
                batch_id=error.batch.pk,
            )
        except services.FileRejected as error:
            report = error.report
            return _problem(
                "invalid-rows",
                f"{report.rejected} of {report.rows} rows have errors, so nothing was imported.",
                400,
                **{key: value for key, value in _result(report, None).items() if key != "kind"},
            )
        answer = status.HTTP_200_OK if outcome.batch_id is None else status.HTTP_201_CREATED
        return Response(_result(outcome.report, outcome.batch_id), status=answer)

    def get_queryset(self) -> list[ImportBatch]:  # type: ignore[override]
        officer: Officer = self.request.user  # type: ignore[assignment]
        return selectors.recent_batches(
            authority_ids=sorted(visible_authority_ids(officer=officer)), limit=LIST_LIMIT
        )


class ImportBatchDetail(generics.RetrieveAPIView):  # type: ignore[type-arg]
    """Show one import batch."""

    permission_classes = [PolicyPermission]
    required_permission = Permission.IMPORT_DATA

    OutputSerializer = _BatchOutput

    serializer_class = OutputSerializer

    @extend_schema(operation_id="imports_retrieve")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_object(self) -> ImportBatch:
        officer: Officer = self.request.user  # type: ignore[assignment]
        try:
            batch = selectors.batch_for_officer(officer=officer, batch_id=self.kwargs["batch_id"])
        except ImportBatch.DoesNotExist as error:
            raise NotFound("No such import batch.") from error
        self.check_object_permissions(self.request, batch)
        prefetch_related_objects([batch], "uploaded_by", "imported_by")
        return batch
