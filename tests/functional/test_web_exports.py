"""Audited CSV exports through the test client: the party statement and search results."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from arrears.accounts.domain.debts import DebtType
from arrears.audit.models import AuditEvent
from arrears.audit.services import SYSTEM
from arrears.interfaces.web import exports
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from arrears.staff.domain.policy import ROLE_PERMISSIONS, Permission, Role
from tests import factories

pytestmark = pytest.mark.django_db

EXPORTERS = [role for role in Role if Permission.EXPORT_DATA in ROLE_PERMISSIONS[role]]
NON_EXPORTERS = [role for role in Role if role not in EXPORTERS]


def _charge(account, amount, *, reason="Council tax 2026/27"):
    return ledger.post_charge(
        account=account,
        amount=Decimal(amount),
        effective_date=dt.date(2026, 4, 1),
        charge_kind=ChargeKind.LIABILITY,
        rule="liability.annual-bill",
        reason=reason,
        actor=SYSTEM,
    )


@pytest.fixture
def party(authority_a):
    party = factories.PartyFactory(
        authority=authority_a, forenames="Jane", surname="Holloway", reference="P00000376"
    )
    factories.AddressFactory(party=party, line_1="1 Acacia Avenue", postcode="KT1 1EU")
    council_tax = factories.DebtAccountFactory(
        authority=authority_a, reference="CT00000376", parties=[party]
    )
    _charge(council_tax, "1234.50")
    ledger.record_payment(
        account=council_tax,
        amount=Decimal("200.00"),
        received_date=dt.date(2026, 5, 1),
        reference="PAY-1",
        actor=SYSTEM,
    )
    pcn = factories.DebtAccountFactory(
        authority=authority_a,
        reference="PCN0000376",
        debt_type=DebtType.PARKING_PCN.value,
        fund="GENERAL_FUND",
        opened_date=dt.date(2026, 2, 1),
        parties=[party],
    )
    _charge(pcn, "70.00", reason="Penalty charge notice")
    ledger.record_payment(
        account=pcn,
        amount=Decimal("82.50"),
        received_date=dt.date(2026, 6, 1),
        reference="PAY-2",
        actor=SYSTEM,
    )
    return party


def _rows(response):
    """Return the CSV as a header and dict rows, after checking it is what Excel expects."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    text = body.decode("utf-8-sig")
    assert "\r\n" in text
    assert "\n" not in text.replace("\r\n", "")  # every line ends CRLF (RFC 4180)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return reader.fieldnames, list(reader)


def _party_url(party):
    return reverse("web:party-export", kwargs={"party_id": party.pk})


