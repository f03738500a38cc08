"""`arrears import` through the console script's `main`, as councils' scripts call it."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from arrears.accounts.models import DebtAccount, Party
from arrears.imports.models import ImportBatch
from arrears.interfaces.cli.main import main
from arrears.ledger.models import Entry

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"
KEYS = {"kind", "rows", "accepted", "rejected", "errors", "batch_id"}


def _run(capsys, *argv):
    code = main(["import", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _import(capsys, kind, name=None, *extra):
    code, out, err = _run(capsys, str(DATA / (name or f"{kind}.csv")), "--kind", kind, *extra)
    assert (code, err) == (0, ""), err
    return json.loads(out)


class TestCliImport:
    def test_cli_import_imports_each_kind_and_answers_the_contract_keys(self, capsys, authority_a):
        results = [
            _import(capsys, kind, None, "--authority", "ALPHA")
            for kind in ["parties", "accounts", "charges", "payments"]
        ]

        assert [set(result) for result in results] == [KEYS] * 4
        assert [(r["kind"], r["rows"], r["accepted"], r["rejected"]) for r in results] == [
            ("parties", 3, 3, 0),
            ("accounts", 3, 3, 0),
            ("charges", 4, 4, 0),
            ("payments", 4, 4, 0),
        ]
        assert all(r["errors"] == [] for r in results)
        payments_batch = results[3]["batch_id"]
        assert Entry.objects.filter(import_batch_id=payments_batch).count() == 4
        account = DebtAccount.objects.get(authority=authority_a, reference="NNDR2026000001")
        assert account.balance == Decimal("11232.00")

    def test_cli_import_uses_the_only_authority_without_authority_option(self, capsys, authority_a):
        result = _import(capsys, "parties")

        assert Party.objects.filter(authority=authority_a).count() == result["rows"] == 3

    def test_cli_import_refuses_the_same_file_twice(self, capsys, authority_a):
        first = _import(capsys, "parties")

        code, out, err = _run(capsys, str(DATA / "parties.csv"), "--kind", "parties")

        assert (code, out) == (2, "")
        payload = json.loads(err)
        assert payload["error"] == "already-imported"
        assert payload["batch_id"] == first["batch_id"]
        assert Party.objects.filter(authority=authority_a).count() == 3

    def test_cli_import_rejects_a_bad_file_with_line_and_field_errors(self, capsys, authority_a):
        _import(capsys, "parties")
        _import(capsys, "accounts")

        code, out, err = _run(capsys, str(DATA / "bad_charges.csv"), "--kind", "charges")

        assert (code, out) == (2, "")
        payload = json.loads(err)
        assert payload["error"] == "invalid-rows"
        assert (payload["rows"], payload["accepted"], payload["rejected"]) == (6, 1, 5)
        assert payload["batch_id"] is None
        assert {
            "line": 3,
            "field": "account_reference",
            "message": (
                "No account with reference 'NO-SUCH-ACCOUNT' at ALPHA; "
                "import it in an accounts file first."
            ),
        } in payload["errors"]
        assert {(e["line"], e["field"]) for e in payload["errors"]} >= {
            (2, "amount"),
            (6, "(row)"),
        }
        refs = [f"CHG-900000{n}" for n in range(1, 6)]
        assert not Entry.objects.filter(source_reference__in=refs).exists()
        assert not ImportBatch.objects.filter(kind="CHARGES").exists()

    def test_cli_import_dry_run_writes_nothing(self, capsys, authority_a):
        result = _import(capsys, "parties", None, "--dry-run")

        assert (result["accepted"], result["batch_id"]) == (3, None)
        assert not Party.objects.filter(authority=authority_a).exists()
        assert not ImportBatch.objects.exists()

    def test_cli_import_dry_run_reports_errors_with_exit_2(self, capsys, authority_a):
        code, _out, err = _run(
            capsys, str(DATA / "bad_charges.csv"), "--kind", "charges", "--dry-run"
        )

        assert code == 2
        assert json.loads(err)["error"] == "invalid-rows"

    @pytest.mark.parametrize(
        ("argv", "code"),
        [
            (["parties.csv", "--kind", "debtors"], "unknown-kind"),
            (["parties.csv", "--kind", "parties", "--authority", "NOPE"], "unknown-authority"),
            (["missing.csv", "--kind", "parties"], "unreadable-file"),
            (["wrong_columns_payments.csv", "--kind", "payments"], "wrong-columns"),
            (["parties.csv", "--kind", "accounts"], "wrong-columns"),
        ],
    )
    def test_cli_import_answers_bad_input_with_a_code_and_exit_2(
        self, capsys, authority_a, argv, code
    ):
        exit_code, out, err = _run(capsys, str(DATA / argv[0]), *argv[1:])

        assert (exit_code, out) == (2, "")
        payload = json.loads(err)
        assert payload["error"] == code
        assert payload["message"]

    def test_cli_import_needs_an_authority_when_there_are_several(
        self, capsys, authority_a, authority_b
    ):
        exit_code, _out, err = _run(capsys, str(DATA / "parties.csv"), "--kind", "parties")

        assert exit_code == 2
        assert json.loads(err)["error"] == "authority-required"
        assert json.loads(err)["authorities"] == ["ALPHA", "BETA"]

    def test_cli_import_help_lists_the_kinds(self, capsys):
        with pytest.raises(SystemExit) as exited:
            main(["import", "--help"])

        help_text = capsys.readouterr().out
        assert exited.value.code == 0
        assert all(kind in help_text for kind in ["parties", "accounts", "charges", "payments"])
