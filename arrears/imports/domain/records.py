"""
Turning the rows of an import file into records, with every problem found on the way.

Reading never stops at the first problem: each row is read in full and every bad value is
reported as a `RowError` (physical line, column, plain-English message), so an officer can fix
the whole file in one pass. Checks that need the database (does this party exist?) are made by
`imports.services` on the records returned here.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from arrears.accounts.domain.debts import DebtType, Fund
from arrears.imports.domain import values
from arrears.imports.domain.layouts import ImportKind, check_header
from arrears.imports.domain.tables import Table
from arrears.ledger.domain.entries import ChargeKind

# The column named in an error about the whole row rather than one of its values.
WHOLE_ROW = "(row)"

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


class PartyKind(StrEnum):
    PERSON = "PERSON"
    ORGANISATION = "ORGANISATION"


class PaymentMethod(StrEnum):
    DIRECT_DEBIT = "DIRECT_DEBIT"
    CARD = "CARD"
    BANK_TRANSFER = "BANK_TRANSFER"
    STANDING_ORDER = "STANDING_ORDER"
    CHEQUE = "CHEQUE"
    CASH = "CASH"
    PAYPOINT = "PAYPOINT"
    POST_OFFICE = "POST_OFFICE"
    ATTACHMENT_OF_EARNINGS = "ATTACHMENT_OF_EARNINGS"
    DEDUCTION_FROM_BENEFIT = "DEDUCTION_FROM_BENEFIT"
    ENFORCEMENT_AGENT = "ENFORCEMENT_AGENT"
    OTHER = "OTHER"


@dataclass(frozen=True)
class RowError:
    """One problem: the physical line (header is line 1), the column, and what is wrong."""

    line: int
    field: str
    message: str


@dataclass(frozen=True)
class PartyRecord:
    line: int
    party_reference: str
    party_kind: PartyKind
    title: str
    forenames: str
    surname: str
    organisation_name: str
    company_number: str
    date_of_birth: dt.date | None
    address_lines: tuple[str, str, str]
    town: str
    postcode: str
    uprn: str
    latitude: Decimal | None
    longitude: Decimal | None
    phone: str
    email: str

    @property
    def has_address(self) -> bool:
        return bool(self.address_lines[0])


@dataclass(frozen=True)
class AccountRecord:
    line: int
    account_reference: str
    party_references: tuple[str, ...]
    debt_type: DebtType
    fund: Fund | None
    period_start_date: dt.date | None
    period_end_date: dt.date | None
    opened_date: dt.date
    description: str
    recovery_stage: str


@dataclass(frozen=True)
class ChargeRecord:
    line: int
    source_reference: str
    account_reference: str
    charge_kind: ChargeKind
    amount: Decimal
    effective_date: dt.date
    rule: str
    reason: str


@dataclass(frozen=True)
class PaymentRecord:
    line: int
    source_reference: str
    account_reference: str
    amount: Decimal
    received_date: dt.date
    method: str


Record = PartyRecord | AccountRecord | ChargeRecord | PaymentRecord


@dataclass(frozen=True)
class ReadFile:
    """What reading a file found: the good records and every row error, in line order."""

    kind: ImportKind
    columns: tuple[str, ...]
    row_count: int
    records: tuple[Record, ...]
    errors: tuple[RowError, ...]
    samples: tuple[dict[str, str], ...]


class _Cells:
    """One row's cells by column name, collecting a `RowError` for each bad value."""

    def __init__(self, *, line: int, cells: dict[str, str]) -> None:
        self.line = line
        self.cells = cells
        self.errors: list[RowError] = []

    def fail(self, field: str, message: str) -> None:
        self.errors.append(RowError(line=self.line, field=field, message=message))

    def text(self, name: str, *, max_length: int, is_required: bool = False) -> str:
        # Line breaks and runs of spaces inside a quoted value become one space: every text
        # column is a single line where it is shown or printed.
        value = " ".join(self.cells.get(name, "").split())
        if not value and is_required:
            self.fail(name, "This column must have a value on every row; it is blank.")
        elif len(value) > max_length:
            self.fail(name, f"Too long: at most {max_length} characters (this has {len(value)}).")
            return ""
        return value

    def read(self, name: str, reader: Callable[[str], T], *, is_required: bool = False) -> T | None:
        value = self.text(name, max_length=10_000, is_required=is_required)
        if not value:
            return None
        try:
            return reader(value)
        except values.BadValue as error:
            self.fail(name, str(error))
            return None

    def reference(self, name: str, *, max_length: int) -> str:
        value = self.read(
            name,
            lambda text: values.read_reference(text, max_length=max_length),
            is_required=True,
        )
        return value or ""

    def choice(self, name: str, choices: type[E], what: str, *, is_required: bool) -> E | None:
        return self.read(
            name,
            lambda text: values.read_choice(text, choices=choices, what=what),
            is_required=is_required,
        )


