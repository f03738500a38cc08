"""The letters pages: the document register, releasing to print, letters, print batches."""

import datetime as dt

import pytest
from django.urls import reverse

from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM
from arrears.letters import services
from arrears.letters.models import BatchStatus, Letter, LetterStatus
from arrears.staff.domain.policy import Role
from tests import factories

pytestmark = pytest.mark.django_db

ISSUE_DATE = dt.date(2026, 12, 1)
FACTS = {"debt_label": "Council tax 2026/27", "amount_due": "312.00", "pay_by_date": "2026-12-07"}


def _officer(authority, role):
    return factories.OfficerFactory(authorities=[authority], role=role.value)


def _letter(authority, *, batch_key="run:2026-12-01", surname="Abbott", confidential=False):
    party = factories.PartyFactory(authority=authority, surname=surname)
    factories.AddressFactory(party=party, line_1="7 Secret Lane", postcode="KT9 9ZZ")
    if confidential:
        factories.MarkerFactory(party=party, kind="CONFIDENTIAL_ADDRESS", category="")
    account = factories.DebtAccountFactory(authority=authority, parties=[party])
    [letter_id] = services.create_letters(
        requests=[
            services.LetterRequest(
                authority_id=authority.pk,
                account_id=account.pk,
                party_id=party.pk,
                template="REMINDER",
                issue_date=ISSUE_DATE,
                facts=FACTS,
                source="recovery-action:1",
            )
        ],
        batch_key=batch_key,
    )
    return Letter.objects.get(pk=letter_id)


@pytest.fixture
def team_leader(authority_a):
    return _officer(authority_a, Role.TEAM_LEADER)


@pytest.fixture
def caseworker(authority_a):
    return _officer(authority_a, Role.DEBT_MANAGEMENT_OFFICER)


class TestRegisterPage:
    def test_register_page_lists_letters_and_withholds_a_confidential_address(
        self, client, authority_a, caseworker
    ):
        _letter(authority_a, surname="Open")
        _letter(authority_a, surname="Hidden", confidential=True)
        client.force_login(caseworker)

        response = client.get(reverse("web:letters"))

        content = response.content.decode()
        assert response.status_code == 200
        assert "Open" in content
        assert "Hidden" in content
        assert content.count("7 Secret Lane") == 1  # the open letter's address only
        assert "Confidential address" in content
        assert "run:2026-12-01" in content

    def test_register_page_filters_by_template_status_and_date(
        self, client, authority_a, caseworker
    ):
        _letter(authority_a, surname="Reminded")
        client.force_login(caseworker)

        matching = client.get(
            reverse("web:letters"),
            {"template": "REMINDER", "status": "AWAITING_RELEASE", "date_from": "1/12/2026"},
        )
        other = client.get(reverse("web:letters"), {"template": "SUMMONS"})
        later = client.get(reverse("web:letters"), {"date_from": "2/12/2026"})

        assert "Reminded" in matching.content.decode()
        assert "Reminded" not in other.content.decode()
        assert "Reminded" not in later.content.decode()

    def test_register_page_explains_a_bad_date(self, client, authority_a, caseworker):
        client.force_login(caseworker)

        response = client.get(reverse("web:letters"), {"date_from": "31/02/2026"})

        assert "Enter the earliest issue date as a real date" in response.content.decode()

    def test_register_page_offers_release_only_to_those_who_may_release(
        self, client, authority_a, caseworker, team_leader
    ):
        _letter(authority_a)
        release = reverse("web:letters-release")

        client.force_login(caseworker)
        caseworker_page = client.get(reverse("web:letters")).content.decode()
        client.force_login(team_leader)
        leader_page = client.get(reverse("web:letters")).content.decode()

        assert release not in caseworker_page
        assert release in leader_page

    @pytest.mark.parametrize(
        ("role", "shows"),
        [(Role.DEBT_MANAGEMENT_OFFICER, True), (Role.ENFORCEMENT_AGENT, False)],
    )
    def test_register_page_is_in_the_navigation_of_roles_that_may_see_it(
        self, client, authority_a, role, shows
    ):
        client.force_login(_officer(authority_a, role))

        response = client.get(reverse("web:home"))

        assert (reverse("web:letters") in response.content.decode()) is shows


class TestReleasePage:
    def test_release_page_releases_a_batch_key_and_shows_the_batch(
        self, client, authority_a, team_leader
    ):
        letter = _letter(authority_a)
        client.force_login(team_leader)

        confirm = client.get(reverse("web:letters-release"), {"batch_key": letter.batch_key})
        response = client.post(reverse("web:letters-release"), {"batch_key": letter.batch_key})

        letter.refresh_from_db()
        assert confirm.status_code == 200
        assert "Release 1 letter to print" in confirm.content.decode()
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "web:print-batch", kwargs={"batch_id": letter.print_batch_id}
        )
        assert letter.status == LetterStatus.RELEASED
        event = AuditEvent.objects.get(action="letters.batch.released")
        assert event.officer_id == team_leader.pk
        assert event.channel == "web"

    def test_release_page_is_forbidden_to_caseworkers(self, client, authority_a, caseworker):
        letter = _letter(authority_a)
        client.force_login(caseworker)

        response = client.post(reverse("web:letters-release"), {"batch_key": letter.batch_key})

        assert response.status_code == 403
        assert Letter.objects.get(pk=letter.pk).status == LetterStatus.AWAITING_RELEASE

    def test_release_page_treats_another_councils_batch_key_as_missing(
        self, client, authority_a, authority_b, team_leader
    ):
        letter = _letter(authority_b, batch_key="beta-run")
        client.force_login(team_leader)

        response = client.post(reverse("web:letters-release"), {"batch_key": "beta-run"})

        assert response.status_code == 404
        assert Letter.objects.get(pk=letter.pk).status == LetterStatus.AWAITING_RELEASE


