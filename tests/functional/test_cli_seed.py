"""`arrears seed` and `arrears demo` through the console script's `main`."""

import json

import pytest

from arrears.interfaces.cli.main import main
from arrears.staff.domain.policy import ROLE_LABELS
from arrears.staff.models import Officer

pytestmark = pytest.mark.django_db


class TestSeedCommand:
    def test_seed_command_writes_the_contract_keys(self, capsys):
        code = main(["seed", "--accounts", "60", "--seed", "7", "--as-of", "2026-01-15"])

        out = json.loads(capsys.readouterr().out)
        assert code == 0
        assert set(out) == {"authorities", "parties", "accounts", "elapsed_s"}
        assert out["accounts"] == 60
        assert out["authorities"] == ["KINGSMEAD", "RIVERSIDE"]
        assert out["parties"] > 0

    def test_seed_command_refuses_no_accounts(self, capsys):
        code = main(["seed", "--accounts", "0"])

        error = json.loads(capsys.readouterr().err)
        assert code == 2
        assert error["error"] == "bad-accounts"


class TestDemoCommand:
    def test_demo_command_loads_once_and_prints_every_role(self, capsys):
        first_code = main(["demo", "--accounts", "80"])
        first = capsys.readouterr()
        second_code = main(["demo", "--accounts", "80"])
        second = capsys.readouterr()

        assert (first_code, second_code) == (0, 0)
        assert json.loads(first.out)["loaded"] is True
        assert json.loads(second.out)["loaded"] is False
        assert "already loaded" in second.err
        for label in ROLE_LABELS.values():
            assert label in first.err
            assert label in second.err
        logins = json.loads(second.out)["logins"]
        assert len(logins) == len(ROLE_LABELS)
        for login in logins:
            officer = Officer.objects.get(username=login["username"])
            assert officer.check_password(login["password"])