def _not_after(cells: _Cells, name: str, value: dt.date | None, as_of: dt.date) -> None:
    if value is not None and value > as_of:
        cells.fail(name, f"The date {value:%d/%m/%Y} is in the future (today is {as_of:%d/%m/%Y}).")


def _read_names(cells: _Cells, kind: PartyKind | None) -> tuple[str, str, str, str, str]:
    title = cells.text("title", max_length=20)
    forenames = cells.text("forenames", max_length=100)
    surname = cells.text("surname", max_length=100)
    organisation_name = cells.text("organisation_name", max_length=200)
    company_number = cells.read("company_number", values.read_company_number) or ""
    if kind is PartyKind.PERSON and not surname:
        cells.fail("surname", "A person must have a surname.")
    if kind is PartyKind.ORGANISATION and not organisation_name:
        cells.fail("organisation_name", "An organisation must have an organisation name.")
    return title, forenames, surname, organisation_name, company_number


def _read_coordinates(cells: _Cells) -> tuple[Decimal | None, Decimal | None]:
    latitude = cells.read("latitude", lambda text: values.read_coordinate(text, limit=90))
    longitude = cells.read("longitude", lambda text: values.read_coordinate(text, limit=180))
    has_latitude = bool(cells.cells.get("latitude", "").strip())
    has_longitude = bool(cells.cells.get("longitude", "").strip())
    if has_latitude != has_longitude:
        missing = "longitude" if has_latitude else "latitude"
        cells.fail(missing, "Give both latitude and longitude, or neither.")
    return latitude, longitude


def _read_party(cells: _Cells, as_of: dt.date) -> PartyRecord:
    reference = cells.reference("party_reference", max_length=40)
    kind = cells.choice("party_kind", PartyKind, "party kind", is_required=True)
    title, forenames, surname, organisation_name, company_number = _read_names(cells, kind)
    date_of_birth = cells.read("date_of_birth", values.read_date)
    _not_after(cells, "date_of_birth", date_of_birth, as_of)
    if date_of_birth and kind is PartyKind.ORGANISATION:
        cells.fail("date_of_birth", "An organisation has no date of birth.")
    lines = (
        cells.text("address_line_1", max_length=100),
        cells.text("address_line_2", max_length=100),
        cells.text("address_line_3", max_length=100),
    )
    town = cells.text("town", max_length=60)
    postcode = cells.read("postcode", values.read_postcode) or ""
    uprn = cells.read("uprn", values.read_uprn) or ""
    latitude, longitude = _read_coordinates(cells)
    if not lines[0] and any([lines[1], lines[2], town, postcode, uprn, latitude]):
        cells.fail("address_line_1", "An address needs its first line.")
    return PartyRecord(
        line=cells.line,
        party_reference=reference,
        party_kind=kind or PartyKind.PERSON,
        title=title,
        forenames=forenames,
        surname=surname,
        organisation_name=organisation_name,
        company_number=company_number,
        date_of_birth=date_of_birth,
        address_lines=lines,
        town=town,
        postcode=postcode,
        uprn=uprn,
        latitude=latitude,
        longitude=longitude,
        phone=cells.read("phone", values.read_phone) or "",
        email=cells.read("email", values.read_email) or "",
    )


def _read_party_references(cells: _Cells) -> tuple[str, ...]:
    text = cells.text("party_references", max_length=1000, is_required=True)
    references = [part.strip() for part in text.split(";") if part.strip()]
    for reference in references:
        try:
            values.read_reference(reference, max_length=40)
        except values.BadValue as error:
            cells.fail("party_references", str(error))
    if len(set(references)) != len(references):
        cells.fail("party_references", "The same party reference is given twice.")
    return tuple(references)


def _read_account(cells: _Cells, as_of: dt.date) -> AccountRecord:
    reference = cells.reference("account_reference", max_length=40)
    party_references = _read_party_references(cells)
    debt_type = cells.choice("debt_type", DebtType, "debt type", is_required=True)
    fund = cells.choice("fund", Fund, "fund", is_required=False)
    start = cells.read("period_start_date", values.read_date)
    end = cells.read("period_end_date", values.read_date)
    if start and end and end < start:
        cells.fail("period_end_date", "The period cannot end before it starts.")
    opened = cells.read("opened_date", values.read_date, is_required=True)
    _not_after(cells, "opened_date", opened, as_of)
    return AccountRecord(
        line=cells.line,
        account_reference=reference,
        party_references=party_references,
        debt_type=debt_type or DebtType.SUNDRY_INVOICE,
        fund=fund,
        period_start_date=start,
        period_end_date=end,
        opened_date=opened or as_of,
        description=cells.text("description", max_length=200),
        recovery_stage=cells.text("recovery_stage", max_length=40),
    )


