"""Reading single values from import files."""

import datetime as dt
from decimal import Decimal

import pytest

from arrears.accounts.domain.debts import DebtType
from arrears.imports.domain import values


class TestReadDate:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2026-04-01", dt.date(2026, 4, 1)),
            ("01/04/2026", dt.date(2026, 4, 1)),
            ("1/4/2026", dt.date(2026, 4, 1)),
            ("29/02/2024", dt.date(2024, 2, 29)),
        ],
    )
    def test_read_date_reads_iso_and_uk_day_first_dates(self, text, expected):
        assert values.read_date(text) == expected

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("31/02/2026", "not a real date"),
            ("2026-13-01", "not a real date"),
            ("04/01/26", "YYYY-MM-DD or DD/MM/YYYY"),
            ("1 April 2026", "YYYY-MM-DD or DD/MM/YYYY"),
            ("01/01/1899", "before 01/01/1900"),
        ],
    )
    def test_read_date_refuses_other_forms(self, text, message):
        with pytest.raises(values.BadValue, match=message):
            values.read_date(text)


class TestReadAmount:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [("1843.27", "1843.27"), ("£75", "75.00"), ("12,480.00", "12480.00"), ("0.01", "0.01")],
    )
    def test_read_amount_reads_pounds_and_pence(self, text, expected):
        amount = values.read_amount(text)

        assert amount == Decimal(expected)
        assert str(amount) == expected

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("12.345", "more than two decimal places"),
            ("ten pounds", "not an amount of money"),
            ("0.00", "more than 0.00"),
            ("-5.00", "more than 0.00"),
            ("NaN", "not an amount of money"),
            ("10000000000.00", "no more than 9999999999.99"),
        ],
    )
    def test_read_amount_refuses_what_is_not_a_positive_amount(self, text, message):
        with pytest.raises(values.BadValue, match=message):
            values.read_amount(text)


class TestOtherValues:
    def test_read_choice_ignores_case_and_reads_spaces_as_underscores(self):
        assert values.read_choice("business rates", choices=DebtType, what="debt type") == (
            DebtType.BUSINESS_RATES
        )

    def test_read_choice_lists_the_allowed_values(self):
        with pytest.raises(values.BadValue, match="use one of COUNCIL_TAX, BUSINESS_RATES"):
            values.read_choice("poll tax", choices=DebtType, what="debt type")

    def test_read_coordinate_rounds_half_up_to_six_places_within_range(self):
        assert values.read_coordinate("51.4092105", limit=90) == Decimal("51.409211")
        with pytest.raises(values.BadValue, match="between -90 and 90"):
            values.read_coordinate("91", limit=90)

    def test_read_postcode_normalises_a_full_postcode(self):
        assert values.read_postcode("kt11eu") == "KT1 1EU"
        with pytest.raises(values.BadValue, match="not a full UK postcode"):
            values.read_postcode("KT1")

    @pytest.mark.parametrize(
        ("text", "expected"), [("1234567", "01234567"), ("sc123456", "SC123456")]
    )
    def test_read_company_number_pads_and_upper_cases(self, text, expected):
        assert values.read_company_number(text) == expected

    @pytest.mark.parametrize(
        ("text", "is_valid"),
        [
            ("07700 900123", True),
            ("+44 7700 900123", True),
            ("12345", False),
            ("0207-946-0018 ext 4", False),
        ],
    )
    def test_read_phone_checks_the_number_of_digits(self, text, is_valid):
        if is_valid:
            assert values.read_phone(text) == text
        else:
            with pytest.raises(values.BadValue):
                values.read_phone(text)

    def test_read_reference_refuses_spaces_and_overlong_references(self):
        assert values.read_reference("CT-2026/01", max_length=40) == "CT-2026/01"
        with pytest.raises(values.BadValue, match="no spaces"):
            values.read_reference("CT 2026", max_length=40)
        with pytest.raises(values.BadValue, match="at most 5"):
            values.read_reference("ABCDEF", max_length=5)
