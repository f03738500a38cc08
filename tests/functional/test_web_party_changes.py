"""Recording markers, addresses, contacts, aliases and links from the party page (issue 2)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from arrears.accounts.models import (
    Address,
    AddressKind,
    ContactDetail,
    LinkKind,
    Marker,
    PartyAlias,
    PartyLink,
)
from arrears.audit.models import AuditEvent
from arrears.kernel import clock
from arrears.staff.domain.policy import Permission, Role, can
from tests import factories

pytestmark = pytest.mark.django_db

ROLES_WITHOUT_RECORD_MARKER = [
    role for role in Role if not can(role=role, permission=Permission.RECORD_MARKER)
]


def _date(name, day):
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _html(response):
    return response.content.decode()


def _main(response):
    """The page's main content, without the per-request CSRF token."""
    html = _html(response)
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


def _rows():
    """What a change could write: every table the pages touch, and the audit trail."""
    return {
        "markers": Marker.objects.count(),
        "addresses": Address.objects.count(),
        "contacts": ContactDetail.objects.count(),
        "aliases": PartyAlias.objects.count(),
        "links": PartyLink.objects.count(),
        "changes": AuditEvent.objects.exclude(action="accounts.party.viewed").count(),
    }


@pytest.fixture
def party(authority_a):
    party = factories.PartyFactory(
        authority=authority_a, forenames="Jane", surname="Holloway", reference="P0000042"
    )
    factories.AddressFactory(
        party=party, line_1="1 Acacia Avenue", postcode="KT1 1EU", from_date=dt.date(2020, 1, 6)
    )
    return party


@pytest.fixture
def signed_in(client, officer_a):
    client.force_login(officer_a)
    return client


def _url(name, party, **kwargs):
    return reverse(f"web:{name}", kwargs={"party_id": party.pk, **kwargs})


def _post_marker(client, party, kind, **fields):
    return client.post(_url("party-marker-new", party), {"kind": kind, **fields})


def _banner(client, response):
    """Follow the redirect to the party page and return its success banner's text."""
    assert response.status_code == 302, _html(response)[:3000]
    page = _html(client.get(response["Location"]))
    assert "govuk-notification-banner--success" in page
    start = page.index("govuk-notification-banner__heading")
    return page[start : page.index("</p>", start)]


