"""An officer records a marker from the party page, in headless Chromium, with axe-core scans."""

from pathlib import Path

import pytest

from arrears.accounts.models import Marker
from tests import factories
from tests.functional.browser.steps import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.fixture
def party(authority_a, officer_a):
    party = factories.PartyFactory(
        authority=authority_a, forenames="Jane", surname="Holloway", reference="P0000042"
    )
    factories.AddressFactory(party=party, line_1="1 Acacia Avenue", postcode="KT1 1EU")
    return party


class TestRecordMarkerPages:
    def test_officer_records_a_breathing_space_from_the_party_page(
        self, live_server, browser_page, axe_violations, party
    ):
        page = browser_page
        sign_in(page, live_server)
        page.goto(f"{live_server.url}/parties/{party.pk}/")

        page.get_by_role("link", name="Record a marker").click()
        page.get_by_role("heading", level=1, name="Record a marker").wait_for()
        assert_accessible(page, axe_violations, "choose a marker kind")
        page.get_by_role("button", name="Continue").click()
        page.get_by_text("Select what you want to record").first.wait_for()
        assert_accessible(page, axe_violations, "choose a marker kind, with an error")
        page.get_by_label("Breathing Space").check()
        page.get_by_role("button", name="Continue").click()

        page.get_by_role("heading", level=1, name="Record a Breathing Space").wait_for()
        assert_accessible(page, axe_violations, "record a Breathing Space")
        page.get_by_role("button", name="Record marker").click()
        page.get_by_text("Select the type of Breathing Space").first.wait_for()
        assert_accessible(page, axe_violations, "record a Breathing Space, with errors")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "record-marker-errors.png"), full_page=True)
        page.get_by_label("Standard breathing space").check()
        page.get_by_label("Day").fill("2")
        page.get_by_label("Month").fill("11")
        page.get_by_label("Year").fill("2025")
        page.get_by_role("button", name="Record marker").click()

        page.get_by_role("heading", level=1, name="Ms Jane Holloway").wait_for()
        banner = page.locator(".govuk-notification-banner").inner_text()
        assert "Breathing Space recorded, from 2 November 2025 to 31 December 2025" in banner
        assert_accessible(page, axe_violations, "party, after recording a marker")
        page.screenshot(path=str(SCREENSHOTS / "party-after-marker.png"), full_page=True)
        marker = Marker.objects.get(party=party)
        assert (marker.kind, marker.category) == ("BREATHING_SPACE", "STANDARD")

    def test_change_pages_have_no_serious_accessibility_problems(
        self, live_server, browser_page, axe_violations, party
    ):
        page = browser_page
        sign_in(page, live_server)
        marker = factories.MarkerFactory(party=party)

        for path in [
            "markers/new/?kind=VULNERABILITY",
            f"markers/{marker.pk}/end/",
            "addresses/new/",
            "contacts/new/",
            "aliases/new/",
            "links/new/",
            "details/change/",
        ]:
            page.goto(f"{live_server.url}/parties/{party.pk}/{path}")
            assert_accessible(page, axe_violations, path)
            for day in page.get_by_label("Day").all():
                day.fill("")  # the end date starts as today; leave every date incomplete
            page.locator("main form .govuk-button").last.click()
            page.locator(".govuk-error-summary").wait_for()
            assert_accessible(page, axe_violations, f"{path}, with errors")
