"""
Council tax attachment of earnings orders (RULES.md §2.6): at most two in force per debtor, the
table in force when the order was made, and the employer's payments posted to the ledger.
"""

import datetime as dt
from decimal import Decimal

import pytest

from arrears.accounts.domain.debts import DebtType
from arrears.accounts.models import AccountParty
from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM
from arrears.authorities.models import Nation
from arrears.ledger.models import Allocation, Entry
from arrears.letters.models import Letter
from arrears.letters.services import NoPostalAddress
from arrears.recovery.domain.attachment import PayPeriod, PeriodNotVerified
from arrears.recovery.domain.employer_payments import PeriodStatus
from arrears.recovery.models import AttachmentOrder, AttachmentPayment, RecoveryAction
from arrears.recovery.selectors import attachments as attachment_selectors
from arrears.recovery.services import attachments, remedies
from tests import factories
from tests.integration.test_remedies_setup import ORDER_DATE, liability_order_case

pytestmark = pytest.mark.django_db

MADE = ORDER_DATE + dt.timedelta(days=30)  # Wednesday 19 August 2026
FIRST_PAY = dt.date(2026, 8, 28)


def _make(account, party, *, period=PayPeriod.MONTHLY, net="1200.00", made=MADE, **kwargs):
    return attachments.make_attachment_order(
        account=account,
        party=party,
        employer_name=kwargs.pop("employer_name", "Kingston Bakery Ltd"),
        employer_address="1 High Street, Kingston KT1 1AA",
        payroll_number="W-1234",
        pay_period=period,
        net_earnings=Decimal(net) if net else None,
        made_date=made,
        first_pay_date=kwargs.pop("first_pay_date", FIRST_PAY),
        actor=SYSTEM,
        **kwargs,
    )


@pytest.fixture
def debtor(authority_a):
    return factories.PartyFactory(authority=authority_a, surname="Okonjo")


@pytest.fixture
def account(authority_a, debtor):
    account, _ = liability_order_case(authority_a, party=debtor, owed="1471.00")
    return account


