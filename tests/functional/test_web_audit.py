"""The read-only audit trail view: who may open it and what it shows."""

import pytest
from django.urls import reverse

from arrears.audit.services import Actor, record_event
from arrears.staff.domain.policy import Role
from tests import factories

pytestmark = pytest.mark.django_db


def _officer(authority, role):
    return factories.OfficerFactory(authorities=[authority], role=role.value)


class TestAuditTrail:
    @pytest.mark.parametrize(
        "role", [Role.AUDITOR, Role.MANAGER, Role.TEAM_LEADER, Role.ADMINISTRATOR]
    )
    def test_audit_trail_opens_for_roles_that_may_view_it(self, client, authority_a, role):
        client.force_login(_officer(authority_a, role))

        response = client.get(reverse("web:audit"))

        assert response.status_code == 200

    @pytest.mark.parametrize(
        "role",
        [Role.ENFORCEMENT_AGENT, Role.DEBT_MANAGEMENT_OFFICER, Role.DEBTORS_COLLECTION_OFFICER],
    )
    def test_audit_trail_is_forbidden_to_other_roles(self, client, authority_a, role):
        client.force_login(_officer(authority_a, role))

        response = client.get(reverse("web:audit"))

        assert response.status_code == 403

    def test_audit_trail_shows_only_the_officers_authorities(
        self, client, authority_a, authority_b
    ):
        record_event(
            actor=Actor(officer_id=None), action="test.ours.seen", authority_id=authority_a.pk
        )
        record_event(
            actor=Actor(officer_id=None), action="test.theirs.seen", authority_id=authority_b.pk
        )
        client.force_login(_officer(authority_a, Role.AUDITOR))

        html = client.get(reverse("web:audit")).content.decode()

        assert "test.ours.seen" in html
        assert "test.theirs.seen" not in html

    def test_audit_trail_filters_by_action_and_party(self, client, authority_a):
        party = factories.PartyFactory(authority=authority_a)
        actor = Actor(officer_id=None)
        record_event(
            actor=actor,
            action="accounts.party.viewed",
            authority_id=authority_a.pk,
            party_id=party.pk,
        )
        record_event(
            actor=actor,
            action="accounts.marker.recorded",
            authority_id=authority_a.pk,
            party_id=party.pk,
        )
        record_event(
            actor=actor,
            action="accounts.party.viewed",
            authority_id=authority_a.pk,
            party_id=party.pk + 1,
        )
        client.force_login(_officer(authority_a, Role.AUDITOR))

        response = client.get(reverse("web:audit"), {"action": "accounts.party", "party": party.pk})

        assert [(r.action, r.party_id) for r in response.context["rows"]] == [
            ("accounts.party.viewed", party.pk)
        ]

    def test_audit_trail_is_paged(self, client, authority_a):
        for number in range(55):
            record_event(
                actor=Actor(officer_id=None),
                action=f"test.event{number}.done",
                authority_id=authority_a.pk,
            )
        client.force_login(_officer(authority_a, Role.AUDITOR))

        first = client.get(reverse("web:audit"), {"action": "test."})
        second = client.get(reverse("web:audit"), {"action": "test.", "page": 2})

        assert len(first.context["rows"]) == 50
        assert first.context["next_href"] == "?action=test.&page=2"
        assert len(second.context["rows"]) == 5
        assert "test.event0.done" in second.content.decode()

    def test_audit_trail_offers_no_way_to_change_a_row(self, client, authority_a):
        client.force_login(_officer(authority_a, Role.AUDITOR))

        response = client.post(reverse("web:audit"))

        assert response.status_code == 405