class TestLetterPages:
    def test_letter_page_downloads_an_audited_pdf(self, client, authority_a, caseworker):
        letter = _letter(authority_a)
        client.force_login(caseworker)

        page = client.get(reverse("web:letter", kwargs={"letter_id": letter.pk}))
        response = client.get(reverse("web:letter-pdf", kwargs={"letter_id": letter.pk}))

        assert page.status_code == 200
        assert "£312.00" in page.content.decode()
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "no-store"
        assert response.content.startswith(b"%PDF")
        event = AuditEvent.objects.get(action="letters.letter.downloaded")
        assert event.officer_id == caseworker.pk
        assert event.party_id == letter.party_id

    def test_letter_pdf_of_a_confidential_address_needs_release_permission(
        self, client, authority_a, caseworker, team_leader
    ):
        letter = _letter(authority_a, confidential=True)
        url = reverse("web:letter-pdf", kwargs={"letter_id": letter.pk})

        client.force_login(caseworker)
        refused = client.get(url)
        page = client.get(reverse("web:letter", kwargs={"letter_id": letter.pk}))
        client.force_login(team_leader)
        allowed = client.get(url)

        assert refused.status_code == 403
        assert "7 Secret Lane" not in page.content.decode()
        assert allowed.status_code == 200

    def test_letter_withdraw_page_needs_a_reason(self, client, authority_a, team_leader):
        letter = _letter(authority_a)
        client.force_login(team_leader)
        url = reverse("web:letter-withdraw", kwargs={"letter_id": letter.pk})

        refused = client.post(url, {"reason": "  "})
        response = client.post(url, {"reason": "Breathing Space started on 2 December"})

        letter.refresh_from_db()
        assert refused.status_code == 400
        assert "Enter why you are withdrawing this letter" in refused.content.decode()
        assert response.status_code == 302
        assert letter.status == LetterStatus.WITHDRAWN
        assert letter.withdrawn_reason == "Breathing Space started on 2 December"

    def test_letter_withdraw_page_is_forbidden_to_caseworkers(
        self, client, authority_a, caseworker
    ):
        letter = _letter(authority_a)
        client.force_login(caseworker)

        response = client.post(
            reverse("web:letter-withdraw", kwargs={"letter_id": letter.pk}), {"reason": "x"}
        )

        assert response.status_code == 403


class TestPrintBatchPages:
    def test_print_batch_pages_download_and_mark_printed(self, client, authority_a, team_leader):
        letter = _letter(authority_a)
        _letter(authority_a, surname="Quiet", confidential=True)
        batch = services.release_letters(
            batch_key=letter.batch_key, actor=SYSTEM, released_on=ISSUE_DATE
        )
        client.force_login(team_leader)
        printed_url = reverse("web:print-batch-printed", kwargs={"batch_id": batch.pk})

        too_soon = client.post(printed_url)
        download = client.get(reverse("web:print-batch-pdf", kwargs={"batch_id": batch.pk}))
        marked = client.post(printed_url)
        page = client.get(reverse("web:print-batch", kwargs={"batch_id": batch.pk}))

        batch.refresh_from_db()
        assert too_soon.status_code == 400
        assert "Download the batch for printing" in too_soon.content.decode()
        assert download.status_code == 200
        assert download.content.startswith(b"%PDF")
        assert marked.status_code == 302
        assert batch.status == BatchStatus.PRINTED
        assert batch.printed_by_id == team_leader.pk
        content = page.content.decode()
        assert batch.file_sha256 in content
        assert "Confidential address" in content
        assert "7 Secret Lane" in content  # the open letter's; the confidential one is withheld
        assert content.count("7 Secret Lane") == 1
        assert AuditEvent.objects.filter(action="letters.batch.downloaded").count() == 1

    def test_print_batch_pdf_is_forbidden_to_caseworkers(self, client, authority_a, caseworker):
        letter = _letter(authority_a)
        batch = services.release_letters(
            batch_key=letter.batch_key, actor=SYSTEM, released_on=ISSUE_DATE
        )
        client.force_login(caseworker)

        page = client.get(reverse("web:print-batch", kwargs={"batch_id": batch.pk}))
        download = client.get(reverse("web:print-batch-pdf", kwargs={"batch_id": batch.pk}))

        assert page.status_code == 200
        assert download.status_code == 403
