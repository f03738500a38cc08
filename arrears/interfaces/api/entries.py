"""
Read-only API endpoints for ledger entries.

`/api/v1/accounts/<account_id>/entries/` lists one account's entries, newest first;
`/api/v1/entries/<entry_id>/` shows one. Entries are never changed through the API: postings
go through `ledger.services`, which record the rule and reason of each (STYLE.md principle 5).
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from arrears.accounts import selectors as accounts
from arrears.accounts.models import DebtAccount
from arrears.interfaces.api.fields import LondonDateTime, Money
from arrears.interfaces.api.permissions import PolicyPermission
from arrears.ledger import selectors
from arrears.ledger.models import Entry
from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer
from arrears.staff.selectors import visible_authority_ids


class _EntryOutput(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    account = serializers.IntegerField(source="account_id")
    entry_type = serializers.CharField()
    direction = serializers.CharField(help_text="DEBIT raises the balance; CREDIT lowers it.")
    charge_kind = serializers.CharField()
    amount = Money(help_text="Always positive; `direction` gives its effect.")
    effective_date = serializers.DateField()
    posted_at = LondonDateTime()
    posted_by = serializers.CharField(source="posted_by.username", allow_null=True, default=None)
    rule = serializers.CharField(help_text="What caused the entry: a RULES.md anchor or policy.")
    reason = serializers.CharField()
    reverses = serializers.IntegerField(source="reverses_id", allow_null=True)
    source_reference = serializers.CharField(allow_null=True)
    method = serializers.CharField()
    import_batch = serializers.IntegerField(source="import_batch_id", allow_null=True)


class AccountEntryList(generics.ListAPIView):  # type: ignore[type-arg]
    """List one account's ledger entries, newest first."""

    permission_classes = [PolicyPermission]
    required_permission = Permission.VIEW_LEDGER

    @extend_schema_serializer(component_name="Entry")
    class OutputSerializer(_EntryOutput):
        pass

    serializer_class = OutputSerializer

    @extend_schema(operation_id="accounts_entries_list")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Entry]:
        officer: Officer = self.request.user  # type: ignore[assignment]
        try:
            account = accounts.account_for_officer(
                officer=officer, account_id=self.kwargs["account_id"]
            )
        except DebtAccount.DoesNotExist as error:
            raise NotFound("No such account.") from error
        self.check_object_permissions(self.request, account)
        return selectors.entries_for_accounts(account_ids=[account.pk])


class EntryDetail(generics.RetrieveAPIView):  # type: ignore[type-arg]
    """Show one ledger entry."""

    permission_classes = [PolicyPermission]
    required_permission = Permission.VIEW_LEDGER

    @extend_schema_serializer(component_name="EntryDetail")
    class OutputSerializer(_EntryOutput):
        pass

    serializer_class = OutputSerializer

    @extend_schema(operation_id="entries_retrieve")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_object(self) -> Entry:
        officer: Officer = self.request.user  # type: ignore[assignment]
        visible = selectors.entries_visible(authority_ids=visible_authority_ids(officer=officer))
        try:
            entry = visible.select_related("posted_by").get(pk=self.kwargs["entry_id"])
        except Entry.DoesNotExist as error:
            raise NotFound("No such entry.") from error
        self.check_object_permissions(self.request, entry)
        return entry