class TestPartyExport:
    @time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False)
    def test_party_export_downloads_a_named_uncached_csv(self, client, officer_a, party):
        client.force_login(officer_a)

        response = client.get(_party_url(party))

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == (
            'attachment; filename="arrears-party-P00000376-2026-11-23.csv"'
        )
        assert response["Cache-Control"] == "no-store"

    def test_party_export_lists_every_posting_with_running_balances(self, client, officer_a, party):
        client.force_login(officer_a)

        header, rows = _rows(client.get(_party_url(party)))

        assert header == exports.STATEMENT_HEADER
        assert [
            (
                row["Account reference"],
                row["Entry date"],
                row["Entry type"],
                row["Direction"],
                row["Amount"],
                row["Running balance"],
            )
            for row in rows
        ] == [
            ("CT00000376", "2026-04-01", "Charge", "Debit", "1234.50", "1234.50"),
            ("CT00000376", "2026-05-01", "Payment", "Credit", "200.00", "1034.50"),
            ("PCN0000376", "2026-04-01", "Charge", "Debit", "70.00", "70.00"),
            ("PCN0000376", "2026-06-01", "Payment", "Credit", "82.50", "-12.50"),
        ]
        pcn = rows[2]
        assert pcn["Council"] == "Alpha Borough Council"
        assert pcn["Debt type"] == "Parking penalty charge notice"
        assert (pcn["Period start"], pcn["Period end"]) == ("2026-04-01", "2027-03-31")
        assert pcn["Fund"] == "General fund"
        assert pcn["Stage"] == "Not started"
        assert pcn["Rule"] == "liability.annual-bill"
        assert pcn["Reason"] == "Penalty charge notice"
        assert pcn["Party name"] == "Ms Jane Holloway"
        assert pcn["Address"] == "1 Acacia Avenue, Kingston upon Thames, KT1 1EU"

    def test_party_export_withholds_a_confidential_address(self, client, officer_a, party):
        factories.MarkerFactory(party=party, kind="CONFIDENTIAL_ADDRESS", category="")
        client.force_login(officer_a)

        response = client.get(_party_url(party))

        _, rows = _rows(response)
        assert {(row["Address"], row["Postcode"]) for row in rows} == {
            ("Confidential address withheld", "Confidential address withheld")
        }
        assert b"Acacia" not in response.content
        assert b"KT1 1EU" not in response.content
        event = AuditEvent.objects.get(action="accounts.party.exported", party_id=party.pk)
        assert event.detail["is_address_withheld"] is True

    def test_party_export_records_who_what_when_and_from_where(self, client, officer_a, party):
        client.force_login(officer_a)

        client.get(_party_url(party), REMOTE_ADDR="203.0.113.9")

        event = AuditEvent.objects.get(action="accounts.party.exported", party_id=party.pk)
        assert event.officer_id == officer_a.pk
        assert event.ip_address == "203.0.113.9"
        assert event.channel == "web"
        assert event.authority_id == party.authority_id
        assert (event.object_type, event.object_id) == ("party", str(party.pk))
        assert event.detail == {"row_count": 4, "is_address_withheld": False}
        assert event.occurred_at is not None

    def test_party_export_guards_cells_against_formulas(self, client, officer_a, authority_a):
        party = factories.PartyFactory(
            authority=authority_a, surname="Mallory", display_name="=HYPERLINK(1)"
        )
        account = factories.DebtAccountFactory(authority=authority_a, parties=[party])
        _charge(account, "10.00", reason="+cmd|' /C calc'!A0")
        client.force_login(officer_a)

        _, rows = _rows(client.get(_party_url(party)))

        [row] = rows
        assert row["Party name"] == "'=HYPERLINK(1)"
        assert row["Reason"] == "'+cmd|' /C calc'!A0"
        assert row["Amount"] == "10.00"

    @pytest.mark.parametrize("role", NON_EXPORTERS)
    def test_party_export_is_forbidden_without_export_data(self, client, authority_a, party, role):
        client.force_login(factories.OfficerFactory(role=role.value, authorities=[authority_a]))

        response = client.get(_party_url(party))

        assert response.status_code == 403
        assert not AuditEvent.objects.filter(action="accounts.party.exported").exists()

    @pytest.mark.parametrize("role", list(Role))
    def test_party_export_of_another_councils_party_is_not_found(
        self, client, authority_b, party, role
    ):
        client.force_login(factories.OfficerFactory(role=role.value, authorities=[authority_b]))

        response = client.get(_party_url(party))

        assert response.status_code == 404
        assert not AuditEvent.objects.filter(action="accounts.party.exported").exists()

    def test_party_export_sends_a_visitor_to_sign_in(self, client, party):
        response = client.get(_party_url(party))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))


