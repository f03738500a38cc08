"""Seeding on a real database: repeatable data that keeps every ledger invariant."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from arrears.accounts.domain.debts import DebtType
from arrears.accounts.domain.references import is_full_postcode, normalise_postcode, search_key
from arrears.accounts.models import AccountParty, Address, DebtAccount, Marker, Party, PartyLink
from arrears.accounts.services import display_name_for
from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM
from arrears.ledger import selectors as ledger_selectors
from arrears.ledger.models import Allocation, Entry
from arrears.seeding import services
from arrears.seeding.domain.places import SURREY

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 1, 15)


def _seed(*, accounts=300, seed=11, authorities=None):
    return services.seed_data(
        accounts=accounts,
        authorities=authorities or services.ensure_seeded_authorities(count=2),
        seed=seed,
        as_of=AS_OF,
        generated_at=timezone.now(),
        actor=SYSTEM,
        chunk_accounts=120,
    )


def _accounts_of(authority_codes):
    return DebtAccount.objects.filter(authority__code__in=authority_codes)


class TestSeedData:
    def test_seed_data_makes_the_accounts_asked_for_across_both_councils(self):
        summary = _seed()

        accounts = _accounts_of(summary.authorities)
        assert summary.accounts == 300
        assert accounts.count() == 300
        assert set(accounts.values_list("authority__code", flat=True)) == {
            "KINGSMEAD",
            "RIVERSIDE",
        }
        assert (
            summary.parties == Party.objects.filter(authority__code__in=summary.authorities).count()
        )

    def test_seed_data_makes_every_debt_type(self):
        summary = _seed()

        debt_types = set(_accounts_of(summary.authorities).values_list("debt_type", flat=True))
        assert debt_types == {t.value for t in DebtType}

    def test_seed_data_is_repeatable_and_a_second_run_adds_fresh_references(self):
        authorities = services.ensure_seeded_authorities(count=2)
        _seed(seed=21, accounts=150, authorities=authorities)
        first = list(
            Party.objects.order_by("id").values_list("authority_id", "reference", "display_name")
        )
        first_accounts = list(
            DebtAccount.objects.order_by("id").values_list(
                "authority_id", "reference", "balance", "debt_type"
            )
        )

        _seed(seed=21, accounts=150, authorities=authorities)

        parties = list(
            Party.objects.order_by("id").values_list("authority_id", "reference", "display_name")
        )
        accounts = list(
            DebtAccount.objects.order_by("id").values_list(
                "authority_id", "reference", "balance", "debt_type"
            )
        )
        second, second_accounts = parties[len(first) :], accounts[len(first_accounts) :]
        assert [row[2] for row in second] == [row[2] for row in first]
        assert [row[2:] for row in second_accounts] == [row[2:] for row in first_accounts]
        assert not {row[:2] for row in second} & {row[:2] for row in first}
        assert not {row[:2] for row in second_accounts} & {row[:2] for row in first_accounts}

    def test_seed_data_balances_equal_the_sum_of_their_entries(self):
        summary = _seed()

        accounts = _accounts_of(summary.authorities)
        for account_id, balance in accounts.values_list("id", "balance"):
            assert ledger_selectors.balance_from_entries(account_id=account_id) == balance
        if connection.vendor == "postgresql":
            # On SQLite the selector compares floating-point sums; see the seeding report.
            assert ledger_selectors.balance_mismatches() == []

    def test_seed_data_never_allocates_more_than_a_payment_or_a_charge(self):
        summary = _seed()

        entries = Entry.objects.filter(authority__code__in=summary.authorities)
        allocated_from = dict(
            Allocation.objects.filter(credit__in=entries)
            .values("credit")
            .annotate(total=Sum("amount"))
            .values_list("credit", "total")
        )
        allocated_to = dict(
            Allocation.objects.filter(debit__in=entries)
            .values("debit")
            .annotate(total=Sum("amount"))
            .values_list("debit", "total")
        )
        amounts = dict(entries.values_list("id", "amount"))
        assert allocated_from
        assert allocated_to
        for entry_id, total in [*allocated_from.items(), *allocated_to.items()]:
            assert Decimal(total) <= amounts[entry_id]

    def test_seed_data_gives_every_entry_a_rule_and_a_reason(self):
        summary = _seed()

        entries = Entry.objects.filter(authority__code__in=summary.authorities)
        assert entries.filter(entry_type="CHARGE").exists()
        assert entries.filter(entry_type="PAYMENT").exists()
        assert not entries.filter(rule="").exists()
        assert not entries.filter(reason="").exists()
        assert entries.filter(
            entry_type="CHARGE", charge_kind="COSTS", rule__contains="§2.4"
        ).exists()

    def test_seed_data_names_and_postcodes_are_searchable(self):
        summary = _seed()

        parties = Party.objects.filter(authority__code__in=summary.authorities)
        for party in parties:
            name = display_name_for(
                kind=party.kind,
                title=party.title,
                forenames=party.forenames,
                surname=party.surname,
                organisation_name=party.organisation_name,
            )
            assert party.display_name == name
            assert party.search_name == search_key(name)
        for address in Address.objects.filter(party__in=parties):
            assert is_full_postcode(address.postcode)
            assert normalise_postcode(address.postcode) == address.postcode
            assert SURREY.contains(latitude=address.latitude, longitude=address.longitude)

    def test_seed_data_makes_organisations_directors_joint_parties_and_markers(self):
        summary = _seed()

        parties = Party.objects.filter(authority__code__in=summary.authorities)
        links = set(PartyLink.objects.filter(from_party__in=parties).values_list("kind", flat=True))
        assert links == {"JOINT_AND_SEVERAL", "DIRECTOR", "SAME_PERSON"}
        assert parties.filter(kind="ORGANISATION").exclude(company_number="").exists()
        assert AccountParty.objects.filter(
            party__in=parties, liability="JOINT_AND_SEVERAL"
        ).exists()
        assert Marker.objects.filter(party__in=parties).values("kind").distinct().count() >= 3

    def test_seed_data_links_the_same_person_across_the_two_councils(self):
        summary = _seed()

        links = PartyLink.objects.filter(
            kind="SAME_PERSON", from_party__authority__code__in=summary.authorities
        ).select_related("from_party", "to_party")
        assert links
        for link in links:
            assert link.from_party.authority_id != link.to_party.authority_id
            assert link.from_party.search_name == link.to_party.search_name
            assert link.from_party.date_of_birth == link.to_party.date_of_birth

    def test_seed_data_records_one_audit_event(self):
        _seed(seed=31)

        events = AuditEvent.objects.filter(action="seeding.data.generated", object_id="31")
        assert events.count() == 1
        assert events.get().detail["accounts"] == 300


class TestLoadDemo:
    def test_load_demo_loads_once_and_makes_an_officer_for_every_role(self):
        def load():
            return services.load_demo(
                accounts=120, seed=5, as_of=AS_OF, generated_at=timezone.now(), actor=SYSTEM
            )

        first = load()
        second = load()

        assert first.is_loaded is True
        assert second.is_loaded is False
        assert (
            DebtAccount.objects.filter(authority__code__in=["KINGSMEAD", "RIVERSIDE"]).count()
            == 120
        )
        assert {x.role for x in first.logins} == {
            "DEBT_MANAGEMENT_OFFICER",
            "ENFORCEMENT_SUPPORT_OFFICER",
            "ENFORCEMENT_AGENT",
            "DEBTORS_COLLECTION_OFFICER",
            "TEAM_LEADER",
            "MANAGER",
            "AUDITOR",
            "ADMINISTRATOR",
        }
        assert second.logins == first.logins
