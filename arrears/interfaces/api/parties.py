"""API endpoints for liable parties: `/api/v1/parties/` and `/api/v1/parties/<party_id>/`."""

from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from arrears.accounts import selectors
from arrears.accounts.models import AccountParty, Address, ContactDetail, Marker, Party, PartyAlias
from arrears.audit import services as audit
from arrears.interfaces.api.actors import actor_for
from arrears.interfaces.api.fields import LondonDateTime, Money
from arrears.interfaces.api.permissions import PolicyPermission
from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer
from arrears.staff.selectors import visible_authority_ids

# `?q=` reads at most this many matches, as the officer's search page does.
SEARCH_LIMIT = 200


@extend_schema_serializer(component_name="AuthoritySummary")
class _Authority(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    name = serializers.CharField()


class PartyList(generics.ListAPIView):  # type: ignore[type-arg]
    """List the parties the officer may see, or those matching a search."""

    permission_classes = [PolicyPermission]
    required_permission = Permission.SEARCH_PARTIES

    class FilterSerializer(serializers.Serializer):  # type: ignore[type-arg]
        q = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=200,
            help_text=(
                "A name (every word must appear), party or account reference, full postcode, or "
                "date of birth (31/12/1980 or 1980-12-31). At most 200 matches."
            ),
        )

    @extend_schema_serializer(component_name="PartySummary")
    class OutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
        id = serializers.IntegerField()
        reference = serializers.CharField()
        kind = serializers.CharField()
        display_name = serializers.CharField()
        date_of_birth = serializers.DateField(allow_null=True)
        authority = _Authority()

    serializer_class = OutputSerializer

    @extend_schema(parameters=[FilterSerializer], operation_id="parties_list")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Party]:
        filters = self.FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        officer: Officer = self.request.user  # type: ignore[assignment]
        text = filters.validated_data.get("q", "").strip()
        parties = selectors.parties_visible(
            authority_ids=visible_authority_ids(officer=officer)
        ).select_related("authority")
        if not text:
            return parties
        hits = selectors.search_parties(officer=officer, text=text, limit=SEARCH_LIMIT)
        return parties.filter(pk__in=[hit.party_id for hit in hits]).order_by("search_name", "id")


class PartyDetail(generics.RetrieveAPIView):  # type: ignore[type-arg]
    """
    Show one party with names, addresses, contacts, markers and accounts.

    Each view is recorded in the audit trail as `accounts.party.viewed`, channel `api`
    (issue 2, item 8: every view of a party page).
    """

    permission_classes = [PolicyPermission]
    required_permission = Permission.VIEW_PARTY

    @extend_schema_serializer(component_name="Party")
    class OutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
        @extend_schema_serializer(component_name="PartyAlias")
        class _Alias(serializers.Serializer):  # type: ignore[type-arg]
            name = serializers.CharField()

        @extend_schema_serializer(component_name="PartyAddress")
        class _Address(serializers.Serializer):  # type: ignore[type-arg]
            kind = serializers.CharField()
            lines = serializers.ListField(child=serializers.CharField())
            postcode = serializers.CharField()
            uprn = serializers.CharField()
            latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
            longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
            from_date = serializers.DateField(allow_null=True)
            to_date = serializers.DateField(allow_null=True)

        @extend_schema_serializer(component_name="PartyContact")
        class _Contact(serializers.Serializer):  # type: ignore[type-arg]
            kind = serializers.CharField()
            value = serializers.CharField()
            is_preferred = serializers.BooleanField()

        @extend_schema_serializer(component_name="PartyMarker")
        class _Marker(serializers.Serializer):  # type: ignore[type-arg]
            kind = serializers.CharField()
            category = serializers.CharField()
            detail = serializers.CharField()
            # DRF takes declared fields off the class, so this shadows nothing at run time.
            source = serializers.CharField()  # type: ignore[assignment]
            practitioner = serializers.CharField()
            start_date = serializers.DateField()
            end_date = serializers.DateField(allow_null=True)
            review_date = serializers.DateField(allow_null=True)
            recorded_at = LondonDateTime()

        @extend_schema_serializer(component_name="PartyAccount")
        class _Account(serializers.Serializer):  # type: ignore[type-arg]
            id = serializers.IntegerField(source="account.id")
            reference = serializers.CharField(source="account.reference")
            debt_type = serializers.CharField(source="account.debt_type")
            liability = serializers.CharField()
            is_closed = serializers.BooleanField(source="account.is_closed")
            balance = Money(source="account.balance")

        id = serializers.IntegerField()
        reference = serializers.CharField()
        kind = serializers.CharField()
        title = serializers.CharField()
        forenames = serializers.CharField()
        surname = serializers.CharField()
        organisation_name = serializers.CharField()
        company_number = serializers.CharField()
        display_name = serializers.CharField()
        date_of_birth = serializers.DateField(allow_null=True)
        authority = _Authority()
        created_at = LondonDateTime()
        aliases = _Alias(many=True)
        addresses = _Address(many=True)
        contacts = _Contact(many=True)
        markers = _Marker(many=True)
        accounts = _Account(many=True, source="accountparty_set")

    serializer_class = OutputSerializer

    @extend_schema(operation_id="parties_retrieve")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        party = self.get_object()
        audit.record_event(
            actor=actor_for(request),
            action="accounts.party.viewed",
            authority_id=party.authority_id,
            object_type="party",
            object_id=party.pk,
            party_id=party.pk,
        )
        return Response(self.OutputSerializer(party).data)

    def get_object(self) -> Party:
        officer: Officer = self.request.user  # type: ignore[assignment]
        try:
            party = selectors.party_for_officer(officer=officer, party_id=self.kwargs["party_id"])
        except Party.DoesNotExist as error:
            raise NotFound("No such party.") from error
        self.check_object_permissions(self.request, party)
        prefetch_related_objects(
            [party],
            Prefetch("aliases", queryset=PartyAlias.objects.order_by("id")),
            Prefetch("addresses", queryset=Address.objects.order_by("from_date", "id")),
            Prefetch("contacts", queryset=ContactDetail.objects.order_by("id")),
            Prefetch("markers", queryset=Marker.objects.order_by("start_date", "id")),
            Prefetch(
                "accountparty_set",
                queryset=AccountParty.objects.select_related("account").order_by("account_id"),
            ),
        )
        return party
