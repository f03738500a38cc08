"""Reading whole import files into records, with every row error found."""

import datetime as dt
from decimal import Decimal

import pytest

from arrears.accounts.domain.debts import DebtType, Fund
from arrears.imports.domain.layouts import ImportKind, WrongColumns
from arrears.imports.domain.records import WHOLE_ROW, AccountRecord, PartyRecord, read_file
from arrears.imports.domain.tables import read_table

AS_OF = dt.date(2026, 11, 2)


def _read(kind, text):
    return read_file(kind=kind, table=read_table(text.encode()), as_of=AS_OF)


def _errors(result):
    return [(e.line, e.field, e.message) for e in result.errors]


class TestReadFileHeader:
    def test_read_file_names_missing_and_unknown_columns(self):
        with pytest.raises(WrongColumns) as caught:
            _read(ImportKind.PAYMENTS, "source_ref,account_reference,amount,received_date\n")

        assert caught.value.missing == ["source_reference"]
        assert caught.value.unexpected == ["source_ref"]

    def test_read_file_refuses_a_column_named_twice(self):
        with pytest.raises(WrongColumns, match="named twice amount"):
            _read(
                ImportKind.PAYMENTS,
                "source_reference,account_reference,amount,amount,received_date\n",
            )

    def test_read_file_accepts_columns_in_any_order_and_case(self):
        result = _read(
            ImportKind.PAYMENTS,
            "Received_Date,AMOUNT,account_reference,source_reference\n2026-10-01,10.00,CT1,PAY1\n",
        )

        assert result.errors == ()
        assert result.records[0].amount == Decimal("10.00")


class TestReadFileParties:
    def test_read_file_reads_a_person_with_address_and_contacts(self):
        result = _read(
            ImportKind.PARTIES,
            "party_reference,party_kind,title,forenames,surname,date_of_birth,address_line_1,"
            "town,postcode,latitude,longitude,phone,email\n"
            "P1,person,Mrs,Jane,Okafor,17/05/1980,1 High St,Kingston,kt11eu,51.4,-0.3,"
            "07700 900123,jane@example.org\n",
        )

        (record,) = result.records
        assert isinstance(record, PartyRecord)
        assert record.date_of_birth == dt.date(1980, 5, 17)
        assert record.postcode == "KT1 1EU"
        assert record.latitude == Decimal("51.400000")
        assert record.has_address

    def test_read_file_reports_every_error_on_a_row(self):
        result = _read(
            ImportKind.PARTIES,
            "party_reference,party_kind,surname,organisation_name,date_of_birth,latitude,town\n"
            "P 1,PERSON,,,2027-01-01,51.4,Kingston\n"
            "P2,ORGANISATION,,,1970-01-01,,\n",
        )

        assert result.records == ()
        assert _errors(result) == [
            (
                2,
                "party_reference",
                "'P 1' is not a reference: use letters, digits and / . _ - only, no spaces.",
            ),
            (2, "surname", "A person must have a surname."),
            (2, "date_of_birth", "The date 01/01/2027 is in the future (today is 02/11/2026)."),
            (2, "longitude", "Give both latitude and longitude, or neither."),
            (2, "address_line_1", "An address needs its first line."),
            (3, "organisation_name", "An organisation must have an organisation name."),
            (3, "date_of_birth", "An organisation has no date of birth."),
        ]


class TestReadFileAccounts:
    def test_read_file_splits_joint_party_references_and_defaults_nothing_it_was_not_given(self):
        result = _read(
            ImportKind.ACCOUNTS,
            "account_reference,party_references,debt_type,opened_date,fund\n"
            "CT1, P1 ; P2 ,council tax,2026-03-10,\n"
            "SI1,P3,SUNDRY_INVOICE,2026-03-10,general fund\n",
        )

        joint, sundry = result.records
        assert isinstance(joint, AccountRecord)
        assert isinstance(sundry, AccountRecord)
        assert joint.party_references == ("P1", "P2")
        assert joint.debt_type is DebtType.COUNCIL_TAX
        assert joint.fund is None
        assert sundry.fund is Fund.GENERAL_FUND

    def test_read_file_refuses_a_period_that_ends_before_it_starts(self):
        result = _read(
            ImportKind.ACCOUNTS,
            "account_reference,party_references,debt_type,opened_date,period_start_date,"
            "period_end_date\n"
            "CT1,P1;P1,COUNCIL_TAX,,2026-04-01,2026-03-31\n",
        )

        assert _errors(result) == [
            (2, "party_references", "The same party reference is given twice."),
            (2, "period_end_date", "The period cannot end before it starts."),
            (2, "opened_date", "This column must have a value on every row; it is blank."),
        ]


class TestReadFileDuplicates:
    def test_read_file_reports_repeated_rows_and_repeated_references(self):
        result = _read(
            ImportKind.PAYMENTS,
            "source_reference,account_reference,amount,received_date\n"
            "PAY1,CT1,10.00,2026-10-01\n"
            "PAY1,CT1,10.00,2026-10-01\n"
            "PAY1,CT1,12.00,2026-10-02\n",
        )

        assert _errors(result) == [
            (3, WHOLE_ROW, "This row repeats line 2."),
            (4, "source_reference", "'PAY1' is also used on line 2."),
        ]

    def test_read_file_reports_a_row_with_the_wrong_number_of_values(self):
        result = _read(
            ImportKind.PAYMENTS,
            "source_reference,account_reference,amount,received_date\nPAY1,CT1,10.00\n",
        )

        assert _errors(result) == [
            (2, WHOLE_ROW, "The row has 3 values but the header has 4 columns.")
        ]
        assert result.row_count == 1
