"""The "Today" work queue page through the test client, on a fixed London date."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from arrears.kernel.clock import LONDON
from arrears.recovery.models import CourtSession, Hold, RecoveryRun, RunStatus
from arrears.staff.domain.policy import ROLE_PERMISSIONS, Permission, Role
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
# 09:00 in London on TODAY (GMT in November); the page must use London's date.
AT_NINE = time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False)

QUEUE_ROLES = [r for r in Role if Permission.VIEW_WORK_QUEUE in ROLE_PERMISSIONS[r]]
OTHER_ROLES = [r for r in Role if r not in QUEUE_ROLES]
URL = "/work/"


def _login(client, authorities, role=Role.DEBT_MANAGEMENT_OFFICER):
    officer = factories.OfficerFactory(role=role.value, authorities=authorities)
    client.force_login(officer)
    return officer


def _breathing_space(party, *, start):
    return factories.MarkerFactory(
        party=party,
        kind="BREATHING_SPACE",
        category="STANDARD",
        start_date=start,
        end_date=start + dt.timedelta(days=59),
        recorded_at=dt.datetime.combine(start, dt.time(10), tzinfo=LONDON),
    )


def _hold(account, *, review):
    return Hold.objects.create(
        account=account,
        kind="DISPUTE",
        start_date=dt.date(2026, 10, 1),
        review_date=review,
        reason="Says the bill was for the wrong band",
        recorded_at=timezone.now(),
    )


def _run(authority, *, status=RunStatus.AWAITING_APPROVAL, skipped=None):
    return RecoveryRun.objects.create(
        authority=authority,
        run_date=TODAY,
        status=status,
        actions={"REMINDER": 3},
        skipped=skipped or {"no-court-session": 2},
        started_at=timezone.now(),
    )


def _rows(html):
    """Return the task table's rows as (kind, text) pairs, in order."""
    return [
        (kind, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip())
        for kind, body in re.findall(r'data-task-kind="(\w+)">(.*?)</tr>', html, re.S)
    ]


@pytest.fixture
def party_a(authority_a):
    return factories.PartyFactory(authority=authority_a, forenames="Jane", surname="Abernethy")