class TestRecordMarker:
    def test_record_marker_first_asks_which_kind(self, signed_in, party):
        response = signed_in.get(_url("party-marker-new", party))

        html = _html(response)
        assert response.status_code == 200
        for label in ["Vulnerable", "Risk: caution before contact", "Breathing Space", "Deceased"]:
            assert label in html
        assert 'type="radio"' in html

    def test_record_marker_without_a_kind_asks_again(self, signed_in, party):
        response = signed_in.get(_url("party-marker-new", party), {"kind": ""})

        assert "Select what you want to record" in _html(response)
        assert "govuk-error-summary" in _html(response)

    def test_record_marker_shows_the_kinds_own_fields(self, signed_in, party):
        response = signed_in.get(_url("party-marker-new", party), {"kind": "INSOLVENCY"})

        html = _html(response)
        assert "Type of insolvency" in html
        assert "Individual voluntary arrangement (IVA)" in html
        assert "Practitioner name" in html
        assert 'name="start_date-day"' in html

    def test_record_vulnerability_writes_the_marker_and_an_audit_event(
        self, signed_in, party, officer_a
    ):
        response = _post_marker(
            signed_in,
            party,
            "VULNERABILITY",
            category="HEALTH",
            detail="Hearing impaired: write, do not phone.",
            source="Daughter, by phone",
            **_date("start_date", dt.date(2026, 1, 5)),
            **_date("review_date", dt.date(2026, 7, 5)),
        )

        assert "Vulnerable recorded, from 5 January 2026" in _banner(signed_in, response)
        marker = Marker.objects.get(party=party)
        assert (marker.kind, marker.category, marker.source) == (
            "VULNERABILITY",
            "HEALTH",
            "Daughter, by phone",
        )
        assert marker.detail == "Hearing impaired: write, do not phone."
        assert (marker.start_date, marker.review_date, marker.end_date) == (
            dt.date(2026, 1, 5),
            dt.date(2026, 7, 5),
            None,
        )
        assert marker.recorded_by_id == officer_a.pk
        event = AuditEvent.objects.get(action="accounts.marker.recorded")
        assert (event.party_id, event.officer_id, event.channel) == (party.pk, officer_a.pk, "web")

    def test_record_risk_shows_the_detail_to_field_staff(self, signed_in, party):
        response = _post_marker(
            signed_in,
            party,
            "RISK",
            detail="Aggressive dog; visit in pairs.",
            **_date("start_date", dt.date(2026, 3, 1)),
        )

        banner = _banner(signed_in, response)
        page = _html(signed_in.get(_url("party", party)))
        assert "Risk: caution before contact recorded" in banner
        assert "Risk: caution before contact. Aggressive dog; visit in pairs." in page

    def test_record_risk_without_detail_names_the_field_and_writes_nothing(self, signed_in, party):
        before = _rows()

        response = _post_marker(
            signed_in, party, "RISK", detail="  ", **_date("start_date", dt.date(2026, 3, 1))
        )

        html = _html(response)
        assert response.status_code == 400
        assert "There is a problem" in html
        assert 'href="#id_detail">Enter the detail of the risk</a>' in html
        assert "govuk-textarea--error" in html
        assert _rows() == before

    def test_record_standard_breathing_space_ends_60_days_beginning_with_the_start_day(
        self, signed_in, party
    ):
        response = _post_marker(
            signed_in,
            party,
            "BREATHING_SPACE",
            category="STANDARD",
            source="Insolvency Service BS-123",
            **_date("start_date", dt.date(2025, 11, 2)),
        )

        assert "to 31 December 2025" in _banner(signed_in, response)
        marker = Marker.objects.get(party=party)
        assert (marker.kind, marker.category) == ("BREATHING_SPACE", "STANDARD")
        assert (marker.start_date, marker.end_date) == (dt.date(2025, 11, 2), dt.date(2025, 12, 31))

    def test_record_mental_health_crisis_breathing_space_stays_open(self, signed_in, party):
        response = _post_marker(
            signed_in,
            party,
            "BREATHING_SPACE",
            category="MENTAL_HEALTH_CRISIS",
            **_date("start_date", dt.date(2026, 2, 10)),
        )

        assert response.status_code == 302
        marker = Marker.objects.get(party=party)
        assert (marker.category, marker.end_date) == ("MENTAL_HEALTH_CRISIS", None)

    def test_record_breathing_space_needs_its_type(self, signed_in, party):
        response = _post_marker(
            signed_in, party, "BREATHING_SPACE", **_date("start_date", dt.date(2026, 2, 10))
        )

        assert response.status_code == 400
        assert "Select the type of Breathing Space" in _html(response)
        assert not Marker.objects.exists()

    def test_record_breathing_space_before_the_scheme_began_is_refused(self, signed_in, party):
        response = _post_marker(
            signed_in,
            party,
            "BREATHING_SPACE",
            category="STANDARD",
            **_date("start_date", dt.date(2021, 5, 3)),
        )

        assert response.status_code == 400
        assert "Start date must be on or after 4 May 2021" in _html(response)
        assert not Marker.objects.exists()

    def test_record_insolvency_keeps_type_date_and_practitioner(self, signed_in, party):
        response = _post_marker(
            signed_in,
            party,
            "INSOLVENCY",
            category="BANKRUPTCY",
            practitioner="Official Receiver, Croydon",
            **_date("start_date", dt.date(2026, 4, 14)),
        )

        assert response.status_code == 302
        marker = Marker.objects.get(party=party)
        assert (marker.category, marker.practitioner, marker.start_date) == (
            "BANKRUPTCY",
            "Official Receiver, Croydon",
            dt.date(2026, 4, 14),
        )

    def test_record_deceased_needs_a_source(self, signed_in, party):
        response = _post_marker(
            signed_in, party, "DECEASED", **_date("start_date", dt.date(2026, 4, 14))
        )

        assert response.status_code == 400
        assert "Enter the source: how we know the person has died" in _html(response)

    def test_record_gone_away_and_confidential_address(self, signed_in, party):
        gone = _post_marker(
            signed_in,
            party,
            "GONE_AWAY",
            source="Returned mail",
            **_date("start_date", dt.date(2026, 5, 1)),
        )
        confidential = _post_marker(
            signed_in,
            party,
            "CONFIDENTIAL_ADDRESS",
            detail="Fled domestic abuse; refuge address.",
            **_date("start_date", dt.date(2026, 5, 2)),
        )

        assert (gone.status_code, confidential.status_code) == (302, 302)
        assert set(Marker.objects.values_list("kind", flat=True)) == {
            "GONE_AWAY",
            "CONFIDENTIAL_ADDRESS",
        }

    @pytest.mark.parametrize(
        ("parts", "message"),
        [
            (
                {"start_date-day": "", "start_date-month": "", "start_date-year": ""},
                "Enter the start date",
            ),
            (
                {"start_date-day": "5", "start_date-month": "", "start_date-year": "2026"},
                "Start date must include a month",
            ),
            (
                {"start_date-day": "31", "start_date-month": "2", "start_date-year": "2026"},
                "Start date must be a real date",
            ),
            (
                {"start_date-day": "1", "start_date-month": "2", "start_date-year": "26"},
                "Start date year must include 4 numbers",
            ),
            (
                {"start_date-day": "x", "start_date-month": "2", "start_date-year": "2026"},
                "Start date must be a real date",
            ),
        ],
    )
    def test_record_marker_explains_a_bad_date(self, signed_in, party, parts, message):
        response = _post_marker(signed_in, party, "RISK", detail="Dog.", **parts)

        assert response.status_code == 400
        assert f'href="#id_start_date-day">{message}</a>' in _html(response)
        assert not Marker.objects.exists()

    def test_record_marker_refuses_a_start_date_in_the_future(self, signed_in, party):
        tomorrow = clock.today() + dt.timedelta(days=1)

        response = _post_marker(
            signed_in, party, "RISK", detail="Dog.", **_date("start_date", tomorrow)
        )

        assert response.status_code == 400
        assert "Start date must be today or in the past" in _html(response)

    def test_record_marker_refuses_a_review_before_the_start(self, signed_in, party):
        response = _post_marker(
            signed_in,
            party,
            "VULNERABILITY",
            category="LIFE_EVENT",
            detail="Recently bereaved.",
            source="The person",
            **_date("start_date", dt.date(2026, 3, 1)),
            **_date("review_date", dt.date(2026, 2, 1)),
        )

        assert response.status_code == 400
        assert "Review date must be the same as or after the start date, 1 March 2026" in _html(
            response
        )

    def test_record_marker_with_an_unknown_kind_asks_for_the_kind(self, signed_in, party):
        response = _post_marker(signed_in, party, "HAUNTED", detail="Boo.")

        assert response.status_code == 400
        assert "Select what you want to record" in _html(response)
        assert not Marker.objects.exists()


