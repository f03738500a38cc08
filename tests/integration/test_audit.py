"""The application cannot alter or delete audit rows (issue 2, item 8)."""

import pytest
from django.db import DatabaseError, connection, transaction

from arrears.audit import selectors, services
from arrears.audit.models import AuditEvent, AuditRowIsPermanent
from arrears.ledger.models import Entry
from tests import factories

pytestmark = pytest.mark.django_db


class TestAuditRows:
    def test_audit_rows_refuse_change_and_delete_through_the_model(self, officer_a):
        event = services.record_event(
            actor=services.Actor(officer_id=officer_a.pk, ip_address="10.0.0.1", channel="web"),
            action="accounts.party.viewed",
            object_type="party",
            object_id=1,
        )

        event.action = "something.else"
        with pytest.raises(AuditRowIsPermanent):
            event.save()
        with pytest.raises(AuditRowIsPermanent):
            event.delete()

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers are PostgreSQL's")
    def test_audit_rows_refuse_raw_sql_on_postgresql(self):
        event = services.record_event(actor=services.SYSTEM, action="test.event.recorded")

        for sql in [
            "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
            "DELETE FROM audit_auditevent WHERE id = %s",
        ]:
            with pytest.raises(DatabaseError, match="permanent"), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(sql, [event.pk])

        assert AuditEvent.objects.get(pk=event.pk).action == "test.event.recorded"

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers are PostgreSQL's")
    def test_ledger_rows_refuse_raw_sql_on_postgresql(self):
        from tests.integration.test_ledger_services import _charge

        charge = _charge(factories.DebtAccountFactory(), "10.00")

        with pytest.raises(DatabaseError, match="permanent"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("UPDATE ledger_entry SET amount = 1 WHERE id = %s", [charge.pk])

        assert Entry.objects.get(pk=charge.pk).amount == charge.amount


class TestAuditSelectors:
    def test_audit_events_shows_only_the_readers_authorities(self, authority_a, authority_b):
        mine = services.record_event(
            actor=services.SYSTEM, action="a.b.c", authority_id=authority_a.pk
        )
        theirs = services.record_event(
            actor=services.SYSTEM, action="a.b.c", authority_id=authority_b.pk
        )

        seen = set(
            selectors.audit_events(authority_ids=[authority_a.pk]).values_list("id", flat=True)
        )

        assert mine.pk in seen
        assert theirs.pk not in seen

    def test_audit_events_hides_the_other_councils_sign_ins(self, authority_a, authority_b):
        ours = factories.OfficerFactory(authorities=[authority_a])
        theirs = factories.OfficerFactory(authorities=[authority_b])
        our_login = services.record_event(
            actor=services.Actor(officer_id=ours.pk), action="staff.login.succeeded"
        )
        their_login = services.record_event(
            actor=services.Actor(officer_id=theirs.pk), action="staff.login.succeeded"
        )

        seen = set(
            selectors.audit_events(authority_ids=[authority_a.pk]).values_list("id", flat=True)
        )

        assert our_login.pk in seen
        assert their_login.pk not in seen
