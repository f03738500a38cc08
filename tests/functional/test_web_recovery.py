"""The recovery panel on the account page, and recording and ending holds (issue 3, items 2-3)."""

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from arrears.recovery.models import ActionType, Hold, RecoveryAction, RecoveryCase
from arrears.recovery.services import cases, streams
from arrears.staff.domain.policy import Permission, Role, can
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 3, 27)

ROLES_WITHOUT_RECORD_HOLD = [
    role for role in Role if not can(role=role, permission=Permission.RECORD_HOLD)
]


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(
        dt.datetime(2026, 3, 27, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
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
    """The page's main content as text, with tags and runs of white space taken out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", _main(response)))


@pytest.fixture
def account(authority_a):
    party = factories.PartyFactory(authority=authority_a, forenames="Jane", surname="Holloway")
    factories.AddressFactory(party=party)
    account = factories.DebtAccountFactory(
        authority=authority_a, reference="CT00004242", opened_date=D(2026, 3, 21), parties=[party]
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
def case(account):
    """The account's case on the England council tax stream, the reminder taken on 23 March."""
    streams.install_default_streams(
        authority_id=account.authority_id, actor=SYSTEM, at=timezone.now()
    )
    cases.open_cases(authority=account.authority, as_of=D(2026, 3, 22), actor=SYSTEM)
    case = RecoveryCase.objects.select_related("next_stage").get(account=account)
    reminder = case.next_stage
    following = case.stream.stages.get(code="SECOND_REMINDER")
    RecoveryAction.objects.create(
        case=case,
        account=account,
        authority=account.authority,
        stage=reminder,
        kind=ActionType.STAGE,
        stream_version=case.stream.version,
        action_date=D(2026, 3, 23),
        rule=reminder.rule,
        explanation={
            "as_of": "2026-03-23",
            "stage": "REMINDER",
            "stage_name": reminder.name,
            "rule": reminder.rule,
            "balance": "500.00",
            "cost": {
                "description": "Test costs",
                "amount": "10.00",
                "valid_from": "2026-01-01",
                "justification": "Set by the council",
            },
            "schedule": {
                "next_stage": "SECOND_REMINDER",
                "counted_from": "the day the previous stage was issued",
                "counted_from_date": "2026-03-23",
                "wait": "7 days beginning with",
                "earliest_date": "2026-03-29",
                "due_date": "2026-03-30",
            },
        },
        cost_amount=Decimal("10.00"),
        letter_id=987654,
        created_at=timezone.now(),
    )
    case.stage = reminder
    case.stage_date = D(2026, 3, 23)
    case.next_stage = following
    case.next_due_date = D(2026, 3, 30)
    case.save()
    return case


@pytest.fixture
def signed_in(client, officer_a):
    client.force_login(officer_a)
    return client


def _account_url(account):
    return reverse("web:account", kwargs={"account_id": account.pk})


def _new_hold_url(account):
    return reverse("web:account-hold-new", kwargs={"account_id": account.pk})


def _end_hold_url(hold):
    return reverse(
        "web:account-hold-end", kwargs={"account_id": hold.account_id, "hold_id": hold.pk}
    )


def _hold(account, **changes):
    details = {
        "kind": "DISPUTE",
        "start_date": D(2026, 3, 1),
        "reason": "Disputes the band",
        "recorded_at": timezone.now(),
    }
    details.update(changes)
    return Hold.objects.create(account=account, **details)


class TestRecoveryPanel:
    def test_recovery_panel_says_an_account_without_a_case_is_not_in_recovery(
        self, signed_in, account
    ):
        response = signed_in.get(_account_url(account))

        text = _text(response)
        assert response.status_code == 200
        assert 'id="recovery"' in _main(response)
        assert "Not in recovery" in text
        assert "No recovery case is open" in text
        assert "Stages of the stream" not in text

    def test_recovery_panel_shows_the_stream_stage_and_why_the_account_is_not_due(
        self, signed_in, case
    ):
        response = signed_in.get(_account_url(case.account))

        text = _text(response)
        assert f"{case.stream.name}, version 1" in text
        assert f"Current stage {case.stage.name}, issued 23 March 2026" in text
        assert f"Next stage {case.next_stage.name}, due 30 March 2026" in text
        assert "Not due until 30 March 2026 (as of 27 March 2026)" in text
        assert f"{case.next_stage.name} falls due on 30 March 2026." in text

    def test_recovery_panel_lists_the_stages_reached_and_not(self, signed_in, case):
        response = signed_in.get(_account_url(case.account))

        text = _text(response)
        assert f"{case.stage.name} (Letter) Current" in text
        assert f"{case.next_stage.name} (Letter) Next" in text
        assert "Not reached" in text

    def test_recovery_panel_explains_each_action(self, signed_in, case):
        response = signed_in.get(_account_url(case.account))

        text = _text(response)
        assert "23 Mar 2026" in text
        assert "£10.00" in text
        assert "Letter 987654" in text
        assert "Cost Test costs: £10.00 (in force from 1 January 2026)" in text
        assert "Why the cost Set by the council" in text
        assert (
            "Next step Second reminder due 30 March 2026: 7 days beginning with the day the "
            "previous stage was issued (23 March 2026); earliest 29 March 2026, moved to the "
            "next working day"
        ) in text
        assert "Balance then £500.00" in text

    def test_recovery_panel_shows_a_due_account_and_the_decision(self, signed_in, case, officer_a):
        with time_machine.travel(
            dt.datetime(2026, 3, 30, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
        ):
            signed_in.force_login(officer_a)  # a session does not last three days
            response = signed_in.get(_account_url(case.account))

        text = _text(response)
        assert f"Due: {case.next_stage.name} (as of 30 March 2026)" in text

    def test_recovery_panel_shows_holds_with_the_law_and_why_the_account_is_held(
        self, signed_in, case, officer_a
    ):
        hold = _hold(case.account, start_date=D(2026, 3, 24), review_date=D(2026, 3, 27))
        factories.MarkerFactory(
            party=case.account.parties.get(),
            kind="BREATHING_SPACE",
            category="STANDARD",
            start_date=D(2025, 1, 6),
            end_date=D(2025, 3, 6),
        )

        with time_machine.travel(
            dt.datetime(2026, 3, 30, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
        ):
            signed_in.force_login(officer_a)  # a session does not last three days
            response = signed_in.get(_account_url(case.account))

        text = _text(response)
        assert "Held: Dispute" in text
        assert "The debt is disputed: recovery waits until the dispute is decided." in text
        assert "Holds 1 in force" in text
        assert (
            "Dispute In force Review due From 24 March 2026 No end date Review 27 March 2026"
            in text
        )
        assert "Breathing Space Ended From 6 January 2025 To 6 March 2025" in text
        assert "Debt Respite Scheme Regulations 2020" in text
        assert _end_hold_url(hold) in _main(response)

    def test_recovery_panel_keeps_the_old_stage_text_without_a_case(self, signed_in, account):
        account.recovery_stage = "REMINDER"
        account.save(update_fields=["recovery_stage"])

        response = signed_in.get(_account_url(account))

        assert 'href="#recovery"' not in _main(response)

    def test_recovery_panel_offers_holds_only_to_officers_who_may_record_them(
        self, client, account
    ):
        role = ROLES_WITHOUT_RECORD_HOLD[0]
        client.force_login(
            factories.OfficerFactory(role=role.value, authorities=[account.authority])
        )
        _hold(account)

        response = client.get(_account_url(account))

        assert response.status_code == 200
        assert "Record a hold" not in _main(response)
        assert "/holds/" not in _main(response)

    def test_recovery_panel_links_after_the_liability_order_when_that_page_exists(
        self, signed_in, account
    ):
        from django.urls import NoReverseMatch

        try:
            remedies = reverse("web:account-remedies", kwargs={"account_id": account.pk})
        except NoReverseMatch:
            remedies = None

        response = signed_in.get(_account_url(account))

        if remedies is None:
            assert "After the liability order" not in _main(response)
        else:
            assert f'href="{remedies}"' in _main(response)


class TestRecordHold:
    def test_record_hold_page_shows_the_form_with_today_as_the_start(self, signed_in, account):
        response = signed_in.get(_new_hold_url(account))

        main = _main(response)
        assert response.status_code == 200
        assert "Record a hold" in main
        assert "Live arrangement" in main
        assert 'name="start_date-day" type="text" inputmode="numeric" value="27"' in main
        assert "Breathing Space" in main  # says where Breathing Space is recorded instead

    def test_record_hold_records_a_backdated_hold_and_returns_to_the_account(
        self, signed_in, account, officer_a
    ):
        response = signed_in.post(
            _new_hold_url(account),
            {
                "kind": "APPEAL",
                **_date("start_date", D(2026, 3, 2)),
                **_date("review_date", D(2026, 4, 30)),
                "reason": "Appeal to the valuation tribunal",
            },
        )

        assert response.status_code == 302
        assert response["Location"] == f"{_account_url(account)}#recovery"
        hold = Hold.objects.get(account=account)
        assert (hold.kind, hold.start_date, hold.review_date, hold.end_date) == (
            "APPEAL",
            D(2026, 3, 2),
            D(2026, 4, 30),
            None,
        )
        assert hold.recorded_by_id == officer_a.pk
        assert AuditEvent.objects.filter(
            action="recovery.hold.recorded", object_id=str(hold.pk), channel="web"
        ).exists()
        page = signed_in.get(response["Location"])
        assert "Appeal hold recorded, from 2 March 2026" in page.content.decode()

    def test_record_hold_names_each_missing_detail(self, signed_in, account):
        response = signed_in.post(
            _new_hold_url(account), {"start_date-day": "", "start_date-month": "", "reason": ""}
        )

        main = _main(response)
        assert response.status_code == 400
        assert "There is a problem" in main
        assert "Select the kind of hold" in main
        assert "Enter the start date" in main
        assert "Enter the reason for the hold" in main
        assert not Hold.objects.filter(account=account).exists()

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            (
                _date("end_date", D(2026, 3, 1)),
                "End date must be the same as or after the start date, 2 March 2026",
            ),
            (
                _date("review_date", D(2026, 2, 28)),
                "Review date must be the same as or after the start date, 2 March 2026",
            ),
            (
                {"end_date-day": "31", "end_date-month": "2", "end_date-year": "2026"},
                "End date must be a real date",
            ),
        ],
    )
    def test_record_hold_refuses_dates_that_do_not_make_sense(
        self, signed_in, account, changes, message
    ):
        response = signed_in.post(
            _new_hold_url(account),
            {
                "kind": "DISPUTE",
                **_date("start_date", D(2026, 3, 2)),
                "reason": "Disputes the band",
                **changes,
            },
        )

        assert response.status_code == 400
        assert message in _main(response)
        assert "govuk-error-summary" in _main(response)
        assert not Hold.objects.filter(account=account).exists()

    def test_record_hold_refuses_a_kind_that_is_a_party_marker(self, signed_in, account):
        response = signed_in.post(
            _new_hold_url(account),
            {"kind": "BREATHING_SPACE", **_date("start_date", D(2026, 3, 2)), "reason": "x"},
        )

        assert response.status_code == 400
        assert "Select the kind of hold" in _main(response)
        assert not Hold.objects.exists()

    @pytest.mark.parametrize("role", ROLES_WITHOUT_RECORD_HOLD)
    def test_record_hold_is_refused_to_roles_without_the_permission(self, client, account, role):
        client.force_login(
            factories.OfficerFactory(role=role.value, authorities=[account.authority])
        )

        response = client.post(
            _new_hold_url(account),
            {"kind": "DISPUTE", **_date("start_date", D(2026, 3, 2)), "reason": "x"},
        )

        assert response.status_code == 403
        assert not Hold.objects.exists()

    def test_record_hold_answers_404_for_another_councils_account(self, signed_in, authority_b):
        other = factories.DebtAccountFactory(authority=authority_b)

        response = signed_in.post(
            _new_hold_url(other),
            {"kind": "DISPUTE", **_date("start_date", D(2026, 3, 2)), "reason": "x"},
        )

        assert response.status_code == 404
        assert not Hold.objects.exists()


class TestEndHold:
    def test_end_hold_page_shows_the_hold(self, signed_in, account):
        hold = _hold(account, review_date=D(2026, 4, 1))

        response = signed_in.get(_end_hold_url(hold))

        text = _text(response)
        assert response.status_code == 200
        assert "End hold: Dispute" in text
        assert "Started 1 March 2026" in text
        assert "Review 1 April 2026" in text

    def test_end_hold_ends_the_hold_and_returns_to_the_account(self, signed_in, account):
        hold = _hold(account)

        response = signed_in.post(_end_hold_url(hold), _date("end_date", D(2026, 3, 26)))

        assert response.status_code == 302
        hold.refresh_from_db()
        assert hold.end_date == D(2026, 3, 26)
        page = signed_in.get(response["Location"])
        assert "Dispute hold ended on 26 March 2026" in page.content.decode()

    def test_end_hold_refuses_an_end_before_the_start(self, signed_in, account):
        hold = _hold(account)

        response = signed_in.post(_end_hold_url(hold), _date("end_date", D(2026, 2, 26)))

        assert response.status_code == 400
        assert "End date must be the same as or after the start date, 1 March 2026" in _main(
            response
        )
        hold.refresh_from_db()
        assert hold.end_date is None

    def test_end_hold_refuses_a_hold_that_already_ended(self, signed_in, account):
        hold = _hold(account, end_date=D(2026, 3, 10))

        response = signed_in.post(_end_hold_url(hold), _date("end_date", D(2026, 3, 20)))

        assert response.status_code == 400
        assert "This hold already ends on 10 March 2026" in _main(response)

    def test_end_hold_answers_404_for_a_hold_on_another_account(self, signed_in, account):
        other = factories.DebtAccountFactory(authority=account.authority)
        hold = _hold(other)
        url = reverse("web:account-hold-end", kwargs={"account_id": account.pk, "hold_id": hold.pk})

        response = signed_in.post(url, _date("end_date", D(2026, 3, 20)))

        assert response.status_code == 404
        hold.refresh_from_db()
        assert hold.end_date is None