class TestEndMarker:
    def test_end_marker_sets_the_end_date_and_keeps_the_history(self, signed_in, party):
        marker = factories.MarkerFactory(party=party, kind="RISK", start_date=dt.date(2026, 1, 5))

        response = signed_in.post(
            _url("party-marker-end", party, marker_id=marker.pk),
            _date("end_date", dt.date(2026, 2, 28)),
        )

        assert "marker ended on 28 February 2026" in _banner(signed_in, response)
        marker.refresh_from_db()
        assert marker.end_date == dt.date(2026, 2, 28)
        assert AuditEvent.objects.filter(action="accounts.marker.ended", party_id=party.pk).exists()

    def test_end_marker_shows_the_marker(self, signed_in, party):
        marker = factories.MarkerFactory(party=party, detail="Write, do not phone.")

        response = signed_in.get(_url("party-marker-end", party, marker_id=marker.pk))

        assert response.status_code == 200
        assert "Write, do not phone." in _html(response)
        assert "5 January 2026" in _html(response)

    def test_end_marker_refuses_an_end_before_the_start(self, signed_in, party):
        marker = factories.MarkerFactory(party=party, start_date=dt.date(2026, 1, 5))
        before = _rows()

        response = signed_in.post(
            _url("party-marker-end", party, marker_id=marker.pk),
            _date("end_date", dt.date(2026, 1, 4)),
        )

        assert response.status_code == 400
        assert "End date must be the same as or after the start date, 5 January 2026" in _html(
            response
        )
        marker.refresh_from_db()
        assert marker.end_date is None
        assert _rows() == before

    def test_end_marker_that_has_already_ended_is_an_error(self, signed_in, party):
        marker = factories.MarkerFactory(party=party, end_date=dt.date(2026, 1, 31))

        response = signed_in.post(
            _url("party-marker-end", party, marker_id=marker.pk),
            _date("end_date", dt.date(2026, 2, 28)),
        )

        assert response.status_code == 400
        assert "This marker has already ended" in _html(response)
        marker.refresh_from_db()
        assert marker.end_date == dt.date(2026, 1, 31)

    def test_end_marker_brings_a_planned_end_forward(self, signed_in, party):
        start = clock.today() - dt.timedelta(days=30)
        planned = start + dt.timedelta(days=59)
        marker = factories.MarkerFactory(
            party=party,
            kind="BREATHING_SPACE",
            category="STANDARD",
            start_date=start,
            end_date=planned,
        )
        page = _html(signed_in.get(_url("party", party)))
        assert _url("party-marker-end", party, marker_id=marker.pk) in page

        response = signed_in.post(
            _url("party-marker-end", party, marker_id=marker.pk), _date("end_date", clock.today())
        )

        assert response.status_code == 302
        marker.refresh_from_db()
        assert marker.end_date == clock.today()
        event = AuditEvent.objects.get(action="accounts.marker.ended")
        assert event.detail["planned_end_date"] == planned.isoformat()

    def test_end_marker_will_not_put_a_planned_end_later(self, signed_in, party):
        start = clock.today() - dt.timedelta(days=30)
        planned = start + dt.timedelta(days=59)
        marker = factories.MarkerFactory(
            party=party,
            kind="BREATHING_SPACE",
            category="STANDARD",
            start_date=start,
            end_date=planned,
        )

        response = signed_in.post(
            _url("party-marker-end", party, marker_id=marker.pk),
            _date("end_date", planned + dt.timedelta(days=1)),
        )

        assert response.status_code == 400
        assert "enter an earlier end date" in _html(response)
        marker.refresh_from_db()
        assert marker.end_date == planned

    def test_end_marker_of_another_party_is_not_found(self, signed_in, party, authority_a):
        other = factories.MarkerFactory(party=factories.PartyFactory(authority=authority_a))

        response = signed_in.post(
            _url("party-marker-end", party, marker_id=other.pk),
            _date("end_date", dt.date(2026, 2, 28)),
        )

        assert response.status_code == 404
        other.refresh_from_db()
        assert other.end_date is None


