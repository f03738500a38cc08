"""
After the liability order through the officer UI: the remedies page (allowed or not, and why),
each remedy's form, attachment of earnings orders and the employer's payments.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from arrears.accounts.domain.debts import DebtType
from arrears.accounts.models import DebtAccount
from arrears.audit.models import AuditEvent
from arrears.enforcement.models import EnforcementCase
from arrears.ledger.models import Entry
from arrears.recovery.models import AttachmentOrder, BenefitDeduction, RecoveryAction
from arrears.staff.domain.policy import Role
from tests import factories
from tests.integration.test_remedies_setup import case_at, liability_order_case

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 9, 1)
IP = "198.51.100.41"


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(dt.datetime(2026, 9, 1, 10, 30, tzinfo=ZoneInfo("Europe/London"))):
        yield


@pytest.fixture
def debtor(authority_a):
    return factories.PartyFactory(authority=authority_a, surname="Okonjo")


@pytest.fixture
def account(authority_a, debtor):
    account, _ = liability_order_case(authority_a, party=debtor, owed="1471.00")
    return account


def _client(authority, role=Role.DEBT_MANAGEMENT_OFFICER):
    client = Client()
    client.force_login(factories.OfficerFactory(role=role.value, authorities=[authority]))
    return client


@pytest.fixture
def client(authority_a):
    return _client(authority_a)


def _url(name, account, **kwargs):
    return reverse(f"web:{name}", kwargs={"account_id": account.pk, **kwargs})


def _html(response):
    return response.content.decode()


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


AEO = {
    "employer_name": "Kingston Bakery Ltd",
    "employer_address": "1 High Street, Kingston KT1 1AA",
    "payroll_number": "W-1234",
    "pay_period": "MONTHLY",
    "net_earnings": "1200.00",
    **_date("made_date", TODAY),
    **_date("first_pay_date", dt.date(2026, 9, 25)),
    "note": "",
}


class TestRemediesPage:
    def test_remedies_page_shows_each_remedy_allowed_or_not_with_reasons(self, client, account):
        response = client.get(_url("account-remedies", account))

        html = _html(response)
        assert response.status_code == 200
        assert "After the liability order" in html
        assert "Made on 20 July 2026" in html
        assert html.count('govuk-tag--green">Allowed') == 4
        assert "A bankruptcy petition needs a debt of at least £5,000.00" in html
        assert "has not reached the referral to enforcement agents stage yet" in html
        assert _url("remedy-charging-order", account) in html
        assert _url("remedy-bankruptcy", account) not in html

    def test_remedies_page_shows_the_breathing_space_and_offers_nothing(
        self, client, account, debtor
    ):
        factories.MarkerFactory(
            party=debtor, kind="BREATHING_SPACE", category="STANDARD", start_date=TODAY
        )

        html = _html(client.get(_url("account-remedies", account)))

        assert 'govuk-tag--green">Allowed' not in html
        assert "A Breathing Space is in force" in html
        assert _url("aeo-new", account) not in html

    def test_remedies_page_says_an_account_not_in_recovery_has_no_remedies(
        self, client, authority_a
    ):
        account = factories.DebtAccountFactory(authority=authority_a)

        html = _html(client.get(_url("account-remedies", account)))

        assert "not in recovery" in html

    def test_remedies_page_is_read_only_for_an_auditor(self, authority_a, account):
        auditor = _client(authority_a, role=Role.AUDITOR)

        page = auditor.get(_url("account-remedies", account))
        form = auditor.get(_url("remedy-charging-order", account))

        assert page.status_code == 200
        assert _url("remedy-charging-order", account) not in _html(page)
        assert form.status_code == 403


class TestOfficerRemedies:
    def test_charging_order_is_recorded_with_its_figures(self, client, account):
        form = client.get(_url("remedy-charging-order", account))

        response = client.post(
            _url("remedy-charging-order", account),
            {**_date("action_date", TODAY), "note": "Kingston County Court"},
            REMOTE_ADDR=IP,
        )

        assert "Least that must be owed" in _html(form)
        assert "Record the decision</button>" in _html(form)
        assert response.status_code == 302
        action = RecoveryAction.objects.get(account=account, kind="OFFICER")
        assert action.stage.code == "CHARGING_ORDER"
        assert action.explanation["checks"]["outstanding_under_liability_orders"] == "1500.00"
        event = AuditEvent.objects.get(action="recovery.remedy.taken", object_id=str(action.pk))
        assert (event.ip_address, event.channel) == (IP, "web")
        page = _html(client.get(response["Location"]))
        assert "Charging order recorded" in page
        assert "Kingston County Court" in page

    def test_bankruptcy_shows_why_not_and_refuses_a_post(self, client, account):
        form = client.get(_url("remedy-bankruptcy", account))

        response = client.post(
            _url("remedy-bankruptcy", account), {**_date("action_date", TODAY), "note": ""}
        )

        assert "at least £5,000.00" in _html(form)
        assert "Record the decision</button>" not in _html(form)
        assert response.status_code == 400
        assert "at least £5,000.00" in _html(response)
        assert not RecoveryAction.objects.filter(account=account, kind="OFFICER").exists()

    def test_a_role_without_the_permission_cannot_take_a_remedy(self, authority_a, account):
        agent = _client(authority_a, role=Role.ENFORCEMENT_AGENT)

        response = agent.post(
            _url("remedy-charging-order", account), {**_date("action_date", TODAY)}
        )

        assert response.status_code == 403

    def test_a_date_in_the_future_is_refused(self, client, account):
        response = client.post(
            _url("remedy-charging-order", account),
            {**_date("action_date", TODAY + dt.timedelta(days=1))},
        )

        assert response.status_code == 400
        assert "must be today or in the past" in _html(response)


class TestReferral:
    def test_referral_then_an_insufficient_goods_return_opens_committal(self, client, account):
        referred = client.post(
            _url("remedy-referral", account), {**_date("action_date", TODAY), "note": ""}
        )
        case = EnforcementCase.objects.get(account=account)
        returned = client.post(
            _url("remedy-referral-outcome", account, case_id=case.pk),
            {"outcome": "RETURNED:INSUFFICIENT_GOODS", **_date("end_date", TODAY), "note": ""},
        )
        committal = client.post(
            _url("remedy-committal", account), {**_date("action_date", TODAY), "note": ""}
        )

        assert (referred.status_code, returned.status_code, committal.status_code) == (
            302,
            302,
            302,
        )
        case.refresh_from_db()
        assert (case.status, case.return_reason) == ("RETURNED", "INSUFFICIENT_GOODS")
        assert RecoveryAction.objects.filter(account=account, stage__code="COMMITTAL").exists()

    def test_a_second_referral_is_refused_on_the_form(self, client, account):
        client.post(_url("remedy-referral", account), {**_date("action_date", TODAY)})

        response = client.post(_url("remedy-referral", account), {**_date("action_date", TODAY)})

        assert response.status_code == 400
        assert "already with the enforcement agents" in _html(response)
        assert EnforcementCase.objects.filter(account=account).count() == 1


class TestAttachmentOrders:
    def test_make_an_order_record_the_employers_payment_and_see_the_pay_days(
        self, client, account, debtor
    ):
        made = client.post(_url("aeo-new", account), {**AEO, "party": str(debtor.pk)})
        order = AttachmentOrder.objects.get(account=account)
        paid = client.post(
            reverse("web:aeo-payment", kwargs={"order_id": order.pk}),
            {
                **_date("pay_date", dt.date(2026, 9, 25)),
                "amount": "144.00",
                **_date("received_date", TODAY),
                "net_earnings": "",
                "reference": "",
            },
            REMOTE_ADDR=IP,
        )

        assert made.status_code == 302
        assert made["Location"] == reverse("web:aeo", kwargs={"order_id": order.pk})
        assert order.expected_deduction == Decimal("144.00")
        assert paid.status_code == 302
        entry = Entry.objects.get(account=account, entry_type="PAYMENT")
        assert (entry.amount, entry.method) == (Decimal("144.00"), "ATTACHMENT_OF_EARNINGS")
        assert DebtAccount.objects.get(pk=account.pk).balance == Decimal("1356.00")
        html = _html(client.get(paid["Location"]))
        assert "Payment of £144.00 for the pay day 25 September 2026 recorded" in html
        assert "Received" in html

    def test_the_order_form_starts_from_the_debtors_reply(self, client, account):
        client.post(
            _url("remedy-information-reply", account),
            {
                "outcome": "REPLIED",
                **_date("received_date", TODAY),
                "employer_name": "Surbiton Garage",
                "employer_address": "2 Victoria Road",
                "payroll_number": "",
                "pay_period": "WEEKLY",
                "net_earnings": "300.00",
                "other_income": "",
                "benefits": "",
                "note": "",
            },
        )

        html = _html(client.get(_url("aeo-new", account)))

        assert 'value="Surbiton Garage"' in html
        assert 'value="300.00"' in html

    def test_a_third_order_is_refused_citing_the_rule(self, client, authority_a, debtor):
        accounts = [liability_order_case(authority_a, party=debtor)[0] for _ in range(3)]
        for account in accounts[:2]:
            client.post(_url("aeo-new", account), {**AEO, "party": str(debtor.pk)})

        response = client.post(_url("aeo-new", accounts[2]), {**AEO, "party": str(debtor.pk)})

        assert response.status_code == 400
        assert "no more than 2 are allowed (RULES.md §2.6)" in _html(response)
        assert AttachmentOrder.objects.filter(party=debtor).count() == 2

    def test_the_order_page_warns_of_a_breathing_space_that_began_after_the_order(
        self, client, account, debtor
    ):
        client.post(_url("aeo-new", account), {**AEO, "party": str(debtor.pk)})
        order = AttachmentOrder.objects.get(account=account)
        before = _html(client.get(reverse("web:aeo", kwargs={"order_id": order.pk})))
        factories.MarkerFactory(
            party=debtor, kind="BREATHING_SPACE", category="STANDARD", start_date=TODAY
        )

        after = _html(client.get(reverse("web:aeo", kwargs={"order_id": order.pk})))

        assert "A hold is in force on this account" not in before
        assert "A hold is in force on this account" in after
        assert "A Breathing Space is in force" in after

    def test_cease_an_order(self, client, account, debtor):
        client.post(_url("aeo-new", account), {**AEO, "party": str(debtor.pk)})
        order = AttachmentOrder.objects.get(account=account)

        response = client.post(
            reverse("web:aeo-cease", kwargs={"order_id": order.pk}),
            {**_date("end_date", TODAY), "reason": "Left the job"},
        )

        order.refresh_from_db()
        assert response.status_code == 302
        assert (order.status, order.ceased_reason) == ("CEASED", "Left the job")


class TestInformationAndDeductions:
    def test_no_reply_is_refused_before_the_deadline(self, client, authority_a):
        account, _ = case_at(
            authority_a,
            codes=["REMINDER", "SUMMONS", "LIABILITY_ORDER", "INFORMATION_REQUEST"],
            dates={"INFORMATION_REQUEST": dt.date(2026, 8, 27)},
        )

        response = client.post(
            _url("remedy-information-reply", account),
            {"outcome": "NO_REPLY", "note": ""},
        )

        assert response.status_code == 400
        assert "has until" in _html(response)

    def test_a_benefit_deduction_is_recorded_as_dwp_set_it(self, client, account, debtor):
        response = client.post(
            _url("remedy-benefit-deduction", account),
            {
                "party": str(debtor.pk),
                "benefit": "UNIVERSAL_CREDIT",
                "amount": "19.85",
                "frequency": "MONTHLY",
                **_date("start_date", dt.date(2026, 9, 10)),
                **_date("notified_date", TODAY),
                "dwp_reference": "DWP-778",
            },
        )

        assert response.status_code == 302
        deduction = BenefitDeduction.objects.get(account=account)
        assert deduction.amount == Decimal("19.85")
        assert deduction.forecast_amount is None  # 2026/27 rates are not held

    def test_hb_deduction_above_the_maximum_is_refused(self, client, authority_a):
        account, _ = case_at(
            authority_a, codes=["REMINDER"], debt_type=DebtType.HOUSING_BENEFIT_OVERPAYMENT
        )

        response = client.post(
            _url("remedy-hb-deduction", account),
            {
                "weekly_amount": "14.00",
                "is_fraud": "no",
                "earnings_disregard": "",
                **_date("action_date", dt.date(2025, 10, 20)),
            },
        )

        assert response.status_code == 400
        assert "The most that may be deducted is £13.95 a week" in _html(response)