class TestMakeAttachmentOrder:
    def test_make_attachment_order_works_out_the_deduction_from_the_table(self, account, debtor):
        order = _make(account, debtor)

        # RULES.md §10.4 A7: £1,200.00 monthly is in the 12% band: £144.00.
        assert order.expected_deduction == Decimal("144.00")
        assert (order.nation, order.table_valid_from) == ("ENG", dt.date(2007, 4, 1))
        action = RecoveryAction.objects.get(pk=order.action_id)
        assert action.stage.code == "ATTACHMENT_OF_EARNINGS"
        assert action.explanation["figures"]["expected_deduction"] == "144.00"
        assert action.explanation["figures"]["band_percentage"] == "12"
        assert AuditEvent.objects.filter(
            action="recovery.attachment_order.made", object_id=str(order.pk)
        ).exists()

    def test_make_attachment_order_creates_the_employers_order_and_the_debtors_notice(
        self, account, debtor
    ):
        order = _make(account, debtor)

        letters = {
            letter.pk: letter
            for letter in Letter.objects.filter(
                pk__in=[order.employer_letter_id, order.debtor_letter_id]
            )
        }
        employer, notice = letters[order.employer_letter_id], letters[order.debtor_letter_id]
        assert (employer.template, employer.recipient_name) == (
            "AEO_EMPLOYER_ORDER",
            "Kingston Bakery Ltd",
        )
        assert (notice.template, notice.recipient_name) == (
            "AEO_DEBTOR_NOTICE",
            debtor.display_name,
        )
        assert {employer.status, notice.status} == {"AWAITING_RELEASE"}
        assert employer.batch_key == f"remedies:{account.authority_id}:{MADE.isoformat()}"
        assert employer.facts["amount_due"] == "1500.00"
        assert RecoveryAction.objects.get(pk=order.action_id).letter_id == employer.pk

    def test_make_attachment_order_needs_an_address_for_the_debtors_notice(self, authority_a):
        account, _ = liability_order_case(authority_a)
        homeless = factories.PartyFactory(authority=authority_a)
        AccountParty.objects.create(account=account, party=homeless)

        with pytest.raises(NoPostalAddress):
            _make(account, homeless)

        assert not AttachmentOrder.objects.filter(party=homeless).exists()

    def test_make_attachment_order_uses_the_welsh_2022_table(self, authority_b):
        authority_b.nation = Nation.WALES
        authority_b.save()
        party = factories.PartyFactory(authority=authority_b)
        account, _ = liability_order_case(authority_b, party=party)

        order = _make(account, party)

        # RULES.md §10.4 A12: Wales, £1,200.00 monthly, 2022 table: 7%, £84.00.
        assert order.expected_deduction == Decimal("84.00")
        assert order.table_valid_from == dt.date(2022, 4, 1)

    def test_make_attachment_order_refuses_unverified_welsh_daily_figures(self, authority_b):
        authority_b.nation = Nation.WALES
        authority_b.save()
        party = factories.PartyFactory(authority=authority_b)
        account, _ = liability_order_case(authority_b, party=party)

        with pytest.raises(PeriodNotVerified):
            _make(account, party, period=PayPeriod.DAILY, net="50.00")

        assert not AttachmentOrder.objects.filter(account=account).exists()

    def test_make_attachment_order_refuses_a_third_order_against_the_debtor(
        self, authority_a, account, debtor
    ):
        other_year, _ = liability_order_case(authority_a, party=debtor)
        third_year, _ = liability_order_case(authority_a, party=debtor)
        _make(account, debtor)
        _make(other_year, debtor, employer_name="Surbiton Garage")

        with pytest.raises(attachments.TooManyAttachmentOrders, match=r"RULES\.md §2\.6"):
            _make(third_year, debtor, employer_name="Tolworth Tyres")

        assert not AttachmentOrder.objects.filter(account=third_year).exists()
        assert not RecoveryAction.objects.filter(account=third_year, kind="OFFICER").exists()

    def test_make_attachment_order_allows_another_once_one_has_ceased(
        self, authority_a, account, debtor
    ):
        other_year, _ = liability_order_case(authority_a, party=debtor)
        third_year, _ = liability_order_case(authority_a, party=debtor)
        first = _make(account, debtor)
        _make(other_year, debtor)
        attachments.cease_attachment_order(
            order=first, on=MADE + dt.timedelta(days=60), reason="Left the job", actor=SYSTEM
        )

        third = _make(
            third_year,
            debtor,
            made=MADE + dt.timedelta(days=61),
            first_pay_date=dt.date(2026, 10, 30),
        )

        assert third.is_active

    def test_make_attachment_order_refuses_another_party(self, authority_a, account):
        stranger = factories.PartyFactory(authority=authority_a)

        with pytest.raises(remedies.NotADebtor):
            _make(account, stranger)

    def test_make_attachment_order_refuses_business_rates(self, authority_a, debtor):
        account, _ = liability_order_case(
            authority_a, party=debtor, debt_type=DebtType.BUSINESS_RATES
        )

        with pytest.raises(remedies.UnknownRemedy):
            _make(account, debtor)

    def test_make_attachment_order_is_stopped_by_a_breathing_space(self, account, debtor):
        factories.MarkerFactory(
            party=debtor,
            kind="BREATHING_SPACE",
            category="STANDARD",
            start_date=MADE - dt.timedelta(days=2),
        )

        with pytest.raises(remedies.RemedyNotAllowed, match="Breathing Space"):
            _make(account, debtor)

        assert not AttachmentOrder.objects.filter(account=account).exists()

    def test_cease_attachment_order_refuses_a_second_time(self, account, debtor):
        order = _make(account, debtor)
        attachments.cease_attachment_order(order=order, on=MADE, reason="Paid", actor=SYSTEM)

        with pytest.raises(attachments.OrderNotActive):
            attachments.cease_attachment_order(order=order, on=MADE, reason="Paid", actor=SYSTEM)