class TestAddAddress:
    def test_add_current_address_makes_the_old_one_previous(self, signed_in, party):
        response = signed_in.post(
            _url("party-address-new", party),
            {
                "kind": "CURRENT",
                "line_1": "22 Penrhyn Road",
                "town": "Kingston upon Thames",
                "postcode": "kt12ee",
                "latitude": "51.403112",
                "longitude": "-0.303311",
                **_date("from_date", dt.date(2026, 6, 1)),
            },
        )

        assert "Current address added: 22 Penrhyn Road" in _banner(signed_in, response)
        new = Address.objects.get(party=party, kind=AddressKind.CURRENT)
        old = Address.objects.get(party=party, line_1="1 Acacia Avenue")
        assert (new.postcode, new.latitude, new.longitude) == (
            "KT1 2EE",
            Decimal("51.403112"),
            Decimal("-0.303311"),
        )
        assert new.from_date == dt.date(2026, 6, 1)
        assert (old.kind, old.to_date) == (AddressKind.PREVIOUS, dt.date(2026, 5, 31))
        assert AuditEvent.objects.filter(
            action="accounts.address.added", party_id=party.pk
        ).exists()

    def test_add_forwarding_address_leaves_the_current_one(self, signed_in, party):
        response = signed_in.post(
            _url("party-address-new", party),
            {
                "kind": "FORWARDING",
                "line_1": "Flat 2, 9 Quay Street",
                "town": "Bristol",
                "postcode": "BS1 4DJ",
                **_date("from_date", dt.date(2026, 6, 1)),
            },
        )

        assert response.status_code == 302
        assert set(Address.objects.filter(party=party).values_list("kind", flat=True)) == {
            "CURRENT",
            "FORWARDING",
        }

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"latitude": "95", "longitude": "0"}, "Latitude must be a number between -90 and 90"),
            (
                {"latitude": "51.4", "longitude": "181"},
                "Longitude must be a number between -180 and 180",
            ),
            (
                {"latitude": "north", "longitude": "0"},
                "Latitude must be a number between -90 and 90",
            ),
            ({"latitude": "51.4"}, "Enter the longitude as well as the latitude"),
            ({"postcode": "ZZZ"}, "Enter a full UK postcode, like KT1 1EU"),
            ({"line_1": ""}, "Enter address line 1, typically the building and street"),
            ({"kind": "PREVIOUS"}, "Select what kind of address it is"),
        ],
    )
    def test_add_address_explains_bad_input_and_writes_nothing(
        self, signed_in, party, fields, message
    ):
        before = _rows()
        data = {
            "kind": "CURRENT",
            "line_1": "22 Penrhyn Road",
            "town": "Kingston upon Thames",
            "postcode": "KT1 2EE",
            **_date("from_date", dt.date(2026, 6, 1)),
            **fields,
        }

        response = signed_in.post(_url("party-address-new", party), data)

        assert response.status_code == 400
        assert message in _html(response)
        assert "govuk-error-summary" in _html(response)
        assert _rows() == before


