"""The daily recovery run in the officer UI: list, preview, run now, a run and its approval."""

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM
from arrears.interfaces.tasks import recovery as recovery_tasks
from arrears.interfaces.web.recovery import runs as run_pages
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from arrears.letters.models import Letter
from arrears.recovery.models import Hold, RecoveryAction, RecoveryRun, RunStatus
from arrears.recovery.services.run import run_authority
from arrears.staff.domain.policy import Role
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 3, 30)  # the reminders of accounts opened on 21 March fall due


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(
        dt.datetime(2026, 3, 30, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        yield


def _date(name, day):
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", _main(response)))


def _account(authority, surname):
    party = factories.PartyFactory(authority=authority, surname=surname)
    factories.AddressFactory(party=party)
    account = factories.DebtAccountFactory(
        authority=authority, opened_date=D(2026, 3, 21), parties=[party]
    )
    ledger.post_charge(
        account=account,
        amount=Decimal("500.00"),
        effective_date=D(2026, 3, 21),
        charge_kind=ChargeKind.LIABILITY,
        rule="liability.annual-bill",
        reason="Council tax 2026/27",
        actor=SYSTEM,
    )
    return account


@pytest.fixture
def accounts(authority_a):
    """Three accounts whose reminders fall due today; the cases were opened on 23 March."""
    made = [_account(authority_a, name) for name in ("Abbott", "Baker", "Carter")]
    run_authority(authority=authority_a, as_of=D(2026, 3, 23), dry_run=False, actor=SYSTEM)
    RecoveryRun.objects.filter(authority=authority_a).delete()  # the opening run is not shown
    Hold.objects.create(
        account=made[2],
        kind="DISPUTE",
        start_date=D(2026, 3, 25),
        reason="Disputes the band",
        recorded_at=dt.datetime(2026, 3, 25, 9, 0, tzinfo=dt.UTC),
    )
    return made


def _client(client, role, *authorities):
    officer = factories.OfficerFactory(role=role.value, authorities=list(authorities))
    client.force_login(officer)
    return officer


@pytest.fixture
def team_leader(client, authority_a):
    return _client(client, Role.TEAM_LEADER, authority_a)


def _preview_url(authority, day=TODAY):
    query = "&".join(f"{k}={v}" for k, v in _date("run_date", day).items())
    return f"{reverse('web:recovery-run-preview')}?authority={authority.code}&{query}"


def _real_run(authority, officer=None):
    summary = run_authority(
        authority=authority,
        as_of=TODAY,
        dry_run=False,
        actor=SYSTEM.__class__(officer_id=officer.pk if officer else None, channel="web"),
    )
    return RecoveryRun.objects.get(pk=summary.run_ids[0])


class TestRunList:
    def test_run_list_says_when_no_run_has_been_recorded(self, client, team_leader, authority_a):
        response = client.get(reverse("web:recovery-runs"))

        text = _text(response)
        assert response.status_code == 200
        assert "Alpha Borough Council" in text
        assert "No run has been recorded yet." in text
        assert "Preview a run" in text

    def test_run_list_shows_each_run_with_its_counts(
        self, client, team_leader, authority_a, authority_b, accounts
    ):
        run = _real_run(authority_a)
        _account(authority_b, "Zebedee")
        run_authority(authority=authority_b, as_of=TODAY, dry_run=False, actor=SYSTEM)

        response = client.get(reverse("web:recovery-runs"))

        text = _text(response)
        assert reverse("web:recovery-run", kwargs={"run_id": run.pk}) in _main(response)
        assert "30 Mar 2026 : run" in text
        assert "Letters awaiting approval" in text
        assert "Reminder: 2" in text
        assert "Dispute: 1" in text
        assert "Beta District Council" not in text

    def test_run_list_is_in_the_navigation(self, client, team_leader):
        response = client.get(reverse("web:home"))

        assert 'href="/recovery/runs/"' in response.content.decode()

    def test_run_list_offers_no_preview_to_officers_who_may_not_run(self, client, authority_a):
        _client(client, Role.DEBT_MANAGEMENT_OFFICER, authority_a)

        response = client.get(reverse("web:recovery-runs"))

        assert response.status_code == 200
        assert "Preview a run" not in _main(response)


class TestRunPreview:
    def test_run_preview_shows_the_form_with_today(self, client, team_leader, authority_a):
        response = client.get(reverse("web:recovery-run-preview"))

        main = _main(response)
        assert response.status_code == 200
        assert "Alpha Borough Council" in main
        assert 'name="run_date-day" type="text" inputmode="numeric" value="30"' in main
        assert "What the run would do" not in main

    def test_run_preview_counts_steps_and_holds_and_saves_nothing(
        self, client, team_leader, authority_a, accounts
    ):
        actions_before = RecoveryAction.objects.count()

        response = client.get(_preview_url(authority_a))

        text = _text(response)
        assert response.status_code == 200
        assert "What the run would do for Alpha Borough Council on 30 March 2026" in text
        assert "Cases due and looked at 3" in text
        assert "Stage Accounts Compared Reminder 2" in text
        assert "Reason Accounts Compared Dispute 1" in text
        assert "No step is skipped." in text
        assert "width: 100%" in _main(response)  # the longest bar
        assert "width: 50%" in _main(response)
        assert not RecoveryRun.objects.exists()
        assert RecoveryAction.objects.count() == actions_before
        assert "Run now" in text

    def test_run_preview_for_another_day_cannot_be_run_now(
        self, client, team_leader, authority_a, accounts
    ):
        response = client.get(_preview_url(authority_a, D(2026, 4, 7)))

        text = _text(response)
        assert "Only today's run can be started." in text
        assert 'action="/recovery/runs/start/"' not in _main(response)

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"step": "preview", **_date("run_date", TODAY)}, "Select the council"),
            ({"authority": "BETA", **_date("run_date", TODAY)}, "Select the council"),
            ({"authority": "ALPHA", "run_date-day": "31", "run_date-month": "2",
              "run_date-year": "2026"}, "Run date must be a real date"),
        ],
    )  # fmt: skip
    def test_run_preview_names_what_is_wrong(
        self, client, team_leader, authority_a, authority_b, params, message
    ):
        response = client.get(reverse("web:recovery-run-preview"), params)

        main = _main(response)
        assert "There is a problem" in main
        assert message in main
        assert "What the run would do" not in main

    @pytest.mark.parametrize("role", [Role.DEBT_MANAGEMENT_OFFICER, Role.MANAGER, Role.AUDITOR])
    def test_run_preview_is_refused_to_roles_that_may_not_run(self, client, authority_a, role):
        _client(client, role, authority_a)

        response = client.get(_preview_url(authority_a))

        assert response.status_code == 403


