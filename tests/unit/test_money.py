from decimal import Decimal

import pytest

from arrears.kernel.money import NotMoney, format_pounds, parse_money, round_to_penny, to_json


class TestRoundToPenny:
    @pytest.mark.parametrize(
        ("amount", "expected"),
        [
            ("0.005", "0.01"),  # half a penny rounds up, not to even (ADR 0002)
            ("0.015", "0.02"),
            ("2.675", "2.68"),
            ("-0.005", "-0.01"),
            ("12", "12.00"),
        ],
    )
    def test_round_to_penny_rounds_half_up(self, amount, expected):
        assert round_to_penny(Decimal(amount)) == Decimal(expected)


class TestParseMoney:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1234.50", "1234.50"),
            ("£1,234.50", "1234.50"),
            (" 12 ", "12.00"),
            ("-3.1", "-3.10"),
        ],
    )
    def test_parse_money_reads_pounds_and_pence(self, text, expected):
        assert parse_money(text) == Decimal(expected)

    @pytest.mark.parametrize("text", ["", "abc", "1.234", "NaN", "Infinity", "1e3.5"])
    def test_parse_money_refuses_what_is_not_money(self, text):
        with pytest.raises(NotMoney):
            parse_money(text)


class TestFormatting:
    def test_format_pounds_writes_pounds_for_people(self):
        assert format_pounds(Decimal("1234.5")) == "£1,234.50"
        assert format_pounds(Decimal("-12")) == "-£12.00"

    def test_to_json_writes_two_decimals(self):
        assert to_json(Decimal("7")) == "7.00"