class TestAddContact:
    def test_add_email_as_preferred_replaces_the_old_preferred_contact(self, signed_in, party):
        old = ContactDetail.objects.create(
            party=party, kind="PHONE", value="01632960001", is_preferred=True
        )

        response = signed_in.post(
            _url("party-contact-new", party),
            {"kind": "EMAIL", "value": " jane@example.com ", "is_preferred": "on"},
        )

        assert "Email added as the preferred contact: jane@example.com" in _banner(
            signed_in, response
        )
        new = ContactDetail.objects.get(party=party, kind="EMAIL")
        old.refresh_from_db()
        assert (new.value, new.is_preferred, old.is_preferred) == ("jane@example.com", True, False)
        event = AuditEvent.objects.get(action="accounts.contact.added")
        assert event.detail["no_longer_preferred"] == [old.pk]

    def test_add_telephone_number_is_kept_as_digits(self, signed_in, party):
        response = signed_in.post(
            _url("party-contact-new", party), {"kind": "PHONE", "value": "+44 (0)1632 960 001"}
        )

        assert response.status_code == 302
        contact = ContactDetail.objects.get(party=party)
        assert (contact.value, contact.is_preferred) == ("01632960001", False)

    @pytest.mark.parametrize(
        ("kind", "value", "message"),
        [
            ("EMAIL", "jane.example.com", "Enter an email address in the correct format"),
            ("PHONE", "12345", "Enter a UK telephone number"),
            ("PHONE", "0163296000a", "Enter a UK telephone number"),
            ("MOBILE", "01632 960001", "Enter a UK mobile number, like 07700 900982"),
            ("", "07700900982", "Select telephone, mobile or email"),
            ("EMAIL", "", "Enter the telephone number or email address"),
        ],
    )
    def test_add_contact_explains_bad_input_and_writes_nothing(
        self, signed_in, party, kind, value, message
    ):
        before = _rows()

        response = signed_in.post(_url("party-contact-new", party), {"kind": kind, "value": value})

        assert response.status_code == 400
        assert message in _html(response)
        assert _rows() == before


