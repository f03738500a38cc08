"""An officer records a payment in headless Chromium; axe-core checks the form and check page."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from arrears.accounts.models import DebtAccount
from arrears.audit.services import SYSTEM
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from arrears.ledger.models import Entry
from tests import factories
from tests.functional.browser.steps import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.fixture
def account(authority_a, officer_a):
    party = factories.PartyFactory(authority=authority_a, forenames="Jane", surname="Holloway")
    account = factories.DebtAccountFactory(
        authority=authority_a, reference="CT00000042", parties=[party]
    )
    ledger.post_charge(
        account=account,
        amount=Decimal("1234.50"),
        effective_date=dt.date(2026, 4, 1),
        charge_kind=ChargeKind.LIABILITY,
        rule="liability.annual-bill",
        reason="Council tax 2026/27",
        actor=SYSTEM,
    )
    return account


class TestRecordPaymentPages:
    def test_officer_records_a_payment_after_checking_the_answers(
        self, live_server, browser_page, axe_violations, account
    ):
        page = browser_page
        sign_in(page, live_server)
        page.goto(f"{live_server.url}/accounts/{account.pk}/")

        page.get_by_role("button", name="Record a payment").click()
        page.get_by_role("heading", level=1, name="Record a payment").wait_for()
        assert_accessible(page, axe_violations, "record a payment")
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("heading", name="There is a problem").wait_for()
        assert_accessible(page, axe_violations, "record a payment with errors")

        page.get_by_label("Amount received").fill("200.00")
        page.get_by_label("Day").fill("1")
        page.get_by_label("Month").fill("5")
        page.get_by_label("Year").fill("2026")
        page.get_by_label("Debit or credit card").check()
        page.get_by_label("Payment reference (optional)").fill("CARD-42")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "record-payment-form.png"), full_page=True)
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("heading", level=1, name="Check your answers").wait_for()
        body = page.inner_text("main")
        assert "£200.00" in body
        assert "1 May 2026" in body
        assert "£1,034.50" in body  # left owing on the liability, and the balance after
        assert_accessible(page, axe_violations, "check your answers")
        page.screenshot(path=str(SCREENSHOTS / "record-payment-check.png"), full_page=True)
        assert not Entry.objects.filter(account=account, entry_type="PAYMENT").exists()

        page.get_by_role("button", name="Record payment").click()
        page.get_by_role("heading", level=1, name="Account CT00000042").wait_for()

        payment = Entry.objects.get(account=account, entry_type="PAYMENT")
        banner = page.inner_text(".govuk-notification-banner")
        assert f"Payment of £200.00 recorded as entry #{payment.pk}" in banner
        assert DebtAccount.objects.get(pk=account.pk).balance == Decimal("1034.50")
        assert_accessible(page, axe_violations, "account after a payment")
        page.screenshot(path=str(SCREENSHOTS / "account-after-payment.png"), full_page=True)


class TestOtherLedgerActionPages:
    def test_charge_write_off_and_reverse_forms_are_accessible(
        self, live_server, browser_page, axe_violations, account, officer_a
    ):
        officer_a.write_off_limit = Decimal("250.00")
        officer_a.save(update_fields=["write_off_limit"])
        charge = Entry.objects.get(account=account)
        page = browser_page
        sign_in(page, live_server)
        base = f"{live_server.url}/accounts/{account.pk}"

        page.goto(f"{base}/charges/new/")
        assert_accessible(page, axe_violations, "post a charge")
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("heading", name="There is a problem").wait_for()
        assert_accessible(page, axe_violations, "post a charge with errors")

        page.goto(f"{base}/write-offs/new/")
        assert "You can write off up to £250.00" in page.inner_text("main")
        page.get_by_label("Amount to write off").fill("300.00")
        page.get_by_label("Other").check()
        page.get_by_label("Details (optional)").fill("Duplicate bill")
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("heading", name="There is a problem").wait_for()
        assert "A team leader must write off a larger amount" in page.inner_text("main")
        assert_accessible(page, axe_violations, "write off with errors")

        page.goto(f"{base}/entries/{charge.pk}/reverse/")
        assert_accessible(page, axe_violations, "reverse an entry")
        page.get_by_label("Why are you reversing it?").fill("Bill cancelled: no liability")
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("heading", level=1, name="Check your answers").wait_for()
        assert_accessible(page, axe_violations, "check a reversal")
        assert not Entry.objects.filter(account=account, entry_type="REVERSAL").exists()