class TestRunStart:
    def test_run_start_page_asks_which_council(self, client, team_leader, authority_a):
        response = client.get(reverse("web:recovery-run-start"))

        text = _text(response)
        assert response.status_code == 200
        assert "Run today's recovery" in text
        assert "by today, 30 March 2026" in text
        assert "Alpha Borough Council" in text

    def test_run_start_runs_through_the_task_and_shows_the_run(
        self, client, team_leader, authority_a, accounts
    ):
        response = client.post(
            reverse("web:recovery-run-start"), {"authority": "ALPHA", "run_date": "2026-03-30"}
        )

        run = RecoveryRun.objects.get(authority=authority_a)
        assert response.status_code == 302
        assert response["Location"] == reverse("web:recovery-run", kwargs={"run_id": run.pk})
        assert (run.run_date, run.status, run.started_by_id) == (
            TODAY,
            RunStatus.AWAITING_APPROVAL,
            team_leader.pk,
        )
        assert run.actions == {"REMINDER": 2}
        assert run.held == {"DISPUTE": 1}
        assert AuditEvent.objects.filter(
            action="recovery.run.finished", object_id=str(run.pk), channel="task"
        ).exists()
        page = client.get(response["Location"])
        assert "The run for Alpha Borough Council on 30 March 2026 has finished" in _text(page)

    def test_run_start_refuses_a_day_other_than_today(
        self, client, team_leader, authority_a, accounts
    ):
        response = client.post(
            reverse("web:recovery-run-start"), {"authority": "ALPHA", "run_date": "2026-03-29"}
        )

        assert response.status_code == 400
        assert "A run can only be started for today, 30 March 2026" in _main(response)
        assert not RecoveryRun.objects.exists()

    def test_run_start_refuses_another_councils_code(
        self, client, team_leader, authority_a, authority_b
    ):
        response = client.post(reverse("web:recovery-run-start"), {"authority": "BETA"})

        assert response.status_code == 400
        assert "Select the council" in _main(response)
        assert not RecoveryRun.objects.exists()

    @pytest.mark.parametrize("role", [Role.DEBT_MANAGEMENT_OFFICER, Role.MANAGER])
    def test_run_start_is_refused_to_roles_that_may_not_run(self, client, authority_a, role):
        _client(client, role, authority_a)

        response = client.post(reverse("web:recovery-run-start"), {"authority": "ALPHA"})

        assert response.status_code == 403
        assert not RecoveryRun.objects.exists()