class TestAddAlias:
    def test_add_alias_is_shown_on_the_party_page(self, signed_in, party):
        response = signed_in.post(_url("party-alias-new", party), {"name": "Jane Smithers"})

        assert "Other name added: Jane Smithers" in _banner(signed_in, response)
        assert "Jane Smithers" in _html(signed_in.get(_url("party", party)))
        assert list(party.aliases.values_list("name", flat=True)) == ["Jane Smithers"]
        assert AuditEvent.objects.filter(action="accounts.alias.added", party_id=party.pk).exists()

    def test_add_alias_needs_a_name(self, signed_in, party):
        before = _rows()

        response = signed_in.post(_url("party-alias-new", party), {"name": " "})

        assert response.status_code == 400
        assert "Enter the other name the party is known by" in _html(response)
        assert _rows() == before


class TestLinkParty:
    def test_link_party_by_reference_at_the_same_council(self, signed_in, party, authority_a):
        company = factories.PartyFactory(
            authority=authority_a,
            reference="P0000099",
            kind="ORGANISATION",
            display_name="Holloway Ltd",
        )

        response = signed_in.post(
            _url("party-link-new", party), {"reference": " p0000099 ", "kind": "DIRECTOR"}
        )

        assert "Linked to Holloway Ltd (P0000099)" in _banner(signed_in, response)
        link = PartyLink.objects.get()
        assert (link.from_party_id, link.to_party_id, link.kind) == (
            party.pk,
            company.pk,
            LinkKind.DIRECTOR,
        )
        assert AuditEvent.objects.filter(action="accounts.link.added", party_id=party.pk).exists()

    def test_link_party_at_another_council_reads_exactly_like_a_missing_one(
        self, signed_in, party, authority_b
    ):
        factories.PartyFactory(authority=authority_b, reference="P0000077")
        before = _rows()

        elsewhere = signed_in.post(
            _url("party-link-new", party), {"reference": "P0000077", "kind": "JOINT_AND_SEVERAL"}
        )
        missing = signed_in.post(
            _url("party-link-new", party), {"reference": "P0000078", "kind": "JOINT_AND_SEVERAL"}
        )

        assert elsewhere.status_code == missing.status_code == 400
        assert "No party with that reference" in _html(elsewhere)
        assert _main(elsewhere).replace("P0000077", "REF") == _main(missing).replace(
            "P0000078", "REF"
        )
        assert _rows() == before

    def test_link_party_refuses_itself_and_a_second_identical_link(
        self, signed_in, party, authority_a
    ):
        other = factories.PartyFactory(authority=authority_a, reference="P0000099")
        PartyLink.objects.create(from_party=other, to_party=party, kind=LinkKind.JOINT_AND_SEVERAL)

        to_self = signed_in.post(
            _url("party-link-new", party), {"reference": "P0000042", "kind": "JOINT_AND_SEVERAL"}
        )
        again = signed_in.post(
            _url("party-link-new", party), {"reference": "P0000099", "kind": "JOINT_AND_SEVERAL"}
        )

        assert "Enter the reference of a different party" in _html(to_self)
        assert "These parties are already linked in this way" in _html(again)
        assert PartyLink.objects.count() == 1

    def test_link_party_offers_no_same_person_link(self, signed_in, party):
        response = signed_in.post(
            _url("party-link-new", party), {"reference": "P0000099", "kind": "SAME_PERSON"}
        )

        assert response.status_code == 400
        assert "Select how the parties are linked" in _html(response)


