"""API endpoints for debt accounts: `/api/v1/accounts/` and `/api/v1/accounts/<account_id>/`."""

from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from arrears.accounts import selectors
from arrears.accounts.domain.debts import DebtType
from arrears.accounts.models import AccountParty, DebtAccount
from arrears.interfaces.api.fields import Money
from arrears.interfaces.api.permissions import PolicyPermission
from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer
from arrears.staff.selectors import visible_authority_ids


class _AccountSummary(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    reference = serializers.CharField()
    authority = serializers.CharField(source="authority.code")
    source_reference = serializers.CharField(allow_null=True)
    debt_type = serializers.CharField()
    fund = serializers.CharField()
    description = serializers.CharField()
    period_start_date = serializers.DateField(allow_null=True)
    period_end_date = serializers.DateField(allow_null=True)
    opened_date = serializers.DateField()
    recovery_stage = serializers.CharField()
    is_closed = serializers.BooleanField()
    balance = Money(help_text="What is owed: debits less credits; negative when in credit.")


class AccountList(generics.ListAPIView):  # type: ignore[type-arg]
    """List the debt accounts the officer may see, optionally of one party or debt type."""

    permission_classes = [PolicyPermission]
    required_permission = Permission.VIEW_LEDGER

    class FilterSerializer(serializers.Serializer):  # type: ignore[type-arg]
        party = serializers.IntegerField(
            required=False, min_value=1, help_text="Only accounts this party is liable for."
        )
        debt_type = serializers.ChoiceField(
            choices=[t.value for t in DebtType], required=False, help_text="Only this debt type."
        )

    @extend_schema_serializer(component_name="AccountSummary")
    class OutputSerializer(_AccountSummary):
        pass

    serializer_class = OutputSerializer

    @extend_schema(parameters=[FilterSerializer], operation_id="accounts_list")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[DebtAccount]:
        filters = self.FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        officer: Officer = self.request.user  # type: ignore[assignment]
        accounts = selectors.accounts_visible(
            authority_ids=visible_authority_ids(officer=officer)
        ).select_related("authority")
        if "party" in filters.validated_data:
            accounts = accounts.filter(parties=filters.validated_data["party"])
        if "debt_type" in filters.validated_data:
            accounts = accounts.filter(debt_type=filters.validated_data["debt_type"])
        return accounts


class AccountDetail(generics.RetrieveAPIView):  # type: ignore[type-arg]
    """Show one debt account with its balance and liable parties."""

    permission_classes = [PolicyPermission]
    required_permission = Permission.VIEW_LEDGER

    @extend_schema_serializer(component_name="Account")
    class OutputSerializer(_AccountSummary):
        @extend_schema_serializer(component_name="AccountParty")
        class _Party(serializers.Serializer):  # type: ignore[type-arg]
            id = serializers.IntegerField(source="party.id")
            reference = serializers.CharField(source="party.reference")
            display_name = serializers.CharField(source="party.display_name")
            liability = serializers.CharField()

        parties = _Party(many=True, source="accountparty_set")

    serializer_class = OutputSerializer

    @extend_schema(operation_id="accounts_retrieve")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_object(self) -> DebtAccount:
        officer: Officer = self.request.user  # type: ignore[assignment]
        try:
            account = selectors.account_for_officer(
                officer=officer, account_id=self.kwargs["account_id"]
            )
        except DebtAccount.DoesNotExist as error:
            raise NotFound("No such account.") from error
        self.check_object_permissions(self.request, account)
        prefetch_related_objects(
            [account],
            Prefetch(
                "accountparty_set",
                queryset=AccountParty.objects.select_related("party").order_by("party_id"),
            ),
        )
        return account