def _read_charge(cells: _Cells, as_of: dt.date) -> ChargeRecord:
    return ChargeRecord(
        line=cells.line,
        source_reference=cells.reference("source_reference", max_length=60),
        account_reference=cells.reference("account_reference", max_length=40),
        charge_kind=cells.choice("charge_kind", ChargeKind, "charge kind", is_required=True)
        or ChargeKind.LIABILITY,
        amount=cells.read("amount", values.read_amount, is_required=True) or Decimal("0.00"),
        effective_date=cells.read("effective_date", values.read_date, is_required=True) or as_of,
        rule=cells.text("rule", max_length=100) or "imports.charge",
        reason=cells.text("reason", max_length=300) or "Charge imported from the revenues system",
    )


def _read_payment(cells: _Cells, as_of: dt.date) -> PaymentRecord:
    received = cells.read("received_date", values.read_date, is_required=True)
    _not_after(cells, "received_date", received, as_of)
    method = cells.choice("method", PaymentMethod, "payment method", is_required=False)
    return PaymentRecord(
        line=cells.line,
        source_reference=cells.reference("source_reference", max_length=60),
        account_reference=cells.reference("account_reference", max_length=40),
        amount=cells.read("amount", values.read_amount, is_required=True) or Decimal("0.00"),
        received_date=received or as_of,
        method=method.value if method else "",
    )


_READERS: dict[ImportKind, Callable[[_Cells, dt.date], Record]] = {
    ImportKind.PARTIES: _read_party,
    ImportKind.ACCOUNTS: _read_account,
    ImportKind.CHARGES: _read_charge,
    ImportKind.PAYMENTS: _read_payment,
}

# The column whose value must be unique within a file, for each kind.
KEY_COLUMN = {
    ImportKind.PARTIES: "party_reference",
    ImportKind.ACCOUNTS: "account_reference",
    ImportKind.CHARGES: "source_reference",
    ImportKind.PAYMENTS: "source_reference",
}


def _duplicate_errors(
    kind: ImportKind, rows: Iterable[tuple[int, dict[str, str]]]
) -> list[RowError]:
    """Return an error for each row that repeats an earlier row, or its key, in the file."""
    key_column = KEY_COLUMN[kind]
    first_line_of_row: dict[tuple[tuple[str, str], ...], int] = {}
    first_line_of_key: dict[str, int] = {}
    errors = []
    for line, cells in rows:
        whole = tuple(sorted((name, value.strip()) for name, value in cells.items()))
        key = cells.get(key_column, "").strip()
        if whole in first_line_of_row:
            errors.append(
                RowError(line, WHOLE_ROW, f"This row repeats line {first_line_of_row[whole]}.")
            )
        elif key and key in first_line_of_key:
            errors.append(
                RowError(
                    line, key_column, f"'{key}' is also used on line {first_line_of_key[key]}."
                )
            )
        first_line_of_row.setdefault(whole, line)
        if key:
            first_line_of_key.setdefault(key, line)
    return errors


def read_file(*, kind: ImportKind, table: Table, as_of: dt.date, sample_size: int = 10) -> ReadFile:
    """
    Read every row of `table` as a `kind` record; dates after `as_of` are errors where a date
    cannot be in the future (date of birth, opened, received).

    :raises WrongColumns: if the header is wrong for `kind` (no row is read).
    """
    check_header(kind=kind, header=table.header)
    columns = tuple(name.lower() for name in table.header)
    errors: list[RowError] = []
    records: list[Record] = []
    cell_rows: list[tuple[int, dict[str, str]]] = []
    for row in table.rows:
        if len(row.values) != len(columns):
            errors.append(
                RowError(
                    row.line,
                    WHOLE_ROW,
                    f"The row has {len(row.values)} values but the header has "
                    f"{len(columns)} columns.",
                )
            )
            continue
        cells = _Cells(line=row.line, cells=dict(zip(columns, row.values, strict=True)))
        record = _READERS[kind](cells, as_of)
        cell_rows.append((row.line, cells.cells))
        if cells.errors:
            errors.extend(cells.errors)
        else:
            records.append(record)
    errors.extend(_duplicate_errors(kind, cell_rows))
    return ReadFile(
        kind=kind,
        columns=columns,
        row_count=len(table.rows),
        records=tuple(records),
        errors=tuple(sorted(errors, key=lambda e: e.line)),
        samples=tuple(
            dict(zip(columns, row.values, strict=False)) for row in table.rows[:sample_size]
        ),
    )