class TestWorkQueuePage:
    def test_work_queue_is_the_second_link_in_the_navigation(self, client, authority_a):
        _login(client, [authority_a])

        html = client.get(reverse("web:home")).content.decode()

        links = re.findall(r'class="govuk-service-navigation__link" href="([^"]+)"', html)
        assert links[:2] == [reverse("web:home"), URL]

    @pytest.mark.parametrize("role", QUEUE_ROLES)
    def test_work_queue_opens_for_casework_roles(self, client, authority_a, role):
        _login(client, [authority_a], role)

        response = client.get(URL)

        assert response.status_code == 200

    @pytest.mark.parametrize("role", OTHER_ROLES)
    def test_work_queue_is_forbidden_to_other_roles(self, client, authority_a, role):
        _login(client, [authority_a], role)

        response = client.get(URL)

        assert response.status_code == 403
        assert URL not in client.get(reverse("web:home")).content.decode()

    def test_work_queue_sends_a_visitor_to_sign_in(self, client):
        response = client.get(URL)

        assert response.status_code == 302

    @AT_NINE
    def test_work_queue_lists_tasks_overdue_first_with_a_red_tag_and_links(
        self, client, authority_a, party_a
    ):
        _breathing_space(party_a, start=TODAY - dt.timedelta(days=3))
        account = factories.DebtAccountFactory(authority=authority_a, parties=[party_a])
        _hold(account, review=TODAY)
        _login(client, [authority_a])

        html = client.get(URL).content.decode()

        rows = _rows(html)
        assert [kind for kind, _ in rows] == [
            "BREATHING_SPACE_SEARCH",
            "HOLD_REVIEW",
            "BREATHING_SPACE_REVIEW_DEADLINE",
        ]
        assert "20 Nov 2026 Overdue" in rows[0][1]
        assert "23 Nov 2026 Today" in rows[1][1]
        assert html.count('govuk-tag govuk-tag--red">Overdue') == 1
        party_href = reverse("web:party", kwargs={"party_id": party_a.pk})
        account_href = reverse("web:account", kwargs={"account_id": account.pk})
        assert f'href="{party_href}">Search for the debtor&#x27;s other debts' in html
        assert "Ms Jane Abernethy" in rows[0][1]
        assert f'href="{account_href}">Review the dispute hold' in html
        assert account.reference in rows[1][1]

    @AT_NINE
    def test_work_queue_counts_tasks_by_type_at_the_top(self, client, authority_a, party_a):
        _breathing_space(party_a, start=TODAY - dt.timedelta(days=3))
        _login(client, [authority_a])

        response = client.get(URL)

        counts = {c.group.value: (c.count, c.overdue) for c, _ in response.context["counts"]}
        assert counts["BREATHING_SPACE"] == (2, 1)
        assert counts["HOLD_REVIEW"] == (0, 0)
        assert "APPROVAL" not in counts
        html = response.content.decode()
        assert html.index('id="task-counts"') < html.index('class="moj-filter-layout"')

    @AT_NINE
    def test_work_queue_shows_approvals_only_to_those_who_may_approve(self, client, authority_a):
        _run(authority_a)
        _login(client, [authority_a], Role.DEBT_MANAGEMENT_OFFICER)
        officer_html = client.get(URL).content.decode()
        _login(client, [authority_a], Role.TEAM_LEADER)
        leader_html = client.get(URL).content.decode()

        assert "Approve the letters" not in officer_html
        assert 'value="APPROVAL"' not in officer_html
        assert "Approve the letters from the recovery run of 23 November 2026" in leader_html
        assert "Book a court session: 2 cases" in officer_html
        assert "Book a court session: 2 cases" in leader_html

    @AT_NINE
    def test_work_queue_links_court_and_run_tasks_to_their_pages(self, client, authority_a):
        session = CourtSession.objects.create(
            authority=authority_a,
            court_name="Kingston Magistrates' Court",
            hearing_date=TODAY + dt.timedelta(days=2),
            hearing_time=dt.time(10),
            capacity=50,
            created_at=timezone.now(),
        )
        run = _run(
            authority_a,
            status=RunStatus.RELEASED,
            skipped={"past-time-limit": 1, "no-court-session": 2},
        )
        _login(client, [authority_a])

        html = client.get(URL).content.decode()

        run_href = reverse("web:recovery-run", kwargs={"run_id": run.pk})
        session_href = reverse("web:court-session", kwargs={"session_id": session.pk})
        assert f'href="{run_href}">Review 1 case past a time limit' in html
        assert f'href="{session_href}">Liability order hearing at Kingston' in html
        assert f'href="{reverse("web:court-sessions")}">Book a court session' in html

    @AT_NINE
    def test_work_queue_filters_by_type_and_due_with_selected_filters_to_remove(
        self, client, authority_a, party_a
    ):
        _breathing_space(party_a, start=TODAY - dt.timedelta(days=3))
        account = factories.DebtAccountFactory(authority=authority_a, parties=[party_a])
        _hold(account, review=TODAY)
        _login(client, [authority_a])

        by_kind = client.get(URL, {"kind": "HOLD_REVIEW"}).content.decode()
        overdue = client.get(URL, {"due": "OVERDUE"}).content.decode()
        both = client.get(URL, {"kind": "BREATHING_SPACE", "due": "TODAY"}).content.decode()
        nonsense = client.get(URL, {"kind": "NOPE", "due": "SOON", "authority": "x"})

        assert [kind for kind, _ in _rows(by_kind)] == ["HOLD_REVIEW"]
        assert [kind for kind, _ in _rows(overdue)] == ["BREATHING_SPACE_SEARCH"]
        assert _rows(both) == []
        assert "Nothing matches these filters" in both
        assert "Selected filters" in by_kind
        assert f'class="moj-filter__tag" href="{URL}"' in by_kind
        assert f'href="{URL}?kind=BREATHING_SPACE"' in both  # removes "due today"
        assert 'value="HOLD_REVIEW" checked' in by_kind
        assert nonsense.status_code == 200
        assert len(_rows(nonsense.content.decode())) == 3

    @AT_NINE
    def test_work_queue_offers_a_council_filter_to_a_shared_service_officer(
        self, client, authority_a, authority_b, party_a
    ):
        _breathing_space(party_a, start=TODAY)
        party_b = factories.PartyFactory(authority=authority_b, surname="Bannerman")
        _breathing_space(party_b, start=TODAY)
        _login(client, [authority_a, authority_b])

        everything = client.get(URL).content.decode()
        only_b = client.get(URL, {"authority": str(authority_b.pk)}).content.decode()

        assert "Abernethy" in everything
        assert "Bannerman" in everything
        assert "Beta District Council" in everything
        assert "Bannerman" in only_b
        assert "Abernethy" not in only_b

    @AT_NINE
    def test_work_queue_never_shows_another_councils_tasks(self, client, authority_a, authority_b):
        party_b = factories.PartyFactory(authority=authority_b, surname="Bannerman")
        _breathing_space(party_b, start=TODAY)
        CourtSession.objects.create(
            authority=authority_b,
            court_name="Bromley Magistrates' Court",
            hearing_date=TODAY,
            hearing_time=dt.time(10),
            capacity=50,
            created_at=timezone.now(),
        )
        _run(authority_b)
        _login(client, [authority_a], Role.TEAM_LEADER)

        html = client.get(URL, {"authority": str(authority_b.pk)}).content.decode()

        assert _rows(html) == []
        assert "Bannerman" not in html
        assert "Bromley" not in html
        assert "Beta District Council" not in html

    @AT_NINE
    def test_work_queue_page_runs_a_bounded_number_of_queries(
        self, client, authority_a, party_a, django_assert_max_num_queries
    ):
        _login(client, [authority_a], Role.TEAM_LEADER)
        for day in range(10):
            party = factories.PartyFactory(authority=authority_a)
            _breathing_space(party, start=TODAY - dt.timedelta(days=day))
            account = factories.DebtAccountFactory(authority=authority_a, parties=[party])
            _hold(account, review=TODAY - dt.timedelta(days=day))

        # Session, officer, councils seen, their names, ten reads of tasks, the session saved:
        # the same for 30 tasks as for 3.
        with django_assert_max_num_queries(15):
            response = client.get(URL)

        assert len(response.context["rows"]) == 10 * 3
