"""The OpenAPI 3 document at /api/schema/ builds cleanly and lists every endpoint."""

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

ENDPOINTS = [
    "/api/v1/parties/",
    "/api/v1/parties/{party_id}/",
    "/api/v1/accounts/",
    "/api/v1/accounts/{account_id}/",
    "/api/v1/accounts/{account_id}/entries/",
    "/api/v1/entries/{entry_id}/",
    "/api/v1/imports/",
    "/api/v1/imports/{batch_id}/",
]


class TestApiSchema:
    def test_api_schema_builds_without_warnings(self, tmp_path):
        schema_file = tmp_path / "schema.yaml"

        # --fail-on-warn turns any drf-spectacular warning into an error.
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema_file))

        schema = yaml.safe_load(schema_file.read_text())
        assert schema["openapi"].startswith("3.")
        assert set(ENDPOINTS) <= set(schema["paths"])

    @pytest.mark.django_db
    def test_api_schema_is_served_and_documents_money_as_strings(self):
        response = APIClient().get(reverse("api-schema"), {"format": "json"})

        assert response.status_code == 200
        schema = response.json()
        balance = schema["components"]["schemas"]["Account"]["properties"]["balance"]
        assert balance["type"] == "string"
        assert "tokenAuth" in schema["components"]["securitySchemes"]
        assert set(ENDPOINTS) <= set(schema["paths"])
