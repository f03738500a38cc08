"""An administrator installs streams, makes a version and edits it, with axe-core scans."""

from pathlib import Path

import pytest

from arrears.recovery.models import Stage, Stream
from arrears.staff.domain.policy import Role
from tests import factories
from tests.functional.browser.steps import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


class TestStreamPages:
    def test_administrator_installs_versions_and_edits_a_stream(
        self, live_server, browser_page, axe_violations, authority_a
    ):
        factories.OfficerFactory(
            username="ada.admin", role=Role.ADMINISTRATOR.value, authorities=[authority_a]
        )
        page = browser_page
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        sign_in(page, live_server, username="ada.admin")

        page.get_by_role("link", name="Streams").click()
        page.get_by_role("heading", level=1, name="Recovery streams").wait_for()
        assert_accessible(page, axe_violations, "streams list (empty)")
        page.get_by_role("button", name="Install England defaults").click()
        assert_accessible(page, axe_violations, "install defaults")
        page.get_by_role("button", name="Install England defaults").click()
        page.get_by_role("link", name="Council tax (England)").click()
        page.get_by_role("heading", level=1, name="Council tax (England), version 1").wait_for()
        assert "7 days beginning with the day the previous stage was issued" in page.inner_text(
            "main"
        )
        assert_accessible(page, axe_violations, "stream version")
        page.screenshot(path=str(SCREENSHOTS / "stream-version.png"), full_page=True)

        page.get_by_role("button", name="Edit this stream").click()
        page.get_by_label("What is changing, and why").fill("A longer wait before the summons")
        assert_accessible(page, axe_violations, "new version")
        page.get_by_role("button", name="Make version 2").click()
        page.get_by_role("heading", level=1, name="Council tax (England), version 2").wait_for()
        page.get_by_role("link", name="Change Summons").click()
        page.get_by_label("Wait in days").fill("3")
        page.get_by_role("button", name="Save changes").click()
        page.get_by_role("heading", name="There is a problem").wait_for()
        assert "RULES.md §2.3" in page.inner_text(".govuk-error-summary")
        assert_accessible(page, axe_violations, "change a stage (error)")
        page.screenshot(path=str(SCREENSHOTS / "stream-stage-change.png"), full_page=True)
        page.get_by_label("Wait in days").fill("14")
        page.get_by_role("button", name="Save changes").click()
        page.get_by_text("Summons has been changed").wait_for()

        page.get_by_role("link", name="Add a cost to Summons").click()
        page.get_by_label("Day").fill("1")
        page.get_by_label("Month").fill("4")
        page.get_by_label("Year").fill("2099")
        page.get_by_label("Amount, in pounds").fill("70.00")
        page.get_by_label("What the cost is for").fill("Summons costs")
        page.get_by_label("How the figure was worked out").fill("Costing for 2099/00")
        assert_accessible(page, axe_violations, "add a cost")
        page.get_by_role("button", name="Add cost").click()
        page.get_by_text("Summons charges £70.00 from 1 April 2099").wait_for()

        v2 = Stream.objects.get(authority=authority_a, debt_type="COUNCIL_TAX", version=2)
        assert Stage.objects.get(stream=v2, code="SUMMONS").wait_days == 14
        assert (
            Stage.objects.get(
                stream__version=1,
                stream__authority=authority_a,
                stream__debt_type="COUNCIL_TAX",
                code="SUMMONS",
            ).wait_days
            == 7
        )
