"""Importing a file through the officer UI: upload, preview, confirm."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arrears.accounts.models import Party
from arrears.audit.models import AuditEvent
from arrears.imports.models import BatchStatus, ImportBatch
from arrears.staff.domain.policy import Role
from tests import factories

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"


def _officer(authorities, role=Role.DEBT_MANAGEMENT_OFFICER):
    return factories.OfficerFactory(authorities=authorities, role=role.value)


def _upload(client, authority, name, kind="PARTIES", content=None):
    data = content if content is not None else (DATA / name).read_bytes()
    return client.post(
        reverse("web:import-upload"),
        {
            "kind": kind,
            "authority": authority.pk,
            "file": SimpleUploadedFile(name, data, content_type="text/csv"),
        },
    )


def _batch_url(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


class TestImportAccess:
    @pytest.mark.parametrize(
        "role",
        [Role.ENFORCEMENT_AGENT, Role.AUDITOR, Role.MANAGER, Role.ENFORCEMENT_SUPPORT_OFFICER],
    )
    def test_import_pages_are_forbidden_to_roles_without_import_data(
        self, client, authority_a, role
    ):
        client.force_login(_officer([authority_a], role))

        response = client.get(reverse("web:import-upload"))

        assert response.status_code == 403

    def test_import_upload_sends_a_visitor_to_sign_in(self, client):
        response = client.get(reverse("web:import-upload"))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))

    def test_import_batch_of_another_council_is_not_found(self, client, authority_a, authority_b):
        client.force_login(_officer([authority_b]))
        url = _batch_url(_upload(client, authority_b, "parties.csv"))
        batch_id = ImportBatch.objects.get(authority=authority_b).pk
        client.force_login(_officer([authority_a]))

        answers = [
            client.get(url).status_code,
            client.post(reverse("web:import-confirm", args=[batch_id])).status_code,
            client.post(reverse("web:import-discard", args=[batch_id])).status_code,
        ]

        assert answers == [404, 404, 404]
        assert not Party.objects.filter(authority=authority_b).exists()

    def test_import_upload_offers_only_the_officers_councils(
        self, client, authority_a, authority_b
    ):
        client.force_login(_officer([authority_a]))

        page = client.get(reverse("web:import-upload")).content.decode()
        refused = _upload(client, authority_b, "parties.csv")

        assert authority_a.name in page
        assert authority_b.name not in page
        assert refused.status_code == 400
        assert not ImportBatch.objects.filter(authority=authority_b).exists()


class TestImportFlow:
    def test_import_upload_previews_and_confirm_imports(self, client, authority_a):
        officer = _officer([authority_a])
        client.force_login(officer)

        url = _batch_url(_upload(client, authority_a, "parties.csv"))
        preview = client.get(url).content.decode()

        assert "Check parties.csv" in preview
        assert "P1000001" in preview
        assert "Import 3 rows" in preview
        assert not Party.objects.filter(authority=authority_a).exists()

        batch = ImportBatch.objects.get(authority=authority_a)
        confirmed = client.post(reverse("web:import-confirm", args=[batch.pk]))

        assert confirmed.status_code == 302
        batch.refresh_from_db()
        assert (batch.status, batch.imported_by_id, batch.channel) == (
            BatchStatus.IMPORTED,
            officer.pk,
            "web",
        )
        assert Party.objects.filter(authority=authority_a).count() == 3
        assert AuditEvent.objects.filter(
            action="imports.batch.imported", officer=officer, object_id=str(batch.pk)
        ).exists()
        assert "Import complete" in client.get(url).content.decode()

    def test_import_preview_lists_row_errors_and_offers_no_import(self, client, authority_a):
        client.force_login(_officer([authority_a]))
        content = (DATA / "parties.csv").read_bytes().replace(b"17/05/1980", b"31/02/1980")

        url = _batch_url(_upload(client, authority_a, "parties.csv", content=content))
        html = client.get(url).content.decode()

        assert "There is a problem with the file" in html
        assert "date_of_birth" in html
        assert "&#x27;31/02/1980&#x27; is not a real date." in html
        assert "Import 3 rows" not in html

    def test_import_confirm_checks_again_and_writes_nothing_on_error(self, client, authority_a):
        client.force_login(_officer([authority_a]))
        _batch_url(_upload(client, authority_a, "parties.csv"))
        batch = ImportBatch.objects.get(authority=authority_a)
        factories.PartyFactory(authority=authority_a, reference="P1000003")

        response = client.post(reverse("web:import-confirm", args=[batch.pk]))

        assert response.status_code == 400
        assert "A party with reference &#x27;P1000003&#x27; already exists" in (
            response.content.decode()
        )
        assert not Party.objects.filter(
            authority=authority_a, reference__in=["P1000001", "P1000002"]
        ).exists()
        batch.refresh_from_db()
        assert batch.status == BatchStatus.PENDING

    def test_import_preview_says_when_the_file_was_imported_before(self, client, authority_a):
        client.force_login(_officer([authority_a]))
        first = ImportBatch.objects.get(
            pk=int(
                _batch_url(_upload(client, authority_a, "parties.csv")).rstrip("/").split("/")[-1]
            )
        )
        client.post(reverse("web:import-confirm", args=[first.pk]))

        url = _batch_url(_upload(client, authority_a, "parties.csv"))
        html = client.get(url).content.decode()
        second = ImportBatch.objects.filter(authority=authority_a).latest("id")
        refused = client.post(reverse("web:import-confirm", args=[second.pk]))

        assert "already been imported" in html
        assert f"See batch {first.pk}" in html
        assert refused.status_code == 400
        assert Party.objects.filter(authority=authority_a).count() == 3

    def test_import_preview_explains_wrong_columns(self, client, authority_a):
        client.force_login(_officer([authority_a]))

        url = _batch_url(
            _upload(client, authority_a, "wrong_columns_payments.csv", kind="PAYMENTS")
        )
        html = client.get(url).content.decode()

        assert "missing required column(s) source_reference, received_date" in html

    def test_import_discard_drops_a_pending_file(self, client, authority_a):
        client.force_login(_officer([authority_a]))
        _batch_url(_upload(client, authority_a, "parties.csv"))
        batch = ImportBatch.objects.get(authority=authority_a)

        response = client.post(reverse("web:import-discard", args=[batch.pk]))

        assert response.status_code == 302
        batch.refresh_from_db()
        assert batch.status == BatchStatus.DISCARDED
        assert not Party.objects.filter(authority=authority_a).exists()

    def test_import_upload_requires_a_file(self, client, authority_a):
        client.force_login(_officer([authority_a]))

        response = client.post(
            reverse("web:import-upload"), {"kind": "PARTIES", "authority": authority_a.pk}
        )

        assert response.status_code == 400
        assert "Select a CSV file to upload" in response.content.decode()


class TestUploadErrors:
    def test_upload_error_summary_links_a_radio_question_to_its_first_radio(
        self, client, authority_a
    ):
        officer = factories.OfficerFactory(
            authorities=[authority_a], role="DEBTORS_COLLECTION_OFFICER"
        )
        client.force_login(officer)

        page = client.post(reverse("web:import-upload"), {}).content.decode()

        assert 'href="#id_kind"' in page
        assert 'id="id_kind"' in page
        assert 'href="#"' not in page
