"""
Read-only API endpoints for import batches: `/api/v1/imports/` and `/api/v1/imports/<batch_id>/`.

A batch is one file imported with `arrears import` or through the web UI (issue 2, item 7); the
entries it posted carry its id as `import_batch`. Files are imported by those two routes, not
through the API; the file's content is never served.
"""

from typing import Any

from django.db.models import prefetch_related_objects
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from arrears.imports import selectors
from arrears.imports.models import ImportBatch
from arrears.interfaces.api.fields import LondonDateTime
from arrears.interfaces.api.permissions import PolicyPermission
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


class ImportBatchList(generics.ListAPIView):  # type: ignore[type-arg]
    """List the latest import batches of the officer's councils, newest first."""

    permission_classes = [PolicyPermission]
    required_permission = Permission.IMPORT_DATA

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
