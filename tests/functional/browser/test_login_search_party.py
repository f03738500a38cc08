"""An officer signs in, searches, and opens a party page, in headless Chromium (issue 2)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from arrears.accounts.models import AddressKind
from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from tests import factories
from tests.functional.browser.steps import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.fixture
def household(authority_a, officer_a):
    party = factories.PartyFactory(
        authority=authority_a, forenames="Jane", surname="Holloway", reference="P0000042"
    )
    factories.AddressFactory(party=party, line_1="1 Acacia Avenue", postcode="KT1 1EU")
    factories.AddressFactory(
        party=party, kind=AddressKind.PREVIOUS, line_1="9 Old Road", postcode="KT2 2AA"
    )
    factories.MarkerFactory(party=party, kind="RISK", category="", detail="Dog on premises.")
    factories.MarkerFactory(party=party, kind="VULNERABILITY")
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
    ledger.record_payment(
        account=account,
        amount=Decimal("200.00"),
        received_date=dt.date(2026, 5, 1),
        reference="PAY-1",
        actor=SYSTEM,
    )
    return party


class TestLoginSearchParty:
    def test_officer_signs_in_searches_and_opens_a_party_page(
        self, live_server, browser_page, axe_violations, household
    ):
        page = browser_page

        page.goto(f"{live_server.url}/")
        assert "/login/" in page.url
        assert_accessible(page, axe_violations, "login")
        page.get_by_label("Username").fill("alice")
        page.get_by_label("Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")

        page.get_by_label("Name, reference, postcode or date of birth").fill("holloway")
        page.get_by_role("button", name="Search").click()
        page.get_by_role("link", name="Ms Jane Holloway").wait_for()
        assert "1 party found" in page.content()
        assert_accessible(page, axe_violations, "search results")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)

        page.get_by_role("link", name="Ms Jane Holloway").click()
        page.get_by_role("heading", level=1, name="Ms Jane Holloway").wait_for()
        body = page.inner_text("main")
        assert "Dog on premises." in body
        assert "CT00000042" in body
        assert "£1,034.50" in body
        assert_accessible(page, axe_violations, "party")
        page.screenshot(path=str(SCREENSHOTS / "party.png"), full_page=True)
        assert AuditEvent.objects.filter(
            action="accounts.party.viewed", party_id=household.pk
        ).exists()

    def test_search_updates_as_the_officer_types(
        self, live_server, browser_page, household, officer_a
    ):
        page = browser_page
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill("alice")
        page.get_by_label("Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")

        page.get_by_label("Name, reference, postcode or date of birth").press_sequentially(
            "KT1 1EU", delay=20
        )

        page.get_by_role("link", name="Ms Jane Holloway").wait_for()
        assert "q=KT1" in page.url
