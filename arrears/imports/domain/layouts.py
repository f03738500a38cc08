"""
The four kinds of import file and the columns each must or may have (docs/imports.md).

Columns may come in any order. A required column must be in the header and filled on every
row; an optional column may be left out of the header altogether. A column that is not listed
here makes the whole file wrong, because a misspelt optional column would otherwise be ignored
without anyone noticing.
"""

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum


class ImportKind(StrEnum):
    PARTIES = "PARTIES"
    ACCOUNTS = "ACCOUNTS"
    CHARGES = "CHARGES"
    PAYMENTS = "PAYMENTS"


IMPORT_KIND_LABELS = {
    ImportKind.PARTIES: "Parties (people and organisations)",
    ImportKind.ACCOUNTS: "Debt accounts",
    ImportKind.CHARGES: "Charges",
    ImportKind.PAYMENTS: "Payments",
}


@dataclass(frozen=True)
class Column:
    name: str
    is_required: bool = False


_PARTY_COLUMNS = (
    Column("party_reference", is_required=True),
    Column("party_kind", is_required=True),
    Column("title"),
    Column("forenames"),
    Column("surname"),
    Column("organisation_name"),
    Column("company_number"),
    Column("date_of_birth"),
    Column("address_line_1"),
    Column("address_line_2"),
    Column("address_line_3"),
    Column("town"),
    Column("postcode"),
    Column("uprn"),
    Column("latitude"),
    Column("longitude"),
    Column("phone"),
    Column("email"),
)

_ACCOUNT_COLUMNS = (
    Column("account_reference", is_required=True),
    Column("party_references", is_required=True),
    Column("debt_type", is_required=True),
    Column("fund"),
    Column("period_start_date"),
    Column("period_end_date"),
    Column("opened_date", is_required=True),
    Column("description"),
    Column("recovery_stage"),
)

_CHARGE_COLUMNS = (
    Column("source_reference", is_required=True),
    Column("account_reference", is_required=True),
    Column("charge_kind", is_required=True),
    Column("amount", is_required=True),
    Column("effective_date", is_required=True),
    Column("rule"),
    Column("reason"),
)

_PAYMENT_COLUMNS = (
    Column("source_reference", is_required=True),
    Column("account_reference", is_required=True),
    Column("amount", is_required=True),
    Column("received_date", is_required=True),
    Column("method"),
)

LAYOUTS: dict[ImportKind, tuple[Column, ...]] = {
    ImportKind.PARTIES: _PARTY_COLUMNS,
    ImportKind.ACCOUNTS: _ACCOUNT_COLUMNS,
    ImportKind.CHARGES: _CHARGE_COLUMNS,
    ImportKind.PAYMENTS: _PAYMENT_COLUMNS,
}


class WrongColumns(ValueError):
    """The header row does not have the columns this kind of file needs."""

    def __init__(self, message: str, *, missing: list[str], unexpected: list[str]) -> None:
        super().__init__(message)
        self.missing = missing
        self.unexpected = unexpected


def check_header(*, kind: ImportKind, header: tuple[str, ...]) -> None:
    """
    Check that `header` names every required column of `kind`, no unknown one, and none twice.

    Column names are compared ignoring case.

    :raises WrongColumns: naming the missing, unexpected or repeated columns.
    """
    names = [name.lower() for name in header]
    known = {column.name for column in LAYOUTS[kind]}
    missing = [c.name for c in LAYOUTS[kind] if c.is_required and c.name not in names]
    unexpected = [name for name in names if name not in known]
    repeated = sorted(name for name, count in Counter(names).items() if count > 1)
    if not (missing or unexpected or repeated):
        return
    parts = []
    if missing:
        parts.append(f"missing required column(s) {', '.join(missing)}")
    if unexpected:
        parts.append(f"unknown column(s) {', '.join(unexpected)}")
    if repeated:
        parts.append(f"column(s) named twice {', '.join(repeated)}")
    label = IMPORT_KIND_LABELS[kind].split(" (")[0].lower()
    raise WrongColumns(
        f"The header row is wrong for a {label} file: {'; '.join(parts)}.",
        missing=missing,
        unexpected=unexpected + repeated,
    )
