"""Finding a party from the home page: by name, reference, postcode or date of birth."""

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def jane(authority_a):
    party = factories.PartyFactory(
        authority=authority_a,
        forenames="Jane",
        surname="Holloway",
        reference="P0000042",
        date_of_birth=dt.date(1979, 2, 14),
    )
    factories.AddressFactory(party=party, line_1="1 Acacia Avenue", postcode="KT1 1EU")
    factories.DebtAccountFactory(authority=authority_a, reference="CT00000042", parties=[party])
    return party


def _search(client, text, **headers):
    return client.get(reverse("web:home"), {"q": text}, **headers)


class TestSearch:
    @pytest.mark.parametrize(
        "text",
        ["jane holloway", "Holloway", "P0000042", "CT00000042", "kt11eu", "14/02/1979"],
    )
    def test_search_finds_by_name_reference_postcode_or_date_of_birth(
        self, client, officer_a, jane, text
    ):
        client.force_login(officer_a)

        response = _search(client, text)

        html = response.content.decode()
        assert response.status_code == 200
        assert reverse("web:party", kwargs={"party_id": jane.pk}) in html
        assert "1 Acacia Avenue" in html
        assert "Alpha Borough Council" in html
        assert "14 Feb 1979" in html

    def test_search_shows_balance_in_pounds(self, client, officer_a, jane):
        account = jane.accounts.get()
        account.balance = "1234.50"
        account.save(update_fields=["balance"])
        client.force_login(officer_a)

        html = _search(client, "Holloway").content.decode()

        assert "£1,234.50" in html

    def test_search_does_not_find_another_authoritys_party(self, client, officer_a, authority_b):
        theirs = factories.PartyFactory(authority=authority_b, surname="Holloway")
        client.force_login(officer_a)

        html = _search(client, "Holloway").content.decode()

        assert reverse("web:party", kwargs={"party_id": theirs.pk}) not in html
        assert "0 parties found" in html

    def test_search_page_without_a_query_shows_the_form_only(self, client, officer_a):
        client.force_login(officer_a)

        html = _search(client, "").content.decode()

        assert 'name="q"' in html
        assert "found" not in html

    def test_search_answers_htmx_with_the_results_alone(self, client, officer_a, jane):
        client.force_login(officer_a)

        response = _search(client, "Holloway", HTTP_HX_REQUEST="true")

        html = response.content.decode()
        assert reverse("web:party", kwargs={"party_id": jane.pk}) in html
        assert "<html" not in html