class TestEmployerPayments:
    def test_record_employer_payment_posts_a_payment_to_the_account(self, account, debtor):
        order = _make(account, debtor)
        before = account.balance

        payment = attachments.record_employer_payment(
            order=order,
            pay_date=FIRST_PAY,
            amount=Decimal("144.00"),
            received_date=dt.date(2026, 9, 15),
            actor=SYSTEM,
        )

        entry = Entry.objects.get(pk=payment.entry_id)
        assert (entry.entry_type, entry.direction, entry.amount, entry.method) == (
            "PAYMENT",
            "CREDIT",
            Decimal("144.00"),
            "ATTACHMENT_OF_EARNINGS",
        )
        assert entry.source_reference == f"AEO{order.pk}-20260828"
        assert Allocation.objects.filter(credit=entry).exists()
        account.refresh_from_db()
        assert account.balance == before - Decimal("144.00")
        assert payment.expected_amount == Decimal("144.00")

    def test_record_employer_payment_works_out_what_was_expected_from_the_period_pay(
        self, account, debtor
    ):
        order = _make(account, debtor)

        payment = attachments.record_employer_payment(
            order=order,
            pay_date=FIRST_PAY,
            amount=Decimal("170.40"),
            net_earnings=Decimal("1420.00"),
            received_date=dt.date(2026, 9, 15),
            actor=SYSTEM,
        )

        # RULES.md §10.4 A8: £1,420.00 monthly is still 12%: £170.40.
        assert payment.expected_amount == Decimal("170.40")

    def test_record_employer_payment_files_a_late_pay_day_under_its_period(self, account, debtor):
        order = _make(account, debtor)

        payment = attachments.record_employer_payment(
            order=order,
            pay_date=dt.date(2026, 9, 30),  # the September pay day moved; period from 28 Sept
            amount=Decimal("144.00"),
            received_date=dt.date(2026, 10, 15),
            actor=SYSTEM,
        )

        assert payment.pay_date == dt.date(2026, 9, 28)

    def test_record_employer_payment_refuses_a_period_paid_already(self, account, debtor):
        order = _make(account, debtor)
        attachments.record_employer_payment(
            order=order,
            pay_date=FIRST_PAY,
            amount=Decimal("144.00"),
            received_date=dt.date(2026, 9, 15),
            actor=SYSTEM,
        )

        with pytest.raises(attachments.PaymentAlreadyRecorded):
            attachments.record_employer_payment(
                order=order,
                pay_date=FIRST_PAY + dt.timedelta(days=3),
                amount=Decimal("144.00"),
                received_date=dt.date(2026, 9, 16),
                actor=SYSTEM,
            )

        assert AttachmentPayment.objects.filter(order=order).count() == 1

    def test_record_employer_payment_refuses_a_day_before_the_first_pay_day(self, account, debtor):
        order = _make(account, debtor)

        with pytest.raises(attachments.NotAPayDay):
            attachments.record_employer_payment(
                order=order,
                pay_date=FIRST_PAY - dt.timedelta(days=1),
                amount=Decimal("144.00"),
                received_date=dt.date(2026, 9, 15),
                actor=SYSTEM,
            )

    def test_order_view_shows_expected_against_received_and_flags_missed_periods(
        self, account, debtor
    ):
        order = _make(account, debtor)
        attachments.record_employer_payment(
            order=order,
            pay_date=FIRST_PAY,
            amount=Decimal("144.00"),
            received_date=dt.date(2026, 9, 15),
            actor=SYSTEM,
        )
        attachments.record_employer_payment(
            order=order,
            pay_date=dt.date(2026, 10, 28),
            amount=Decimal("100.00"),
            received_date=dt.date(2026, 11, 10),
            actor=SYSTEM,
        )

        view = attachment_selectors.order_view(order=order, as_of=dt.date(2026, 12, 10))

        assert [(line.pay_date, line.status) for line in view.lines] == [
            (dt.date(2026, 8, 28), PeriodStatus.RECEIVED),
            (dt.date(2026, 9, 28), PeriodStatus.MISSED),
            (dt.date(2026, 10, 28), PeriodStatus.SHORT),
            (dt.date(2026, 11, 28), PeriodStatus.AWAITED),
        ]
        assert view.missed == 1
        assert (view.total_expected, view.total_received) == (Decimal("576.00"), Decimal("244.00"))

    def test_attachment_order_for_officer_hides_another_councils_order(
        self, account, debtor, authority_b
    ):
        order = _make(account, debtor)
        outsider = factories.OfficerFactory(authorities=[authority_b])

        with pytest.raises(AttachmentOrder.DoesNotExist):
            attachment_selectors.attachment_order_for_officer(officer=outsider, order_id=order.pk)
