"""`accounts.selectors.party_summary` and the party page it feeds, on a real database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrears.accounts import selectors
from arrears.accounts.models import LinkKind, Party, PartyLink
from arrears.audit.services import SYSTEM, Actor, record_event
from arrears.interfaces.web import pages
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from tests import factories

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 11, 2)


def _party_with_accounts(authority, count):
    party = factories.PartyFactory(authority=authority)
    factories.AddressFactory(party=party)
    factories.MarkerFactory(party=party)
    for _ in range(count):
        account = factories.DebtAccountFactory(authority=authority, parties=[party])
        ledger.post_charge(
            account=account,
            amount=Decimal("100.00"),
            effective_date=dt.date(2026, 4, 1),
            charge_kind=ChargeKind.LIABILITY,
            rule="liability.annual-bill",
            reason="Annual bill",
            actor=SYSTEM,
        )
    return party


def _queries_for_page(officer, party):
    officer = type(officer).objects.get(pk=officer.pk)  # a fresh officer: nothing cached
    with CaptureQueriesContext(connection) as queries:
        pages.party_page(officer=officer, party_id=party.pk, as_of=AS_OF)
    return len(queries)


class TestPartySummary:
    def test_party_summary_reads_a_fixed_number_of_queries(self, authority_a, officer_a):
        small = _party_with_accounts(authority_a, 1)
        large = _party_with_accounts(authority_a, 12)

        small_queries = _queries_for_page(officer_a, small)
        large_queries = _queries_for_page(officer_a, large)

        assert small_queries == large_queries
        assert large_queries <= 10

    def test_party_summary_totals_every_account(self, authority_a, officer_a):
        party = _party_with_accounts(authority_a, 3)

        summary = selectors.party_summary(officer=officer_a, party_id=party.pk, as_of=AS_OF)

        assert len(summary.accounts) == 3
        assert summary.total_balance == Decimal("300.00")
        assert [t.balance for t in summary.totals] == [Decimal("300.00")]

    def test_party_summary_refuses_another_authoritys_party(self, authority_b, officer_a):
        theirs = factories.PartyFactory(authority=authority_b)

        with pytest.raises(Party.DoesNotExist):
            selectors.party_summary(officer=officer_a, party_id=theirs.pk, as_of=AS_OF)

    def test_party_summary_marks_markers_active_on_the_date_given(self, authority_a, officer_a):
        party = factories.PartyFactory(authority=authority_a)
        factories.MarkerFactory(
            party=party, kind="BREATHING_SPACE", start_date=AS_OF, end_date=AS_OF
        )
        factories.MarkerFactory(
            party=party,
            kind="GONE_AWAY",
            start_date=dt.date(2026, 1, 1),
            end_date=AS_OF - dt.timedelta(days=1),
        )

        summary = selectors.party_summary(officer=officer_a, party_id=party.pk, as_of=AS_OF)

        assert [m.kind for m in summary.active_markers] == ["BREATHING_SPACE"]
        assert len(summary.markers) == 2

    def test_party_summary_leaves_views_out_of_the_history(self, authority_a, officer_a):
        party = factories.PartyFactory(authority=authority_a)
        actor = Actor(officer_id=officer_a.pk, channel="web")
        record_event(
            actor=actor,
            action="accounts.party.viewed",
            authority_id=authority_a.pk,
            party_id=party.pk,
        )
        record_event(
            actor=actor,
            action="accounts.marker.recorded",
            authority_id=authority_a.pk,
            party_id=party.pk,
        )

        summary = selectors.party_summary(officer=officer_a, party_id=party.pk, as_of=AS_OF)

        assert [e.action for e in summary.events] == ["accounts.marker.recorded"]

    def test_party_summary_follows_a_same_person_link_either_way(self, authority_a, authority_b):
        officer = factories.OfficerFactory(authorities=[authority_a, authority_b])
        ours = _party_with_accounts(authority_a, 1)
        theirs = _party_with_accounts(authority_b, 2)
        PartyLink.objects.create(from_party=theirs, to_party=ours, kind=LinkKind.SAME_PERSON)

        summary = selectors.party_summary(officer=officer, party_id=ours.pk, as_of=AS_OF)

        assert summary.total_balance == Decimal("300.00")
        assert {t.authority_name: t.account_count for t in summary.totals} == {
            authority_a.name: 1,
            authority_b.name: 2,
        }
        assert [link.party_id for link in summary.links] == [theirs.pk]


class TestPartyPageTimeline:
    def test_timeline_merges_changes_and_postings_newest_first(self, authority_a, officer_a):
        party = _party_with_accounts(authority_a, 1)
        record_event(
            actor=SYSTEM,
            action="accounts.marker.recorded",
            authority_id=authority_a.pk,
            party_id=party.pk,
            occurred_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
        )

        page = pages.party_page(officer=officer_a, party_id=party.pk, as_of=AS_OF)

        assert [item.title for item in page.timeline] == [
            f"Liability of £100.00 on {page.summary.accounts[0].reference}",
            "Marker recorded",
        ]