class TestRunPage:
    def test_run_page_shows_the_counts_and_the_way_to_approval(
        self, client, team_leader, authority_a, accounts
    ):
        run = _real_run(authority_a, team_leader)

        response = client.get(reverse("web:recovery-run", kwargs={"run_id": run.pk}))

        text = _text(response)
        assert response.status_code == 200
        assert "Recovery run for 30 March 2026" in text
        assert "Letters awaiting approval" in text
        assert "Letters awaiting release 2" in text
        assert "Reminder 2" in text
        assert "Approve and release letters" in text

    def test_run_page_shows_no_approval_to_officers_who_may_not_approve(
        self, client, authority_a, accounts
    ):
        run = _real_run(authority_a)
        _client(client, Role.DEBT_MANAGEMENT_OFFICER, authority_a)

        response = client.get(reverse("web:recovery-run", kwargs={"run_id": run.pk}))

        assert response.status_code == 200
        assert "Approve and release letters" not in _text(response)
        assert "must approve this run" in _text(response)

    def test_run_page_answers_404_for_another_councils_run(self, client, team_leader, authority_b):
        _account(authority_b, "Zebedee")
        run_authority(authority=authority_b, as_of=D(2026, 3, 23), dry_run=False, actor=SYSTEM)
        run = RecoveryRun.objects.get(authority=authority_b)

        for name in ("web:recovery-run", "web:recovery-run-approve"):
            assert client.get(reverse(name, kwargs={"run_id": run.pk})).status_code == 404


class TestRunApprove:
    def test_run_approve_shows_the_counts_again_and_warns(
        self, client, team_leader, authority_a, accounts
    ):
        run = _real_run(authority_a)

        response = client.get(reverse("web:recovery-run-approve", kwargs={"run_id": run.pk}))

        text = _text(response)
        assert response.status_code == 200
        assert "Approve the recovery run for 30 March 2026" in text
        assert "2 letters will be released for printing" in text
        assert "Reminder 2" in text
        assert "Dispute 1" in text
        assert run.status == RunStatus.AWAITING_APPROVAL

    def test_run_approve_releases_the_letters(self, client, team_leader, authority_a, accounts):
        run = _real_run(authority_a)
        url = reverse("web:recovery-run-approve", kwargs={"run_id": run.pk})

        response = client.post(url)

        run.refresh_from_db()
        assert response.status_code == 302
        assert (run.status, run.approved_by_id) == (RunStatus.RELEASED, team_leader.pk)
        statuses = set(
            Letter.objects.filter(batch_key=run.batch_key).values_list("status", flat=True)
        )
        assert statuses == {"RELEASED"}
        page = client.get(response["Location"])
        assert "Run approved: 2 letters released for printing" in _text(page)
        assert "Approve and release letters" not in _text(page)
        again = client.post(url)
        assert again.status_code == 400
        assert "This run is not awaiting approval" in _main(again)

    def test_run_approve_withdraws_a_step_a_hold_now_stops(
        self, client, team_leader, authority_a, accounts
    ):
        run = _real_run(authority_a)
        factories.MarkerFactory(
            party=accounts[0].parties.get(),
            kind="BREATHING_SPACE",
            category="STANDARD",
            start_date=D(2026, 3, 29),
        )

        response = client.post(reverse("web:recovery-run-approve", kwargs={"run_id": run.pk}))

        page = client.get(response["Location"])
        assert (
            "Run approved: 1 letter released for printing; 1 step withdrawn because a hold now "
            "stops them"
        ) in _text(page)

    @pytest.mark.parametrize("role", [Role.DEBT_MANAGEMENT_OFFICER, Role.AUDITOR])
    def test_run_approve_is_refused_to_roles_without_approve(
        self, client, authority_a, accounts, role
    ):
        run = _real_run(authority_a)
        _client(client, role, authority_a)

        response = client.post(reverse("web:recovery-run-approve", kwargs={"run_id": run.pk}))

        assert response.status_code == 403
        run.refresh_from_db()
        assert run.status == RunStatus.AWAITING_APPROVAL

    def test_run_approve_is_open_to_a_manager(self, client, authority_a, accounts):
        run = _real_run(authority_a)
        _client(client, Role.MANAGER, authority_a)

        response = client.post(reverse("web:recovery-run-approve", kwargs={"run_id": run.pk}))

        assert response.status_code == 302
        run.refresh_from_db()
        assert run.status == RunStatus.RELEASED


class TestRunTask:
    def test_run_task_is_started_by_the_name_the_web_pages_use(self):
        assert run_pages.RUN_TASK == recovery_tasks.RUN_DAILY_RECOVERY

    def test_run_task_runs_one_authority_and_returns_its_counts(self, authority_a, accounts):
        result = recovery_tasks.run_daily_recovery_task.delay(
            authority_code="ALPHA", date_iso="2026-03-30", officer_id=None
        )

        counts = result.get()
        run = RecoveryRun.objects.get(authority=authority_a)
        assert counts["run_ids"] == [run.pk]
        assert (counts["evaluated"], counts["actions"], counts["held"]) == (
            3,
            {"REMINDER": 2},
            {"DISPUTE": 1},
        )

    def test_run_task_refuses_an_unknown_authority(self):
        with pytest.raises(recovery_tasks.UnknownAuthority, match="no authority with code 'NOPE'"):
            recovery_tasks.run_daily_recovery_task.delay(
                authority_code="NOPE", date_iso="2026-03-30", officer_id=None
            )
