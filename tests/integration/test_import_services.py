"""Importing files through `imports.services` on a real database."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from arrears.accounts.models import (
    AccountParty,
    Address,
    ContactDetail,
    DebtAccount,
    Liability,
    Party,
    PartyLink,
)
from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM, Actor
from arrears.imports import services
from arrears.imports.domain.layouts import ImportKind, WrongColumns
from arrears.imports.models import BatchStatus, ImportBatch
from arrears.ledger import selectors as ledger_selectors
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from arrears.ledger.models import Entry
from tests import factories

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"
AS_OF = dt.date(2026, 11, 2)
CLI = Actor(officer_id=None, channel="cli")


def _import(authority, kind, name, *, content=None, is_dry_run=False):
    return services.import_file(
        authority=authority,
        kind=kind,
        file_name=name,
        content=content if content is not None else (DATA / name).read_bytes(),
        as_of=AS_OF,
        actor=CLI,
        is_dry_run=is_dry_run,
    )


def _import_all(authority):
    return {
        kind: _import(authority, kind, f"{kind.value.lower()}.csv")
        for kind in [ImportKind.PARTIES, ImportKind.ACCOUNTS, ImportKind.CHARGES]
    }


class TestImportParties:
    def test_import_file_creates_parties_with_addresses_and_contacts(self, authority_a):
        outcome = _import(authority_a, ImportKind.PARTIES, "parties.csv")

        assert (outcome.report.rows, outcome.report.accepted, outcome.report.rejected) == (3, 3, 0)
        jane = Party.objects.get(authority=authority_a, reference="P1000001")
        assert jane.display_name == "Mrs Jane Anne Okafor"
        assert jane.source_reference == "P1000001"
        assert jane.date_of_birth == dt.date(1980, 5, 17)
        address = Address.objects.get(party=jane)
        assert (address.line_1, address.postcode, address.uprn) == (
            "Flat 2, 14 Acacia Avenue",
            "KT1 1EU",
            "100021234567",
        )
        assert address.latitude == Decimal("51.409210")
        assert sorted(ContactDetail.objects.filter(party=jane).values_list("kind", "value")) == [
            ("EMAIL", "jane.okafor@example.org"),
            ("MOBILE", "07700 900123"),
        ]
        assert sorted(
            AuditEvent.objects.filter(party_id=jane.pk).values_list("action", "object_id")
        ) == sorted(
            [
                ("accounts.address.added", str(address.pk)),
                *[
                    ("accounts.contact.added", str(pk))
                    for pk in jane.contacts.values_list("pk", flat=True)
                ],
                ("accounts.party.created", str(jane.pk)),
            ]
        )
        cafe = Party.objects.get(authority=authority_a, reference="P1000003")
        assert cafe.display_name == 'Riverside Cafe Ltd, trading as "The Pier"'
        assert Address.objects.get(party=cafe).line_2 == "Horse Fair Kingston"

    def test_import_file_records_the_batch_and_one_audit_event_with_counts(self, authority_a):
        outcome = _import(authority_a, ImportKind.PARTIES, "parties.csv")

        batch = ImportBatch.objects.get(pk=outcome.batch_id)
        assert batch.status == BatchStatus.IMPORTED
        assert (batch.row_count, batch.accepted_count, batch.rejected_count) == (3, 3, 0)
        assert batch.checksum == services.checksum_of((DATA / "parties.csv").read_bytes())
        event = AuditEvent.objects.get(action="imports.batch.imported", object_id=str(batch.pk))
        assert event.detail["rows"] == 3
        assert event.detail["kind"] == "PARTIES"
        assert event.channel == "cli"


class TestImportAccounts:
    def test_import_file_opens_joint_accounts_for_known_parties(self, authority_a):
        _import(authority_a, ImportKind.PARTIES, "parties.csv")

        _import(authority_a, ImportKind.ACCOUNTS, "accounts.csv")

        account = DebtAccount.objects.get(authority=authority_a, reference="CT2026000001")
        assert account.fund == "COLLECTION_FUND"
        assert account.opened_date == dt.date(2026, 3, 10)
        assert account.recovery_stage == "REMINDER"
        liable = AccountParty.objects.filter(account=account).order_by("party__reference")
        assert [(row.party.reference, row.liability) for row in liable] == [
            ("P1000001", Liability.JOINT_AND_SEVERAL),
            ("P1000002", Liability.JOINT_AND_SEVERAL),
        ]
        assert PartyLink.objects.filter(
            from_party__reference="P1000001", to_party__reference="P1000002"
        ).exists()
        sundry = DebtAccount.objects.get(authority=authority_a, reference="SI0000004521")
        assert sundry.fund == "GENERAL_FUND"
        assert sorted(
            AuditEvent.objects.filter(
                action="accounts.account.opened", object_id=str(account.pk)
            ).values_list("party_id", flat=True)
        ) == sorted(row.party_id for row in liable)

    def test_import_file_refuses_party_references_of_another_authority(
        self, authority_a, authority_b
    ):
        _import(authority_b, ImportKind.PARTIES, "parties.csv")

        with pytest.raises(services.FileRejected) as caught:
            _import(authority_a, ImportKind.ACCOUNTS, "accounts.csv")

        assert caught.value.report.rejected == 3
        assert (2, "party_references") in {(e.line, e.field) for e in caught.value.report.errors}
        assert not DebtAccount.objects.filter(authority=authority_a).exists()


class TestImportEntries:
    def test_import_file_posts_charges_and_allocates_payments_oldest_first(self, authority_a):
        _import_all(authority_a)

        outcome = _import(authority_a, ImportKind.PAYMENTS, "payments.csv")

        account = DebtAccount.objects.get(authority=authority_a, reference="CT2026000001")
        assert account.balance == Decimal("1843.27") + Decimal("75.00") - Decimal("368.66")
        assert ledger_selectors.balance_from_entries(account_id=account.pk) == account.balance
        liability = Entry.objects.get(source_reference="CHG-0000001")
        costs = Entry.objects.get(source_reference="CHG-0000002")
        assert ledger_selectors.allocated_total(entry_id=liability.pk, side="debit") == Decimal(
            "368.66"
        )
        assert ledger_selectors.allocated_total(entry_id=costs.pk, side="debit") == Decimal("0")
        payments = Entry.objects.filter(import_batch_id=outcome.batch_id)
        assert sorted(payments.values_list("source_reference", flat=True)) == [
            "PAY-0000001",
            "PAY-0000002",
            "PAY-0000003",
            "PAY-0000004",
        ]
        assert payments.get(source_reference="PAY-0000002").method == "DIRECT_DEBIT"

    def test_import_file_leaves_an_overpayment_as_credit(self, authority_a):
        _import_all(authority_a)

        _import(authority_a, ImportKind.PAYMENTS, "payments.csv")

        sundry = DebtAccount.objects.get(authority=authority_a, reference="SI0000004521")
        assert sundry.balance == Decimal("-89.50")
        assert ledger_selectors.unallocated_credits(account_id=sundry.pk)[0][1] == Decimal("89.50")
        assert ledger_selectors.balance_mismatches(authority_ids=[authority_a.pk]) == []

    def test_import_file_allocates_waiting_credit_to_imported_charges(self, authority_a):
        _import(authority_a, ImportKind.PARTIES, "parties.csv")
        _import(authority_a, ImportKind.ACCOUNTS, "accounts.csv")
        _import(authority_a, ImportKind.PAYMENTS, "payments.csv")

        _import(authority_a, ImportKind.CHARGES, "charges.csv")

        sundry = DebtAccount.objects.get(authority=authority_a, reference="SI0000004521")
        charge = Entry.objects.get(source_reference="CHG-0000004")
        assert ledger_selectors.allocated_total(entry_id=charge.pk, side="debit") == Decimal(
            "310.50"
        )
        assert sundry.balance == Decimal("-89.50")
        assert ledger_selectors.balance_mismatches(authority_ids=[authority_a.pk]) == []

    def test_import_file_refuses_source_references_already_posted(self, authority_a):
        _import_all(authority_a)
        again = (DATA / "charges.csv").read_bytes().replace(b"Summons costs", b"Costs again")

        with pytest.raises(services.FileRejected) as caught:
            _import(authority_a, ImportKind.CHARGES, "charges-again.csv", content=again)

        assert caught.value.report.rejected == 4
        assert caught.value.report.errors[0].message == (
            "A charge with source reference 'CHG-0000001' has already been imported at ALPHA."
        )


class TestAllOrNothing:
    def test_import_file_rejects_a_bad_file_and_writes_nothing(self, authority_a):
        _import(authority_a, ImportKind.PARTIES, "parties.csv")
        _import(authority_a, ImportKind.ACCOUNTS, "accounts.csv")
        batches_before = ImportBatch.objects.filter(authority=authority_a).count()

        with pytest.raises(services.FileRejected) as caught:
            _import(authority_a, ImportKind.CHARGES, "bad_charges.csv")

        report = caught.value.report
        assert (report.rows, report.accepted, report.rejected) == (6, 1, 5)
        assert {(e.line, e.field) for e in report.errors} == {
            (2, "amount"),
            (3, "account_reference"),
            (4, "amount"),
            (4, "effective_date"),
            (6, "(row)"),
            (7, "charge_kind"),
            (7, "amount"),
        }
        references = [f"CHG-900000{n}" for n in range(1, 6)]
        assert not Entry.objects.filter(source_reference__in=references).exists()
        assert DebtAccount.objects.get(reference="CT2026000001").balance == Decimal("0.00")
        assert ImportBatch.objects.filter(authority=authority_a).count() == batches_before

    def test_import_file_refuses_a_file_with_the_wrong_columns(self, authority_a):
        with pytest.raises(WrongColumns):
            _import(authority_a, ImportKind.PAYMENTS, "wrong_columns_payments.csv")

        assert not ImportBatch.objects.filter(authority=authority_a).exists()

    def test_import_file_refuses_the_same_file_twice(self, authority_a):
        first = _import(authority_a, ImportKind.PARTIES, "parties.csv")

        with pytest.raises(services.AlreadyImported) as caught:
            _import(
                authority_a,
                ImportKind.PARTIES,
                "renamed.csv",
                content=(DATA / "parties.csv").read_bytes(),
            )

        assert caught.value.batch.pk == first.batch_id
        assert Party.objects.filter(authority=authority_a).count() == 3

    def test_import_file_allows_the_same_file_at_another_authority(self, authority_a, authority_b):
        _import(authority_a, ImportKind.PARTIES, "parties.csv")

        outcome = _import(authority_b, ImportKind.PARTIES, "parties.csv")

        assert Party.objects.filter(authority=authority_b).count() == outcome.report.rows == 3

    def test_import_file_dry_run_checks_and_writes_nothing(self, authority_a):
        outcome = _import(authority_a, ImportKind.PARTIES, "parties.csv", is_dry_run=True)

        assert outcome.batch_id is None
        assert outcome.report.accepted == 3
        assert not Party.objects.filter(authority=authority_a).exists()
        assert not ImportBatch.objects.filter(authority=authority_a).exists()
        assert not AuditEvent.objects.filter(authority=authority_a).exists()


class TestStagedImports:
    def _stage(self, authority, officer, name):
        return services.stage_upload(
            authority=authority,
            kind=ImportKind.PARTIES,
            file_name=name,
            content=(DATA / name).read_bytes(),
            actor=Actor(officer_id=officer.pk, channel="web"),
        )

    def test_stage_upload_writes_only_a_pending_batch(self, authority_a, officer_a):
        batch = self._stage(authority_a, officer_a, "parties.csv")

        report = services.check_staged(batch=batch, as_of=AS_OF)

        assert batch.status == BatchStatus.PENDING
        assert report.is_valid
        assert report.samples[0]["party_reference"] == "P1000001"
        assert not Party.objects.filter(authority=authority_a).exists()

    def test_import_staged_checks_again_before_importing(self, authority_a, officer_a):
        batch = self._stage(authority_a, officer_a, "parties.csv")
        factories.PartyFactory(authority=authority_a, reference="P1000002")

        with pytest.raises(services.FileRejected) as caught:
            services.import_staged(
                batch=batch, as_of=AS_OF, actor=Actor(officer_id=officer_a.pk, channel="web")
            )

        assert [(e.line, e.field) for e in caught.value.report.errors] == [(3, "party_reference")]
        assert not Party.objects.filter(authority=authority_a, reference="P1000001").exists()
        batch.refresh_from_db()
        assert batch.status == BatchStatus.PENDING

    def test_import_staged_imports_once(self, authority_a, officer_a):
        batch = self._stage(authority_a, officer_a, "parties.csv")
        actor = Actor(officer_id=officer_a.pk, channel="web")

        outcome = services.import_staged(batch=batch, as_of=AS_OF, actor=actor)

        batch.refresh_from_db()
        assert outcome.batch_id == batch.pk
        assert (batch.status, batch.imported_by_id) == (BatchStatus.IMPORTED, officer_a.pk)
        assert Party.objects.filter(authority=authority_a).count() == 3
        with pytest.raises(services.BatchNotPending):
            services.import_staged(batch=batch, as_of=AS_OF, actor=actor)

    def test_check_staged_reports_a_file_imported_since_upload(self, authority_a, officer_a):
        batch = self._stage(authority_a, officer_a, "parties.csv")
        earlier = _import(authority_a, ImportKind.PARTIES, "parties.csv")

        with pytest.raises(services.AlreadyImported) as caught:
            services.check_staged(batch=batch, as_of=AS_OF)

        assert caught.value.batch.pk == earlier.batch_id

    def test_discard_staged_drops_the_content(self, authority_a, officer_a):
        batch = self._stage(authority_a, officer_a, "parties.csv")

        services.discard_staged(batch=batch, actor=Actor(officer_id=officer_a.pk))

        batch.refresh_from_db()
        assert (batch.status, bytes(batch.content)) == (BatchStatus.DISCARDED, b"")


class TestImportMatchesLedgerServices:
    def test_import_file_allocates_payments_as_record_payment_would(self, authority_a):
        imported, recorded = (
            factories.DebtAccountFactory(authority=authority_a, reference=reference)
            for reference in ["CT-IMPORTED", "CT-RECORDED"]
        )
        for account in (imported, recorded):
            for amount, day in [("100.00", dt.date(2026, 5, 1)), ("60.00", dt.date(2026, 4, 1))]:
                ledger.post_charge(
                    account=account,
                    amount=Decimal(amount),
                    effective_date=day,
                    charge_kind=ChargeKind.LIABILITY,
                    rule="test.liability",
                    reason="Bill",
                    actor=SYSTEM,
                )
        payments = [
            ("PAY-A", "70.00", dt.date(2026, 6, 1)),
            ("PAY-B", "120.00", dt.date(2026, 6, 2)),
        ]
        content = "source_reference,account_reference,amount,received_date\n" + "".join(
            f"{ref},CT-IMPORTED,{amount},{day.isoformat()}\n" for ref, amount, day in payments
        )

        _import(authority_a, ImportKind.PAYMENTS, "p.csv", content=content.encode())
        for ref, amount, day in payments:
            ledger.record_payment(
                account=recorded,
                amount=Decimal(amount),
                received_date=day,
                reference=f"R-{ref}",
                actor=SYSTEM,
            )

        def shape(account):
            account.refresh_from_db()
            live = ledger_selectors.live_allocations().filter(credit__account=account)
            return account.balance, sorted(
                (a.credit.effective_date, a.debit.effective_date, a.amount)
                for a in live.select_related("credit", "debit")
            )

        assert shape(imported) == shape(recorded)
        assert shape(imported)[0] == Decimal("-30.00")


class TestImportPaymentsToTheLastPenny:
    def test_import_file_pays_off_a_charge_exactly_in_several_files(self, authority_a):
        """SQLite sums 0.01 + 54.37 as a float just under 54.38; the charge must read as paid."""
        account = factories.DebtAccountFactory(authority=authority_a, reference="CT54")
        charge = ledger.post_charge(
            account=account,
            amount=Decimal("54.38"),
            effective_date=dt.date(2026, 4, 1),
            charge_kind=ChargeKind.LIABILITY,
            rule="test",
            reason="Bill",
            actor=SYSTEM,
        )
        header = "source_reference,account_reference,amount,received_date,method\n"
        files = [
            "P1,CT54,0.01,2026-05-01,CASH\nP2,CT54,54.37,2026-05-02,CASH\n",
            "P3,CT54,0.01,2026-05-03,CASH\n",
        ]

        for number, rows in enumerate(files):
            _import(
                authority_a,
                ImportKind.PAYMENTS,
                f"pay{number}.csv",
                content=(header + rows).encode(),
            )

        account.refresh_from_db()
        assert account.balance == Decimal("-0.01")
        assert ledger_selectors.allocated_total(entry_id=charge.pk, side="debit") == Decimal(
            "54.38"
        )
        assert ledger_selectors.open_debits(account_id=account.pk) == []
        assert ledger_selectors.balance_mismatches(authority_ids=[authority_a.pk]) == []