class TestSearchExport:
    def test_search_export_has_the_rows_the_search_page_shows(
        self, client, officer_a, authority_a, party
    ):
        factories.PartyFactory(authority=authority_a, surname="Holloway-Smith")
        factories.PartyFactory(authority=authority_a, surname="Someone Else")
        client.force_login(officer_a)

        page = client.get(reverse("web:home"), {"q": "holloway"})
        response = client.get(reverse("web:search-export"), {"q": "holloway"})

        header, rows = _rows(response)
        assert header == exports.SEARCH_HEADER
        assert [row["Party reference"] for row in rows] == [
            hit.reference for hit in page.context["hits"]
        ]
        assert len(rows) == 2
        jane = next(row for row in rows if row["Party reference"] == "P00000376")
        assert jane["Name"] == "Ms Jane Holloway"
        assert jane["Date of birth"] == "1980-05-17"
        assert jane["Postcode"] == "KT1 1EU"
        assert jane["Council"] == "Alpha Borough Council"
        assert (jane["Accounts"], jane["Balance"]) == ("2", "1022.00")
        assert response["Cache-Control"] == "no-store"
        assert response["Content-Disposition"].startswith('attachment; filename="arrears-search-')

    def test_search_export_withholds_a_confidential_address(self, client, officer_a, party):
        factories.MarkerFactory(party=party, kind="CONFIDENTIAL_ADDRESS", category="")
        client.force_login(officer_a)

        response = client.get(reverse("web:search-export"), {"q": "P00000376"})

        [row] = _rows(response)[1]
        assert (row["Current address"], row["Postcode"]) == ("Confidential address: not shown", "")
        assert b"Acacia" not in response.content

    def test_search_export_records_the_parties_it_returned(self, client, officer_a, party):
        client.force_login(officer_a)

        client.get(reverse("web:search-export"), {"q": "Holloway"}, REMOTE_ADDR="203.0.113.9")

        event = AuditEvent.objects.get(action="accounts.search.exported")
        assert event.officer_id == officer_a.pk
        assert (event.ip_address, event.channel) == ("203.0.113.9", "web")
        assert event.authority_id == party.authority_id
        assert event.detail == {"query_kind": "name", "row_count": 1, "party_ids": [party.pk]}

    def test_search_export_records_each_councils_share(
        self, client, authority_a, authority_b, party
    ):
        other = factories.PartyFactory(authority=authority_b, surname="Holloway")
        client.force_login(factories.OfficerFactory(authorities=[authority_a, authority_b]))

        _, rows = _rows(client.get(reverse("web:search-export"), {"q": "Holloway"}))

        assert len(rows) == 2
        events = AuditEvent.objects.filter(action="accounts.search.exported")
        assert {e.authority_id: e.detail["party_ids"] for e in events} == {
            authority_a.pk: [party.pk],
            authority_b.pk: [other.pk],
        }

    def test_search_export_guards_cells_against_formulas(self, client, officer_a, authority_a):
        factories.PartyFactory(authority=authority_a, display_name="@SUM(A1)", reference="PX1")
        client.force_login(officer_a)

        [row] = _rows(client.get(reverse("web:search-export"), {"q": "PX1"}))[1]

        assert row["Name"] == "'@SUM(A1)"

    def test_search_export_keeps_another_councils_parties_out(self, client, officer_a, authority_b):
        factories.PartyFactory(authority=authority_b, surname="Holloway", reference="PB1")
        client.force_login(officer_a)

        response = client.get(reverse("web:search-export"), {"q": "Holloway"})

        assert _rows(response)[1] == []
        assert b"PB1" not in response.content

    @pytest.mark.parametrize("role", NON_EXPORTERS)
    def test_search_export_is_forbidden_without_export_data(self, client, authority_a, role):
        client.force_login(factories.OfficerFactory(role=role.value, authorities=[authority_a]))

        response = client.get(reverse("web:search-export"), {"q": "Holloway"})

        assert response.status_code == 403
        assert not AuditEvent.objects.filter(action="accounts.search.exported").exists()


class TestDownloadLinks:
    @pytest.mark.parametrize("role", list(Role))
    def test_download_links_show_only_to_officers_who_may_export(
        self, client, authority_a, party, role
    ):
        client.force_login(factories.OfficerFactory(role=role.value, authorities=[authority_a]))

        party_page = client.get(reverse("web:party", kwargs={"party_id": party.pk}))
        results = client.get(reverse("web:home"), {"q": "Holloway & Co"})
        hx_results = client.get(reverse("web:home"), {"q": "Holloway"}, HTTP_HX_REQUEST="true")

        may_export = role in EXPORTERS
        assert (_party_url(party) in party_page.content.decode()) is may_export
        assert ("Download these results (CSV)" in hx_results.content.decode()) is may_export
        if may_export:
            assert 'href="/export.csv?q=Holloway"' in hx_results.content.decode()
        assert "Download these results" not in results.content.decode()  # nothing found
