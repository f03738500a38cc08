"""
Recovery in headless Chromium, with axe-core scans: an officer opens an account, reads its
recovery panel and records a hold; a team leader previews the daily run, runs it and approves it.
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from arrears.audit.services import SYSTEM
from arrears.kernel import clock
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from arrears.letters.models import Letter
from arrears.recovery.models import Hold, RecoveryRun, RunStatus
from arrears.recovery.services.run import run_authority
from arrears.staff.domain.policy import Role
from tests import factories
from tests.functional.browser.steps import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


def _account(authority, *, surname: str, reference: str):
    party = factories.PartyFactory(authority=authority, forenames="Jane", surname=surname)
    factories.AddressFactory(party=party)
    opened = clock.today() - dt.timedelta(days=40)
    account = factories.DebtAccountFactory(
        authority=authority, reference=reference, opened_date=opened, parties=[party]
    )
    ledger.post_charge(
        account=account,
        amount=Decimal("500.00"),
        effective_date=opened,
        charge_kind=ChargeKind.LIABILITY,
        rule="liability.annual-bill",
        reason="Council tax",
        actor=SYSTEM,
    )
    return account


@pytest.fixture
def accounts(authority_a, officer_a):
    """Two accounts in recovery whose reminders are due today: cases opened 20 days ago."""
    made = [
        _account(authority_a, surname="Holloway", reference="CT00000042"),
        _account(authority_a, surname="Ingram", reference="CT00000043"),
    ]
    run_authority(
        authority=authority_a,
        as_of=clock.today() - dt.timedelta(days=20),
        dry_run=False,
        actor=SYSTEM,
    )
    return made


class TestRecoveryPages:
    def test_officer_reads_the_recovery_panel_and_records_a_hold(
        self, live_server, browser_page, axe_violations, accounts
    ):
        account = accounts[0]
        page = browser_page
        sign_in(page, live_server)
        page.goto(f"{live_server.url}/accounts/{account.pk}/")

        page.get_by_role("heading", level=2, name="Recovery").wait_for()
        panel = page.locator("#recovery-verdict").inner_text()
        assert "Due: Reminder" in panel
        assert page.get_by_role("heading", name="Stages of the stream").is_visible()
        assert_accessible(page, axe_violations, "account with its recovery panel")

        page.get_by_role("button", name="Record a hold").click()
        page.get_by_role("heading", level=1, name="Record a hold").wait_for()
        assert_accessible(page, axe_violations, "record a hold")
        page.get_by_label("Reason").fill("")
        page.get_by_role("button", name="Record hold").click()
        page.get_by_role("heading", name="There is a problem").wait_for()
        assert "Select the kind of hold" in page.locator(".govuk-error-summary").inner_text()
        assert_accessible(page, axe_violations, "record a hold, with errors")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "record-hold-errors.png"), full_page=True)

        page.get_by_label("Dispute").check()
        start = page.get_by_role("group", name="Start date")
        start.get_by_label("Day").fill("2")
        start.get_by_label("Month").fill("1")
        start.get_by_label("Year").fill("2026")
        page.get_by_label("Reason").fill("Disputes the band; valuation appeal lodged")
        page.get_by_role("button", name="Record hold").click()

        page.get_by_role("heading", level=1, name="Account CT00000042").wait_for()
        banner = page.locator(".govuk-notification-banner").inner_text()
        assert "Dispute hold recorded, from 2 January 2026" in banner
        assert "Held: Dispute" in page.locator("#recovery-verdict").inner_text()
        assert_accessible(page, axe_violations, "account, after recording a hold")
        page.screenshot(path=str(SCREENSHOTS / "account-recovery-panel.png"), full_page=True)
        hold = Hold.objects.get(account=account)
        assert (hold.kind, hold.start_date) == ("DISPUTE", dt.date(2026, 1, 2))

        page.get_by_role("link", name="End the dispute hold from 2 January 2026").click()
        page.get_by_role("heading", level=1, name="End hold: Dispute").wait_for()
        assert_accessible(page, axe_violations, "end a hold")

    def test_team_leader_previews_runs_and_approves_the_daily_run(
        self, live_server, browser_page, axe_violations, authority_a, accounts
    ):
        factories.OfficerFactory(
            username="tina", role=Role.TEAM_LEADER.value, authorities=[authority_a]
        )
        page = browser_page
        sign_in(page, live_server, username="tina")

        page.get_by_role("link", name="Recovery runs").click()
        page.get_by_role("heading", level=1, name="Recovery runs").wait_for()
        assert_accessible(page, axe_violations, "recovery runs")
        page.get_by_role("button", name="Preview a run").click()
        page.get_by_role("heading", level=1, name="Preview a recovery run").wait_for()
        page.get_by_label("Alpha Borough Council").check()
        page.get_by_role("button", name="Preview").click()
        page.get_by_role("heading", name="Steps taken, by stage").wait_for()
        table = page.get_by_role("table", name="Steps taken, by stage").inner_text()
        assert "Reminder\t2" in table
        assert not RecoveryRun.objects.filter(run_date=clock.today()).exists()
        assert_accessible(page, axe_violations, "run preview")
        page.screenshot(path=str(SCREENSHOTS / "recovery-run-preview.png"), full_page=True)

        page.get_by_role("button", name="Run now").click()
        page.get_by_role("heading", level=1, name="Recovery run for").wait_for()
        assert "has finished" in page.locator(".govuk-notification-banner").inner_text()
        assert_accessible(page, axe_violations, "recovery run")
        page.get_by_role("button", name="Approve and release letters").click()
        page.get_by_role("heading", level=1, name="Approve the recovery run").wait_for()
        assert (
            "2 letters will be released for printing"
            in page.locator(".govuk-warning-text").inner_text()
        )
        assert_accessible(page, axe_violations, "approve a recovery run")
        page.get_by_role("button", name="Approve and release letters").click()

        page.get_by_role("heading", level=1, name="Recovery run for").wait_for()
        banner = page.locator(".govuk-notification-banner").inner_text()
        assert "Run approved: 2 letters released for printing" in banner
        run = RecoveryRun.objects.get(run_date=clock.today())
        assert run.status == RunStatus.RELEASED
        assert Letter.objects.filter(batch_key=run.batch_key, status="RELEASED").count() == 2
