"""The imports API: `/api/v1/imports/` and `/api/v1/imports/<batch_id>/` (issue 2, item 9)."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from arrears.audit.services import Actor
from arrears.imports import services as imports
from arrears.imports.domain.layouts import ImportKind
from arrears.staff.domain.policy import Role
from tests import factories

pytestmark = pytest.mark.django_db

PARTIES_FILE = b"party_reference,party_kind,surname\nP900001,PERSON,Newcombe\n"
CHECKSUM = re.compile(r"^[0-9a-f]{64}$")


def _client(officer):
    client = APIClient()
    client.force_authenticate(officer)
    return client


def _staged(*, authority, officer, file_name):
    return imports.stage_upload(
        authority=authority,
        kind=ImportKind.PARTIES,
        file_name=file_name,
        content=PARTIES_FILE,
        actor=Actor(officer_id=officer.pk, channel="web"),
    )


class TestImportBatchList:
    def test_import_batch_list_shows_the_officers_councils_batches_newest_first(
        self, officer_a, authority_a, authority_b
    ):
        earlier = _staged(authority=authority_a, officer=officer_a, file_name="monday.csv")
        later = _staged(authority=authority_a, officer=officer_a, file_name="tuesday.csv")
        _staged(authority=authority_b, officer=officer_a, file_name="beta.csv")

        response = _client(officer_a).get(reverse("api-import-list"))

        assert response.status_code == 200
        rows = response.json()["results"]
        assert [row["id"] for row in rows] == [later.pk, earlier.pk]
        assert rows[0]["file_name"] == "tuesday.csv"
        assert rows[0]["status"] == "PENDING"
        assert rows[0]["kind"] == "PARTIES"
        assert rows[0]["uploaded_by"] == officer_a.username
        assert rows[0]["imported_at"] is None
        assert CHECKSUM.match(rows[0]["checksum"])
        assert "content" not in rows[0]

    def test_import_batch_list_needs_a_role_that_may_import(self, authority_a):
        auditor = factories.OfficerFactory(role=Role.AUDITOR.value, authorities=[authority_a])

        response = _client(auditor).get(reverse("api-import-list"))

        assert response.status_code == 403


class TestImportBatchDetail:
    def test_import_batch_detail_shows_one_batch(self, officer_a, authority_a):
        batch = _staged(authority=authority_a, officer=officer_a, file_name="monday.csv")

        response = _client(officer_a).get(
            reverse("api-import-detail", kwargs={"batch_id": batch.pk})
        )

        assert response.status_code == 200
        body = response.json()
        assert body["id"] == batch.pk
        assert body["authority"] == "ALPHA"
        assert body["channel"] == "web"
        assert body["uploaded_at"].endswith(("+00:00", "+01:00"))

    def test_import_batch_detail_is_404_for_another_councils_batch(self, officer_a, authority_b):
        batch = _staged(authority=authority_b, officer=officer_a, file_name="beta.csv")

        response = _client(officer_a).get(
            reverse("api-import-detail", kwargs={"batch_id": batch.pk})
        )

        assert response.status_code == 404

    def test_import_batch_detail_is_403_for_a_role_that_may_not_import_its_own_council(
        self, officer_a, authority_a
    ):
        batch = _staged(authority=authority_a, officer=officer_a, file_name="monday.csv")
        agent = factories.OfficerFactory(
            role=Role.ENFORCEMENT_AGENT.value, authorities=[authority_a]
        )

        response = _client(agent).get(reverse("api-import-detail", kwargs={"batch_id": batch.pk}))

        assert response.status_code == 403


def _upload(
    client, *, content, authority="ALPHA", kind="parties", dry_run=False, name="parties.csv"
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("api-import-list"),
        {
            "file": SimpleUploadedFile(name, content, content_type="text/csv"),
            "kind": kind,
            "authority": authority,
            "dry_run": dry_run,
        },
        format="multipart",
    )


class TestImportUpload:
    def test_import_upload_imports_a_good_file_once(self, officer_a, authority_a):
        from arrears.accounts.models import Party

        client = _client(officer_a)

        first = _upload(client, content=PARTIES_FILE)
        second = _upload(client, content=PARTIES_FILE)

        assert first.status_code == 201
        assert first.json()["accepted"] == 1
        assert set(first.json()) == {"kind", "rows", "accepted", "rejected", "errors", "batch_id"}
        assert Party.objects.filter(authority=authority_a, reference="P900001").exists()
        assert second.status_code == 409
        assert second.json()["error"] == "already-imported"
        assert second.json()["batch_id"] == first.json()["batch_id"]

    def test_import_upload_rejects_bad_rows_with_line_and_field_and_writes_nothing(
        self, officer_a, authority_a
    ):
        from arrears.accounts.models import Party

        bad = b"party_reference,party_kind,surname\nP900002,PERSON,Good\nP900003,ROBOT,Bad\n"

        response = _upload(_client(officer_a), content=bad)

        assert response.status_code == 400
        body = response.json()
        assert body["error"] == "invalid-rows"
        assert [(e["line"], e["field"]) for e in body["errors"]] == [(3, "party_kind")]
        assert not Party.objects.filter(reference__in=["P900002", "P900003"]).exists()

    def test_import_upload_dry_run_saves_nothing(self, officer_a, authority_a):
        from arrears.accounts.models import Party

        response = _upload(_client(officer_a), content=PARTIES_FILE, dry_run=True)

        assert response.status_code == 200
        assert response.json()["batch_id"] is None
        assert not Party.objects.filter(reference="P900001").exists()

    def test_import_upload_refuses_another_councils_code(self, officer_a, authority_b):
        from arrears.accounts.models import Party

        response = _upload(_client(officer_a), content=PARTIES_FILE, authority=authority_b.code)

        assert response.status_code == 400
        assert response.json()["error"] == "unknown-authority"
        assert not Party.objects.filter(reference="P900001").exists()

    def test_import_upload_needs_a_role_that_may_import(self, authority_a):
        agent = factories.OfficerFactory(
            role=Role.ENFORCEMENT_AGENT.value, authorities=[authority_a]
        )

        response = _upload(_client(agent), content=PARTIES_FILE)

        assert response.status_code == 403
