"""Recovery streams administration in the officer UI (issue 3, item 1)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM
from arrears.recovery.models import RecoveryCase, Stage, StageCost, Stream
from arrears.recovery.services.streams import install_default_streams
from arrears.staff.domain.policy import Permission, Role, can
from tests import factories

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)
VIEWERS = [role for role in Role if can(role=role, permission=Permission.VIEW_STREAMS)]
READ_ONLY_VIEWERS = [
    role for role in VIEWERS if not can(role=role, permission=Permission.MANAGE_STREAMS)
]
NON_VIEWERS = [role for role in Role if role not in VIEWERS]


def _client(role, authority):
    client = Client()
    client.force_login(factories.OfficerFactory(role=role.value, authorities=[authority]))
    return client


@pytest.fixture
def admin_client(authority_a):
    return _client(Role.ADMINISTRATOR, authority_a)


@pytest.fixture
def council_tax(authority_a):
    install_default_streams(authority_id=authority_a.pk, actor=SYSTEM, at=AT)
    return Stream.objects.get(authority=authority_a, debt_type="COUNCIL_TAX", is_current=True)


def _stage(stream, code):
    return Stage.objects.get(stream=stream, code=code)


def _case_on(stream):
    return RecoveryCase.objects.create(
        account=factories.DebtAccountFactory(authority_id=stream.authority_id),
        authority_id=stream.authority_id,
        stream=stream,
        due_date=dt.date(2026, 4, 1),
        original_amount=Decimal("120.00"),
        opened_date=dt.date(2026, 4, 2),
    )


def _stage_form(stage, **changes):
    data = {
        "wait_days": str(stage.wait_days),
        "day_count": stage.day_count,
        "count_from": stage.count_from,
        "minimum_balance": f"{stage.minimum_balance:.2f}",
        "letter": stage.letter or "NONE",
    }
    data.update(changes)
    return data


def _change_url(stage):
    return reverse(
        "web:stream-stage-change", kwargs={"stream_id": stage.stream_id, "stage_id": stage.pk}
    )


def _cost_url(stage):
    return reverse(
        "web:stream-cost-add", kwargs={"stream_id": stage.stream_id, "stage_id": stage.pk}
    )


class TestStreamPolicy:
    def test_stream_policy_lets_administrators_change_and_leaders_managers_auditors_read(self):
        assert [role for role in Role if can(role=role, permission=Permission.MANAGE_STREAMS)] == [
            Role.ADMINISTRATOR
        ]
        assert set(VIEWERS) == {Role.TEAM_LEADER, Role.MANAGER, Role.AUDITOR, Role.ADMINISTRATOR}


class TestStreamList:
    def test_stream_list_offers_the_defaults_to_a_council_without_streams(
        self, admin_client, authority_a
    ):
        response = admin_client.get(reverse("web:streams"))

        content = response.content.decode()
        assert response.status_code == 200
        assert "Alpha Borough Council has no recovery streams yet" in content
        assert reverse("web:streams-install", args=[authority_a.pk]) in content

    def test_stream_list_installs_the_england_defaults(self, admin_client, authority_a):
        response = admin_client.post(reverse("web:streams-install", args=[authority_a.pk]))

        assert response.status_code == 302
        assert Stream.objects.filter(authority=authority_a, version=1).count() == 8
        page = admin_client.get(reverse("web:streams")).content.decode()
        assert "Council tax (England)" in page
        assert "Install England defaults" not in page

    def test_stream_list_counts_the_cases_on_each_version(self, admin_client, council_tax):
        _case_on(council_tax)

        content = admin_client.get(reverse("web:streams")).content.decode()

        assert (
            'Version 1<span class="govuk-visually-hidden"> of Council tax</span></a>: 1 case'
            in (content)
        )

    @pytest.mark.parametrize("role", READ_ONLY_VIEWERS)
    def test_stream_list_is_read_only_for_viewers(self, role, authority_a):
        client = _client(role, authority_a)

        page = client.get(reverse("web:streams"))
        install = client.post(reverse("web:streams-install", args=[authority_a.pk]))

        assert page.status_code == 200
        assert "Install England defaults" not in page.content.decode()
        assert install.status_code == 403
        assert not Stream.objects.filter(authority=authority_a).exists()

    @pytest.mark.parametrize("role", NON_VIEWERS)
    def test_stream_list_is_refused_to_caseworkers(self, role, authority_a):
        assert _client(role, authority_a).get(reverse("web:streams")).status_code == 403

    def test_stream_list_is_in_the_navigation_of_those_who_may_see_it(self, authority_a):
        admin = _client(Role.ADMINISTRATOR, authority_a).get(reverse("web:streams"))
        agent = _client(Role.ENFORCEMENT_AGENT, authority_a).get(reverse("web:home"))

        assert 'href="/streams/"' in admin.content.decode()
        assert 'href="/streams/"' not in agent.content.decode()


class TestStreamVersion:
    def test_stream_version_shows_the_stages_as_a_timeline(self, admin_client, council_tax):
        response = admin_client.get(reverse("web:stream", args=[council_tax.pk]))

        content = response.content.decode()
        assert response.status_code == 200
        positions = [content.index(f"{n}. {name}") for n, name in [(1, "Reminder"), (4, "Summons")]]
        assert positions == sorted(positions)
        assert "7 days beginning with the day the previous stage was issued" in content
        assert "£64.50" in content
        assert "In force today" in content
        assert "Officer only" in content  # attachment of earnings, bankruptcy, ...
        assert "Shortest lawful wait" in content
        assert "RULES.md §2.3" in content
        assert "Current version" in content

    def test_stream_version_marks_an_older_version(self, admin_client, council_tax):
        admin_client.post(reverse("web:stream-edit", args=[council_tax.pk]), {"change_note": "x"})

        content = admin_client.get(reverse("web:stream", args=[council_tax.pk])).content.decode()

        assert "Older version" in content
        assert "Version 2" in content

    def test_stream_version_is_missing_for_another_council(self, admin_client, authority_b):
        install_default_streams(authority_id=authority_b.pk, actor=SYSTEM, at=AT)
        theirs = Stream.objects.filter(authority=authority_b).first()

        assert admin_client.get(reverse("web:stream", args=[theirs.pk])).status_code == 404

    def test_stream_version_hides_a_stage_of_another_version(self, admin_client, council_tax):
        other = factories.AuthorityFactory()
        install_default_streams(authority_id=other.pk, actor=SYSTEM, at=AT)
        foreign_stage = Stage.objects.filter(stream__authority=other).first()

        url = reverse(
            "web:stream-stage-change",
            kwargs={"stream_id": council_tax.pk, "stage_id": foreign_stage.pk},
        )

        assert admin_client.get(url).status_code == 404


class TestNewVersion:
    def test_new_version_copies_the_stream_and_keeps_the_cases_where_they_were(
        self, admin_client, council_tax
    ):
        case = _case_on(council_tax)

        response = admin_client.post(
            reverse("web:stream-edit", args=[council_tax.pk]),
            {"change_note": "Fourteen days before the summons"},
        )

        v2 = Stream.objects.get(
            authority_id=council_tax.authority_id, debt_type="COUNCIL_TAX", is_current=True
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("web:stream", args=[v2.pk])
        assert v2.version == 2
        assert v2.change_note == "Fourteen days before the summons"
        case.refresh_from_db()
        assert case.stream_id == council_tax.pk

    def test_new_version_needs_a_change_note(self, admin_client, council_tax):
        response = admin_client.post(reverse("web:stream-edit", args=[council_tax.pk]), {})

        assert response.status_code == 400
        assert "Enter what is changing and why" in response.content.decode()
        assert Stream.objects.filter(authority_id=council_tax.authority_id).count() == 8

    @pytest.mark.parametrize("role", READ_ONLY_VIEWERS)
    def test_new_version_is_refused_to_viewers(self, role, authority_a, council_tax):
        client = _client(role, authority_a)

        response = client.post(
            reverse("web:stream-edit", args=[council_tax.pk]), {"change_note": "x"}
        )

        assert response.status_code == 403
        assert not Stream.objects.filter(version=2).exists()


class TestStageChange:
    def test_stage_change_lengthens_the_summons_wait(self, admin_client, council_tax):
        summons = _stage(council_tax, "SUMMONS")

        response = admin_client.post(_change_url(summons), _stage_form(summons, wait_days="14"))

        assert response.status_code == 302
        summons.refresh_from_db()
        assert summons.wait_days == 14
        assert AuditEvent.objects.filter(
            action="recovery.stream.stage_changed", object_id=str(summons.pk)
        ).exists()

    def test_stage_change_refuses_to_shorten_the_summons_wait_citing_the_rule(
        self, admin_client, council_tax
    ):
        summons = _stage(council_tax, "SUMMONS")

        response = admin_client.post(_change_url(summons), _stage_form(summons, wait_days="3"))

        content = response.content.decode()
        assert response.status_code == 400
        assert "Summons must wait at least 7 days beginning with" in content
        assert "RULES.md §2.3" in content
        summons.refresh_from_db()
        assert summons.wait_days == 7

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"wait_days": "seven"}, "Enter the wait as a whole number of days"),
            ({"wait_days": "400"}, "Enter a wait of between 0 and 365 days"),
            ({"minimum_balance": "-1"}, "The minimum balance must be £0.00 or more"),
            ({"minimum_balance": "lots"}, "Enter the minimum balance in pounds and pence"),
            ({}, "You have not changed anything"),
        ],
    )
    def test_stage_change_explains_what_is_wrong(self, admin_client, council_tax, changes, message):
        reminder = _stage(council_tax, "REMINDER")

        response = admin_client.post(_change_url(reminder), _stage_form(reminder, **changes))

        assert response.status_code == 400
        assert message in response.content.decode()

    def test_stage_change_is_refused_on_a_version_with_cases(self, admin_client, council_tax):
        _case_on(council_tax)
        reminder = _stage(council_tax, "REMINDER")

        page = admin_client.get(_change_url(reminder))
        response = admin_client.post(_change_url(reminder), _stage_form(reminder, wait_days="9"))

        assert "You cannot change the stages of version 1" in page.content.decode()
        assert response.status_code == 400
        reminder.refresh_from_db()
        assert reminder.wait_days == 7

    def test_stage_change_changes_the_letter_of_an_officer_stage_without_a_wait(
        self, admin_client, council_tax
    ):
        bankruptcy = _stage(council_tax, "BANKRUPTCY")
        data = _stage_form(bankruptcy, minimum_balance="5000.00")
        for name in ("wait_days", "day_count", "count_from"):
            del data[name]

        response = admin_client.post(_change_url(bankruptcy), data)

        assert response.status_code == 302
        bankruptcy.refresh_from_db()
        assert bankruptcy.minimum_balance == Decimal("5000.00")


class TestCostAdd:
    def _form(self, **changes):
        data = {
            "valid_from-day": "1",
            "valid_from-month": "4",
            "valid_from-year": "2099",
            "amount": "£70.00",
            "description": "Summons costs",
            "justification": "Costing agreed by the head of revenues",
        }
        data.update(changes)
        return data

    def test_cost_add_adds_a_cost_from_a_future_date(self, admin_client, council_tax):
        _case_on(council_tax)  # a version with cases takes a cost from a future date
        summons = _stage(council_tax, "SUMMONS")

        response = admin_client.post(_cost_url(summons), self._form())

        assert response.status_code == 302
        cost = StageCost.objects.get(stage=summons, valid_from=dt.date(2099, 4, 1))
        assert cost.amount == Decimal("70.00")
        page = admin_client.get(reverse("web:stream", args=[council_tax.pk])).content.decode()
        assert "£70.00" in page
        assert "From a future date" in page

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"amount": "0"}, "The amount must be more than £0.00"),
            ({"amount": "12.345"}, "Enter the amount in pounds and pence"),
            ({"valid_from-year": "1999"}, "in 2000 or later"),
            ({"valid_from-month": "13"}, "must be a real date"),
            ({"justification": ""}, "Enter how the figure was worked out"),
        ],
    )
    def test_cost_add_explains_what_is_wrong(self, admin_client, council_tax, changes, message):
        summons = _stage(council_tax, "SUMMONS")

        response = admin_client.post(_cost_url(summons), self._form(**changes))

        assert response.status_code == 400
        assert message in response.content.decode()
        assert StageCost.objects.filter(stage=summons).count() == 1

    def test_cost_add_takes_a_percentage_for_a_charge_certificate(self, admin_client, authority_a):
        install_default_streams(authority_id=authority_a.pk, actor=SYSTEM, at=AT)
        certificate = Stage.objects.get(
            stream__authority=authority_a,
            stream__debt_type="PARKING_PCN",
            code="CHARGE_CERTIFICATE",
        )

        response = admin_client.post(
            _cost_url(certificate), self._form(amount="50%", description="Increase by half")
        )

        assert response.status_code == 302
        cost = StageCost.objects.get(stage=certificate, valid_from=dt.date(2099, 4, 1))
        assert (cost.amount, cost.percent_of_original) == (None, Decimal("50.00"))

    def test_cost_add_says_a_reminder_carries_no_cost(self, admin_client, council_tax):
        reminder = _stage(council_tax, "REMINDER")

        page = admin_client.get(_cost_url(reminder))
        response = admin_client.post(_cost_url(reminder), self._form())

        assert "Reminder cannot carry a cost" in page.content.decode()
        assert response.status_code == 400
        assert not StageCost.objects.filter(stage=reminder).exists()

    @pytest.mark.parametrize("role", READ_ONLY_VIEWERS)
    def test_cost_add_is_refused_to_viewers(self, role, authority_a, council_tax):
        summons = _stage(council_tax, "SUMMONS")

        response = _client(role, authority_a).post(_cost_url(summons), self._form())

        assert response.status_code == 403
        assert StageCost.objects.filter(stage=summons).count() == 1
