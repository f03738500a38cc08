"""
API endpoints for recovery: why an account is (not) due, and the daily runs.

`/api/v1/accounts/<account_id>/recovery/` answers "why did this happen?" with the same decision
the daily run makes; `/api/v1/recovery-runs/` lists the runs of the officer's councils.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from arrears.accounts import selectors as account_selectors
from arrears.accounts.models import DebtAccount
from arrears.interfaces.api.fields import Money
from arrears.interfaces.api.permissions import PolicyPermission
from arrears.kernel.clock import today
from arrears.recovery.models import RecoveryRun
from arrears.recovery.selectors.explain import explain_account
from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer
from arrears.staff.selectors import visible_authority_ids


@extend_schema_serializer(component_name="RecoveryHold")
class _Hold(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(source="label")
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    review_date = serializers.DateField(allow_null=True)
    reason = serializers.CharField()
    is_in_force = serializers.BooleanField()


@extend_schema_serializer(component_name="RecoveryAction")
class _Action(serializers.Serializer):  # type: ignore[type-arg]
    action_date = serializers.DateField()
    stage_name = serializers.CharField()
    kind = serializers.CharField()
    rule = serializers.CharField()
    cost_amount = Money(allow_null=True)
    letter_id = serializers.IntegerField(allow_null=True)
    explanation = serializers.JSONField()


@extend_schema_serializer(component_name="RecoveryExplanation")
class ExplanationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    has_case = serializers.BooleanField()
    as_of = serializers.DateField()
    verdict = serializers.CharField(help_text="In a few words: due, held, not due until...")
    reasons = serializers.ListField(child=serializers.CharField())
    stream_name = serializers.CharField()
    stream_version = serializers.IntegerField()
    stage_name = serializers.CharField()
    stage_date = serializers.DateField(allow_null=True)
    next_stage_name = serializers.CharField()
    next_due_date = serializers.DateField(allow_null=True)
    hearing_date = serializers.DateField(allow_null=True)
    is_closed = serializers.BooleanField()
    holds = _Hold(many=True)
    actions = _Action(many=True)


class AccountRecovery(APIView):
    """Why the account is, or is not, due for its next recovery step today, and its history."""

    permission_classes = [PolicyPermission]
    required_permission = Permission.VIEW_LEDGER

    @extend_schema(responses=ExplanationSerializer, operation_id="accounts_recovery_retrieve")
    def get(self, request: Request, account_id: int) -> Response:
        officer: Officer = request.user  # type: ignore[assignment]
        try:
            account = account_selectors.account_for_officer(officer=officer, account_id=account_id)
        except DebtAccount.DoesNotExist as error:
            raise NotFound("No such account.") from error
        explanation = explain_account(account_id=account.pk, as_of=today())
        return Response(ExplanationSerializer(explanation).data)


class RecoveryRunList(generics.ListAPIView):  # type: ignore[type-arg]
    """List the daily recovery runs of the officer's councils, newest first."""

    permission_classes = [PolicyPermission]
    required_permission = Permission.VIEW_LEDGER

    @extend_schema_serializer(component_name="RecoveryRun")
    class OutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
        id = serializers.IntegerField()
        authority = serializers.CharField(source="authority.code")
        run_date = serializers.DateField()
        status = serializers.CharField()
        evaluated = serializers.IntegerField()
        actions = serializers.DictField(child=serializers.IntegerField())
        held = serializers.DictField(child=serializers.IntegerField())
        skipped = serializers.DictField(child=serializers.IntegerField())
        failed = serializers.IntegerField()
        started_at = serializers.DateTimeField()
        approved_at = serializers.DateTimeField(allow_null=True)

    serializer_class = OutputSerializer

    @extend_schema(operation_id="recovery_runs_list")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[RecoveryRun]:
        officer: Officer = self.request.user  # type: ignore[assignment]
        return (
            RecoveryRun.objects.filter(authority_id__in=visible_authority_ids(officer=officer))
            .select_related("authority")
            .order_by("-run_date", "-id")
        )
