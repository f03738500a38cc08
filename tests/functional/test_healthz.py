"""`GET /healthz` (shared/INTERFACES.md, "HTTP")."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


class _BrokenCursor:
    def __enter__(self):
        raise OperationalError("connection refused")

    def __exit__(self, *exc_info):
        return False


class TestHealthz:
    def test_healthz_answers_ok_without_signing_in(self):
        response = Client().get("/healthz")

        assert response.status_code == 200
        assert response.json()["status"] == "ok"
        assert response.json()["database"] == "ok"

    def test_healthz_is_not_cached(self):
        response = Client().get("/healthz")

        assert "no-cache" in response["Cache-Control"]

    def test_healthz_answers_503_when_the_database_does_not_answer(self, monkeypatch, caplog):
        monkeypatch.setattr(connection, "cursor", lambda: _BrokenCursor())

        response = Client().get("/healthz")

        assert response.status_code == 503
        assert response.json()["status"] == "error"
        assert "connection refused" not in response.content.decode()
        assert "database did not answer" in caplog.text

    def test_healthz_refuses_writes(self):
        response = Client().post("/healthz")

        assert response.status_code == 405
