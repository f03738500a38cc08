"""An administrator lists staff and adds an officer, in headless Chromium, with axe-core scans."""

from pathlib import Path

import pytest

from arrears.staff import selectors
from arrears.staff.domain.policy import Role
from arrears.staff.models import Officer
from tests import factories
from tests.functional.browser.steps import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.fixture
def administrator(authority_a):
    factories.OfficerFactory(
        username="carl.colleague",
        first_name="Carl",
        last_name="Colleague",
        role=Role.ENFORCEMENT_AGENT.value,
        authorities=[authority_a],
    )
    return factories.OfficerFactory(
        username="ada.admin",
        first_name="Ada",
        last_name="Admin",
        role=Role.ADMINISTRATOR.value,
        authorities=[authority_a],
    )


class TestStaffPages:
    def test_administrator_lists_staff_and_adds_an_officer(
        self, live_server, browser_page, axe_violations, administrator, authority_a
    ):
        page = browser_page
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill("ada.admin")
        page.get_by_label("Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")

        page.get_by_role("link", name="Staff").click()
        page.get_by_role("heading", level=1, name="Staff").wait_for()
        assert "Carl Colleague" in page.inner_text("main")
        assert_accessible(page, axe_violations, "staff list")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "staff-list.png"), full_page=True)

        page.get_by_role("button", name="Add an officer").click()
        page.get_by_role("heading", level=1, name="Add an officer").wait_for()
        assert_accessible(page, axe_violations, "add an officer")
        page.get_by_label("First name").fill("Nina")
        page.get_by_label("Last name").fill("Newcombe")
        page.get_by_label("Username").fill("nina.newcombe")
        page.get_by_label("Enforcement agent").check()
        page.get_by_label(authority_a.name).check()
        page.get_by_label("First password").fill("short")
        page.get_by_role("button", name="Add officer").click()
        page.get_by_text("There is a problem").wait_for()
        assert "This password is too short" in page.inner_text("main")
        assert_accessible(page, axe_violations, "add an officer, with errors")
        page.screenshot(path=str(SCREENSHOTS / "staff-new-errors.png"), full_page=True)

        page.get_by_label("First password").fill("lantern-orchard-velvet-92")
        page.get_by_role("button", name="Add officer").click()
        page.get_by_role("heading", level=1, name="Nina Newcombe").wait_for()
        assert "Nina Newcombe has been added" in page.inner_text("main")
        assert_accessible(page, axe_violations, "officer")
        officer = Officer.objects.get(username="nina.newcombe")
        assert selectors.visible_authority_ids(officer=officer) == {authority_a.pk}

    def test_officer_changes_their_own_password(
        self, live_server, browser_page, axe_violations, officer_a
    ):
        page = browser_page
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill("alice")
        page.get_by_label("Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")

        page.get_by_role("link", name="Change password").click()
        page.get_by_role("heading", level=1, name="Change your password").wait_for()
        assert_accessible(page, axe_violations, "change password")
        page.get_by_label("Current password").fill(factories.PASSWORD)
        page.get_by_label("New password", exact=True).fill("lantern-orchard-velvet-92")
        page.get_by_label("Confirm new password").fill("lantern-orchard-velvet-92")
        page.get_by_role("button", name="Change password").click()

        page.get_by_text("Your password has been changed").wait_for()
        officer_a.refresh_from_db()
        assert officer_a.check_password("lantern-orchard-velvet-92")
