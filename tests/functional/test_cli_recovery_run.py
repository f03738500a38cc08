"""`arrears recovery-run` (INTERFACES.md): JSON out, exit codes, dry run, idempotence."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from arrears.audit.services import SYSTEM
from arrears.interfaces.cli.main import main
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from arrears.recovery.models import RecoveryAction
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _cli(capsys, *args: str) -> tuple[int, dict]:
    code = main(["recovery-run", "--quiet", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out if code == 0 else err)


def _debtor(authority) -> None:
    party = factories.PartyFactory(authority=authority)
    factories.AddressFactory(party=party)
    account = factories.DebtAccountFactory(
        authority=authority, opened_date=dt.date(2026, 3, 21), parties=[party]
    )
    ledger.post_charge(
        account=account,
        amount=Decimal("300.00"),
        effective_date=dt.date(2026, 3, 21),
        charge_kind=ChargeKind.LIABILITY,
        rule="test",
        reason="Council tax 2026/27",
        actor=SYSTEM,
    )


def test_recovery_run_reports_in_the_interface_shape(capsys, authority_a, authority_b) -> None:
    _debtor(authority_a)
    _debtor(authority_b)
    code, opened = _cli(capsys, "--date", "2026-03-23")
    assert code == 0
    assert opened["opened"] == 2
    code, preview = _cli(capsys, "--date", "2026-03-30", "--dry-run", "--authority", "ALPHA")
    assert code == 0
    assert preview["actions"] == {"REMINDER": 1}
    assert not RecoveryAction.objects.exists()
    code, real = _cli(capsys, "--date", "2026-03-30", "--authority", "ALPHA")
    assert code == 0
    assert {"date", "evaluated", "actions", "held", "elapsed_s"} <= set(real)
    assert real["date"] == "2026-03-30"
    assert real["actions"] == preview["actions"]
    assert real["evaluated"] == preview["evaluated"] == 1
    code, again = _cli(capsys, "--date", "2026-03-30", "--authority", "ALPHA")
    assert again["actions"] == {}
    assert RecoveryAction.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--date", "30/03/2026"], "bad-arguments"),
        (["--date", "2026-03-30", "--authority", "NOPE"], "unknown-authority"),
        ([], "bad-arguments"),
    ],
)
def test_bad_input_exits_2_with_json(capsys, authority_a, args, error) -> None:
    code, payload = _cli(capsys, *args)
    assert code == 2
    assert payload["error"] == error
    assert payload["message"]
