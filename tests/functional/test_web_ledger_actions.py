"""
Ledger actions through the officer UI: payment, charge or adjustment, write-off, refund, reversal.

Each action checks its answers first ("Check your answers" writes nothing), then makes one service
call on confirm. Access: another council's account or entry is 404 for every role; a role
without the action's permission gets 403 (staff/domain/policy.py).
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from arrears.accounts.models import DebtAccount
from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM
from arrears.ledger import selectors as ledger_selectors
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from arrears.ledger.models import Allocation, Entry
from arrears.staff.domain.policy import Permission, Role, can
from tests import factories

pytestmark = pytest.mark.django_db

# Today, for every test here: a London date, so "not in the future" is checked against it.
TODAY = dt.date(2026, 6, 15)
IP = "198.51.100.23"


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(dt.datetime(2026, 6, 15, 11, 0, tzinfo=ZoneInfo("Europe/London"))):
        yield


def _account(authority, reference="CT00000077"):
    party = factories.PartyFactory(authority=authority, surname="Pemberton")
    return factories.DebtAccountFactory(authority=authority, reference=reference, parties=[party])


def _charge(account, amount, effective_date, kind=ChargeKind.LIABILITY):
    return ledger.post_charge(
        account=account,
        amount=Decimal(amount),
        effective_date=effective_date,
        charge_kind=kind,
        rule="liability.annual-bill",
        reason="Council tax 2026/27",
        actor=SYSTEM,
    )


@pytest.fixture
def account(authority_a):
    """An account owing £801.19: liability of £731.19 (April) and costs of £70.00 (May)."""
    account = _account(authority_a)
    _charge(account, "731.19", dt.date(2026, 4, 1))
    _charge(account, "70.00", dt.date(2026, 5, 1), kind=ChargeKind.COSTS)
    return account


def _officer(authorities, role=Role.DEBT_MANAGEMENT_OFFICER, write_off_limit="500.00"):
    return factories.OfficerFactory(
        authorities=authorities, role=role.value, write_off_limit=Decimal(write_off_limit)
    )


@pytest.fixture
def officer(authority_a):
    return _officer([authority_a])


def _balance(account):
    return DebtAccount.objects.get(pk=account.pk).balance


def _url(name, account, **kwargs):
    return reverse(f"web:{name}", kwargs={"account_id": account.pk, **kwargs})


def _html(response):
    return response.content.decode()


PAYMENT = {
    "amount": "800.00",
    "received_day": "1",
    "received_month": "6",
    "received_year": "2026",
    "method": "CARD",
    "reference": "CARD-0001",
}
CHARGE = {
    "kind": "COSTS",
    "amount": "85.00",
    "effective_day": "10",
    "effective_month": "6",
    "effective_year": "2026",
    "reason": "Costs of the liability order hearing on 10 June 2026",
    "rule": "officer.manual-charge",
}
WRITE_OFF = {"amount": "100.00", "reason": "STATUTE_BARRED", "detail": ""}


def _post(client, url, data, step):
    return client.post(url, {**data, "step": step}, REMOTE_ADDR=IP)


def _new_entries(account, entry_type):
    return list(Entry.objects.filter(account=account, entry_type=entry_type).order_by("id"))


def _live_allocations_from(entry):
    rows = ledger_selectors.live_allocations().filter(credit=entry).order_by("id")
    return [(row.debit_id, row.amount) for row in rows]


class TestRecordPayment:
    def test_record_payment_check_page_shows_allocation_and_writes_nothing(
        self, client, officer, account
    ):
        client.force_login(officer)
        entries_before = Entry.objects.count()
        events_before = AuditEvent.objects.filter(officer=officer).count()

        response = _post(client, _url("record-payment", account), PAYMENT, "check")

        html = _html(response)
        assert response.status_code == 200
        assert "Check your answers" in html
        assert "£800.00" in html
        assert "1 June 2026" in html
        assert "Debit or credit card" in html
        assert "CARD-0001" in html
        # Oldest first: the April liability in full, then £68.81 of the May costs.
        assert "£731.19" in html
        assert "£68.81" in html
        assert "£1.19" in html
        assert "The balance will be <strong>£1.19</strong>" in html
        assert Entry.objects.count() == entries_before
        assert AuditEvent.objects.filter(officer=officer).count() == events_before
        assert _balance(account) == Decimal("801.19")

    def test_record_payment_confirm_posts_the_payment_and_allocates_it_oldest_first(
        self, client, officer, account
    ):
        client.force_login(officer)
        liability, costs = _new_entries(account, "CHARGE")

        response = _post(client, _url("record-payment", account), PAYMENT, "confirm")

        assert response.status_code == 302
        assert response["Location"] == reverse("web:account", kwargs={"account_id": account.pk})
        [payment] = _new_entries(account, "PAYMENT")
        assert (
            payment.amount,
            payment.effective_date,
            payment.method,
            payment.source_reference,
            payment.posted_by_id,
            payment.rule,
        ) == (
            Decimal("800.00"),
            dt.date(2026, 6, 1),
            "CARD",
            "CARD-0001",
            officer.pk,
            "ledger.allocation.oldest-first",
        )
        assert _balance(account) == Decimal("1.19")
        assert ledger_selectors.balance_from_entries(account_id=account.pk) == Decimal("1.19")
        assert _live_allocations_from(payment) == [
            (liability.pk, Decimal("731.19")),
            (costs.pk, Decimal("68.81")),
        ]
        event = AuditEvent.objects.get(action="ledger.payment.posted", object_id=str(payment.pk))
        assert (event.officer_id, event.channel, event.ip_address, event.authority_id) == (
            officer.pk,
            "web",
            IP,
            account.authority_id,
        )
        page = _html(client.get(response["Location"]))
        assert "govuk-notification-banner--success" in page
        assert f"Payment of £800.00 recorded as entry #{payment.pk}" in page

    def test_record_payment_without_a_reference_is_recorded(self, client, officer, account):
        client.force_login(officer)

        response = _post(
            client, _url("record-payment", account), {**PAYMENT, "reference": ""}, "confirm"
        )

        assert response.status_code == 302
        [payment] = _new_entries(account, "PAYMENT")
        assert payment.source_reference is None

    def test_record_payment_change_shows_the_form_filled_in_and_writes_nothing(
        self, client, officer, account
    ):
        client.force_login(officer)

        response = _post(client, _url("record-payment", account), PAYMENT, "change")

        html = _html(response)
        assert response.status_code == 200
        assert "Check your answers" not in html
        assert 'value="800.00"' in html
        assert 'value="CARD" checked' in html
        assert _new_entries(account, "PAYMENT") == []

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"amount": ""}, "Enter the amount"),
            ({"amount": "twelve"}, "Enter the amount in pounds and pence, like 125.50"),
            ({"amount": "12.345"}, "Enter the amount in pounds and pence, like 125.50"),
            ({"amount": "0"}, "The amount must be more than £0"),
            ({"amount": "-5.00"}, "The amount must be more than £0"),
            ({"amount": "10000000000"}, "The amount must be £9,999,999,999.99 or less"),
            (
                {"received_day": "", "received_month": "", "received_year": ""},
                "Enter the date the payment was received",
            ),
            ({"received_month": ""}, "The date the payment was received must include a month"),
            ({"received_day": "31", "received_month": "2"}, "must be a real date"),
            ({"received_year": "26"}, "The year must include 4 numbers"),
            ({"received_day": "16"}, "must be today or in the past"),
            ({"method": ""}, "Select how the payment was made"),
        ],
    )
    @pytest.mark.parametrize("step", ["check", "confirm"])
    def test_record_payment_refuses_bad_input_and_writes_nothing(
        self, client, officer, account, changes, message, step
    ):
        client.force_login(officer)

        response = _post(client, _url("record-payment", account), {**PAYMENT, **changes}, step)

        html = _html(response)
        assert response.status_code == 400
        assert "govuk-error-summary" in html
        assert message in html
        assert "Check your answers" not in html
        assert _new_entries(account, "PAYMENT") == []
        assert _balance(account) == Decimal("801.19")

    def test_record_payment_accepts_pounds_written_with_a_sign_and_commas(
        self, client, officer, account
    ):
        client.force_login(officer)

        _post(client, _url("record-payment", account), {**PAYMENT, "amount": "£1,000"}, "confirm")

        [payment] = _new_entries(account, "PAYMENT")
        assert payment.amount == Decimal("1000.00")
        assert _balance(account) == Decimal("-198.81")

    def test_record_payment_with_a_reference_already_used_is_a_field_error(
        self, client, officer, account
    ):
        ledger.record_payment(
            account=account,
            amount=Decimal("10.00"),
            received_date=dt.date(2026, 5, 20),
            reference="CARD-0001",
            actor=SYSTEM,
        )
        client.force_login(officer)

        response = _post(client, _url("record-payment", account), PAYMENT, "confirm")

        html = _html(response)
        assert response.status_code == 400
        assert 'id="id_reference-error"' in html
        assert "A payment with reference CARD-0001 has already been recorded" in html
        assert [p.amount for p in _new_entries(account, "PAYMENT")] == [Decimal("10.00")]
        assert _balance(account) == Decimal("791.19")


class TestPostCharge:
    def test_post_charge_form_offers_every_charge_kind_and_the_default_rule(
        self, client, officer, account
    ):
        client.force_login(officer)

        html = _html(client.get(_url("post-charge", account)))

        for label in ["Liability", "Court costs", "Statutory fee", "Penalty", "Interest"]:
            assert label in html
        assert "Debit adjustment" in html
        assert 'value="officer.manual-charge"' in html

    def test_post_charge_check_writes_nothing(self, client, officer, account):
        client.force_login(officer)

        response = _post(client, _url("post-charge", account), CHARGE, "check")

        assert response.status_code == 200
        assert "Check your answers" in _html(response)
        assert len(_new_entries(account, "CHARGE")) == 2

    def test_post_charge_posts_a_charge_recording_its_rule_and_reason(
        self, client, officer, account
    ):
        client.force_login(officer)

        response = _post(client, _url("post-charge", account), CHARGE, "confirm")

        assert response.status_code == 302
        charge = _new_entries(account, "CHARGE")[-1]
        assert (
            charge.charge_kind,
            charge.amount,
            charge.effective_date,
            charge.rule,
            charge.reason,
            charge.posted_by_id,
        ) == (
            "COSTS",
            Decimal("85.00"),
            dt.date(2026, 6, 10),
            "officer.manual-charge",
            "Costs of the liability order hearing on 10 June 2026",
            officer.pk,
        )
        assert _balance(account) == Decimal("886.19")
        event = AuditEvent.objects.get(action="ledger.charge.posted", object_id=str(charge.pk))
        assert (event.officer_id, event.channel, event.ip_address) == (officer.pk, "web", IP)
        assert event.detail["rule"] == "officer.manual-charge"
        page = _html(client.get(response["Location"]))
        assert f"Court costs of £85.00 posted as entry #{charge.pk}" in page

    def test_post_charge_refuses_costs_inside_a_breathing_space(self, client, officer, account):
        party = account.parties.get()
        factories.MarkerFactory(
            party=party,
            kind="BREATHING_SPACE",
            category="STANDARD",
            start_date=dt.date(2026, 6, 1),
            end_date=dt.date(2026, 7, 30),
        )
        client.force_login(officer)

        response = _post(client, _url("post-charge", account), CHARGE, "confirm")

        assert response.status_code == 400
        assert "A Breathing Space covers this date" in _html(response)
        assert len(_new_entries(account, "CHARGE")) == 2
        assert _balance(account) == Decimal("801.19")

    def test_post_charge_posts_a_debit_adjustment(self, client, officer, account):
        client.force_login(officer)

        _post(
            client,
            _url("post-charge", account),
            {**CHARGE, "kind": "DEBIT_ADJUSTMENT", "rule": "policy.discount-withdrawn"},
            "confirm",
        )

        [adjustment] = _new_entries(account, "ADJUSTMENT")
        assert (adjustment.direction, adjustment.amount, adjustment.rule) == (
            "DEBIT",
            Decimal("85.00"),
            "policy.discount-withdrawn",
        )
        assert _balance(account) == Decimal("886.19")

    def test_post_charge_allocates_waiting_credit_to_the_new_charge(
        self, client, officer, authority_a
    ):
        account = _account(authority_a, reference="CT00000078")
        payment = ledger.record_payment(
            account=account,
            amount=Decimal("50.00"),
            received_date=dt.date(2026, 5, 1),
            reference=None,
            actor=SYSTEM,
        )
        client.force_login(officer)

        _post(client, _url("post-charge", account), CHARGE, "confirm")

        [charge] = _new_entries(account, "CHARGE")
        assert _live_allocations_from(payment) == [(charge.pk, Decimal("50.00"))]
        assert _balance(account) == Decimal("35.00")

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"reason": "  "}, "Enter the reason for the charge"),
            ({"reason": "x" * 301}, "The reason must be 300 characters or fewer"),
            ({"rule": ""}, "Enter the rule or policy that caused the charge"),
            ({"kind": "BRIBE"}, "Select a valid choice"),
            ({"effective_month": "13"}, "The date the charge takes effect must be a real date"),
        ],
    )
    def test_post_charge_refuses_bad_input_and_writes_nothing(
        self, client, officer, account, changes, message
    ):
        client.force_login(officer)

        response = _post(client, _url("post-charge", account), {**CHARGE, **changes}, "confirm")

        assert response.status_code == 400
        assert message in _html(response)
        assert len(_new_entries(account, "CHARGE")) == 2
        assert _new_entries(account, "ADJUSTMENT") == []
        assert _balance(account) == Decimal("801.19")


class TestWriteOff:
    def test_write_off_check_shows_the_limit_and_allocation_and_writes_nothing(
        self, client, officer, account
    ):
        client.force_login(officer)

        form = _html(client.get(_url("write-off", account)))
        response = _post(client, _url("write-off", account), WRITE_OFF, "check")

        assert "You can write off up to £500.00" in form
        assert response.status_code == 200
        assert "Check your answers" in _html(response)
        assert "Statute barred" in _html(response)
        assert _new_entries(account, "WRITE_OFF") == []

    def test_write_off_within_the_limit_posts_the_write_off_with_its_reason(
        self, client, officer, account
    ):
        client.force_login(officer)
        liability, _costs = _new_entries(account, "CHARGE")

        response = _post(client, _url("write-off", account), WRITE_OFF, "confirm")

        assert response.status_code == 302
        [write_off] = _new_entries(account, "WRITE_OFF")
        assert (
            write_off.amount,
            write_off.reason,
            write_off.rule,
            write_off.effective_date,
            write_off.posted_by_id,
        ) == (
            Decimal("100.00"),
            "Statute barred",
            "policy.write-off.statute-barred",
            TODAY,
            officer.pk,
        )
        assert _balance(account) == Decimal("701.19")
        assert _live_allocations_from(write_off) == [(liability.pk, Decimal("100.00"))]
        event = AuditEvent.objects.get(action="ledger.write_off.posted")
        assert (event.officer_id, event.channel, event.ip_address) == (officer.pk, "web", IP)
        assert f"£100.00 written off as entry #{write_off.pk}" in _html(
            client.get(response["Location"])
        )

    def test_write_off_for_another_reason_records_the_detail(self, client, officer, account):
        client.force_login(officer)

        _post(
            client,
            _url("write-off", account),
            {**WRITE_OFF, "reason": "OTHER", "detail": "Duplicate bill raised in error"},
            "confirm",
        )

        [write_off] = _new_entries(account, "WRITE_OFF")
        assert write_off.reason == "Other: Duplicate bill raised in error"

    @pytest.mark.parametrize("step", ["check", "confirm"])
    def test_write_off_above_the_delegated_limit_is_refused(self, client, officer, account, step):
        client.force_login(officer)

        response = _post(
            client, _url("write-off", account), {**WRITE_OFF, "amount": "500.01"}, step
        )

        html = _html(response)
        assert response.status_code == 400
        assert "You can write off up to £500.00 under your delegated limit" in html
        assert "A team leader must write off a larger amount" in html
        assert _new_entries(account, "WRITE_OFF") == []
        assert _balance(account) == Decimal("801.19")

    def test_write_off_at_exactly_the_limit_is_allowed(self, client, officer, account):
        client.force_login(officer)

        _post(client, _url("write-off", account), {**WRITE_OFF, "amount": "500.00"}, "confirm")

        assert _balance(account) == Decimal("301.19")

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"amount": "801.20"}, "The amount must be no more than the balance of £801.19"),
            ({"reason": ""}, "Select why the debt is being written off"),
            ({"reason": "OTHER", "detail": ""}, "Enter why the debt is being written off"),
        ],
    )
    def test_write_off_refuses_bad_input_and_writes_nothing(
        self, client, account, authority_a, changes, message
    ):
        client.force_login(_officer([authority_a], write_off_limit="5000.00"))

        response = _post(client, _url("write-off", account), {**WRITE_OFF, **changes}, "confirm")

        assert response.status_code == 400
        assert message in _html(response)
        assert _new_entries(account, "WRITE_OFF") == []


@pytest.fixture
def account_in_credit(authority_a):
    """An account that owes £100.00 and has been paid £150.00: £50.00 in credit."""
    account = _account(authority_a, reference="CT00000079")
    _charge(account, "100.00", dt.date(2026, 4, 1))
    ledger.record_payment(
        account=account,
        amount=Decimal("150.00"),
        received_date=dt.date(2026, 5, 1),
        reference="BACS-99",
        actor=SYSTEM,
    )
    return account


REFUND = {"amount": "50.00", "method": "BANK_TRANSFER", "reason": "Overpaid after a discount"}


class TestRefund:
    def test_refund_of_credit_is_recorded_after_checking(
        self, client, authority_a, account_in_credit
    ):
        team_leader = _officer([authority_a], role=Role.TEAM_LEADER)
        client.force_login(team_leader)
        url = _url("refund", account_in_credit)

        checked = _post(client, url, REFUND, "check")
        entries_after_check = _new_entries(account_in_credit, "REFUND")
        response = _post(client, url, REFUND, "confirm")

        assert checked.status_code == 200
        assert "Check your answers" in _html(checked)
        assert entries_after_check == []
        assert response.status_code == 302
        [refund] = _new_entries(account_in_credit, "REFUND")
        assert (refund.amount, refund.method, refund.reason, refund.posted_by_id) == (
            Decimal("50.00"),
            "BANK_TRANSFER",
            "Overpaid after a discount",
            team_leader.pk,
        )
        assert _balance(account_in_credit) == Decimal("0.00")
        event = AuditEvent.objects.get(action="ledger.refund.posted")
        assert (event.officer_id, event.channel, event.ip_address) == (team_leader.pk, "web", IP)
        assert f"Refund of £50.00 recorded as entry #{refund.pk}" in _html(
            client.get(response["Location"])
        )

    def test_refund_of_more_than_the_credit_is_refused(
        self, client, authority_a, account_in_credit
    ):
        client.force_login(_officer([authority_a], role=Role.TEAM_LEADER))

        response = _post(
            client, _url("refund", account_in_credit), {**REFUND, "amount": "50.01"}, "confirm"
        )

        assert response.status_code == 400
        assert "The amount must be no more than the credit of £50.00" in _html(response)
        assert _new_entries(account_in_credit, "REFUND") == []

    def test_refund_is_not_offered_when_the_account_is_not_in_credit(
        self, client, authority_a, account
    ):
        client.force_login(_officer([authority_a], role=Role.TEAM_LEADER))

        form = client.get(_url("refund", account))
        refused = _post(client, _url("refund", account), REFUND, "confirm")
        page = _html(client.get(reverse("web:account", kwargs={"account_id": account.pk})))

        assert "There is nothing to refund" in _html(form)
        assert refused.status_code == 400
        assert "The amount must be no more than the credit of £0.00" in _html(refused)
        assert _new_entries(account, "REFUND") == []
        assert "Refund credit" not in page


class TestReverseEntry:
    def test_reverse_a_payment_reopens_the_charges_it_paid(self, client, officer, account):
        liability, _costs = _new_entries(account, "CHARGE")
        payment = ledger.record_payment(
            account=account,
            amount=Decimal("200.00"),
            received_date=dt.date(2026, 6, 1),
            reference="CHQ-100",
            method="CHEQUE",
            actor=SYSTEM,
        )
        client.force_login(officer)
        account_page = _html(client.get(reverse("web:account", kwargs={"account_id": account.pk})))
        url = _url("reverse-entry", account, entry_id=payment.pk)
        reason = {"reason": "Cheque returned unpaid by the bank"}

        checked = _post(client, url, reason, "check")
        reversals_after_check = _new_entries(account, "REVERSAL")
        response = _post(client, url, reason, "confirm")

        assert url in account_page
        assert checked.status_code == 200
        assert "The balance will raise by £200.00" in _html(checked)
        assert reversals_after_check == []
        assert response.status_code == 302
        [reversal] = _new_entries(account, "REVERSAL")
        assert (
            reversal.reverses_id,
            reversal.direction,
            reversal.amount,
            reversal.reason,
            reversal.effective_date,
        ) == (payment.pk, "DEBIT", Decimal("200.00"), "Cheque returned unpaid by the bank", TODAY)
        assert _balance(account) == Decimal("801.19")
        assert _live_allocations_from(payment) == []
        assert Allocation.objects.filter(credit=payment, debit=liability).count() == 2
        event = AuditEvent.objects.get(action="ledger.reversal.posted")
        assert (event.officer_id, event.channel, event.ip_address) == (officer.pk, "web", IP)
        page = _html(client.get(response["Location"]))
        assert f"Entry #{payment.pk} reversed by entry #{reversal.pk}" in page
        # Neither the reversed payment nor its reversal can be reversed again.
        assert url not in page
        assert _url("reverse-entry", account, entry_id=reversal.pk) not in page

    def test_reverse_an_entry_twice_is_refused(self, client, officer, account):
        charge = _new_entries(account, "CHARGE")[-1]
        ledger.reverse_entry(
            entry=charge, effective_date=TODAY, reason="Costs withdrawn", actor=SYSTEM
        )
        client.force_login(officer)
        url = _url("reverse-entry", account, entry_id=charge.pk)

        shown = _html(client.get(url))
        response = _post(client, url, {"reason": "Again"}, "confirm")

        assert f"Entry #{charge.pk} has already been reversed" in shown
        assert response.status_code == 400
        assert f"Entry #{charge.pk} has already been reversed" in _html(response)
        assert len(_new_entries(account, "REVERSAL")) == 1

    def test_reverse_a_reversal_is_refused(self, client, officer, account):
        charge = _new_entries(account, "CHARGE")[-1]
        reversal = ledger.reverse_entry(
            entry=charge, effective_date=TODAY, reason="Costs withdrawn", actor=SYSTEM
        )
        client.force_login(officer)

        response = _post(
            client,
            _url("reverse-entry", account, entry_id=reversal.pk),
            {"reason": "Undo"},
            "confirm",
        )

        assert response.status_code == 400
        assert f"Entry #{reversal.pk} is a reversal, so it cannot be reversed" in _html(response)
        assert len(_new_entries(account, "REVERSAL")) == 1
        assert _balance(account) == Decimal("731.19")

    def test_reverse_needs_a_reason(self, client, officer, account):
        charge = _new_entries(account, "CHARGE")[-1]
        client.force_login(officer)

        response = _post(
            client, _url("reverse-entry", account, entry_id=charge.pk), {"reason": ""}, "confirm"
        )

        assert response.status_code == 400
        assert "Enter the reason for reversing the entry" in _html(response)
        assert _new_entries(account, "REVERSAL") == []

    def test_reverse_an_entry_of_another_account_through_this_one_is_not_found(
        self, client, officer, account, authority_a
    ):
        other = _account(authority_a, reference="CT00000080")
        theirs = _charge(other, "10.00", dt.date(2026, 4, 1))
        client.force_login(officer)
        url = _url("reverse-entry", account, entry_id=theirs.pk)

        answers = [client.get(url).status_code, _post(client, url, {"reason": "x"}, "confirm")]

        assert [answers[0], answers[1].status_code] == [404, 404]
        assert _new_entries(other, "REVERSAL") == []


# --- Access -------------------------------------------------------------------------------------

ACTIONS = {
    "record-payment": (Permission.RECORD_PAYMENT, PAYMENT),
    "post-charge": (Permission.POST_CHARGE, CHARGE),
    "write-off": (Permission.WRITE_OFF, WRITE_OFF),
    "refund": (Permission.APPROVE_REFUND, REFUND),
    "reverse-entry": (Permission.REVERSE_ENTRY, {"reason": "Posted to the wrong account"}),
}


def _action_url(name, account, entry):
    extra = {"entry_id": entry.pk} if name == "reverse-entry" else {}
    return _url(name, account, **extra)


class TestLedgerActionAccess:
    @pytest.mark.parametrize("role", list(Role))
    def test_ledger_actions_on_another_councils_account_are_not_found_for_every_role(
        self, client, authority_a, authority_b, role
    ):
        theirs = _account(authority_b, reference="CT00000099")
        entry = _charge(theirs, "400.00", dt.date(2026, 4, 1))
        client.force_login(_officer([authority_a], role=role, write_off_limit="100000.00"))

        answers = {}
        for name, (_permission, data) in ACTIONS.items():
            url = _action_url(name, theirs, entry)
            answers[f"GET {name}"] = client.get(url).status_code
            for step in ("check", "confirm"):
                answers[f"POST {name} {step}"] = _post(client, url, data, step).status_code

        assert set(answers.values()) == {404}, answers
        assert Entry.objects.filter(account=theirs).count() == 1
        assert _balance(theirs) == Decimal("400.00")

    def test_reverse_another_councils_entry_through_an_own_account_is_not_found(
        self, client, officer, account, authority_b
    ):
        theirs = _account(authority_b, reference="CT00000099")
        entry = _charge(theirs, "400.00", dt.date(2026, 4, 1))
        client.force_login(officer)
        url = _url("reverse-entry", account, entry_id=entry.pk)

        statuses = [client.get(url).status_code, _post(client, url, {"reason": "x"}, "confirm")]

        assert [statuses[0], statuses[1].status_code] == [404, 404]
        assert not Entry.objects.filter(reverses=entry).exists()

    @pytest.mark.parametrize(
        ("name", "role"),
        [
            (name, role)
            for name, (permission, _data) in ACTIONS.items()
            for role in Role
            if not can(role=role, permission=permission)
        ],
    )
    def test_ledger_action_is_forbidden_to_a_role_without_its_permission(
        self, client, authority_a, account, name, role
    ):
        entry = _new_entries(account, "CHARGE")[-1]
        client.force_login(_officer([authority_a], role=role, write_off_limit="100000.00"))
        url = _action_url(name, account, entry)

        statuses = [
            client.get(url).status_code,
            _post(client, url, ACTIONS[name][1], "check").status_code,
            _post(client, url, ACTIONS[name][1], "confirm").status_code,
        ]

        assert statuses == [403, 403, 403]
        assert Entry.objects.filter(account=account).count() == 2
        assert _balance(account) == Decimal("801.19")

    def test_ledger_action_sends_a_visitor_to_sign_in(self, client, account):
        url = _url("record-payment", account)

        response = client.post(url, {**PAYMENT, "step": "confirm"})

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))
        assert _new_entries(account, "PAYMENT") == []

    @pytest.mark.parametrize(
        ("role", "buttons"),
        [
            (
                Role.DEBT_MANAGEMENT_OFFICER,
                {"Record a payment", "Post a charge or adjustment", "Write off debt", "Reverse"},
            ),
            (Role.ENFORCEMENT_AGENT, {"Record a payment"}),
            (Role.ENFORCEMENT_SUPPORT_OFFICER, {"Record a payment", "Write off debt"}),
            (Role.AUDITOR, set()),
            (Role.MANAGER, set()),
        ],
    )
    def test_account_page_offers_only_the_actions_the_role_allows(
        self, client, authority_a, account, role, buttons
    ):
        client.force_login(_officer([authority_a], role=role))

        html = _html(client.get(reverse("web:account", kwargs={"account_id": account.pk})))

        offered = {
            label
            for label in [
                "Record a payment",
                "Post a charge or adjustment",
                "Write off debt",
                "Refund credit",
                "Reverse",
            ]
            if f">{label}<" in html
        }
        assert offered == buttons