class TestCorrectDetails:
    def test_correct_surname_keeps_the_old_name_as_an_alias(self, signed_in, party, officer_a):
        form = _html(signed_in.get(_url("party-details-change", party)))
        assert 'value="Holloway"' in form
        assert 'name="date_of_birth-year" type="text" inputmode="numeric" value="1980"' in form

        response = signed_in.post(
            _url("party-details-change", party),
            {
                "title": "Mrs",
                "forenames": "Jane",
                "surname": "Smithers",
                **_date("date_of_birth", dt.date(1980, 5, 17)),
            },
        )

        assert "Details corrected: Mrs Jane Smithers" in _banner(signed_in, response)
        party.refresh_from_db()
        assert (party.display_name, party.search_name) == ("Mrs Jane Smithers", "mrs jane smithers")
        assert list(party.aliases.values_list("name", flat=True)) == ["Ms Jane Holloway"]
        event = AuditEvent.objects.get(action="accounts.party.corrected")
        assert event.detail["changed"] == {
            "title": {"from": "Ms", "to": "Mrs"},
            "surname": {"from": "Holloway", "to": "Smithers"},
        }
        assert (event.officer_id, event.party_id) == (officer_a.pk, party.pk)

    def test_correct_date_of_birth_only_adds_no_alias(self, signed_in, party):
        response = signed_in.post(
            _url("party-details-change", party),
            {
                "title": "Ms",
                "forenames": "Jane",
                "surname": "Holloway",
                **_date("date_of_birth", dt.date(1981, 5, 17)),
            },
        )

        assert response.status_code == 302
        party.refresh_from_db()
        assert party.date_of_birth == dt.date(1981, 5, 17)
        assert not party.aliases.exists()
        event = AuditEvent.objects.get(action="accounts.party.corrected")
        assert event.detail["changed"] == {
            "date_of_birth": {"from": "1980-05-17", "to": "1981-05-17"}
        }

    def test_correct_details_without_a_change_is_an_error(self, signed_in, party):
        before = _rows()

        response = signed_in.post(
            _url("party-details-change", party),
            {
                "title": "Ms",
                "forenames": "Jane",
                "surname": "Holloway",
                **_date("date_of_birth", dt.date(1980, 5, 17)),
            },
        )

        assert response.status_code == 400
        assert "Change at least one of the details" in _html(response)
        assert _rows() == before

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"surname": ""}, "Enter the last name"),
            (_date("date_of_birth", dt.date(1899, 12, 31)), "Date of birth must be after"),
            (
                _date("date_of_birth", clock.today() + dt.timedelta(days=2)),
                "Date of birth must be today or in the past",
            ),
        ],
    )
    def test_correct_details_explains_bad_input(self, signed_in, party, fields, message):
        before = _rows()
        data = {"title": "Ms", "forenames": "Jane", "surname": "Holloway", **fields}

        response = signed_in.post(_url("party-details-change", party), data)

        assert response.status_code == 400
        assert message in _html(response)
        assert _rows() == before

    def test_correct_organisation_name(self, signed_in, authority_a):
        company = factories.PartyFactory(
            authority=authority_a,
            kind="ORGANISATION",
            title="",
            forenames="",
            surname="",
            organisation_name="Holloway Trading Ltd",
            display_name="Holloway Trading Ltd",
        )

        response = signed_in.post(
            _url("party-details-change", company), {"organisation_name": "Holloway Traders Ltd"}
        )

        assert response.status_code == 302
        company.refresh_from_db()
        assert company.display_name == "Holloway Traders Ltd"
        assert list(company.aliases.values_list("name", flat=True)) == ["Holloway Trading Ltd"]


# --- Access: another council's party, and roles that may not record -------------------------


def _pages(party, marker):
    """Every change page for `party`, with a valid POST that would change it."""
    return {
        _url("party-marker-new", party): {
            "kind": "RISK",
            "detail": "Dog.",
            **_date("start_date", dt.date(2026, 3, 1)),
        },
        _url("party-marker-end", party, marker_id=marker.pk): _date(
            "end_date", dt.date(2026, 3, 1)
        ),
        _url("party-address-new", party): {
            "kind": "CURRENT",
            "line_1": "2 New Road",
            "town": "Kingston upon Thames",
            "postcode": "KT1 2EE",
            **_date("from_date", dt.date(2026, 3, 1)),
        },
        _url("party-contact-new", party): {"kind": "EMAIL", "value": "x@example.com"},
        _url("party-alias-new", party): {"name": "Another Name"},
        _url("party-link-new", party): {"reference": "P0000042", "kind": "JOINT_AND_SEVERAL"},
        _url("party-details-change", party): {"forenames": "Janet", "surname": "Holloway"},
    }


class TestPartyChangeAccess:
    @pytest.mark.parametrize("role", list(Role))
    def test_party_changes_of_another_council_are_not_found(self, client, party, authority_b, role):
        theirs = factories.PartyFactory(authority=authority_b, reference="P0000042")
        marker = factories.MarkerFactory(party=theirs)
        client.force_login(factories.OfficerFactory(role=role.value, authorities=[party.authority]))
        before = _rows()

        answers = {
            url: (client.get(url).status_code, client.post(url, data).status_code)
            for url, data in _pages(theirs, marker).items()
        }

        assert {answer for answer in answers.values()} == {(404, 404)}, answers
        assert _rows() == before

    @pytest.mark.parametrize("role", ROLES_WITHOUT_RECORD_MARKER)
    def test_party_changes_are_forbidden_without_record_marker(self, client, party, role):
        marker = factories.MarkerFactory(party=party)
        client.force_login(factories.OfficerFactory(role=role.value, authorities=[party.authority]))
        before = _rows()

        answers = {
            url: (client.get(url).status_code, client.post(url, data).status_code)
            for url, data in _pages(party, marker).items()
        }

        assert {answer for answer in answers.values()} == {(403, 403)}, answers
        assert _rows() == before

    def test_identity_changes_are_forbidden_to_an_enforcement_agent(self, client, party):
        """An agent records markers, addresses and contacts in the field, not who a party is."""
        agent = factories.OfficerFactory(
            role=Role.ENFORCEMENT_AGENT.value, authorities=[party.authority]
        )
        client.force_login(agent)

        answers = {
            name: client.get(_url(name, party)).status_code
            for name in ["party-details-change", "party-link-new", "party-marker-new"]
        }
        page = _html(client.get(reverse("web:party", args=[party.pk])))

        assert answers == {
            "party-details-change": 403,
            "party-link-new": 403,
            "party-marker-new": 200,
        }
        assert _url("party-details-change", party) not in page
        assert _url("party-link-new", party) not in page

    def test_roles_without_record_marker_include_manager_and_auditor(self):
        assert {Role.MANAGER, Role.AUDITOR} <= set(ROLES_WITHOUT_RECORD_MARKER)

    def test_party_changes_send_a_visitor_to_sign_in(self, client, party):
        response = client.get(_url("party-alias-new", party))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))

    def test_party_page_offers_changes_only_to_officers_who_may_make_them(
        self, client, party, officer_a
    ):
        marker = factories.MarkerFactory(party=party)
        end_url = _url("party-marker-end", party, marker_id=marker.pk)
        links = [
            _url(name, party)
            for name in [
                "party-details-change",
                "party-marker-new",
                "party-address-new",
                "party-contact-new",
                "party-alias-new",
                "party-link-new",
            ]
        ]
        auditor = factories.OfficerFactory(role=Role.AUDITOR.value, authorities=[party.authority])

        client.force_login(officer_a)
        officer_page = _html(client.get(_url("party", party)))
        client.force_login(auditor)
        auditor_page = _html(client.get(_url("party", party)))

        assert all(link in officer_page for link in [*links, end_url])
        assert not any(link in auditor_page for link in [*links, end_url])
